package resnetlab.lessons;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the headless runner sizes a lesson.
 *
 * @param iterationScale every "train" action's iterations are multiplied by this (at least 1 iteration)
 * @param small          shrink everything for tests and quick checks: 8x8 images, width ≤ 4, 256 training
 *                       and 100 test images, batch ≤ 32, one seed, 1/50 of the iterations (at least 2), and
 *                       small experiments. Results of a small run show that the lesson runs, not its science.
 * @param threads        worker threads for training (at least 1)
 * @param dataDir        folder with MNIST or CIFAR-10 files, for lessons that use them (null if none)
 * @param language       the language of the words on the charts (null = {@link Language#EN})
 */
public record RunOptions(double iterationScale, boolean small, int threads, Path dataDir, Language language) {
    static final int SMALL_IMAGE = 8, SMALL_WIDTH = 4, SMALL_TRAIN = 256, SMALL_TEST = 100, SMALL_BATCH = 32;
    static final double SMALL_ITERATIONS = 0.02;

    public RunOptions {
        if (!(iterationScale > 0) || !Double.isFinite(iterationScale)) {
            throw new IllegalArgumentException("iteration scale " + iterationScale + " must be a positive number");
        }
        if (threads < 1) throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        if (language == null) language = Language.EN;
    }

    /** English charts. */
    public RunOptions(double iterationScale, boolean small, int threads, Path dataDir) {
        this(iterationScale, small, threads, dataDir, Language.EN);
    }

    /** The lesson as written, on all cores. */
    public static RunOptions defaults() {
        return new RunOptions(1, false, Runtime.getRuntime().availableProcessors(), null, Language.EN);
    }

    public RunOptions withSmall(boolean on) { return new RunOptions(iterationScale, on, threads, dataDir, language); }
    public RunOptions withThreads(int t) { return new RunOptions(iterationScale, small, t, dataDir, language); }
    public RunOptions withIterationScale(double s) { return new RunOptions(s, small, threads, dataDir, language); }
    public RunOptions withDataDir(Path d) { return new RunOptions(iterationScale, small, threads, d, language); }
    public RunOptions withLanguage(Language l) { return new RunOptions(iterationScale, small, threads, dataDir, l); }

    /** The words on the charts, in {@link #language()}. */
    ChartWords words() { return ChartWords.of(language); }

    /** The preset as this run uses it. */
    public Preset scale(Preset p) {
        if (!small) return p;
        int image = p.imageSize() == 0 ? SMALL_IMAGE : Math.min(p.imageSize(), SMALL_IMAGE);
        int train = p.trainSize() == 0 ? SMALL_TRAIN : Math.min(p.trainSize(), SMALL_TRAIN);
        int test = p.testSize() == 0 ? SMALL_TEST : Math.min(p.testSize(), SMALL_TEST);
        return p.withSize(image, train, test, Math.min(p.batch(), SMALL_BATCH), iterations(p.iterations()), new ArrayList<>(List.of(p.seeds().get(0))));
    }

    /** Iterations of a "train" action as this run uses them. */
    public int iterations(int asWritten) {
        double f = iterationScale * (small ? SMALL_ITERATIONS : 1);
        return Math.max(small ? 2 : 1, (int) Math.round(asWritten * f));
    }

    /** The width a model is built with. */
    public int width(int asWritten) {
        return small ? Math.min(asWritten, SMALL_WIDTH) : asWritten;
    }

    /** An experiment's size option as this run uses it: the lesson's value or the default, capped when small. */
    int experimentSize(int asWritten, int normal, int smallCap) {
        int v = asWritten > 0 ? asWritten : normal;
        return small ? Math.min(v, smallCap) : v;
    }
}
