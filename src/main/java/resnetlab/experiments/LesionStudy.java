package resnetlab.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import resnetlab.Version;
import resnetlab.data.Dataset;
import resnetlab.model.Network;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ResidualBlock;
import resnetlab.nn.GlobalAvgPool;
import resnetlab.nn.SoftmaxCrossEntropy;
import resnetlab.tensor.Stats;
import resnetlab.tensor.Tensor;
import resnetlab.train.Evaluation;
import resnetlab.train.RunConfig;

/**
 * Lesions of a trained net at test time (Veit, Wilber, Belongie 2016, §4; SCIENCE.md §3), without retraining.
 *
 * <ul>
 * <li>{@link #deleteBlock}: one block removed, y_i = y_{i−1} (the block's bypass: the identity, or the
 *     option-A / projection map where the shape changes). A residual net barely notices, except at the
 *     downsampling blocks; a plain net, whose block is a pair of layers with nothing beside it, falls towards
 *     chance.</li>
 * <li>{@link #randomDeletions}: k random blocks removed together, R seeded samples per k: error rises
 *     smoothly with k for a residual net.</li>
 * <li>{@link #randomSwaps}: k random swaps of two same-shape blocks (same stage, neither downsampling); the
 *     error against Kendall's τ between the resulting order and the original.</li>
 * </ul>
 *
 * Everything runs in eval mode: the BN running statistics from training are kept, as in the paper. The test
 * error is measured on a class-balanced subset of {@link Config#testSize()} test images drawn with the seed
 * (all of them for 0), the same subset for every lesion. The study takes the network over: every method
 * leaves it restored (no deletion, build order). Not thread-safe: one thread at a time per network, and its
 * weights must not change while the study is in use.
 *
 * <p><b>Speed.</b> In eval mode every image goes through the net independently of its batch, and a lesion that
 * first touches the block at position p leaves the activations before p unchanged. So the study keeps the input
 * of every block for the test subset (when that fits in {@value #CACHE_BUDGET_MB} MB) and runs a lesion from
 * the first touched position on: deleting block p costs the blocks after p, not the whole net. The cached path
 * is checked once against {@link Network#forward} (the same errors on the intact net) and is not used if they
 * differ.
 */
public final class LesionStudy {

    /** What the result says about the network's mode, in words. */
    public static final String EVAL_MODE = "eval mode: BN running statistics from training kept; no retraining";

    /**
     * @param testSize  test images (class-balanced, seeded); 0 = the whole test set
     * @param samples   R: random choices per k, for deletions and swaps
     * @param seed      draws the subset, the deleted blocks and the swaps
     * @param deletions the k of "delete k random blocks"; null = 0..n
     * @param swaps     the k of "swap k random pairs"; null = 0..n
     * @param batch     evaluation batch size; {@link Evaluation#AUTO_BATCH} (0): the engine's choice for the machine's
     *                  caches ({@link Network#cacheBatch()})
     */
    public record Config(int testSize, int samples, long seed, List<Integer> deletions, List<Integer> swaps, int batch) {
        public Config {
            deletions = deletions == null ? null : List.copyOf(deletions);
            swaps = swaps == null ? null : List.copyOf(swaps);
        }

        public static Config defaults() { return new Config(500, 10, 1, null, null, Evaluation.AUTO_BATCH); }

        /** The evaluation batch for {@code net}: {@link #batch}, or the engine's choice where it is 0. */
        public int batchFor(Network net) { return Evaluation.batchFor(batch, net); }

        public Config validate() {
            List<String> p = new ArrayList<>();
            if (testSize < 0) p.add("test size " + testSize + " must not be negative (0 = the whole test set)");
            if (samples < 1) p.add("samples " + samples + " must be at least 1");
            if (batch < 0) p.add("batch " + batch + " must be at least 1, or 0 for the engine's choice");
            if (deletions != null) for (int k : deletions) if (k < 0) p.add("cannot delete " + k + " blocks");
            if (swaps != null) for (int k : swaps) if (k < 0) p.add("cannot make " + k + " swaps");
            if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
            return this;
        }
    }

    /**
     * One block deleted.
     *
     * @param increase testError − baseline error
     */
    public record SingleBlock(int block, String name, int stage, boolean downsampling, double testError, double increase) {}

