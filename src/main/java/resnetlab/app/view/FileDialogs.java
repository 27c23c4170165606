package resnetlab.app.view;

import java.io.File;
import java.nio.file.Path;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import resnetlab.app.i18n.I18n;

/**
 * Where the app asks the user for a file. The window uses the platform's choosers; tests put in answers of
 * their own, since native dialogs cannot be clicked headless.
 */
public interface FileDialogs {
    /** A file to write, or null when the user cancelled. {@code extension} without the dot. */
    Path save(Window owner, String title, String initialName, String extension);

    /** A file to read, or null. */
    Path open(Window owner, String title, String extension);

    /** A folder, or null. */
    Path folder(Window owner, String title);

    /** A file to read, the chooser starting at {@code initial} (a suggestion; may be null), or null. */
    default Path open(Window owner, String title, String extension, Path initial) {
        return open(owner, title, extension);
    }

    /** The platform's choosers. */
    static FileDialogs system(I18n i18n) {
        return new FileDialogs() {
            private File lastDir;

            @Override public Path save(Window owner, String title, String initialName, String extension) {
                FileChooser c = chooser(title, extension);
                c.setInitialFileName(initialName);
                File f = c.showSaveDialog(owner);
                if (f == null) return null;
                lastDir = f.getParentFile();
                String name = f.getName();
                if (!name.toLowerCase(java.util.Locale.ROOT).endsWith("." + extension)) f = new File(f.getParentFile(), name + "." + extension);
                return f.toPath();
            }

            @Override public Path open(Window owner, String title, String extension) {
                File f = chooser(title, extension).showOpenDialog(owner);
                if (f == null) return null;
                lastDir = f.getParentFile();
                return f.toPath();
            }

            @Override public Path open(Window owner, String title, String extension, Path initial) {
                FileChooser c = chooser(title, extension);
                if (initial != null && initial.getParent() != null && initial.getParent().toFile().isDirectory()) {
                    c.setInitialDirectory(initial.getParent().toFile());
                    c.setInitialFileName(initial.getFileName().toString());
                }
                File f = c.showOpenDialog(owner);
                if (f == null) return null;
                lastDir = f.getParentFile();
                return f.toPath();
            }

            @Override public Path folder(Window owner, String title) {
                DirectoryChooser c = new DirectoryChooser();
                c.setTitle(title);
                if (lastDir != null && lastDir.isDirectory()) c.setInitialDirectory(lastDir);
                File f = c.showDialog(owner);
                return f == null ? null : f.toPath();
            }

            private FileChooser chooser(String title, String extension) {
                FileChooser c = new FileChooser();
                c.setTitle(title);
                c.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                        i18n.get("dialog.filter." + extension) + " (*." + extension + ")", "*." + extension));
                c.getExtensionFilters().add(new FileChooser.ExtensionFilter(i18n.get("dialog.filter.all"), "*"));
                if (lastDir != null && lastDir.isDirectory()) c.setInitialDirectory(lastDir);
                return c;
            }
        };
    }
}
