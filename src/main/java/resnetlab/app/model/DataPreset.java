package resnetlab.app.model;

import java.nio.file.Path;
import resnetlab.data.DataSpec;

/**
 * The data a model trains on, sized for a live lesson on a laptop CPU (SCIENCE.md §5: small images, half
 * widths and subsets, said on screen). The Fashion-MNIST subset ships with resnet-lab; MNIST and CIFAR-10
 * need a folder with the original files, chosen in the app.
 *
 * @param key         stable name, used in session files and message keys ({@code data.<key>})
 * @param dataset     {@link DataSpec#name()}
 * @param imageSize   side of the images the nets see
 * @param trainSize   training images (class-balanced subset)
 * @param testSize    test images
 * @param needsFolder true when the files come from a user-chosen folder
 */
public record DataPreset(String key, String dataset, int imageSize, int trainSize, int testSize, boolean needsFolder) {
    public static final DataPreset FASHION_16 = new DataPreset("fashion16", "fashion", 16, 4000, 1000, false);
    public static final DataPreset FASHION_28 = new DataPreset("fashion28", "fashion", 28, 10000, 2000, false);
    public static final DataPreset SHAPES_16 = new DataPreset("shapes16", "shapes", 16, 4000, 1000, false);
    public static final DataPreset SHAPES_32 = new DataPreset("shapes32", "shapes", 32, 10000, 2000, false);
    /** A few hundred tiny images: for checking that everything runs, and for tests. */
    public static final DataPreset SHAPES_8 = new DataPreset("shapes8", "shapes", 8, 512, 128, false);
    public static final DataPreset MNIST_16 = new DataPreset("mnist16", "mnist", 16, 6000, 1000, true);
    public static final DataPreset CIFAR_16 = new DataPreset("cifar16", "cifar10", 16, 6000, 1000, true);
    public static final DataPreset CIFAR_32 = new DataPreset("cifar32", "cifar10", 32, 10000, 2000, true);

    public static final java.util.List<DataPreset> ALL =
            java.util.List.of(FASHION_16, FASHION_28, SHAPES_16, SHAPES_32, SHAPES_8, MNIST_16, CIFAR_16, CIFAR_32);

    public static final DataPreset DEFAULT = FASHION_16;

    /** Presets made for lessons whose data matches none of {@link #ALL}, by key. */
    private static final java.util.Map<String, DataPreset> MADE = new java.util.concurrent.ConcurrentHashMap<>();

    public static DataPreset byKey(String key) {
        for (DataPreset p : ALL) if (p.key.equals(key)) return p;
        DataPreset made = MADE.get(key);
        if (made != null) return made;
        String[] f = key.split("-"); // a lesson's preset, written into a session file
        if (f.length == 4 && DataSpec.NAMES.contains(f[0]) && f[1].matches("\\d{1,4}") && f[2].matches("\\d{1,7}") && f[3].matches("\\d{1,7}")) {
            return of(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
        }
        throw new IllegalArgumentException("unknown data preset '" + key + "'");
    }

    /**
     * The preset with this data: one of {@link #ALL} when it matches, else a new one (key
     * "dataset-size-train-test") that {@link #byKey} finds from then on. Lessons set their data up this way.
     */
    public static DataPreset of(String dataset, int imageSize, int trainSize, int testSize) {
        for (DataPreset p : ALL) {
            if (p.dataset.equals(dataset) && p.imageSize == imageSize && p.trainSize == trainSize && p.testSize == testSize) return p;
        }
        String key = dataset + "-" + imageSize + "-" + trainSize + "-" + testSize;
        boolean folder = dataset.equals("mnist") || dataset.equals("cifar10");
        return MADE.computeIfAbsent(key, k -> new DataPreset(k, dataset, imageSize, trainSize, testSize, folder));
    }

    /** The engine's data spec; {@code folder} is used only by presets that need one. */
    public DataSpec spec(Path folder, long seed) {
        if (needsFolder && folder == null) {
            throw new IllegalArgumentException(dataset + ": choose a data folder first (Data ▸ Data folder…)");
        }
        return new DataSpec(dataset, needsFolder ? folder : null, trainSize, testSize, imageSize, dataset.equals("shapes") ? seed : 0);
    }

    @Override public String toString() { return key; }
}