    /**
     * k random blocks deleted, over {@code samples} choices (every choice when there are no more than R).
     *
     * @param stdError sample standard deviation over the choices (0 for one)
     */
    public record RandomK(int k, int samples, boolean exact, double meanError, double stdError, double minError, double maxError) {}

    /** k random swaps of same-shape blocks, over {@code samples} draws. */
    public record Reorder(int swaps, int samples, double meanTau, double meanError, double stdError) {}

    /** One draw of a reordering: its Kendall τ to the build order and its test error. */
    public record ReorderSample(int swaps, double tau, double error) {}

    /**
     * The single-block numbers in brief.
     *
     * @param medianIncrease        median over all blocks of (error − baseline)
     * @param medianIncreaseInStage median over the blocks that keep the shape
     * @param maxIncrease           the largest increase, at {@code maxBlock}
     */
    public record Summary(double medianIncrease, double medianIncreaseInStage, double maxIncrease, int maxBlock) {}

    /**
     * What a lesion study found and how it was made.
     *
     * @param version  code version that made it
     * @param command  the command line, or null when made by the app
     * @param source   where the network came from, or null
     * @param training how the network was trained (from its checkpoint), or null
     * @param mode     {@link #EVAL_MODE}
     */
    public record Result(String version, String command, String source, String network, NetworkSpec model,
                         RunConfig training, Config config, String mode, int n, int testImages, double baselineError,
                         List<SingleBlock> singleBlock, Summary summary, List<RandomK> randomK, List<Reorder> reorder,
                         List<ReorderSample> reorderSamples, double seconds) {
        public Result withProvenance(String command, String source, RunConfig training) {
            return new Result(version, command, source, network, model, training, config, mode, n, testImages,
                    baselineError, singleBlock, summary, randomK, reorder, reorderSamples, seconds);
        }
    }

    /** Reports how far a long computation is; called on the computing thread. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total, String message);
        Progress NONE = (d, t, m) -> { };
    }

    /** Memory the block-input cache may take. */
    public static final int CACHE_BUDGET_MB = 384;

    private final Network net;
    private final Dataset test;
    private final Config config;
    private double baseline = Double.NaN;
    private BlockInputs cache;          // null until the baseline is computed; stays null if it does not fit

    /**
     * @param net  a trained network (any shortcut type, plain included)
     * @param test the test set, preprocessed as at training time
     */
    public LesionStudy(Network net, Dataset test, Config config) {
        this.net = net;
        this.config = config.validate();
        if (config.testSize() > test.size()) {
            throw new IllegalArgumentException("test size " + config.testSize() + " is larger than the " + test.size() + " test images");
        }
        if (config.testSize() > 0 && config.testSize() < test.numClasses()) {
            throw new IllegalArgumentException("test size " + config.testSize() + " is smaller than the " + test.numClasses()
                    + " classes; use at least one image per class");
        }
        this.test = config.testSize() == 0 || config.testSize() == test.size() ? test : test.randomPerClass(config.testSize(), config.seed());
        if (net.spec().inChannels() != test.channels() || net.spec().imageSize() != test.height()) {
            throw new IllegalArgumentException("the network expects " + net.spec().inChannels() + "x" + net.spec().imageSize() + "x"
                    + net.spec().imageSize() + " images, the test set has " + test.channels() + "x" + test.height() + "x" + test.width());
        }
    }

    public Network network() { return net; }
    public Config config() { return config; }
    /** The images every lesion is measured on. */
    public Dataset testSubset() { return test; }
    public int blocks() { return net.blocks().size(); }

    /** Test error of the intact net (computed once, through {@link Network#forward}). */
    public double baselineError() {
        if (Double.isNaN(baseline)) {
            net.restoreAll();
            baseline = Evaluation.evaluate(net, test, config.batchFor(net), 0).error();
            cache = BlockInputs.build(net, test, config.batchFor(net), baseline);
        }
        return baseline;
    }

    /** True when lesions run from the cached block inputs (see the class comment). */
    public boolean usesCache() {
        baselineError();
        return cache != null;
    }

