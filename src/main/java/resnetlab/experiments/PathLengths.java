package resnetlab.experiments;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import resnetlab.Version;
import resnetlab.data.Dataset;
import resnetlab.model.Network;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ResidualBlock;
import resnetlab.model.Route;
import resnetlab.nn.SoftmaxCrossEntropy;
import resnetlab.tensor.Stats;
import resnetlab.tensor.Tensor;
import resnetlab.train.RunConfig;

/**
 * The unraveled view of a residual net (Veit, Wilber, Belongie 2016, §3 and §4.2; SCIENCE.md §3).
 *
 * <p><b>Counting.</b> n blocks, each taken through its residual branch or its skip, give 2^n paths; C(n, k)
 * of them pass through exactly k branches ("length k"). {@link #pathCounts} is exact (BigInteger).
 *
 * <p><b>Gradient per path length</b> ({@link #sample}). One batch goes forward once in eval mode (BN running
 * statistics); dL/dlogits of its mean cross-entropy is then sent backward many times at that fixed forward
 * pass. For a length k, each sample picks k of the n blocks at random, routes the backward through the
 * residual branch of those ({@link Route#BRANCH_ONLY}) and through the skip of the others
 * ({@link Route#SKIP_ONLY}), and records ‖∂L/∂x‖ at the input of the first block
 * ({@link Network#blockInputGradNorm()}). E‖g_k‖ is the mean over samples; where C(n, k) is no larger than
 * the sample count, every subset is taken once instead and the mean is exact. The total contribution of
 * length k is C(n, k)·E‖g_k‖; the <i>effective range</i> is the shortest run of consecutive lengths that
 * holds {@link Config#share()} (90%) of the total ({@link #effectiveRange}).
 *
 * <p>A skip keeps the mask of a post-addition ReLU, so for every linear shortcut (identity, λx, a 1x1
 * projection, the dropout shortcut's expectation) the 2^n routed gradients sum to the full gradient
 * ({@link #exhaustive} checks it). Plain nets have no skips and gated shortcuts add a gradient through the
 * gate that belongs to no path: both are rejected with an {@link IllegalArgumentException}.
 *
 * <p>The experiment takes the network over while it runs (routes, deletion and order are reset at start and
 * end; parameter gradients are left zero). Not thread-safe: one thread at a time per network.
 */
public final class PathLengths {

    /**
     * @param samples random subsets per length k (Veit: about 1000); lengths with fewer subsets are enumerated
     * @param batch   images in the one forward batch (drawn class-balanced from the training set)
     * @param seed    draws the batch and the subsets; the same seed gives the same result
     * @param share   fraction of the total contribution the effective range must hold (0.9)
     */
    public record Config(int samples, int batch, long seed, double share) {
        public static Config defaults() { return new Config(100, 32, 1, 0.9); }

        public Config validate() {
            List<String> p = new ArrayList<>();
            if (samples < 1) p.add("samples " + samples + " must be at least 1");
            if (batch < 1) p.add("batch " + batch + " must be at least 1");
            if (!(share > 0 && share <= 1)) p.add("share " + share + " must be in (0, 1]");
            if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
            return this;
        }
    }

    /**
     * One path length.
     *
     * @param k            number of residual branches on the path
     * @param count        C(n, k), exact
     * @param log10Count   log10 C(n, k), for charts of large n
     * @param samples      subsets measured (C(n, k) itself when {@code exact})
     * @param exact        every subset of this length was measured
     * @param meanGradient E‖g_k‖ at the first block's input
     * @param stdGradient  standard deviation of ‖g_k‖ over the subsets measured
     * @param contribution C(n, k)·E‖g_k‖
     * @param share        contribution / total contribution
     */
    public record Length(int k, BigInteger count, double log10Count, int samples, boolean exact, double meanGradient,
                         double stdGradient, double contribution, double share) {}

    /**
     * The effective path lengths: {@code from..to} inclusive hold {@code share} of the total contribution.
     *
     * @param paths         number of paths with a length in the range
     * @param fractionPaths paths / 2^n (Veit: 0.45% for ResNet-110)
     */
    public record Range(int from, int to, double share, BigInteger paths, double fractionPaths) {}

