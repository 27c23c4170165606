package resnetlab.app.view;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Labeled;
import javafx.scene.image.ImageView;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import resnetlab.charts.Tex;

/**
 * Text with TeX between $…$ on screen: the words as text runs and each formula typeset by {@link Tex} into an image,
 * in a {@link TextFlow} that wraps like the label it replaces. The label keeps the raw text (tests, accessibility) and
 * shows only the flow. Formulas take the theme's text colour and the label's font size (large in presentation mode),
 * drawn at the screen's output scale so they stay sharp. A formula that does not typeset (lessons are checked when
 * loaded, so only a caption could have one) is shown as its source.
 */
final class Formulas {
    private Formulas() {}

    /** A width for {@link #show} that lets a short line be as wide as its words and formulas. */
    static final javafx.beans.value.ObservableDoubleValue FIT =
            new javafx.beans.property.ReadOnlyDoubleWrapper(javafx.scene.layout.Region.USE_COMPUTED_SIZE).getReadOnlyProperty();

    /** Shows {@code s} on {@code label}: plain text as it is, text with formulas as a flow {@code width} wide. */
    static void show(Labeled label, String s, UiContext ui, javafx.beans.value.ObservableDoubleValue width) {
        show(label, s, ui.state().chartTheme().text(), width);
    }

    /** As above, the formulas in {@code colour}. The words always take the label's text fill. */
    private static void show(Labeled label, String s, java.awt.Color colour, javafx.beans.value.ObservableDoubleValue width) {
        label.setText(s);
        if (!Tex.hasFormula(s)) {
            label.setGraphic(null);
            label.setContentDisplay(ContentDisplay.LEFT);
            return;
        }
        TextFlow flow = flow(s, colour, label.getFont().getSize(), label.getScene() == null || label.getScene().getWindow() == null ? 1
                : label.getScene().getWindow().getOutputScaleX());
        for (javafx.scene.Node n : flow.getChildren()) if (n instanceof Text t) t.fillProperty().bind(label.textFillProperty());
        flow.getStyleClass().add("formula-flow");
        flow.prefWidthProperty().bind(width);
        flow.maxWidthProperty().bind(width);
        label.setGraphic(flow);
        label.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    /** A tooltip showing {@code s}, its formulas typeset ({@link #typeset(javafx.scene.control.Tooltip, UiContext)}). */
    static javafx.scene.control.Tooltip tooltip(String s, UiContext ui) {
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip(s);
        tip.setWrapText(true);
        tip.setMaxWidth(440);
        typeset(tip, ui);
        return tip;
    }

    /**
     * Makes {@code tip} show its text with the formulas typeset, now and whenever its text or the presentation mode
     * changes; in the tooltip's light-on-dark colours of both themes (app.css, .tooltip). Its text stays the raw TeX.
     */
    static void typeset(javafx.scene.control.Tooltip tip, UiContext ui) {
        javafx.beans.InvalidationListener update = o -> {
            String s = tip.getText();
            if (s == null || !Tex.hasFormula(s)) {
                tip.setGraphic(null);
                tip.setContentDisplay(ContentDisplay.LEFT);
                return;
            }
            javafx.scene.paint.Color ink = javafx.scene.paint.Color.web("#f2f2f2");
            double size = ui.state().presentation.get() ? 18 : javafx.scene.text.Font.getDefault().getSize(); // as app.css
            TextFlow flow = flow(s, java.awt.Color.decode("#f2f2f2"), size, 2);
            for (javafx.scene.Node n : flow.getChildren()) if (n instanceof Text t) { t.setFill(ink); t.setFont(javafx.scene.text.Font.font(size)); }
            double wide = Math.max(120, tip.getMaxWidth() > 0 ? tip.getMaxWidth() - 20 : 420);
            flow.setPrefWidth(Math.min(wide, flow.prefWidth(-1))); // one line if it fits, else wrapped
            tip.setGraphic(flow);
            tip.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        };
        tip.textProperty().addListener(update);
        tip.getProperties().put(Formulas.class, update); // held by the tooltip: the app-wide property only weakly
        ui.state().presentation.addListener(new javafx.beans.WeakInvalidationListener(update));
        update.invalidated(null);
    }

    /**
     * Keeps {@code label} showing {@code text} through {@link #show}: again when the text, the theme (dark, presentation,
     * language) or the label's font changes. For pane hints and readouts whose words come from the message bundles.
     */
    static void bind(Labeled label, javafx.beans.value.ObservableValue<String> text, UiContext ui, javafx.beans.value.ObservableDoubleValue width) {
        javafx.beans.InvalidationListener update = o -> show(label, text.getValue(),
                label.getTextFill() instanceof javafx.scene.paint.Color c && label.getScene() != null
                        ? new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue()) : ui.state().chartTheme().text(), width);
        text.addListener(update);
        label.getProperties().put(Formulas.class, update); // held by the label: the app-wide theme only weakly
        ui.state().chartThemeProperty().addListener(new javafx.beans.WeakInvalidationListener(update));
        label.fontProperty().addListener(update);
        label.textFillProperty().addListener(update);
        label.sceneProperty().addListener(update); // the window's output scale is known once it is shown
        update.invalidated(null);
    }

