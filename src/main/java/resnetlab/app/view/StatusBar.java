package resnetlab.app.view;

import javafx.beans.binding.Bindings;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.LabModel;

/**
 * The bottom line: images per second, iteration, epoch, memory; and on the right the progress of training (to
 * the iteration target) or of the running long task, with time left and a cancel button.
 */
public final class StatusBar extends HBox implements FramePane {
    private final UiContext ui;
    // images/s, iteration and epoch change on most frames while models train; like the memory they are
    // written on the shared slow tick, so the status bar does not make the window re-render every frame
    private final Label ips = new Label();
    private final Label it = new Label();
    private final Label ep = new Label();
    private final Label memory = new Label();
    private final ProgressBar bar = new ProgressBar(0);
    private final Label progressText = new Label();
    private final Button cancel = new Button();
    private long lastMemory;
    private long taskStart;
    private Task<?> watched;

    public StatusBar(UiContext ui) {
        this.ui = ui;
        I18n t = ui.i18n();
        LabModel lab = ui.lab();
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(18);
        ips.setId("status-ips");
        it.setId("status-iteration");
        memory.setId("status-memory");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        bar.setPrefWidth(180);
        cancel.textProperty().bind(t.text("status.cancel"));
        cancel.getStyleClass().add("status-cancel");
        cancel.setFocusTraversable(false);
        cancel.setOnAction(e -> {
            Task<?> task = lab.taskProperty().get();
            if (task != null) task.cancel();
            else lab.pause();
        });
        progressText.setId("status-progress");
        getChildren().addAll(ips, it, ep, memory, grow, progressText, bar, cancel);
        lab.taskProperty().addListener((o, a, b) -> { watched = b; taskStart = System.nanoTime(); });
        t.localeProperty().addListener(o -> lastMemory = -1);
    }

    @Override public void frame(long now) {
        if (FramePane.slowTick(now) == lastMemory) return;
        lastMemory = FramePane.slowTick(now);
        I18n t = ui.i18n();
        LabModel lab = ui.lab();
        ips.setText(t.get("status.ips", Math.round(lab.imagesPerSecondProperty().get())));
        it.setText(t.get("status.iteration", lab.iterationProperty().get()));
        ep.setText(t.get("status.epoch", lab.epochProperty().get() + 1));
        Runtime rt = Runtime.getRuntime();
        long used = (rt.totalMemory() - rt.freeMemory()) >> 20, max = rt.maxMemory() >> 20;
        memory.setText(t.get("status.memory", used, max));
        Task<?> task = watched;
        boolean show;
        if (task != null && task.isRunning()) {
            double p = task.getProgress();
            bar.setProgress(p < 0 ? -1 : p);
            double el = (now - taskStart) / 1e9;
            String left = p > 0.02 ? Durations.format(t, el * (1 - p) / p) : t.get("status.estimating");
            progressText.setText(t.get("status.task", task.getMessage() == null ? "" : task.getMessage(), left));
            show = true;
        } else if (lab.isPlaying()) {
            bar.setProgress(lab.progressProperty().get());
            double left = lab.secondsLeftProperty().get();
            progressText.setText(t.get("status.training", lab.settings().iterations(),
                    Double.isNaN(left) ? t.get("status.estimating") : Durations.format(t, left)));
            show = true;
        } else {
            show = false;
        }
        bar.setVisible(show);
        cancel.setVisible(show);
        progressText.setVisible(show);
    }

    /** "1 min 20 s" in the current language. */
    static final class Durations {
        private Durations() {}

        static String format(I18n t, double seconds) {
            if (!Double.isFinite(seconds) || seconds < 0) return t.get("status.estimating");
            long s = Math.round(seconds);
            if (s < 60) return t.get("time.s", s);
            if (s < 3600) return t.get("time.ms", s / 60, s % 60);
            return t.get("time.hm", s / 3600, (s % 3600) / 60);
        }
    }
}
