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

    /** Shows {@code s} on {@code label}: plain text as it is, text with formulas as a flow {@code width} wide. */
    static void show(Labeled label, String s, UiContext ui, javafx.beans.value.ObservableDoubleValue width) {
        label.setText(s);
        if (!Tex.hasFormula(s)) {
            label.setGraphic(null);
            label.setContentDisplay(ContentDisplay.LEFT);
            return;
        }
        TextFlow flow = flow(s, ui, label.getFont().getSize(), label.getScene() == null || label.getScene().getWindow() == null ? 1
                : label.getScene().getWindow().getOutputScaleX());
        flow.getStyleClass().add("formula-flow");
        flow.prefWidthProperty().bind(width);
        flow.maxWidthProperty().bind(width);
        label.setGraphic(flow);
        label.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
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

    /** The runs of {@code s} as text and formula images of about {@code size} px. */
    static TextFlow flow(String s, UiContext ui, double size, double scale) {
        TextFlow flow = new TextFlow();
        java.awt.Color colour = ui.state().chartTheme().text();
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
