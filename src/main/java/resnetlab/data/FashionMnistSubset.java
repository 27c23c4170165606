package resnetlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Fashion-MNIST subset that ships with resnet-lab: 1,000 training and 200 test images of each of the ten
 * classes, 10,000 / 2,000 in all, kept in the original IDX gzip format in {@code assets/datasets/fashion-mnist/}.
 *
 * <p>How it is made ({@link #write}): read the full set (60,000 / 10,000 images; on Debian the package
 * {@code dataset-fashion-mnist} installs it in {@value #SYSTEM_DIR}); in each file keep the first 1,000
 * (train) or 200 (test) images of every class in file order ({@link Subsets#firstPerClass}), so classes stay
 * interleaved as in the original; write them with {@link IdxWriter}, gzip level 9. Running it again on the
 * same files gives the same bytes.
 *
 * <p>At run time the files are read from the classpath as {@value #RESOURCE_DIR}{@code ...}, which works from
 * the jar and from a Maven build alike ({@link #read}).
 */
public final class FashionMnistSubset {
    public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";
    public static final String RESOURCE_DIR = "/assets/datasets/fashion-mnist/";
    public static final int TRAIN_PER_CLASS = 1000;
    public static final int TEST_PER_CLASS = 200;
    public static final int CLASSES = 10;

    private FashionMnistSubset() {}

    /** One half of the shipped subset from the classpath; {@code split} is {@code "train"} or {@code "t10k"}. */
    public static ByteImages read(String split) {
        if (!split.equals("train") && !split.equals("t10k")) throw new IllegalArgumentException("split is train or t10k, got " + split);
        return IdxReader.readLabelledResources(RESOURCE_DIR + split + "-images-idx3-ubyte.gz",
                RESOURCE_DIR + split + "-labels-idx1-ubyte.gz", CLASSES);
    }

    /** Reads the full set from {@code sourceDir} and writes the four subset files into {@code outDir}. */
    public static void write(Path sourceDir, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        writeSplit(sourceDir, outDir, "train", TRAIN_PER_CLASS * CLASSES);
        writeSplit(sourceDir, outDir, "t10k", TEST_PER_CLASS * CLASSES);
    }

    private static void writeSplit(Path sourceDir, Path outDir, String split, int total) throws IOException {
        ByteImages full = IdxReader.readFolder(sourceDir, split, CLASSES);
        int[] keep = Subsets.firstPerClass(full.labels(), CLASSES, total);
        int len = full.imageLength();
        byte[] pixels = new byte[keep.length * len];
        int[] labels = new int[keep.length];
        for (int k = 0; k < keep.length; k++) {
            System.arraycopy(full.pixels(), keep[k] * len, pixels, k * len, len);
            labels[k] = full.labels()[keep[k]];
        }
        IdxWriter.writeImages(outDir.resolve(split + "-images-idx3-ubyte.gz"), pixels, keep.length, full.height(), full.width());
        IdxWriter.writeLabels(outDir.resolve(split + "-labels-idx1-ubyte.gz"), labels);
    }

    /**
     * Rebuilds the shipped files: {@code java resnetlab.data.FashionMnistSubset [sourceDir [outDir]]}, by default
     * from {@value #SYSTEM_DIR} into {@code assets/datasets/fashion-mnist} of the working folder.
     */
    public static void main(String[] args) throws IOException {
        Path source = Path.of(args.length > 0 ? args[0] : SYSTEM_DIR);
        Path out = Path.of(args.length > 1 ? args[1] : "assets/datasets/fashion-mnist");
        write(source, out);
    }
}