    /** Test error with one block deleted: what the app shows when a block is clicked. */
    public SingleBlock deleteBlock(int block) {
        checkBlock(block);
        double base = baselineError();
        double error = errorWithout(block);
        ResidualBlock b = net.blocks().get(block);
        return new SingleBlock(block, b.name(), b.stage(), b.isDownsampling(), error, error - base);
    }

    /** Test error with the given blocks (build indices, distinct) deleted together. */
    public double errorWithout(int... blocks) {
        boolean[] seen = new boolean[blocks()];
        for (int b : blocks) {
            checkBlock(b);
            if (seen[b]) throw new IllegalArgumentException("block " + b + " is listed twice");
            seen[b] = true;
        }
        baselineError();
        net.restoreAll();
        try {
            int first = blocks();
            for (int b : blocks) {
                net.blocks().get(b).setDeleted(true);
                first = Math.min(first, b); // build order: position = index
            }
            return evaluateFrom(first);
        } finally {
            net.restoreAll();
        }
    }

    /** Test error with the blocks executed in {@code order} (a permutation swapping only same-shape blocks). */
    public double errorWithOrder(int[] order) {
        baselineError();
        net.restoreAll();
        try {
            net.setOrder(order);
            int first = 0;
            while (first < order.length && order[first] == first) first++;
            return evaluateFrom(first);
        } finally {
            net.restoreAll();
        }
    }

    /** Every block deleted in turn. */
    public List<SingleBlock> singleBlocks(Progress progress, BooleanSupplier cancelled) {
        List<SingleBlock> out = new ArrayList<>();
        for (int b = 0; b < blocks(); b++) {
            checkCancelled(cancelled);
            SingleBlock s = deleteBlock(b);
            out.add(s);
            progress.update(b + 1, blocks(), String.format("deleted block %d (%s%s): test error %.4f (%+.4f)", b + 1, s.name(),
                    s.downsampling() ? ", downsampling" : "", s.testError(), s.increase()));
        }
        return List.copyOf(out);
    }

    /** For each k: k random blocks deleted together, {@code samples} seeded draws (every subset if there are fewer). */
    public List<RandomK> randomDeletions(List<Integer> ks, Progress progress, BooleanSupplier cancelled) {
        int n = blocks();
        for (int k : ks) {
            if (k < 0 || k > n) throw new IllegalArgumentException("cannot delete " + k + " of " + n + " blocks (k must be 0.." + n + ")");
        }
        var counts = PathLengths.pathCounts(n);
        List<RandomK> out = new ArrayList<>();
        int step = 0;
        for (int k : ks) {
            boolean exact = counts[k].compareTo(java.math.BigInteger.valueOf(config.samples())) <= 0;
            int draws = exact ? counts[k].intValueExact() : config.samples();
            double[] errors = new double[draws];
            SplittableRandom rng = new SplittableRandom(mix(config.seed(), 1, k));
            int[] subset = new int[k];
            for (int i = 0; i < k; i++) subset[i] = i;
            for (int s = 0; s < draws; s++) {
                checkCancelled(cancelled);
                int[] chosen;
                if (exact) {
                    chosen = subset.clone();
                    nextCombination(subset, n);
                } else {
                    chosen = randomSubset(n, k, rng);
                }
                errors[s] = errorWithout(chosen);
            }
            double mean = Stats.mean(errors);
            out.add(new RandomK(k, draws, exact, mean, Stats.std(errors, mean), Arrays.stream(errors).min().orElse(Double.NaN),
                    Arrays.stream(errors).max().orElse(Double.NaN)));
            progress.update(++step, ks.size(), String.format("deleted %d random blocks: test error %.4f ± %.4f (%d draws)",
                    k, mean, Stats.std(errors, mean), draws));
        }
        return List.copyOf(out);
    }

    /** Result of {@link #randomSwaps}: the summary per k and every draw. */
    public record Swaps(List<Reorder> summary, List<ReorderSample> samples) {}

