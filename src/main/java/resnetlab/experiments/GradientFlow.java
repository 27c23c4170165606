package resnetlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import resnetlab.Version;
import resnetlab.data.DataSplit;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ResidualBlock;
import resnetlab.train.BlockStats;
import resnetlab.train.IterationStats;
import resnetlab.train.LayerStats;
import resnetlab.train.RunConfig;
import resnetlab.train.RunState;
import resnetlab.train.Trainer;
import resnetlab.train.TrainingListener;
import resnetlab.train.TrainingRun;

/**
 * How the gradient travels down a net during training (He 2016, §3, eq. 4-8), recorded from the trainer's
 * per-iteration statistics ({@link IterationStats#blocks()}, {@link IterationStats#layers()}).
 *
 * <p>Notation as in the paper, with blocks 0..L−1 in build order: x_l is the input of block l, x_L the output
 * of the last block. Per block and iteration the trainer reports ‖∂E/∂x_{l+1}‖ arriving at the block's output
 * ({@code outGrad}), and the norms leaving it towards x_l through the shortcut ({@code skipGrad}) and through
 * the residual branch ({@code branchGrad}); per 3x3 convolution ‖∂E/∂W‖.
 *
 * <p><b>The direct term.</b> With shortcuts h(x) = λ_i·x, x_L = (∏λ_i)·x_l + Σ(branches), so the part of
 * ∂E/∂x_l passed straight down the shortcuts is ∂E/∂x_L · ∏_{i=l}^{L−1} λ_i (eq. 4-8). Beside this theory
 * ({@link ProfileEntry#directTheory()}) the profile gives the measurement: the product of the per-block ratios
 * skipGrad/outGrad over blocks l..L−1 ({@link ProfileEntry#directMeasured()}). Where the skip is λ·x with
 * nothing after the addition (pre-activation, ReLU before addition) the ratio is exactly λ; a post-addition
 * ReLU (original unit) masks part of the gradient first, so the ratio is at most λ; where a downsampling block
 * subsamples and zero-pads (option A) or projects, the ratio also drops. λ per block: 1 for identity, λ for
 * scaled, 1 − p for the dropout shortcut (its expectation), 0 for a plain block, and NaN for gated and 1x1
 * shortcuts, which have no constant direct term.
 *
 * <p><b>Use.</b> Add an instance as a {@link TrainingListener} to a trainer; it keeps every
 * {@link Config#recordEvery()}-th iteration. {@link #result()} may be called at any time, from any thread, for
 * a snapshot. The profile averages the last {@link Config#profileWindow()} recorded iterations geometrically
 * (mean of logarithms), which suits norms that span decades and keeps "product of ratios" consistent.
 */
public final class GradientFlow implements TrainingListener {

    /**
     * @param recordEvery   keep every N-th iteration (1 = all)
     * @param profileWindow recorded iterations, counted from the last, that the depth profile averages
     */
    public record Config(int recordEvery, int profileWindow) {
        public static Config defaults() { return new Config(1, 10); }

        public Config validate() {
            if (recordEvery < 1) throw new IllegalArgumentException("recordEvery " + recordEvery + " must be at least 1");
            if (profileWindow < 1) throw new IllegalArgumentException("profileWindow " + profileWindow + " must be at least 1");
            return this;
        }
    }

    /**
     * One block of the net.
     *
     * @param lambda the factor the direct term picks up here (see the class comment); NaN if none is constant
     */
    public record BlockInfo(int block, String name, int stage, boolean downsampling, String shortcut, double lambda) {}

    /**
     * The depth profile at one block: geometric means over the profile window.
     *
     * @param outGrad        ‖∂E/∂x_{l+1}‖ at the block's output
     * @param skipGrad       ‖∂E/∂x_l‖ through the shortcut
     * @param branchGrad     ‖∂E/∂x_l‖ through the residual branch
     * @param skipRatio      skipGrad / outGrad (λ for an unmasked scaled identity)
     * @param directMeasured ∏_{i=l}^{L−1} skipRatio_i
     * @param directTheory   ∏_{i=l}^{L−1} λ_i
     * @param weightGrad     ‖∂E/∂W‖ of the block's 3x3 convolutions together (root of the sum of squares)
     */
    public record ProfileEntry(int block, double outGrad, double skipGrad, double branchGrad, double skipRatio,
                               double directMeasured, double directTheory, double weightGrad) {}

