package resnetlab.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads MNIST and Fashion-MNIST files in the IDX format, gzipped or raw (detected by the gzip magic bytes,
 * not the name).
 *
 * <p>IDX layout (big-endian): a magic number {@code 0x0000TTDD} (TT = data type, 0x08 for unsigned byte;
 * DD = number of dimensions), then DD 32-bit sizes, then the data in row-major order.
 * <ul>
 *   <li>images: magic {@code 0x00000803}, sizes (count, rows, cols), then count*rows*cols bytes; pixel
 *       (i, y, x) is byte {@code 16 + (i*rows + y)*cols + x};</li>
 *   <li>labels: magic {@code 0x00000801}, size (count), then count bytes.</li>
 * </ul>
 * A file whose length differs from what its header promises is rejected, as are labels outside
 * 0..numClasses-1 and an image count that differs from the label count.
 */
public final class IdxReader {
    /** Unsigned-byte data in 3 dimensions (count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned-byte data in 1 dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /** The images of an IDX image file: {@code pixels[(i*rows + y)*cols + x]}, unsigned. */
    public record Images(byte[] pixels, int count, int rows, int cols) {}

    public static Images readImages(Path file) {
        return parseImages(DataFiles.read(file), DataFiles.nameOf(file));
    }

    /** Labels of an IDX label file, each checked to lie in 0..numClasses-1. */
    public static int[] readLabels(Path file, int numClasses) {
        return parseLabels(DataFiles.read(file), DataFiles.nameOf(file), numClasses);
    }

    /** Reads an image file and its label file and checks that they agree; the images get one channel. */
    public static ByteImages readLabelled(Path images, Path labels, int numClasses) {
        return pair(readImages(images), DataFiles.nameOf(images), readLabels(labels, numClasses), DataFiles.nameOf(labels));
    }

    /** As {@link #readLabelled(Path, Path, int)} for classpath resources (the shipped Fashion-MNIST subset). */
    public static ByteImages readLabelledResources(String images, String labels, int numClasses) {
        String imagesName = images.substring(images.lastIndexOf('/') + 1);
        String labelsName = labels.substring(labels.lastIndexOf('/') + 1);
        return pair(parseImages(DataFiles.readResource(images), imagesName), imagesName,
                parseLabels(DataFiles.readResource(labels), labelsName, numClasses), labelsName);
    }

    /**
     * Reads one half of an MNIST-style folder: {@code split} is {@code "train"} or {@code "t10k"}, and the files
     * are {@code <split>-images-idx3-ubyte} and {@code <split>-labels-idx1-ubyte}, each with or without
     * {@code .gz} (the spelling {@code <split>-images.idx3-ubyte} of some mirrors is accepted too).
     */
    public static ByteImages readFolder(Path dir, String split, int numClasses) {
        if (!Files.isDirectory(dir)) throw DatasetException.of(dir.toString(), "folder does not exist");
        Path images = find(dir, split + "-images-idx3-ubyte", split + "-images.idx3-ubyte");
        Path labels = find(dir, split + "-labels-idx1-ubyte", split + "-labels.idx1-ubyte");
        return readLabelled(images, labels, numClasses);
    }

    private static Path find(Path dir, String name, String altName) {
        for (String n : new String[] {name + ".gz", name, altName + ".gz", altName}) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) return p;
        }
        throw DatasetException.of(name + ".gz", "file not found in " + dir.toAbsolutePath()
                + " (nor " + name + " without .gz)");
    }

    /** Parses the bytes of an image file; {@code name} is used in error messages. */
    public static Images parseImages(byte[] b, String name) {
        checkMagic(b, name, IMAGES_MAGIC, "images");
        if (b.length < 16) throw DatasetException.of(name, "truncated header: " + b.length + " bytes, an IDX image header needs 16");
        int count = DataFiles.bigEndianInt(b, 4), rows = DataFiles.bigEndianInt(b, 8), cols = DataFiles.bigEndianInt(b, 12);
        if (count < 0) throw DatasetException.of(name, "negative image count " + count + " in the header");
        if (rows < 1 || cols < 1) throw DatasetException.of(name, "wrong dimensions " + rows + "x" + cols + " in the header");
        long need = 16 + (long) count * rows * cols;
        if (b.length != need) {
            throw DatasetException.of(name, (b.length < need ? "truncated: " : "too long: ") + "the header promises "
                    + count + " images of " + rows + "x" + cols + " (" + need + " bytes), the data has " + b.length + " bytes");
        }
        byte[] pixels = new byte[(int) (need - 16)];
        System.arraycopy(b, 16, pixels, 0, pixels.length);
        return new Images(pixels, count, rows, cols);
    }

    /** Parses the bytes of a label file and checks every label against 0..numClasses-1. */
    public static int[] parseLabels(byte[] b, String name, int numClasses) {
        checkMagic(b, name, LABELS_MAGIC, "labels");
        if (b.length < 8) throw DatasetException.of(name, "truncated header: " + b.length + " bytes, an IDX label header needs 8");
        int count = DataFiles.bigEndianInt(b, 4);
        if (count < 0) throw DatasetException.of(name, "negative label count " + count + " in the header");
        long need = 8 + (long) count;
        if (b.length != need) {
            throw DatasetException.of(name, (b.length < need ? "truncated: " : "too long: ") + "the header promises "
                    + count + " labels (" + need + " bytes), the data has " + b.length + " bytes");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int v = b[8 + i] & 0xFF;
            if (v >= numClasses) {
                throw DatasetException.of(name, "label " + v + " at index " + i + " is out of range 0.." + (numClasses - 1));
            }
            labels[i] = v;
        }
        return labels;
    }

    /** Joins images and labels after checking that the counts agree. */
    static ByteImages pair(Images images, String imagesName, int[] labels, String labelsName) {
        if (images.count() != labels.length) {
            throw DatasetException.of(imagesName, "has " + images.count() + " images but " + labelsName + " has "
                    + labels.length + " labels");
        }
        return new ByteImages(images.pixels(), labels, 1, images.rows(), images.cols());
    }

    private static void checkMagic(byte[] b, String name, int expected, String what) {
        if (b.length < 4) {
            throw DatasetException.of(name, "file is too short for an IDX header (" + b.length + " bytes)");
        }
        int magic = DataFiles.bigEndianInt(b, 0);
        if (magic == expected) return;
        String hint;
        if (magic == IMAGES_MAGIC) hint = " (that is an IDX image file)";
        else if (magic == LABELS_MAGIC) hint = " (that is an IDX label file)";
        else if ((magic >>> 16) == 0 && (magic >>> 8 & 0xFF) != 0x08) hint = " (only unsigned-byte data, type 0x08, is supported)";
        else hint = " (not an IDX file?)";
        throw DatasetException.of(name, String.format("wrong magic number 0x%08X, expected 0x%08X for IDX %s%s",
                magic, expected, what, hint));
    }
}
