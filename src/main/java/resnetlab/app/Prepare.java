package resnetlab.app;

import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.util.Duration;
import resnetlab.app.model.BenchModel;

/**
 * {@code --prepare FILE}: trains the comparison to its iteration target, saves the session and exits, so that a
 * lesson can open runs the app itself made (and that say how they were made) instead of waiting in class.
 * Reports progress on stdout once a minute.
 */
final class Prepare {
    private Prepare() {}

    static void whenFinished(App app, Path file) {
        long start = System.nanoTime();
        long[] lastReport = {start};
        PauseTransition poll = new PauseTransition(Duration.seconds(1));
        poll.setOnFinished(e -> {
            var lab = app.lab();
            boolean done = !lab.models().isEmpty() && lab.models().stream().allMatch(m -> m.phase() == BenchModel.Phase.FINISHED
                    || m.phase() == BenchModel.Phase.DIVERGED || m.phase() == BenchModel.Phase.FAILED);
            long now = System.nanoTime();
            if (now - lastReport[0] > 60e9) {
                lastReport[0] = now;
                StringBuilder sb = new StringBuilder("prepare: " + Math.round((now - start) / 60e9) + " min:");
                for (BenchModel m : lab.models()) sb.append(' ').append(m.spec() == null ? "?" : m.spec().displayName()).append(" it ").append(m.iteration());
                System.out.println(sb);
            }
            if (!done) {
                poll.playFromStart();
                return;
            }
            var task = app.sessions().save(file, app.view().sessionLayout());
            if (task == null) {
                poll.playFromStart();
                return;
            }
            task.setOnSucceeded(s -> {
                System.out.println("prepare: saved " + file.toAbsolutePath() + " after " + Math.round((System.nanoTime() - start) / 1e9) + " s");
                lab.close();
                Platform.exit();
                System.exit(0);
            });
            task.setOnFailed(f -> {
                System.err.println("error: " + task.getException().getMessage());
                Platform.exit();
                System.exit(1);
            });
        });
        poll.play();
    }
}
