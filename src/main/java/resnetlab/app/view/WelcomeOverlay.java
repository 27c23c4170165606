package resnetlab.app.view;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import resnetlab.app.i18n.I18n;

/**
 * "How to use this in class": one screen over the panes on a first run (and from Help), in the current
 * language. <b>Start</b> closes it for good (the caller remembers that), <b>Show again next time</b> (or
 * Escape) only for now.
 * It covers the centre of the main window, so the menu and the Play button stay in view.
 */
public final class WelcomeOverlay extends StackPane {
    /** The numbered points, keys welcome.1 .. welcome.N. */
    static final int POINTS = 6;

    private final MainView view;
    private Node covered;

    /** {@code forGood}: run when Start is pressed (remember never to show it again). */
    public WelcomeOverlay(UiContext ui, MainView view, Runnable forGood) {
        this.view = view;
        I18n t = ui.i18n();
        setId("welcome");
        getStyleClass().add("welcome-backdrop");
        Label title = new Label();
        title.textProperty().bind(t.text("welcome.title"));
        title.getStyleClass().add("welcome-title");
        VBox card = new VBox(12, title);
        for (int i = 1; i <= POINTS; i++) {
            Label point = new Label();
            point.textProperty().bind(t.text("welcome." + i));
            point.setWrapText(true);
            point.getStyleClass().add("welcome-point");
            card.getChildren().add(point);
        }
        Button start = new Button();
        start.setId("welcome-start");
        start.textProperty().bind(t.text("welcome.start"));
        start.setDefaultButton(true);
        start.setOnAction(e -> { close(); forGood.run(); });
        Button later = new Button();
        later.setId("welcome-later");
        later.textProperty().bind(t.text("welcome.later"));
        later.setOnAction(e -> close());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(10, grow, later, start);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        card.getChildren().add(buttons);
        card.getStyleClass().add("welcome-card");
        card.setCache(true); // the drop shadow is drawn once, not on every frame the panes below change (software rendering)
        card.setMaxWidth(720);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        getChildren().add(card);
        setOnKeyPressed(e -> { // Escape: as "Show again next time"
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) { close(); e.consume(); }
        });
        StackPane.setAlignment(card, Pos.CENTER);
    }

    /** Puts the overlay over the main window's centre (bench and panes). */
    public void show() {
        if (covered != null) return;
        covered = view.getCenter();
        view.setCenter(new StackPane(covered, this));
        lookup("#welcome-start").requestFocus();
    }

    public boolean isShown() { return covered != null; }

    public void close() {
        if (covered == null) return;
        ((StackPane) view.getCenter()).getChildren().clear();
        view.setCenter(covered);
        covered = null;
    }
}
