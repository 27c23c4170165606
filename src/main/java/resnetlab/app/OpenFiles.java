package resnetlab.app;

import java.nio.file.Path;
import java.util.Locale;
import resnetlab.app.model.SessionFile;

/**
 * The files the app opens when it is handed one, by a double-click in the file manager or on the command
 * line ({@code resnet-lab degradation.rlab}, {@code resnet-lab my.lesson.json}): a session ({@code .rlab})
 * reopens its models and curves, a lesson file ({@code .json}) opens beside the bench. Nothing else.
 */
final class OpenFiles {
    enum Kind { SESSION, LESSON }

    private OpenFiles() {}

    /** What {@code file} is, by its name; one line naming the file when it is neither. */
    static Kind kind(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(SessionFile.EXTENSION)) return Kind.SESSION;
        if (name.endsWith(".json")) return Kind.LESSON;
        throw new IllegalArgumentException(file + ": resnet-lab opens sessions (" + SessionFile.EXTENSION
                + ") and lesson files (.json), not this file");
    }
}
