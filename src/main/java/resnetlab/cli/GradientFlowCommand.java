package resnetlab.cli;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.charts.ChartExport;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Curve;
import resnetlab.charts.DepthProfileChart;
import resnetlab.charts.GradientHeatMapChart;
import resnetlab.charts.Grid;
import resnetlab.data.DataSplit;
import resnetlab.experiments.GradientFlow;
import resnetlab.io.Json;
import resnetlab.train.EvalResult;
import resnetlab.train.IterationStats;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.RunConfig;
import resnetlab.train.TrainConfig;
import resnetlab.train.TrainingListener;
import resnetlab.train.TrainingRun;

/**
 * {@code gradient-flow}: trains a (small) net for some iterations and records how the gradient passes its blocks
 * (He 2016 eq. 4-8), or redraws an earlier result ({@code --from}). Writes DIR/result.json
 * ({@link GradientFlow.Result}: per block and iteration the norms at the output, through the shortcut and through
 * the branch; the depth profile with the measured and theoretical direct term ∏λ) and the charts
 * DIR/gradient-depth (.png, .svg, .pdf, .csv), DIR/gradient-weights (same) and DIR/gradient-heatmap (.png, .csv).
 */
@Command(name = "gradient-flow", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a net briefly and record the gradient through every shortcut and residual branch "
                + "(He et al. 2016): writes DIR/result.json, DIR/gradient-depth.*, DIR/gradient-weights.* and DIR/gradient-heatmap.*.",
                "Example: gradient-flow --depth 56 --width 8 --shortcut scaled --lambda 0.5 --dataset shapes --image-size 16 "
                        + "--iterations 50 --out runs/flow-lambda05",
                "         gradient-flow --from runs/flow-lambda05/result.json --out runs/flow-redrawn"})
