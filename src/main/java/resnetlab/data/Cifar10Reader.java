package resnetlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 binary version (Krizhevsky 2009, {@code cifar-10-binary.tar.gz}) from a folder the user
 * names: {@code data_batch_1.bin} .. {@code data_batch_5.bin} (10,000 training images each) and
 * {@code test_batch.bin} (10,000 test images). A folder holding a {@code cifar-10-batches-bin} subfolder,
 * as the archive unpacks, is accepted too.
 *
 * <p>Each file is a run of 3073-byte records: one label byte (0..9), then 3072 pixel bytes, 1024 red,
 * 1024 green, 1024 blue, each channel 32 rows of 32. So a record is already one CHW image, and in a file
 * pixel (i, c, y, x) is byte {@code i*3073 + 1 + (c*32 + y)*32 + x}. Files may also be gzipped.
 */
public final class Cifar10Reader {
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int RECORD_BYTES = 1 + CHANNELS * SIDE * SIDE;
    /** Class names in label order, as in {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    public static final String SUBFOLDER = "cifar-10-batches-bin";

    private Cifar10Reader() {}

    /** One batch file. */
    public static ByteImages readBatch(Path file) {
        return parseBatch(DataFiles.read(file), DataFiles.nameOf(file));
    }

    /** The five training batches, concatenated in order: 50,000 images for the full set. */
    public static ByteImages readTrain(Path dir) {
        Path d = resolveFolder(dir);
        List<ByteImages> parts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) parts.add(readBatch(require(d, "data_batch_" + i + ".bin")));
        return ByteImages.concat(parts);
    }

    /** {@code test_batch.bin}: 10,000 images for the full set. */
    public static ByteImages readTest(Path dir) {
        return readBatch(require(resolveFolder(dir), "test_batch.bin"));
    }

    /** Parses the bytes of a batch file; {@code name} is used in error messages. */
    public static ByteImages parseBatch(byte[] b, String name) {
        if (b.length == 0) throw DatasetException.of(name, "file is empty");
        if (b.length % RECORD_BYTES != 0) {
            throw DatasetException.of(name, "length " + b.length + " is not a multiple of the " + RECORD_BYTES
                    + "-byte record (1 label byte + 3x32x32 pixel bytes): truncated, or not a CIFAR-10 binary batch");
        }
        int n = b.length / RECORD_BYTES, len = RECORD_BYTES - 1;
        byte[] pixels = new byte[n * len];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = b[i * RECORD_BYTES] & 0xFF;
            if (label >= CLASS_NAMES.size()) {
                throw DatasetException.of(name, "label " + label + " at record " + i + " is out of range 0.."
                        + (CLASS_NAMES.size() - 1));
            }
            labels[i] = label;
            System.arraycopy(b, i * RECORD_BYTES + 1, pixels, i * len, len);
        }
        return new ByteImages(pixels, labels, CHANNELS, SIDE, SIDE);
    }

    private static Path resolveFolder(Path dir) {
        if (!Files.isDirectory(dir)) throw DatasetException.of(dir.toString(), "folder does not exist");
        Path sub = dir.resolve(SUBFOLDER);
        if (!Files.exists(dir.resolve("test_batch.bin")) && Files.isDirectory(sub)) return sub;
        return dir;
    }

    private static Path require(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw DatasetException.of(name, "file not found in " + dir.toAbsolutePath() + " (a CIFAR-10 binary folder"
                    + " holds data_batch_1.bin .. data_batch_5.bin and test_batch.bin)");
        }
        return p;
    }
}