    /**
     * What a {@code paths} run found and how it was made.
     *
     * @param version      code version that made it
     * @param command      the command line, or null when made by the app
     * @param source       where the network came from (e.g. the checkpoint file), or null
     * @param network      display name, e.g. "ResNet-56"
     * @param model        the architecture
     * @param training     how the network was trained (from its checkpoint), or null
     * @param config       this experiment's settings (seed included)
     * @param n            residual blocks
     * @param batchImages  images in the forward batch
     * @param batchLoss    their mean cross-entropy
     * @param fullGradient ‖∂L/∂x‖ at the first block's input with every block on the full route
     * @param lengths      k = 0..n
     * @param peak         the length with the largest contribution
     * @param effectiveRange lengths holding {@code config.share} of the contribution
     * @param seconds      wall time of the sampling
     */
    public record Result(String version, String command, String source, String network, NetworkSpec model,
                         RunConfig training, Config config, int n, int batchImages, double batchLoss, double fullGradient,
                         List<Length> lengths, int peak, Range effectiveRange, double seconds) {
        /** A copy that says how it was made. */
        public Result withProvenance(String command, String source, RunConfig training) {
            return new Result(version, command, source, network, model, training, config, n, batchImages, batchLoss,
                    fullGradient, lengths, peak, effectiveRange, seconds);
        }
    }

    /**
     * The exact decomposition of one backward pass over all 2^n paths (small n only).
     *
     * @param meanGradient     exact E‖g_k‖ over all C(n, k) subsets, k = 0..n
     * @param fullGradient     ‖∂L/∂x‖ at the first block's input, full route
     * @param relativeResidual ‖Σ_paths ∂L/∂image − ∂L/∂image‖ / ‖∂L/∂image‖ (0 up to rounding)
     */
    public record Exhaustive(double[] meanGradient, double fullGradient, double relativeResidual) {}

    /** Reports how far a long computation is; called on the computing thread. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total, String message);
        Progress NONE = (d, t, m) -> { };
    }

    /** The largest n {@link #exhaustive} accepts (2^n backward passes). */
    public static final int MAX_EXHAUSTIVE_BLOCKS = 16;

    private PathLengths() {}

    // ---- counting -------------------------------------------------------------------------------------

    /** C(n, k) for k = 0..n, exact: the number of paths of each length through n blocks. */
    public static BigInteger[] pathCounts(int n) {
        if (n < 0) throw new IllegalArgumentException("the number of blocks must not be negative, got " + n);
        BigInteger[] c = new BigInteger[n + 1];
        c[0] = BigInteger.ONE;
        // C(n, k+1) = C(n, k)·(n − k)/(k + 1): the division is exact at every step.
        for (int k = 0; k < n; k++) c[k + 1] = c[k].multiply(BigInteger.valueOf(n - k)).divide(BigInteger.valueOf(k + 1));
        return c;
    }

    /** log10 of a positive integer, accurate to double precision for any size. */
    public static double log10(BigInteger v) {
        if (v.signum() <= 0) throw new IllegalArgumentException("log10 of " + v + " is undefined");
        int shift = Math.max(0, v.bitLength() - 62);
        return Math.log10(v.shiftRight(shift).doubleValue()) + shift * Math.log10(2);
    }

    /** C(n, k) as doubles (overflows to infinity beyond n ≈ 1020). */
    public static double[] pathCountsAsDouble(int n) {
        BigInteger[] c = pathCounts(n);
        double[] d = new double[c.length];
        for (int k = 0; k < c.length; k++) d[k] = c[k].doubleValue();
        return d;
    }

    /**
     * The shortest run of consecutive indices whose values sum to at least {@code share} of the total; among
     * runs of equal length the one with the larger sum. Values must be finite and non-negative.
     *
     * @return {from, to}, inclusive
     */
    public static int[] effectiveRange(double[] contribution, double share) {
        if (contribution.length == 0) throw new IllegalArgumentException("no contributions");
        if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("share " + share + " must be in (0, 1]");
        double total = 0;
        for (double c : contribution) {
            if (!(c >= 0) || !Double.isFinite(c)) throw new IllegalArgumentException("contribution " + c + " is not a finite non-negative number");
            total += c;
        }
        if (total == 0) throw new IllegalArgumentException("every contribution is zero: no gradient reaches the blocks' input");
        double need = share * total * (1 - 1e-12);
        int bestFrom = 0, bestTo = contribution.length - 1;
        double bestSum = -1;
        for (int from = 0; from < contribution.length; from++) {
            double sum = 0;
            for (int to = from; to < contribution.length; to++) {
                sum += contribution[to];
                if (sum >= need) {
                    int len = to - from, bestLen = bestTo - bestFrom;
                    if (len < bestLen || (len == bestLen && sum > bestSum)) { bestFrom = from; bestTo = to; bestSum = sum; }
                    break;
                }
            }
        }
        return new int[] {bestFrom, bestTo};
    }

