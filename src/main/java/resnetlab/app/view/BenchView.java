package resnetlab.app.view;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.LabModel;

/** The model bench: up to four {@link ModelCard}s, one under the other, and a button to add one. */
public final class BenchView extends BorderPane implements FramePane {
    private final UiContext ui;
    private final VBox cards = new VBox(10);

    public BenchView(UiContext ui) {
        this.ui = ui;
        I18n t = ui.i18n();
        getStyleClass().add("bench");
        Label title = new Label();
        title.textProperty().bind(t.text("bench.title"));
        title.getStyleClass().add("section-title");
        Label sub = new Label();
        sub.textProperty().bind(t.bind(() -> t.get("bench.subtitle", ui.lab().settings().seed()), ui.lab().settingsProperty()));
        sub.getStyleClass().add("section-subtitle");
        sub.setWrapText(true);
        VBox head = new VBox(2, title, sub);
        head.setPadding(new Insets(10, 12, 6, 12));
        setTop(head);

        cards.setPadding(new Insets(4, 10, 10, 10));
        cards.setFillWidth(true);
        Button add = new Button();
        add.textProperty().bind(t.text("bench.add"));
        add.setTooltip(new Tooltip());
        add.getTooltip().textProperty().bind(t.text("bench.add.tooltip"));
        add.getStyleClass().add("add-model");
        add.setId("add-model");
        add.setMaxWidth(Double.MAX_VALUE);
        add.disableProperty().bind(javafx.beans.binding.Bindings.size(ui.lab().models()).greaterThanOrEqualTo(LabModel.MAX_MODELS));
        add.setOnAction(e -> ui.lab().addModel());
        VBox content = new VBox(10, cards, add);
        content.setPadding(new Insets(0, 0, 12, 0));
        VBox.setMargin(add, new Insets(0, 10, 0, 10));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("bench-scroll");
        setCenter(scroll);
        ui.lab().models().addListener((ListChangeListener<BenchModel>) c -> sync());
        sync();
    }

    private void sync() {
        cards.getChildren().clear();
        for (BenchModel m : ui.lab().models()) cards.getChildren().add(new ModelCard(ui, m));
    }

    @Override public void frame(long now) {
        for (javafx.scene.Node n : cards.getChildren()) if (n instanceof ModelCard c) c.frame(now);
    }
}
