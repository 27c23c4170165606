package resnetlab.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Whole-file reads for the data readers: a file or classpath resource becomes one {@code byte[]}, gunzipped
 * when it starts with the gzip magic bytes 1f 8b (the name's ending does not matter). Every failure becomes a
 * {@link DatasetException} naming the file.
 */
final class DataFiles {
    private DataFiles() {}

    /** The contents of {@code file}, gunzipped if it is gzip data. */
    static byte[] read(Path file) {
        String name = nameOf(file);
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            Path dir = file.toAbsolutePath().getParent();
            throw DatasetException.of(name, "file not found in " + dir);
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
        return gunzipIfNeeded(raw, name);
    }

    /**
     * The contents of a classpath resource such as {@code /assets/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz},
     * gunzipped if it is gzip data. Works from the jar and from the build folder alike.
     */
    static byte[] readResource(String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        try (InputStream in = DataFiles.class.getResourceAsStream(resource)) {
            if (in == null) throw DatasetException.of(name, "resource " + resource + " is not on the classpath");
            return gunzipIfNeeded(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read resource " + resource + ": " + e.getMessage(), e);
        }
    }

    static boolean isGzip(byte[] raw) {
        return raw.length >= 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b;
    }

    static byte[] gunzipIfNeeded(byte[] raw, String name) {
        if (!isGzip(raw)) return raw;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw new DatasetException(name + ": gzip data is truncated (the file ends early)", e);
        } catch (ZipException e) {
            throw new DatasetException(name + ": gzip data is corrupt: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot gunzip: " + e.getMessage(), e);
        }
    }

    static String nameOf(Path file) {
        Path n = file.getFileName();
        return n == null ? file.toString() : n.toString();
    }

    /** Big-endian 32-bit integer at {@code offset}, the byte order of IDX headers. */
    static int bigEndianInt(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 24 | (b[offset + 1] & 0xFF) << 16 | (b[offset + 2] & 0xFF) << 8 | (b[offset + 3] & 0xFF);
    }
}