    /** Formula images already typeset for a canvas, by TeX, size, colour and scale (a diagram redraws every frame). */
    private static final java.util.Map<String, Placed> CANVAS_CACHE = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override protected boolean removeEldestEntry(java.util.Map.Entry<String, Placed> e) { return size() > 64; }
    };

    /** A typeset formula ready for a canvas: the image and its size and depth below the baseline, in canvas units. */
    private record Placed(javafx.scene.image.Image image, double width, double height, double depth) {}

    /**
     * {@code s} drawn on a canvas like {@code g.fillText(s, x, y, maxWidth)}, with its formulas typeset on the words'
     * baseline: the context's font, fill (as the formulas' colour), text alignment and baseline apply; if the line is
     * wider than {@code maxWidth} it is scaled down to fit. {@code scale} is the canvas's pixels per unit (for sharp
     * formulas). Call on the FX thread.
     */
    static void fillText(javafx.scene.canvas.GraphicsContext g, String s, double x, double y, double maxWidth, double scale) {
        if (!Tex.hasFormula(s)) { g.fillText(s, x, y, maxWidth); return; }
        java.util.List<Tex.Run> runs;
        try {
            runs = Tex.split(s);
        } catch (IllegalArgumentException e) {
            g.fillText(s, x, y, maxWidth);
            return;
        }
        javafx.scene.text.Font font = g.getFont();
        javafx.scene.paint.Paint fill = g.getFill();
        java.awt.Color colour = fill instanceof javafx.scene.paint.Color c
                ? new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity()) : java.awt.Color.BLACK;
        Text probe = new Text("Hg");
        probe.setFont(font);
        double ascent = -probe.getLayoutBounds().getMinY(), descent = probe.getLayoutBounds().getMaxY();
        java.util.List<Object> pieces = new java.util.ArrayList<>(); // String or Placed
        java.util.List<Double> widths = new java.util.ArrayList<>();
        double total = 0;
        for (Tex.Run r : runs) {
            Object piece = r.text();
            double w;
            if (r.formula()) {
                String key = r.text() + '|' + font.getSize() + '|' + colour.getRGB() + '|' + scale;
                Placed p = CANVAS_CACHE.get(key);
                if (p == null) {
                    try {
                        Tex.Typeset t = Tex.typeset(r.text(), false, (float) (font.getSize() * 1.05), colour, scale);
                        p = new Placed(SwingFXUtils.toFXImage(t.image(), null), t.image().getWidth() / scale, t.image().getHeight() / scale,
                                t.depth() / scale);
                        CANVAS_CACHE.put(key, p);
                    } catch (RuntimeException e) {
                        p = null;
                    }
                }
                piece = p != null ? p : "$" + r.text() + "$";
            }
            if (piece instanceof Placed p) {
                w = p.width();
                ascent = Math.max(ascent, p.height() - p.depth());
                descent = Math.max(descent, p.depth());
            } else {
                probe.setText((String) piece);
                w = probe.getLayoutBounds().getWidth();
            }
            pieces.add(piece);
            widths.add(w);
            total += w;
        }
        double f = total > maxWidth && maxWidth > 0 ? maxWidth / total : 1;
        double left = switch (g.getTextAlign()) {
            case CENTER -> x - total * f / 2;
            case RIGHT -> x - total * f;
            default -> x;
        };
        double baseline = switch (g.getTextBaseline()) {
            case TOP -> y + ascent;
            case CENTER -> y + (ascent - descent) / 2;
            case BOTTOM -> y - descent;
            default -> y;
        };
        javafx.scene.text.TextAlignment align = g.getTextAlign();
        javafx.geometry.VPos vpos = g.getTextBaseline();
        g.save();
        try {
            g.translate(left, baseline);
            g.scale(f, f);
            g.setTextAlign(javafx.scene.text.TextAlignment.LEFT);
            g.setTextBaseline(javafx.geometry.VPos.BASELINE);
            double at = 0;
            for (int i = 0; i < pieces.size(); i++) {
                if (pieces.get(i) instanceof Placed p) {
                    g.drawImage(p.image(), at, p.depth() - p.height(), p.width(), p.height());
                } else {
                    g.fillText((String) pieces.get(i), at, 0);
                }
                at += widths.get(i);
            }
        } finally {
            g.restore();
            g.setTextAlign(align);
            g.setTextBaseline(vpos);
        }
    }

    /** A formula image set on the line's baseline (an ImageView alone sits on it with its bottom, so it rides high). */
    static final class OnBaseline extends javafx.scene.layout.Pane {
        private final double ascent;

        OnBaseline(ImageView v, double ascent) {
            this.ascent = ascent;
            getChildren().add(v);
        }

        ImageView image() { return (ImageView) getChildren().get(0); }

        @Override public double getBaselineOffset() { return ascent; }
    }

    /** The runs of {@code s} as text and formula images of about {@code size} px in {@code colour}. */
    static TextFlow flow(String s, java.awt.Color colour, double size, double scale) {
        TextFlow flow = new TextFlow();
        java.util.List<Tex.Run> runs;
        try {
            runs = Tex.split(s);
        } catch (IllegalArgumentException e) {
            runs = java.util.List.of(Tex.Run.words(s));
        }
        for (Tex.Run r : runs) {
            if (!r.formula()) {
                Text t = new Text(r.text());
                t.getStyleClass().add("formula-words");
                flow.getChildren().add(t);
                continue;
            }
            try {
                Tex.Typeset t = Tex.typeset(r.text(), r.display(), (float) (size * 1.1), colour, scale);
                ImageView v = new ImageView(SwingFXUtils.toFXImage(t.image(), null));
                v.setFitWidth(t.image().getWidth() / scale);
                v.setFitHeight(t.image().getHeight() / scale);
                v.getStyleClass().add("formula");
                v.setAccessibleText(r.text());
                if (r.display()) flow.getChildren().add(new Text("\n"));
                flow.getChildren().add(new OnBaseline(v, (t.image().getHeight() - t.depth()) / scale));
                if (r.display()) flow.getChildren().add(new Text("\n"));
            } catch (RuntimeException e) {
                flow.getChildren().add(new Text("$" + r.text() + "$"));
            }
        }
        return flow;
    }
}
