package resnetlab.app.view;

import javafx.scene.Node;
import javafx.scene.shape.SVGPath;

/**
 * Small vector icons for the buttons (drawn, not font glyphs: symbol glyphs such as ⏸ or ↺ are missing from
 * many fonts). Filled with the button's text colour through the {@code icon} style class.
 */
public final class Icons {
    private Icons() {}

    public static Node play() { return icon("M2 1 L13 7.5 L2 14 Z"); }
    public static Node pause() { return icon("M2 1 H6 V14 H2 Z M9 1 H13 V14 H9 Z"); }
    public static Node step() { return icon("M1 1 L9 7.5 L1 14 Z M10 1 H13.5 V14 H10 Z"); }
    public static Node reset() {
        return icon("M7.5 1.5 A6 6 0 1 0 13.5 7.5 H11.5 A4 4 0 1 1 7.5 3.5 V6 L11.5 2.5 L7.5 -1 Z");
    }
    public static Node moon() { return icon("M9 1 A6.5 6.5 0 1 0 14 10 A5 5 0 1 1 9 1 Z"); }
    public static Node sun() {
        return icon("M7.5 4 A3.5 3.5 0 1 0 7.51 4 Z M7 0 H8 V2.5 H7 Z M7 12.5 H8 V15 H7 Z M0 7 H2.5 V8 H0 Z M12.5 7 H15 V8 H12.5 Z");
    }
    public static Node screen() { return icon("M1 2 H14 V11 H1 Z M2.5 3.5 V9.5 H12.5 V3.5 Z M5 12.5 H10 V14 H5 Z"); }
    public static Node download() { return icon("M6.5 1 H8.5 V7 H11 L7.5 11 L4 7 H6.5 Z M2 12.5 H13 V14 H2 Z"); }

    private static Node icon(String path) {
        SVGPath p = new SVGPath();
        p.setContent(path);
        p.getStyleClass().add("icon");
        return p;
    }
}
