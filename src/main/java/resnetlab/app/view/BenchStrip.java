package resnetlab.app.view;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;

/**
 * The bench folded to one line, for presentation mode: each model's colour, name and current errors, and a
 * button that opens the whole bench (the cards with their fields) as a drawer when the teacher needs it. The
 * pane on screen gets the rest of the window. Items wrap to a second line rather than cut a name.
 */
public final class BenchStrip extends HBox implements FramePane {
    private final UiContext ui;
    private final FlowPane items = new FlowPane(18, 2);
    private final ToggleButton open = new ToggleButton();
    private long tick = -1;

    /** @param drawer shows (true) or hides the full bench */
    public BenchStrip(UiContext ui, java.util.function.Consumer<Boolean> drawer) {
        this.ui = ui;
        I18n t = ui.i18n();
        getStyleClass().add("bench-strip");
        setId("bench-strip");
        setSpacing(12);
        setAlignment(Pos.CENTER_LEFT);
        open.setId("bench-drawer");
        open.textProperty().bind(t.text("bench.strip.open"));
        open.setTooltip(new Tooltip());
        open.getTooltip().textProperty().bind(t.text("bench.strip.open.tooltip"));
        open.setMinWidth(Region.USE_PREF_SIZE);
        open.setOnAction(e -> drawer.accept(open.isSelected()));
        items.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(items, javafx.scene.layout.Priority.ALWAYS);
        items.setMinWidth(0);
        items.setPrefWrapLength(400);
        getChildren().addAll(open, items);
        ui.lab().models().addListener((ListChangeListener<BenchModel>) c -> sync());
        t.localeProperty().addListener(o -> tick = -1);
        sync();
    }

    /** Keeps the button in step when the drawer is closed elsewhere (presentation mode off). */
    public void setOpen(boolean on) { open.setSelected(on); }

    private void sync() {
        items.getChildren().clear();
        for (BenchModel m : ui.lab().models()) {
            Circle dot = new Circle(6);
            dot.fillProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() -> ui.state().slotColor(m.slot()), ui.state().dark));
            Label name = new Label();
            name.getStyleClass().add("strip-name");
            name.textProperty().bind(ui.i18n().bind(() -> Words.model(ui.i18n(), m), m.specProperty(), m.builtSetupProperty()));
            Label errors = new Label();
            errors.getStyleClass().add("strip-errors");
            errors.setUserData(m);
            HBox item = new HBox(6, dot, name, errors);
            item.setAlignment(Pos.CENTER_LEFT);
            for (var n : item.getChildren()) if (n instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
            item.setMinWidth(Region.USE_PREF_SIZE);
            items.getChildren().add(item);
        }
        tick = -1;
    }

    @Override public void frame(long now) {
        if (!isVisible() || FramePane.slowTick(now) == tick) return;
        tick = FramePane.slowTick(now);
        I18n t = ui.i18n();
        for (var item : items.getChildren()) {
            Label errors = (Label) ((HBox) item).getChildren().get(2);
            BenchModel m = (BenchModel) errors.getUserData();
            String s = t.get("bench.strip.errors", I18n.num(m.trainErrorProperty().get()), I18n.num(m.testErrorProperty().get()));
            if (!s.equals(errors.getText())) errors.setText(s);
        }
    }
}
