package resnetlab.app.view;

import java.util.List;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.Problem;

/**
 * The training controls every model shares: play/pause (Space), single step (S), reset (R), learning rate,
 * batch size, iteration target, shared seed, speed. Each carries a tooltip with the formula behind it. Typed
 * values are applied on Enter or when the field is left; a bad value is outlined and explained in the notice bar.
 */
public final class ControlBar extends HBox {
    private final UiContext ui;
    private final Button play = new Button();
    private final Button step, reset;
    /** The learning rate, batch, iterations, seed and speed: in the bar, or folded into {@link #overflowRow()}. */
    private final HBox extras = new HBox(8);
    private final HBox overflow = new HBox(12);
    private final ToggleButton more = new ToggleButton("⋯");
    private boolean folded;

    public ControlBar(UiContext ui) {
        this.ui = ui;
        I18n t = ui.i18n();
        LabModel lab = ui.lab();
        getStyleClass().add("control-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);

        play.setId("play");
        play.getStyleClass().add("play-button");
        play.textProperty().bind(t.bind(() -> t.get(lab.isPlaying() ? "control.pause" : "control.play"), lab.playingProperty()));
        play.graphicProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> lab.isPlaying() ? Icons.pause() : Icons.play(), lab.playingProperty()));
        play.setGraphicTextGap(8);
        play.setTooltip(tip("control.play.tooltip"));
        play.setOnAction(e -> lab.togglePlay());
        play.setMinWidth(Region.USE_PREF_SIZE);
        step = button("control.step", "step");
        step.setGraphic(Icons.step());
        step.setOnAction(e -> lab.step());
        reset = button("control.reset", "reset");
        reset.setGraphic(Icons.reset());
        reset.setOnAction(e -> lab.reset());

        TextField lr = field(lab.lr, "lr", "control.lr.tooltip", 4);
        TextField batch = field(lab.batch, "batch", "control.batch.tooltip", 3);
        TextField iterations = field(lab.iterations, "iterations", "control.iterations.tooltip", 5);
        TextField seed = field(lab.seed, "seed", "control.seed.tooltip", 4);
        lab.settingsProblemsProperty().addListener((o, a, b) -> {
            mark(lr, b, "lr");
            mark(batch, b, "batch");
            mark(iterations, b, "iterations");
            mark(seed, b, "seed");
            for (Problem p : b) lab.post(resnetlab.app.model.Notice.error("error.raw", Words.problem(t, p)));
        });

        Slider speed = new Slider(0, LabModel.SPEEDS.length - 1, lab.speed.get());
        speed.setId("speed");
        speed.setMajorTickUnit(1);
        speed.setMinorTickCount(0);
        speed.setSnapToTicks(true);
        speed.setShowTickMarks(true);
        speed.setPrefWidth(110);
        speed.valueProperty().addListener((o, a, b) -> lab.speed.set((int) Math.round(b.doubleValue())));
        lab.speed.addListener((o, a, b) -> speed.setValue(b.intValue()));
        speed.setTooltip(tip("control.speed.tooltip"));
        Label speedValue = new Label();
        speedValue.getStyleClass().add("speed-value");
        speedValue.textProperty().bind(t.bind(() -> {
            double v = LabModel.SPEEDS[lab.speed.get()];
            return Double.isInfinite(v) ? t.get("control.speed.max") : t.get("control.speed.value", I18n.num(v).replaceAll("\\.?0+$", ""));
        }, lab.speed));
        speedValue.setMinWidth(Region.USE_PREF_SIZE);
        speed.setLabelFormatter(new StringConverter<>() {
            @Override public String toString(Double d) { return ""; }
            @Override public Double fromString(String s) { return 0.0; }
        });

        extras.setAlignment(Pos.CENTER_LEFT);
        extras.setMinWidth(Region.USE_PREF_SIZE);
        extras.getChildren().addAll(new Separator(javafx.geometry.Orientation.VERTICAL),
                labelled("control.lr", lr), labelled("control.batch", batch), labelled("control.iterations", iterations),
                labelled("control.seed", seed), new Separator(javafx.geometry.Orientation.VERTICAL),
                labelled("control.speed", new HBox(4, speed, speedValue)));
        more.setId("more-controls");
        more.setTooltip(tip("control.more.tooltip"));
        more.setMinWidth(Region.USE_PREF_SIZE);
        more.setVisible(false);
        more.setManaged(false);
        overflow.getStyleClass().add("overflow-row");
        overflow.setAlignment(Pos.CENTER_LEFT);
        overflow.setPadding(new javafx.geometry.Insets(4, 10, 6, 10));
        overflow.visibleProperty().bind(more.selectedProperty().and(more.visibleProperty()));
        overflow.managedProperty().bind(overflow.visibleProperty());
        getChildren().addAll(play, step, reset, more, extras);
    }

    /** The row under the toolbar that holds the folded fields while "⋯" is pressed (empty otherwise). */
    public HBox overflowRow() { return overflow; }

    /** Width of the bar with every field in it (Play, Step, Reset, fields, speed). */
    public double fullWidth() {
        return play.prefWidth(-1) + step.prefWidth(-1) + reset.prefWidth(-1) + extras.prefWidth(-1) + 3 * getSpacing();
    }

    /**
     * Keeps Play/Step/Reset in the bar and moves the fields and speed under the "⋯" button (a row below the
     * toolbar that it opens) when the window is too narrow for all of them.
     */
    public void fold(boolean fold) {
        if (fold == folded) return;
        folded = fold;
        more.setVisible(fold);
        more.setManaged(fold);
        if (fold) {
            getChildren().remove(extras);
            overflow.getChildren().setAll(extras);
        } else {
            more.setSelected(false);
            overflow.getChildren().clear();
            getChildren().add(extras);
        }
    }

    public boolean folded() { return folded; }

    public Button playButton() { return play; }

    private Button button(String key, String id) {
        Button b = new Button();
        b.textProperty().bind(ui.i18n().text(key));
        b.setTooltip(tip(key + ".tooltip"));
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private VBox labelled(String key, javafx.scene.Node n) {
        Label l = new Label();
        l.textProperty().bind(ui.i18n().text(key));
        l.getStyleClass().add("control-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        VBox v = new VBox(1, l, n);
        v.setMinWidth(Region.USE_PREF_SIZE);
        v.setAlignment(Pos.CENTER_LEFT);
        return v;
    }

    private Tooltip tip(String key) {
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(ui.i18n().text(key));
        tip.setWrapText(true);
        tip.setMaxWidth(460);
        Formulas.typeset(tip, ui);
        return tip;
    }

    private TextField field(StringProperty p, String id, String tooltipKey, int columns) {
        TextField f = new TextField(p.get());
        f.setId(id);
        f.setPrefColumnCount(columns);
        f.setMinWidth(Region.USE_PREF_SIZE);
        f.setTooltip(tip(tooltipKey));
        p.addListener((o, a, b) -> { if (!f.getText().equals(b)) f.setText(b); });
        f.setOnAction(e -> { p.set(f.getText()); ui.lab().commitSettings(); });
        f.focusedProperty().addListener((o, was, is) -> {
            if (!is && !f.getText().equals(p.get())) { p.set(f.getText()); ui.lab().commitSettings(); }
        });
        return f;
    }

    private static void mark(javafx.scene.Node n, List<Problem> ps, String field) {
        n.getStyleClass().remove("invalid");
        if (ps.stream().anyMatch(p -> p.field().equals(field))) n.getStyleClass().add("invalid");
    }

}
