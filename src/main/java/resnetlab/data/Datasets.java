package resnetlab.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Turns a {@link DataSpec} into a train/test {@link DataSplit}: the one entry point of the CLI and the app.
 *
 * <p>Steps: read the files (or draw the shapes) as bytes; take {@code trainSize} / {@code testSize} images,
 * the first of each class in file order ({@link Subsets#firstPerClass}), or all of them when the size is 0 or
 * equals what there is; convert to floats in [0, 1]; resize to {@code imageSize} if it is not 0 and not the
 * native size (area when shrinking, bilinear when enlarging). Pixels are not normalised here: call
 * {@link DataSplit#normalized()}.
 *
 * <p>Mistakes in the spec (unknown name, missing or needless data folder, sizes larger than the data) and bad
 * files raise {@link DatasetException} with a message meant for the user.
 */
public final class Datasets {
    /** Fashion-MNIST's classes in label order (Xiao, Rasul and Vollgraf 2017). */
    public static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** MNIST's classes: the digits. */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Sizes of the procedural set when the spec says 0. */
    public static final int SHAPES_TRAIN = 10_000, SHAPES_TEST = 2_000, SHAPES_SIZE = 32;

    /** The test shapes come from their own stream, so they are never copies of training images. */
    private static final long SHAPES_TEST_KEY = 0x7E57L;

    private Datasets() {}

    public static DataSplit load(DataSpec spec) {
        return switch (spec.name()) {
            case "shapes" -> shapes(spec);
            case "fashion" -> spec.dataDir() == null ? shippedFashion(spec) : idxFolder(spec, "Fashion-MNIST", FASHION_MNIST_CLASSES,
                    "Fashion-MNIST (Zalando Research, MIT licence), full set from " + spec.dataDir().toAbsolutePath());
            case "mnist" -> idxFolder(spec, "MNIST", MNIST_CLASSES,
                    "MNIST handwritten digits (LeCun, Cortes and Burges) from " + requireDir(spec).toAbsolutePath());
            case "cifar10" -> cifar10(spec);
            default -> throw new DatasetException("unknown dataset '" + spec.name() + "'; choose one of " + String.join(", ", DataSpec.NAMES));
        };
    }

    private static DataSplit shapes(DataSpec spec) {
        if (spec.dataDir() != null) throw new DatasetException("shapes: the procedural dataset is drawn, not read; give no data folder");
        int size = spec.imageSize() == 0 ? SHAPES_SIZE : spec.imageSize();
        int nTrain = spec.trainSize() == 0 ? SHAPES_TRAIN : spec.trainSize();
        int nTest = spec.testSize() == 0 ? SHAPES_TEST : spec.testSize();
        Dataset train = ProceduralShapes.generate(nTrain, size, spec.seed());
        Dataset test = ProceduralShapes.generate(nTest, size, Seeds.mix(spec.seed() ^ SHAPES_TEST_KEY));
        String about = "Procedural shapes and textures drawn by resnet-lab from seed " + spec.seed() + ", " + size + "x" + size + " RGB";
        return new DataSplit(train.named("shapes train", about + "; " + nTrain + " training images."),
                test.named("shapes test", about + "; " + nTest + " test images from a separate stream."));
    }

    private static DataSplit shippedFashion(DataSpec spec) {
        String about = "Fashion-MNIST (Zalando Research, MIT licence), the subset shipped with resnet-lab: the first "
                + FashionMnistSubset.TRAIN_PER_CLASS + " training and " + FashionMnistSubset.TEST_PER_CLASS
                + " test images of each class";
        return split(spec, "Fashion-MNIST", FASHION_MNIST_CLASSES, about,
                FashionMnistSubset.read("train"), FashionMnistSubset.read("t10k"), 28);
    }

    private static DataSplit idxFolder(DataSpec spec, String title, List<String> classes, String about) {
        Path dir = requireDir(spec);
        return split(spec, title, classes, about,
                IdxReader.readFolder(dir, "train", classes.size()), IdxReader.readFolder(dir, "t10k", classes.size()), 28);
    }

    private static DataSplit cifar10(DataSpec spec) {
        Path dir = requireDir(spec);
        return split(spec, "CIFAR-10", Cifar10Reader.CLASS_NAMES,
                "CIFAR-10 (Krizhevsky 2009), binary batches from " + dir.toAbsolutePath(),
                Cifar10Reader.readTrain(dir), Cifar10Reader.readTest(dir), Cifar10Reader.SIDE);
    }

    private static Path requireDir(DataSpec spec) {
        if (spec.dataDir() == null) {
            String what = spec.name().equals("cifar10") ? "data_batch_1.bin .. data_batch_5.bin and test_batch.bin"
                    : "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz";
            throw new DatasetException(spec.name() + ": needs a data folder holding " + what);
        }
        return spec.dataDir();
    }

    private static DataSplit split(DataSpec spec, String title, List<String> classes, String about,
                                   ByteImages train, ByteImages test, int nativeSide) {
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new DatasetException(title + ": training images are " + train.height() + "x" + train.width()
                    + " but test images are " + test.height() + "x" + test.width());
        }
        if (train.height() != nativeSide || train.width() != nativeSide) {
            throw new DatasetException(title + ": images are " + train.height() + "x" + train.width() + ", expected "
                    + nativeSide + "x" + nativeSide);
        }
        Dataset tr = take(train, spec.trainSize(), "trainSize", "training", title + " train", about, classes);
        Dataset te = take(test, spec.testSize(), "testSize", "test", title + " test", about, classes);
        if (spec.imageSize() != 0) {
            tr = tr.resized(spec.imageSize());
            te = te.resized(spec.imageSize());
        }
        return new DataSplit(tr, te);
    }

    private static Dataset take(ByteImages all, int size, String param, String half, String name, String about,
                                List<String> classes) {
        if (size > all.count()) {
            throw new DatasetException(name + ": " + param + " " + size + " is larger than the " + all.count() + " "
                    + half + " images available");
        }
        if (size == 0 || size == all.count()) {
            return all.toDataset(name, about + "; all " + all.count() + " " + half + " images.", classes);
        }
        int[] picked;
        try {
            picked = Subsets.firstPerClass(all.labels(), classes.size(), size);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(name + ": " + param + " " + size + ": " + e.getMessage(), e);
        }
        return all.toDataset(picked, name, about + "; " + size + " of " + all.count() + " " + half
                + " images, the first of each class.", classes);
    }
}
