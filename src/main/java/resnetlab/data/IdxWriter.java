package resnetlab.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX image and label files in the layout {@link IdxReader} describes; a name ending in {@code .gz}
 * is gzipped at the best compression level. Java's gzip header carries no time stamp, so the same content
 * gives the same bytes: the shipped Fashion-MNIST subset can be rebuilt and compared.
 */
public final class IdxWriter {
    private IdxWriter() {}

    /** Writes {@code count} images of rows x cols unsigned bytes, {@code pixels[(i*rows + y)*cols + x]}. */
    public static void writeImages(Path file, byte[] pixels, int count, int rows, int cols) throws IOException {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(count + " images of " + rows + "x" + cols + " need "
                    + (long) count * rows * cols + " bytes, got " + pixels.length);
        }
        try (var out = new DataOutputStream(open(file))) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        }
    }

    /** Writes labels, each in 0..255, as one unsigned byte each. */
    public static void writeLabels(Path file, int[] labels) throws IOException {
        try (var out = new DataOutputStream(open(file))) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] > 255) throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " does not fit a byte");
                out.write(labels[i]);
            }
        }
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        if (!DataFiles.nameOf(file).endsWith(".gz")) return raw;
        return new GZIPOutputStream(raw, 1 << 16) {
            { def.setLevel(Deflater.BEST_COMPRESSION); }
        };
    }
}