    // ---- measuring ------------------------------------------------------------------------------------

    /** Throws a clear {@link IllegalArgumentException} unless the net's paths can be separated (see the class comment). */
    public static void checkDecomposable(NetworkSpec spec) {
        if (spec.isPlain()) {
            throw new IllegalArgumentException(spec.displayName() + " is a plain net: it has no skip connections, so it has "
                    + "one path, not 2^n; path lengths need a residual net");
        }
        if (spec.shortcut().isGated()) {
            throw new IllegalArgumentException(spec.displayName() + ": gated shortcuts pass gradient through the gate, which "
                    + "belongs to no path; path lengths need identity, scaled, 1x1 or dropout shortcuts");
        }
    }

    /** Samples the gradient per path length on a class-balanced batch of {@code config.batch} images from {@code data}. */
    public static Result sample(Network net, Dataset data, Config config, Progress progress, BooleanSupplier cancelled) {
        config.validate();
        checkDecomposable(net.spec());
        int batch = Math.min(config.batch(), data.size());
        Dataset chosen = batch >= data.numClasses() ? data.randomPerClass(batch, config.seed())
                : data.select(randomIndices(data.size(), batch, new SplittableRandom(config.seed())));
        return sample(net, chosen.images(), chosen.labels(), config, progress, cancelled);
    }

