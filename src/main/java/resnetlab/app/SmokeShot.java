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
            var bi = SwingFXUtils.fromFXImage(img, null);
            Exporter.writePng(bi, file);
            java.util.Set<Integer> colours = new java.util.HashSet<>();
            for (int y = 0; y < bi.getHeight(); y += 3) for (int x = 0; x < bi.getWidth(); x += 3) colours.add(bi.getRGB(x, y));
            // one line the smoke script parses: fields 3 (size) and 11 (colours) by position
            System.out.println("screenshot " + file.toAbsolutePath() + " " + bi.getWidth() + "x" + bi.getHeight()
                    + " iteration " + app.lab().iterationProperty().get() + " models " + app.lab().models().size()
                    + " errors " + app.lab().notices().stream().filter(n -> n.level() == resnetlab.app.model.Notice.Level.ERROR).count()
                    + " colours " + colours.size());
        } catch (Exception x) {
            System.err.println("error: screenshot failed: " + x.getMessage());
            code = 1;
        }
        app.lab().close();
        Platform.exit();
        System.exit(code);
    }
}
