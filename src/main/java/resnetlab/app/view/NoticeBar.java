package resnetlab.app.view;

import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;
import resnetlab.app.model.Notice;

/**
 * The newest notice in a strip above the panes: errors (red) stay until dismissed, information (blue) fades
 * after a few seconds. The app never stops for a message: training goes on underneath.
 */
public final class NoticeBar extends HBox {
    private final UiContext ui;
    private final Label text = new Label();
    private final Label more = new Label();
    private final PauseTransition fade = new PauseTransition(Duration.seconds(7));
    private Notice current;

    public NoticeBar(UiContext ui) {
        this.ui = ui;
        getStyleClass().add("notice-bar");
        setId("notice-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(10);
        text.setId("notice-text");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        more.getStyleClass().add("notice-more");
        Button close = new Button("✕");
        close.getStyleClass().add("notice-close");
        close.setFocusTraversable(false);
        close.setOnAction(e -> hide());
        getChildren().addAll(text, more, close);
        setVisible(false);
        setManaged(false);
        fade.setOnFinished(e -> { if (current != null && current.level() == Notice.Level.INFO) hide(); });
        ui.lab().notices().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) if (c.wasAdded() && !c.getAddedSubList().isEmpty()) show(c.getAddedSubList().get(c.getAddedSubList().size() - 1));
        });
        ui.i18n().localeProperty().addListener(o -> { if (current != null) text.setText(Words.notice(ui.i18n(), current)); });
    }

    /** The notice shown now, or null. */
    public Notice current() { return current; }
    public String text() { return text.getText(); }

    private void show(Notice n) {
        current = n;
        text.setText(Words.notice(ui.i18n(), n));
        getStyleClass().removeAll("info", "warning", "error");
        getStyleClass().add(n.level().name().toLowerCase(java.util.Locale.ROOT));
        setVisible(true);
        setManaged(true);
        fade.stop();
        if (n.level() == Notice.Level.INFO) fade.playFromStart();
    }

    public void hide() {
        current = null;
        setVisible(false);
        setManaged(false);
    }
}
