package resnetlab.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that it is either complete or untouched: the bytes go to a temporary file in the same
 * folder, which is then renamed over the target. A failed write (full disk, crash) never destroys what was
 * saved before. Errors name the file.
 */
public final class AtomicFiles {
    /** Writes the content to an open stream. */
    @FunctionalInterface
    public interface Writer { void write(OutputStream out) throws IOException; }

    private AtomicFiles() {}

    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new NoSuchFileException(target.toString(), null, "folder does not exist");
        if (!Files.isWritable(dir)) throw new AccessDeniedException(target.toString(), null, "folder is not writable");
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new IOException(target + ": cannot create a temporary file beside it (" + e.getMessage() + ")", e);
        }
        try {
            // createTempFile makes the file owner-only (0600); a result file should read like any other file.
            keepPermissions(target, tmp);
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException(target + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
    }

    /** The replaced file's permissions, or rw-r--r-- for a new file (where the file system has POSIX permissions). */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        try {
            var perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the default permissions stand
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
