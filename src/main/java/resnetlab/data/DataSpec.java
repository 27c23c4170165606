package resnetlab.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What data a run uses, as the CLI and the app state it; {@link Datasets#load} turns it into a {@link DataSplit}.
 *
 * @param name      {@code "shapes"}, {@code "fashion"}, {@code "mnist"} or {@code "cifar10"} (any case; the
 *                  spellings {@code "fashion-mnist"} and {@code "cifar-10"} are accepted)
 * @param dataDir   folder with the files: null for {@code shapes} and for the shipped Fashion-MNIST subset;
 *                  for {@code fashion} a folder with the four IDX files of the full set; required for
 *                  {@code mnist} (the four IDX files) and {@code cifar10} (the binary batches)
 * @param trainSize training images, class-balanced; 0 = all there are (10,000 shipped Fashion-MNIST, 60,000
 *                  MNIST or full Fashion-MNIST, 50,000 CIFAR-10; 10,000 shapes)
 * @param testSize  test images, class-balanced; 0 = all there are (2,000 shipped Fashion-MNIST, 10,000 for the
 *                  full files; 2,000 shapes)
 * @param imageSize side of the square images the network sees: 0 = native (28 for MNIST-style data, 32 for
 *                  CIFAR-10 and shapes); otherwise {@value #MIN_IMAGE_SIZE} to {@value #MAX_IMAGE_SIZE}
 * @param seed      draws the shapes; subsets of file data are the first images of each class and do not
 *                  depend on it
 */
public record DataSpec(String name, Path dataDir, int trainSize, int testSize, int imageSize, long seed) {
    /** The dataset names {@link Datasets#load} knows. */
    public static final List<String> NAMES = List.of("shapes", "fashion", "mnist", "cifar10");
    public static final int MIN_IMAGE_SIZE = 8;
    public static final int MAX_IMAGE_SIZE = 128;

    public DataSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("no dataset name; choose one of " + String.join(", ", NAMES));
        name = canonical(name);
        if (trainSize < 0) throw new IllegalArgumentException("trainSize must not be negative, got " + trainSize);
        if (testSize < 0) throw new IllegalArgumentException("testSize must not be negative, got " + testSize);
        if (imageSize != 0 && (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE)) {
            throw new IllegalArgumentException("imageSize must be 0 (native) or " + MIN_IMAGE_SIZE + ".." + MAX_IMAGE_SIZE
                    + ", got " + imageSize);
        }
    }

    /** The shipped Fashion-MNIST subset at native size: 10,000 train / 2,000 test images of 28x28. */
    public static DataSpec shippedFashion() {
        return new DataSpec("fashion", null, 0, 0, 0, 0);
    }

    private static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "fashion-mnist", "fashion_mnist", "fashionmnist" -> n = "fashion";
            case "cifar-10", "cifar_10", "cifar" -> n = "cifar10";
            default -> { }
        }
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; choose one of " + String.join(", ", NAMES));
        }
        return n;
    }
}