    /** One 3x3 convolution: its block (−1 for the stem) and its weight-gradient norm over the profile window. */
    public record LayerEntry(String name, int block, double weightGrad) {}

    /**
     * A snapshot of the recording.
     *
     * @param version      code version that made it
     * @param command      the command line, or null when made by the app
     * @param training     the training run, or null
     * @param iterations   recorded iterations (the heat map's x)
     * @param outGrad      [block][i]: ‖∂E/∂x_{l+1}‖ at iteration {@code iterations[i]} (the heat map)
     * @param skipGrad     [block][i]: through the shortcut
     * @param branchGrad   [block][i]: through the residual branch
     * @param layers       the 3x3 convolutions
     * @param weightGrad   [layer][i]: ‖∂E/∂W‖
     * @param topGradient  ‖∂E/∂x_L‖ after the last block, over the profile window
     * @param profileFrom  first iteration of the profile window
     * @param profileTo    last iteration of the profile window
     * @param depthProfile one entry per block
     * @param state        how training ended ("finished", "diverged", "cancelled"), or "running"
     * @param divergence   the trainer's message when it diverged, else null
     */
    public record Result(String version, String command, RunConfig training, String network, NetworkSpec model,
                         String state, String divergence, Config config, List<BlockInfo> blocks, List<Integer> iterations, double[][] outGrad,
                         double[][] skipGrad, double[][] branchGrad, List<LayerEntry> layers, double[][] weightGrad,
                         double topGradient, int profileFrom, int profileTo, List<ProfileEntry> depthProfile) {
        public Result withProvenance(String command, RunConfig training) {
            return new Result(version, command, training, network, model, state, divergence, config, blocks, iterations, outGrad, skipGrad,
                    branchGrad, layers, weightGrad, topGradient, profileFrom, profileTo, depthProfile);
        }
    }

    private final NetworkSpec spec;
    private final Config config;
    private final List<BlockInfo> blocks;
    private final List<String> layerNames = new ArrayList<>();
    private final List<Integer> layerBlocks = new ArrayList<>();
    private final List<Integer> iterations = new ArrayList<>();
    private final List<double[]> out = new ArrayList<>(), skip = new ArrayList<>(), branch = new ArrayList<>(), weights = new ArrayList<>();
    private String state = "running", divergence;

    public GradientFlow(Network net, Config config) {
        this.spec = net.spec();
        this.config = config.validate();
        List<BlockInfo> infos = new ArrayList<>();
        List<ResidualBlock> bs = net.blocks();
        for (int i = 0; i < bs.size(); i++) {
            ResidualBlock b = bs.get(i);
            infos.add(new BlockInfo(i, b.name(), b.stage(), b.isDownsampling(), b.shortcutType().cliName(), directFactor(net.spec(), b)));
        }
        this.blocks = List.copyOf(infos);
        for (Network.ConvProbe p : net.probes()) {
            layerNames.add(p.name());
            layerBlocks.add(p.block());
        }
    }

    /** The factor λ_i that block i of a net of this spec contributes to the direct term (see the class comment). */
    public static double directFactor(NetworkSpec spec, ResidualBlock b) {
        return switch (b.shortcutType()) {
            case NONE -> 0;
            case IDENTITY, SCALED -> b.shortcutScale();
            case DROPOUT -> 1 - spec.dropout();
            case EXCLUSIVE_GATE, SHORTCUT_GATE, CONV1X1 -> Double.NaN;
        };
    }

    /** ∏_{i=l}^{L−1} λ_i for every l = 0..L−1 (He 2016 eq. 4-8 with scaled shortcuts). */
    public static double[] directTermTheory(double[] lambdas) {
        double[] d = new double[lambdas.length];
        double p = 1;
        for (int l = lambdas.length - 1; l >= 0; l--) {
            p *= lambdas[l];
            d[l] = p;
        }
        return d;
    }

    @Override
    public synchronized void onIteration(IterationStats s) {
        if ((s.iteration() - 1) % config.recordEvery() != 0) return;
        int n = blocks.size();
        if (s.blocks().size() != n) {
            throw new IllegalArgumentException("iteration " + s.iteration() + " reports " + s.blocks().size() + " blocks, the net has " + n);
        }
        double[] o = new double[n], k = new double[n], b = new double[n];
        for (BlockStats bs : s.blocks()) {
            o[bs.block()] = bs.outGrad();
            k[bs.block()] = bs.skipGrad();
            b[bs.block()] = bs.branchGrad();
        }
        double[] w = new double[layerNames.size()];
        List<LayerStats> ls = s.layers();
        for (int i = 0; i < w.length; i++) w[i] = i < ls.size() ? ls.get(i).weightGrad() : Double.NaN;
        iterations.add(s.iteration());
        out.add(o);
        skip.add(k);
        branch.add(b);
        weights.add(w);
    }

