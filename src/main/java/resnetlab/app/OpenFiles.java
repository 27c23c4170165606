package resnetlab.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import resnetlab.app.model.SessionFile;

/**
 * The files the app opens when it is handed one, by a double-click in the file manager or on the command
 * line ({@code resnet-lab degradation.rlab}, {@code resnet-lab my.lesson.json}): a session ({@code .rlab})
 * reopens its models and curves, a lesson file ({@code .json}) opens beside the bench. Nothing else.
 * <p>
 * macOS does not put a double-clicked file on the command line: it sends an open-file event, which
 * {@link #listen()} receives through {@link java.awt.Desktop} from the start of {@code main} (the event may come
 * before the window exists) and keeps until the window takes it with {@link #deliverTo}. Linux and Windows
 * hand the file as an argument.
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

    private static final List<Path> pending = new ArrayList<>();
    private static Consumer<Path> receiver;

    /**
     * Starts taking the system's open-file events on macOS, the one system that sends them; elsewhere does
     * nothing. (On Linux, starting AWT's desktop before JavaFX loads a GTK that JavaFX then cannot load: the
     * window never opens. Linux and Windows put the file on the command line instead.)
     */
    static void listen() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac")) return;
        try {
            if (java.awt.GraphicsEnvironment.isHeadless() || !java.awt.Desktop.isDesktopSupported()) return;
            java.awt.Desktop desktop = java.awt.Desktop.getDesktop();
            if (!desktop.isSupported(java.awt.Desktop.Action.APP_OPEN_FILE)) return;
            desktop.setOpenFileHandler(e -> e.getFiles().forEach(f -> received(f.toPath())));
        } catch (RuntimeException | Error e) {
            // no AWT desktop on this system: files still arrive as arguments
        }
    }

    /** A file the system asked us to open: handed on, or kept until the window is there. */
    static synchronized void received(Path file) {
        if (receiver != null) receiver.accept(file);
        else pending.add(file);
    }

    /** From now on files go to {@code r} (called on any thread: {@code r} must hop to the FX thread itself); the kept ones first. */
    static synchronized void deliverTo(Consumer<Path> r) {
        receiver = r;
        pending.forEach(r);
        pending.clear();
    }

    /** Back to the state at start: no window yet, nothing kept (tests). */
    static synchronized void reset() {
        receiver = null;
        pending.clear();
    }
}