    /** For each k: k random swaps of two same-shape blocks, {@code samples} seeded draws; error and Kendall τ. */
    public Swaps randomSwaps(List<Integer> ks, Progress progress, BooleanSupplier cancelled) {
        int[][] pairs = swappablePairs();
        for (int k : ks) {
            if (k < 0) throw new IllegalArgumentException("cannot make " + k + " swaps");
            if (k > 0 && pairs.length == 0) {
                throw new IllegalArgumentException(net.spec().displayName() + " has no two blocks of the same shape to swap");
            }
        }
        List<Reorder> summary = new ArrayList<>();
        List<ReorderSample> samples = new ArrayList<>();
        int step = 0;
        for (int k : ks) {
            int draws = k == 0 ? 1 : config.samples();
            double[] errors = new double[draws], taus = new double[draws];
            SplittableRandom rng = new SplittableRandom(mix(config.seed(), 2, k));
            for (int s = 0; s < draws; s++) {
                checkCancelled(cancelled);
                int[] order = identity(blocks());
                for (int i = 0; i < k; i++) {
                    int[] p = pairs[rng.nextInt(pairs.length)];
                    int t = order[p[0]]; order[p[0]] = order[p[1]]; order[p[1]] = t;
                }
                taus[s] = kendallTau(order);
                errors[s] = errorWithOrder(order);
                samples.add(new ReorderSample(k, taus[s], errors[s]));
            }
            double mean = Stats.mean(errors);
            summary.add(new Reorder(k, draws, Stats.mean(taus), mean, Stats.std(errors, mean)));
            progress.update(++step, ks.size(), String.format("%d random swaps: Kendall τ %.3f, test error %.4f ± %.4f",
                    k, Stats.mean(taus), mean, Stats.std(errors, mean)));
        }
        return new Swaps(List.copyOf(summary), List.copyOf(samples));
    }

    /** The whole study: baseline, every single block, k random deletions, k random swaps. */
    public Result run(Progress progress, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        int n = blocks();
        List<Integer> deletions = config.deletions() != null ? config.deletions() : range(n);
        List<Integer> swaps = config.swaps() != null ? config.swaps() : range(n);
        for (int k : deletions) {
            if (k > n) throw new IllegalArgumentException("cannot delete " + k + " of " + n + " blocks (k must be 0.." + n + ")");
        }
        double base = baselineError();
        progress.update(0, 3, String.format("%s intact: test error %.4f on %d images", net.spec().displayName(), base, test.size()));
        List<SingleBlock> single = singleBlocks(progress, cancelled);
        List<RandomK> randomK = randomDeletions(deletions, progress, cancelled);
        Swaps sw = swaps.isEmpty() ? new Swaps(List.of(), List.of()) : randomSwaps(swaps, progress, cancelled);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(Version.get(), null, null, net.spec().displayName(), net.spec(), null, config, EVAL_MODE, n,
                test.size(), base, single, summarize(single), randomK, sw.summary(), sw.samples(), seconds);
    }

    /** The medians and maximum of the single-block increases. */
    public static Summary summarize(List<SingleBlock> single) {
        if (single.isEmpty()) return new Summary(Double.NaN, Double.NaN, Double.NaN, -1);
        double[] all = single.stream().mapToDouble(SingleBlock::increase).toArray();
        double[] inStage = single.stream().filter(s -> !s.downsampling()).mapToDouble(SingleBlock::increase).toArray();
        SingleBlock max = single.get(0);
        for (SingleBlock s : single) if (s.increase() > max.increase()) max = s;
        return new Summary(Stats.median(all), Stats.median(inStage), max.increase(), max.block());
    }

    /**
     * Kendall's τ between an order of n distinct items and 0..n−1: 1 − 4·(discordant pairs)/(n(n−1)).
     * 1 for the build order, −1 for its reverse; 1 for n &lt; 2.
     */
    public static double kendallTau(int[] order) {
        int n = order.length;
        if (n < 2) return 1;
        long inversions = 0;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (order[i] > order[j]) inversions++;
        return 1 - 4.0 * inversions / ((double) n * (n - 1));
    }

    /** Positions (i, j), i &lt; j, whose blocks may trade places: same stage, neither changes the shape. */
    public int[][] swappablePairs() {
        List<int[]> pairs = new ArrayList<>();
        List<ResidualBlock> bs = net.blocks();
        for (int i = 0; i < bs.size(); i++) {
            for (int j = i + 1; j < bs.size(); j++) {
                ResidualBlock a = bs.get(i), b = bs.get(j);
                if (a.stage() == b.stage() && !a.isDownsampling() && !b.isDownsampling()) pairs.add(new int[] {i, j});
            }
        }
        return pairs.toArray(new int[0][]);
    }

