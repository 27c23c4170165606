package resnetlab.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX and CIFAR-10 bytes by hand, independently of {@link IdxWriter}, for the reader tests. */
final class TestFiles {
    private TestFiles() {}

    /** An IDX header with the given magic and sizes, followed by {@code data}. */
    static byte[] idx(int magic, int[] sizes, byte[] data) {
        try {
            var bytes = new ByteArrayOutputStream();
            var out = new DataOutputStream(bytes);
            out.writeInt(magic);
            for (int s : sizes) out.writeInt(s);
            out.write(data);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Images whose pixel (i, y, x) is {@code (i*31 + y*7 + x) & 0xFF}. */
    static byte[] imagePixels(int count, int rows, int cols) {
        byte[] p = new byte[count * rows * cols];
        for (int i = 0; i < count; i++)
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < cols; x++) p[(i * rows + y) * cols + x] = (byte) (i * 31 + y * 7 + x);
        return p;
    }

    static byte[] imageFile(int count, int rows, int cols) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, imagePixels(count, rows, cols));
    }

    static byte[] labelFile(int... labels) {
        byte[] d = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) d[i] = (byte) labels[i];
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, d);
    }

    /** Labels 0, 1, .., 9, 0, 1, .. */
    static int[] cyclicLabels(int count) {
        int[] l = new int[count];
        for (int i = 0; i < count; i++) l[i] = i % 10;
        return l;
    }

    static byte[] gzip(byte[] raw) {
        try {
            var bytes = new ByteArrayOutputStream();
            try (var gz = new GZIPOutputStream(bytes)) { gz.write(raw); }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An MNIST-style folder: train and t10k images of rows x cols with cyclic labels, gzipped. */
    static Path mnistFolder(Path dir, int train, int test, int rows, int cols) {
        write(dir, "train-images-idx3-ubyte.gz", gzip(imageFile(train, rows, cols)));
        write(dir, "train-labels-idx1-ubyte.gz", gzip(labelFile(cyclicLabels(train))));
        write(dir, "t10k-images-idx3-ubyte.gz", gzip(imageFile(test, rows, cols)));
        write(dir, "t10k-labels-idx1-ubyte.gz", gzip(labelFile(cyclicLabels(test))));
        return dir;
    }

    /**
     * CIFAR-10 records: label {@code labels[i]}, pixel (c, y, x) of record i is {@code (i*13 + c*100 + y*3 + x) & 0xFF}.
     */
    static byte[] cifarBatch(int... labels) {
        byte[] b = new byte[labels.length * Cifar10Reader.RECORD_BYTES];
        for (int i = 0; i < labels.length; i++) {
            int o = i * Cifar10Reader.RECORD_BYTES;
            b[o] = (byte) labels[i];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++) b[o + 1 + (c * 32 + y) * 32 + x] = (byte) (i * 13 + c * 100 + y * 3 + x);
        }
        return b;
    }
}