public final class GradientFlowCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin NetworkOptions network = new NetworkOptions();
    @Mixin DataOptions data = new DataOptions();

    @Option(names = "--from", description = "redraw the charts of an earlier gradient-flow result.json instead of training") Path from;
    @Option(names = "--iterations", defaultValue = "100", description = "SGD steps (default: ${DEFAULT-VALUE})") int iterations;
    @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--lr", defaultValue = "0.1", description = "learning rate (default: ${DEFAULT-VALUE})") double lr;
    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE})") double momentum;
    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "weight decay (default: ${DEFAULT-VALUE})") double weightDecay;
    @Option(names = "--warmup", defaultValue = "none", description = "none, paper, or N iterations (default: ${DEFAULT-VALUE})") String warmup;
    @Option(names = "--record-every", defaultValue = "1", description = "record every N-th iteration (default: ${DEFAULT-VALUE})") int recordEvery;
    @Option(names = "--window", defaultValue = "10", description = "recorded iterations the depth profile averages, from the last (default: ${DEFAULT-VALUE})") int window;
    @Option(names = "--seed", defaultValue = "1", description = "seed of weights and data order (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--threads", description = "worker threads (default: all cores)") Integer threads;
    @Option(names = "--out", required = true, description = "output folder") Path out;
    @Option(names = "--quiet", description = "no progress lines") boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        GradientFlow.Result r;
        if (from != null) {
            r = read(from);
            TrainingRun.checkWritable(out);
            if (!quiet) console.printf("%s: %d recorded iterations from %s%n", r.network(), r.iterations().size(), from);
        } else {
            var flowConfig = new GradientFlow.Config(recordEvery, window).validate();
            var netSpec = network.toSpec();
            var dataSpec = data.toSpec(seed);
            if (batch < 1) throw new IllegalArgumentException("--batch " + batch + " must be at least 1");
            DataSplit split = TrainingRun.loadData(new RunConfig(netSpec, null, dataSpec));
            int batchSize = Math.min(batch, split.train().size());
            int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            var tc = new TrainConfig(iterations, batchSize, lr, momentum, weightDecay, List.of(), warmup, seed, nThreads, 0, false).validate();
            var run = new RunConfig(TrainingRun.fitToData(netSpec, split), tc, dataSpec);
            MemoryEstimate.training(run.model(), batchSize).plus(MemoryEstimate.data(run.model(), split.train().size() + split.test().size()))
                    .require(run.model().displayName() + " at batch " + batchSize, "a smaller --depth, --width or --batch");
            TrainingRun.checkWritable(out);
            if (!quiet) {
                console.printf("%s on %s: %d iterations of batch %d, recording every %d%n", run.model().displayName(),
                        split.train().description(), iterations, batchSize, recordEvery);
            }
            int printEvery = Math.max(1, iterations / 10);
            TrainingListener progress = new TrainingListener() {
                @Override public void onIteration(IterationStats s) {
                    if (!quiet && (s.iteration() % printEvery == 0 || s.iteration() == 1)) {
                        var first = s.blocks().isEmpty() ? null : s.blocks().get(0);
                        var last = s.blocks().isEmpty() ? null : s.blocks().get(s.blocks().size() - 1);
                        console.printf("  iter %5d/%d  loss %.4f  error %.3f  ‖∂E/∂x‖ at last block %.3e, at first block %.3e%n",
                                s.iteration(), iterations, s.loss(), s.error(), last == null ? Double.NaN : last.outGrad(),
                                first == null ? Double.NaN : first.outGrad());
                    }
                }
                @Override public void onEvaluation(EvalResult e) {
                    if (!quiet) console.printf("  test error %.4f (%d images)%n", e.error(), e.images());
                }
                @Override public void onDiverged(int iteration, String message) { console.println("  " + message); }
            };
            r = GradientFlow.train(run, split, flowConfig, progress, () -> false)
                    .withProvenance(PathsCommand.commandLine(spec), run);
            Json.write(out.resolve("result.json"), r);
        }
        writeChart(depthChart(r), out, "gradient-depth", true);
        writeChart(weightChart(r), out, "gradient-weights", true);
        if (!r.iterations().isEmpty()) writeChart(heatMap(r), out, "gradient-heatmap", false);
        summarize(r, console);
        return 0;
    }

    private static GradientFlow.Result read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such result file");
        try {
            GradientFlow.Result r = Json.MAPPER.readValue(file.toFile(), GradientFlow.Result.class);
            if (r.blocks() == null || r.depthProfile() == null || r.outGrad() == null) {
                throw new IOException(file + ": not a gradient-flow result (no blocks or depth profile)");
            }
            return r;
        } catch (JacksonException e) {
            throw new IOException(file + ": not a gradient-flow result (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static void summarize(GradientFlow.Result r, PrintWriter console) {
        var p = r.depthProfile();
        if (p.isEmpty()) {
            console.printf("%s: nothing recorded%n", r.network());
            return;
        }
        console.printf("%s (%s): iterations %d-%d, ‖∂E/∂x_L‖ = %.3e; direct term at block 0: measured %.3e, ∏λ %.3e%s%n",
                r.network(), r.state(), r.profileFrom(), r.profileTo(), r.topGradient(), p.get(0).directMeasured(),
                p.get(0).directTheory(), r.divergence() != null ? " (" + r.divergence() + ")" : "");
        console.printf("  ‖∂E/∂x‖ at the output of block 0 / of the last block: %.3e / %.3e%n", p.get(0).outGrad(),
                p.get(p.size() - 1).outGrad());
    }

    /** ‖∂E/∂x_l‖ per block input, the measured direct part and ∏λ (He 2016 eq. 4-8). */
    static JFreeChart depthChart(GradientFlow.Result r) {
        var p = r.depthProfile();
        int n = p.size();
        double top = r.topGradient();
        // x_l for l = 1..L is the output of block l−1, so its gradient is that block's outGrad.
        double[] lx = new double[n], full = new double[n];
        for (int l = 1; l <= n; l++) { lx[l - 1] = l; full[l - 1] = p.get(l - 1).outGrad(); }
        double[] dx = new double[n + 1], measured = new double[n + 1], theory = new double[n + 1];
        for (int l = 0; l <= n; l++) {
            dx[l] = l;
            measured[l] = l == n ? top : top * p.get(l).directMeasured();
            theory[l] = l == n ? top : top * p.get(l).directTheory();
        }
        List<Curve> meas = new ArrayList<>(List.of(Curve.of("direct part, measured (∏ skip/out ratios)", dx, measured),
                Curve.of("measured", lx, full)));
        List<Curve> th = List.of(Curve.of("direct term ∏λ (theory)", dx, theory));
        String sub = r.profileFrom() == r.profileTo() ? "iteration " + r.profileTo()
                : "iterations " + r.profileFrom() + "-" + r.profileTo() + " (geometric mean)";
        ChartText text = new ChartText("Gradient at the input of each block: " + r.network() + ", " + sub,
                "block input $l$ ($L$ = after the last block)", "$\\|\\partial E/\\partial x_l\\|$", PathsCommand.provenance(r.command(), r.version()));
        return DepthProfileChart.create(text, meas, th, ChartTheme.light());
    }

    /** ‖∂E/∂W‖ of every 3x3 convolution in forward order. */
    static JFreeChart weightChart(GradientFlow.Result r) {
        int m = r.layers().size();
        double[] x = new double[m], y = new double[m];
        for (int i = 0; i < m; i++) { x[i] = i; y[i] = r.layers().get(i).weightGrad(); }
        ChartText text = new ChartText("Weight gradient of each 3x3 convolution: " + r.network(), "layer (0 = stem)", "$\\|\\partial E/\\partial W\\|$",
                PathsCommand.provenance(r.command(), r.version()));
        return DepthProfileChart.create(text, List.of(Curve.of("‖∂E/∂W‖", x, y)), List.of(), ChartTheme.light());
    }

    /** Block × iteration heat map of ‖∂E/∂x‖ at each block's output. */
    static JFreeChart heatMap(GradientFlow.Result r) {
        int n = r.blocks().size();
        double[] it = r.iterations().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] blocks = new double[n];
        for (int b = 0; b < n; b++) blocks[b] = b;
        ChartText text = new ChartText("Gradient at each block's output during training: " + r.network(), "iteration", "block",
                PathsCommand.provenance(r.command(), r.version()));
        return GradientHeatMapChart.create(text, new Grid(it, blocks, r.outGrad()), "$\\|\\partial E/\\partial x\\|$", ChartTheme.light());
    }

    private static void writeChart(JFreeChart chart, Path dir, String base, boolean vectors) throws IOException {
        if (vectors) {
            PathsCommand.writeChart(chart, dir, base);
        } else {
            ChartExport.png(chart, dir.resolve(base + ".png"), 900, 620, 2);
            ChartExport.csv(chart, dir.resolve(base + ".csv"), ChartExport.CsvLayout.LONG);
        }
    }
}