    /** Test error of the net in its current state, whose first {@code position} blocks are as at the baseline. */
    private double evaluateFrom(int position) {
        if (position >= blocks()) return baseline;
        return cache != null ? cache.errorFrom(net, position) : Evaluation.evaluate(net, test, config.batchFor(net), 0).error();
    }

    /**
     * The input of every block position for every test batch, taken from the intact net in eval mode.
     * {@code inputs[p][b]} is the input of the block at position p for batch b (p = 0: the stem's output).
     */
    private static final class BlockInputs {
        private final Tensor[][] inputs;
        private final int[][] labels;
        private final int images;
        private final GlobalAvgPool pool = new GlobalAvgPool();
        private final SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();

        private BlockInputs(Tensor[][] inputs, int[][] labels, int images) {
            this.inputs = inputs;
            this.labels = labels;
            this.images = images;
        }

        /** The cache, or null when it would exceed the budget or disagrees with {@code Network.forward}. */
        static BlockInputs build(Network net, Dataset test, int batch, double baselineError) {
            List<ResidualBlock> blocks = net.blocks();
            var spec = net.spec();
            long floatsPerImage = 0;
            int size = spec.imageSize();
            for (ResidualBlock b : blocks) {
                floatsPerImage += (long) b.inChannels() * size * size;
                if (b.stride() > 1) size = (size + b.stride() - 1) / b.stride();
            }
            if (floatsPerImage * test.size() * 4 > CACHE_BUDGET_MB * (1L << 20)) return null;
            int batches = (test.size() + batch - 1) / batch;
            Tensor[][] inputs = new Tensor[blocks.size()][batches];
            int[][] labels = new int[batches][];
            for (int b = 0; b < batches; b++) {
                int from = b * batch, to = Math.min(test.size(), from + batch);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) idx[i] = from + i;
                Dataset part = test.select(idx);
                labels[b] = part.labels();
                Tensor h = net.stem().infer(part.images());
                for (int p = 0; p < blocks.size(); p++) {
                    inputs[p][b] = h.copy();
                    h = blocks.get(p).infer(h);
                }
            }
            BlockInputs cache = new BlockInputs(inputs, labels, test.size());
            double check = blocks.isEmpty() ? baselineError : cache.errorFrom(net, 0);
            return check == baselineError ? cache : null;
        }

        /** Error of the net as it is now, running from the cached input of the block at {@code position}. */
        double errorFrom(Network net, int position) {
            List<ResidualBlock> blocks = net.blocks();
            int[] order = net.order();
            long wrong = 0;
            for (int b = 0; b < labels.length; b++) {
                Tensor h = inputs[position][b];
                for (int p = position; p < order.length; p++) h = blocks.get(order[p]).infer(h);
                h = net.head().infer(h);
                ce.forward(net.fc().infer(pool.infer(h)), labels[b]);
                wrong += ce.errors();
            }
            return (double) wrong / images;
        }
    }

    private void checkBlock(int b) {
        if (b < 0 || b >= blocks()) throw new IllegalArgumentException("block " + b + " does not exist (the net has blocks 0.." + (blocks() - 1) + ")");
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) throw new CancellationException("lesion study cancelled");
    }

    private static int[] randomSubset(int n, int k, SplittableRandom rng) {
        int[] pool = identity(n);
        for (int j = 0; j < k; j++) {
            int r = j + rng.nextInt(n - j);
            int t = pool[j]; pool[j] = pool[r]; pool[r] = t;
        }
        return Arrays.copyOf(pool, k);
    }

    /** Advances a sorted k-subset of 0..n−1 to the next in lexicographic order. */
    private static void nextCombination(int[] c, int n) {
        int k = c.length, i = k - 1;
        while (i >= 0 && c[i] == n - k + i) i--;
        if (i < 0) return;
        c[i]++;
        for (int j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
    }

    private static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>();
        for (int k = 0; k <= n; k++) r.add(k);
        return r;
    }

    private static long mix(long seed, int what, int k) {
        return seed * 0x9E3779B97F4A7C15L + what * 0x94D049BB133111EBL + (k + 1) * 0xBF58476D1CE4E5B9L;
    }
}