    @Override
    public synchronized void onDiverged(int iteration, String message) {
        divergence = message;
    }

    @Override
    public synchronized void onFinished(RunState finalState) {
        state = finalState.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Trains a network from scratch as {@code run} says and records its gradient flow: the building block of
     * the {@code gradient-flow} command and of the app's live view.
     *
     * @param data     the run's data, normalised (see {@link TrainingRun#loadData})
     * @param listener also told about every iteration (progress), or null
     */
    public static Result train(RunConfig run, DataSplit data, Config config, TrainingListener listener,
                               BooleanSupplier cancelled) {
        NetworkSpec fitted = TrainingRun.fitToData(run.model(), data);
        RunConfig fittedRun = new RunConfig(fitted, run.training(), run.data());
        try (Compute compute = Compute.best(run.training().threads())) {
            Network net = NetworkBuilder.build(fitted, compute, run.training().seed());
            Trainer trainer = new Trainer(net, data, run.training());
            GradientFlow flow = new GradientFlow(net, config);
            trainer.addListener(flow);
            if (listener != null) trainer.addListener(listener);
            trainer.run(cancelled);
            return flow.result().withProvenance(null, fittedRun);
        }
    }

    /** Recorded iterations so far. */
    public synchronized int recorded() { return iterations.size(); }

    /** A snapshot of everything recorded so far, with the depth profile over the last window. */
    public synchronized Result result() {
        int n = blocks.size(), t = iterations.size();
        double[][] o = transpose(out, n), k = transpose(skip, n), b = transpose(branch, n), w = transpose(weights, layerNames.size());
        int from = Math.max(0, t - config.profileWindow());
        double[] lambdas = blocks.stream().mapToDouble(BlockInfo::lambda).toArray();
        double[] theory = directTermTheory(lambdas);
        List<ProfileEntry> profile = new ArrayList<>();
        double top = Double.NaN;
        List<LayerEntry> layers = new ArrayList<>();
        if (t > 0) {
            double[] ratio = new double[n];
            for (int l = 0; l < n; l++) {
                double[] r = new double[t - from];
                for (int i = from; i < t; i++) r[i - from] = o[l][i] == 0 ? Double.NaN : k[l][i] / o[l][i];
                ratio[l] = geometricMean(r, 0, r.length);
            }
            double[] measured = directTermTheory(ratio); // the same running product, of measured ratios
            double[] blockWeight = new double[n];
            for (int j = 0; j < layerNames.size(); j++) {
                double g = geometricMean(w[j], from, t);
                layers.add(new LayerEntry(layerNames.get(j), layerBlocks.get(j), g));
                int blk = layerBlocks.get(j);
                if (blk >= 0 && blk < n) blockWeight[blk] += g * g;
            }
            for (int l = 0; l < n; l++) {
                profile.add(new ProfileEntry(l, geometricMean(o[l], from, t), geometricMean(k[l], from, t),
                        geometricMean(b[l], from, t), ratio[l], measured[l], theory[l], Math.sqrt(blockWeight[l])));
            }
            top = n == 0 ? Double.NaN : geometricMean(o[n - 1], from, t);
        }
        return new Result(Version.get(), null, null, spec.displayName(), spec, state, divergence, config, blocks, List.copyOf(iterations), o, k, b,
                List.copyOf(layers), w, top, t == 0 ? 0 : iterations.get(from), t == 0 ? 0 : iterations.get(t - 1), List.copyOf(profile));
    }

    /** exp(mean(log v)) over v[from..to); 0 if any value is 0; NaN values are skipped. */
    static double geometricMean(double[] v, int from, int to) {
        double s = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            if (Double.isNaN(v[i])) continue;
            if (v[i] <= 0) return 0;
            s += Math.log(v[i]);
            count++;
        }
        return count == 0 ? Double.NaN : Math.exp(s / count);
    }

    private static double[][] transpose(List<double[]> rows, int width) {
        double[][] m = new double[width][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            for (int j = 0; j < width; j++) m[j][i] = r[j];
        }
        return m;
    }
}
