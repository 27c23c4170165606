package resnetlab.app;

import java.nio.file.Path;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import resnetlab.app.view.Exporter;

/**
 * The smoke test's proof that the window came up and trained: a PNG of the scene, a line on stdout with its
 * size and the iteration reached, and the exit code (0 written, 1 failed). Used by {@code .ci/app-smoke.sh}
 * through {@code --screenshot FILE}.
 */
final class SmokeShot {
    private SmokeShot() {}

    static void takeAndExit(App app, Path file) {
        int code = 0;
        try {
            var img = app.stage().getScene().snapshot(null);
            Exporter.writePng(SwingFXUtils.fromFXImage(img, null), file);
            System.out.println("screenshot " + file.toAbsolutePath() + " " + (int) img.getWidth() + "x" + (int) img.getHeight()
                    + " iteration " + app.lab().iterationProperty().get() + " models " + app.lab().models().size()
                    + " notices " + app.lab().notices().size());
        } catch (Exception x) {
            System.err.println("error: screenshot failed: " + x.getMessage());
            code = 1;
        }
        app.lab().close();
        Platform.exit();
        System.exit(code);
    }
}
