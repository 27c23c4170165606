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

    /** The id of the lesson open in the lesson panel, or "none" (the installer test checks a double-clicked lesson). */
    static String lessonShown(App app) {
        var lesson = app.view().lessons().lesson();
        return app.view().lessonsShown() && lesson != null ? lesson.id() : "none";
    }

    static void takeAndExit(App app, Path file) {
        int code = 0;
        try {
            var img = app.stage().getScene().snapshot(null);
            var bi = SwingFXUtils.fromFXImage(img, null);
            Exporter.writePng(bi, file);
            java.util.Set<Integer> colours = new java.util.HashSet<>();
            for (int y = 0; y < bi.getHeight(); y += 3) for (int x = 0; x < bi.getWidth(); x += 3) colours.add(bi.getRGB(x, y));
            // one line the smoke scripts parse: fields 3 (size), 11 (colours) and 13 (lesson) by position
            System.out.println("screenshot " + file.toAbsolutePath() + " " + bi.getWidth() + "x" + bi.getHeight()
                    + " iteration " + app.lab().iterationProperty().get() + " models " + app.lab().models().size()
                    + " errors " + app.lab().notices().stream().filter(n -> n.level() == resnetlab.app.model.Notice.Level.ERROR).count()
                    + " colours " + colours.size() + " lesson " + lessonShown(app));
        } catch (Exception x) {
            System.err.println("error: screenshot failed: " + x.getMessage());
            code = 1;
        }
        app.lab().close();
        Platform.exit();
        System.exit(code);
    }
}