    /** Samples the gradient per path length on the given batch (N, C, H, W) with its labels. */
    public static Result sample(Network net, Tensor images, int[] labels, Config config, Progress progress,
                                BooleanSupplier cancelled) {
        config.validate();
        checkDecomposable(net.spec());
        long t0 = System.nanoTime();
        List<ResidualBlock> blocks = net.blocks();
        int n = blocks.size();
        BigInteger[] counts = pathCounts(n);
        net.restoreAll();
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        double loss = ce.forward(net.forward(images, false), labels);
        Tensor dLogits = ce.gradient().copy();
        net.backward(dLogits);
        double full = net.blockInputGradNorm();

        double[] mean = new double[n + 1], std = new double[n + 1];
        int[] measured = new int[n + 1];
        boolean[] exact = new boolean[n + 1];
        long total = 0;
        for (int k = 0; k <= n; k++) total += plannedSamples(counts[k], config.samples());
        long done = 0;
        try {
            for (int k = 0; k <= n; k++) {
                int planned = plannedSamples(counts[k], config.samples());
                exact[k] = counts[k].compareTo(BigInteger.valueOf(config.samples())) <= 0;
                double[] g = new double[planned];
                SplittableRandom rng = new SplittableRandom(mix(config.seed(), k));
                int[] subset = exact[k] ? firstCombination(k) : null;
                int[] pool = new int[n];
                for (int s = 0; s < planned; s++) {
                    if (cancelled.getAsBoolean()) throw new CancellationException("path-length sampling cancelled");
                    boolean[] branch = new boolean[n];
                    if (exact[k]) {
                        for (int b : subset) branch[b] = true;
                        nextCombination(subset, n);
                    } else {
                        for (int i = 0; i < n; i++) pool[i] = i;
                        for (int j = 0; j < k; j++) { // partial Fisher-Yates: a uniform k-subset
                            int r = j + rng.nextInt(n - j);
                            int t = pool[j]; pool[j] = pool[r]; pool[r] = t;
                            branch[pool[j]] = true;
                        }
                    }
                    g[s] = routedGradient(net, branch, dLogits);
                    done++;
                }
                measured[k] = planned;
                mean[k] = Stats.mean(g);
                std[k] = Stats.std(g, mean[k]);
                progress.update((int) Math.min(Integer.MAX_VALUE, done), (int) Math.min(Integer.MAX_VALUE, total),
                        String.format("k = %d of %d: E‖g‖ = %.3e over %d %s", k, n, mean[k], planned, exact[k] ? "paths (all)" : "samples"));
            }
        } finally {
            net.restoreAll();
            net.zeroGrad();
        }

        double[] contribution = new double[n + 1];
        double sum = 0;
        for (int k = 0; k <= n; k++) { contribution[k] = counts[k].doubleValue() * mean[k]; sum += contribution[k]; }
        List<Length> lengths = new ArrayList<>();
        int peak = 0;
        for (int k = 0; k <= n; k++) {
            lengths.add(new Length(k, counts[k], log10(counts[k]), measured[k], exact[k], mean[k], std[k], contribution[k],
                    sum > 0 ? contribution[k] / sum : Double.NaN));
            if (contribution[k] > contribution[peak]) peak = k;
        }
        Range range = null;
        if (sum > 0 && Double.isFinite(sum)) {
            int[] r = effectiveRange(contribution, config.share());
            double inRange = 0;
            BigInteger paths = BigInteger.ZERO;
            for (int k = r[0]; k <= r[1]; k++) { inRange += contribution[k]; paths = paths.add(counts[k]); }
            double fraction = Math.pow(10, log10(paths) - n * Math.log10(2));
            range = new Range(r[0], r[1], inRange / sum, paths, fraction);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(Version.get(), null, null, net.spec().displayName(), net.spec(), null, config, n, labels.length,
                loss, full, List.copyOf(lengths), peak, range, seconds);
    }

    /**
     * Every one of the 2^n paths at one fixed forward pass: the exact mean gradient per length, and how well the
     * path gradients (w.r.t. the image) sum to the full gradient. For tests and small demonstrations, n ≤
     * {@value #MAX_EXHAUSTIVE_BLOCKS}.
     */
    public static Exhaustive exhaustive(Network net, Tensor images, int[] labels) {
        checkDecomposable(net.spec());
        int n = net.blocks().size();
        if (n > MAX_EXHAUSTIVE_BLOCKS) {
            throw new IllegalArgumentException(n + " blocks have 2^" + n + " paths; enumerate at most " + MAX_EXHAUSTIVE_BLOCKS + " blocks");
        }
        net.restoreAll();
        try {
            SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
            ce.forward(net.forward(images, false), labels);
            Tensor dLogits = ce.gradient().copy();
            Tensor fullImage = net.backward(dLogits).copy();
            double full = net.blockInputGradNorm();
            Tensor sum = new Tensor(fullImage.shape());
            double[] mean = new double[n + 1];
            BigInteger[] counts = pathCounts(n);
            for (int mask = 0; mask < (1 << n); mask++) {
                for (int i = 0; i < n; i++) net.blocks().get(i).setRoute((mask >> i & 1) == 1 ? Route.BRANCH_ONLY : Route.SKIP_ONLY);
                Tensor g = net.backward(dLogits);
                mean[Integer.bitCount(mask)] += net.blockInputGradNorm();
                for (int i = 0; i < g.size(); i++) sum.data[i] += g.data[i];
            }
            for (int k = 0; k <= n; k++) mean[k] /= counts[k].doubleValue();
            double diff = 0;
            for (int i = 0; i < sum.size(); i++) diff += Math.pow((double) sum.data[i] - fullImage.data[i], 2);
            double denom = fullImage.norm();
            return new Exhaustive(mean, full, denom == 0 ? Math.sqrt(diff) : Math.sqrt(diff) / denom);
        } finally {
            net.restoreAll();
            net.zeroGrad();
        }
    }

    /** One backward pass along the given routes; returns ‖∂L/∂x‖ at the first block's input. */
    private static double routedGradient(Network net, boolean[] branch, Tensor dLogits) {
        List<ResidualBlock> blocks = net.blocks();
        for (int i = 0; i < branch.length; i++) blocks.get(i).setRoute(branch[i] ? Route.BRANCH_ONLY : Route.SKIP_ONLY);
        net.backward(dLogits);
        return net.blockInputGradNorm();
    }

    private static int plannedSamples(BigInteger count, int samples) {
        return count.compareTo(BigInteger.valueOf(samples)) <= 0 ? count.intValueExact() : samples;
    }

    private static int[] firstCombination(int k) {
        int[] c = new int[k];
        for (int i = 0; i < k; i++) c[i] = i;
        return c;
    }

    /** Advances a sorted k-subset of 0..n−1 to the next in lexicographic order (wraps after the last). */
    private static void nextCombination(int[] c, int n) {
        int k = c.length, i = k - 1;
        while (i >= 0 && c[i] == n - k + i) i--;
        if (i < 0) return;
        c[i]++;
        for (int j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
    }

    private static int[] randomIndices(int size, int count, SplittableRandom rng) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) all[i] = i;
        for (int j = 0; j < count; j++) {
            int r = j + rng.nextInt(size - j);
            int t = all[j]; all[j] = all[r]; all[r] = t;
        }
        return java.util.Arrays.copyOf(all, count);
    }

    private static long mix(long seed, int k) {
        return seed * 0x9E3779B97F4A7C15L + (k + 1) * 0xBF58476D1CE4E5B9L;
    }
}
