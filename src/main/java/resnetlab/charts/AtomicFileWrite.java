package resnetlab.charts;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that it is either complete or not changed at all: the bytes go to a temporary file
 * in the target's folder (same file system, so the rename can be atomic), are forced to disk, and the
 * temporary file is renamed over the target with {@code ATOMIC_MOVE}, falling back to a plain
 * {@code REPLACE_EXISTING} move where the file system cannot rename atomically. On any failure the
 * temporary file is deleted, an existing target keeps its old content, and the {@link IOException}
 * names the target.
 */
final class AtomicFileWrite {

    /** Writes the content; may throw anything, the file stays untouched then. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFileWrite() {
    }

    static void write(Path target, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null) {
            throw new IOException("Cannot write " + file + ": no parent folder");
        }
        if (Files.isDirectory(file)) {
            throw new IOException("Cannot write " + file + ": it is a folder");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            usualPermissions(tmp, file);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | RuntimeException e) {
            throw new IOException("Cannot write " + file + ": " + describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more; a stray hidden .tmp file is harmless
                }
            }
        }
    }

    /**
     * Temporary files are created owner-only (0600); an export should be readable like any file the
     * user saves, so it gets the replaced file's permissions, or rw-r--r--.
     */
    private static void usualPermissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "folder does not exist (" + m + ")";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (" + m + ")";
        }
        return m == null ? kind : kind + ": " + m;
    }
}
