package resnetlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Curve;
import resnetlab.charts.LesionChart;
import resnetlab.charts.LesionSeries;
import resnetlab.experiments.LesionStudy;
import resnetlab.experiments.TrainedModel;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.TrainingRun;

/**
 * {@code lesion}: Veit 2016's lesion study of a trained net; writes DIR/result.json ({@code baselineError},
 * {@code singleBlock} with {@code block}, {@code testError}; {@code randomK} with {@code k}, {@code meanError},
 * {@code stdError}; {@code reorder}, {@code reorderSamples}) and the charts DIR/lesion-single, lesion-random-k and
 * lesion-reorder (.png, .svg, .pdf, .csv). With {@code --compare} a second net (e.g. the plain net of the same
 * depth) is studied the same way, stored under {@code comparison} and drawn beside the first.
 */
@Command(name = "lesion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete and reorder blocks of a trained net at test time (Veit et al. 2016): writes DIR/result.json "
                + "and DIR/lesion-*.png/.svg/.pdf/.csv.",
                "Example: lesion --checkpoint runs/resnet56/model.ckpt --compare runs/plain56/model.ckpt --out runs/lesion"})
public final class LesionCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "model.ckpt written by 'train'") Path checkpoint;
    @Option(names = "--compare", description = "a second model.ckpt studied the same way, e.g. the plain net") Path compare;
    @Option(names = "--out", required = true, description = "output folder") Path out;
    @Option(names = "--samples", defaultValue = "10", description = "R: random draws per k (default: ${DEFAULT-VALUE})") int samples;
    @Option(names = "--test-size", defaultValue = "500", description = "test images, class-balanced; 0 = all (default: ${DEFAULT-VALUE})") int testSize;
    @Option(names = "--deletions", split = ",", description = "k values for 'delete k random blocks' (default: 0..n)") List<Integer> deletions;
    @Option(names = "--swaps", split = ",", description = "k values for 'swap k random pairs' (default: 0..n; 0 alone to skip)") List<Integer> swaps;
    @Option(names = "--batch", defaultValue = "0", description = "evaluation batch; 0: chosen for the CPU's caches (16 images "
            + "a thread for 3x32x32 nets) (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--seed", defaultValue = "1", description = "draws the test subset, deletions and swaps (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--threads", description = "worker threads (default: all cores)") Integer threads;
    @Option(names = "--quiet", description = "no progress lines") boolean quiet;

    @Override
    public Integer call() throws Exception {
        var config = new LesionStudy.Config(testSize, samples, seed, deletions, swaps, batch).validate();
        PrintWriter console = spec.commandLine().getOut();
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + nThreads);
        String command = PathsCommand.commandLine(spec);
        try (Compute compute = Compute.best(nThreads)) {
            TrainedModel main = TrainedModel.load(checkpoint, compute);
            TrainedModel other = compare == null ? null : TrainedModel.load(compare, compute);
            // Check both nets against the k values before the long part starts.
            LesionStudy first = new LesionStudy(main.network(), main.data().test(), config);
            LesionStudy second = other == null ? null : new LesionStudy(other.network(), other.data().test(), config);
            checkKs(first);
            if (second != null) checkKs(second);
            requireMemory(first, main);
            if (second != null) requireMemory(second, other);
            TrainingRun.checkWritable(out); // after the checks that refuse a request, so a refusal leaves no folder behind

            LesionStudy.Result r = study(first, main, checkpoint, command, console);
            LesionStudy.Result c = second == null ? null : study(second, other, compare, command, console);
            ObjectNode json = Json.MAPPER.valueToTree(r);
            if (c != null) json.set("comparison", Json.MAPPER.valueToTree(c));
            Json.write(out.resolve("result.json"), json);
            List<LesionStudy.Result> all = c == null ? List.of(r) : List.of(r, c);
            PathsCommand.writeChart(singleBlockChart(all), out, "lesion-single");
            PathsCommand.writeChart(randomKChart(all), out, "lesion-random-k");
            if (!r.reorder().isEmpty()) PathsCommand.writeChart(reorderChart(all), out, "lesion-reorder");
            for (LesionStudy.Result x : all) {
                console.printf("%s: baseline test error %.4f; one block deleted: median %+.4f (in-stage blocks %+.4f), max %+.4f "
                                + "(block %d)%n", x.network(), x.baselineError(), x.summary().medianIncrease(),
                        x.summary().medianIncreaseInStage(), x.summary().maxIncrease(), x.summary().maxBlock() + 1);
            }
            console.printf("wrote %s%n", out.resolve("result.json"));
        }
        return 0;
    }

    /** Refuses a study that would not fit in the heap (the model is loaded; the cache and batches are not yet made). */
    private void requireMemory(LesionStudy s, TrainedModel m) {
        var net = m.network().spec();
        int used = s.config().batchFor(m.network());
        MemoryEstimate.evaluation(net, Math.min(used, s.testSubset().size()))
                .plus(MemoryEstimate.lesionCache(net, s.testSubset().size(), LesionStudy.CACHE_BUDGET_MB * (double) (1L << 20)))
                .plus(MemoryEstimate.data(net, m.data().train().size() + m.data().test().size()))
                .require("a lesion study of " + net.displayName() + " at batch " + used, "a smaller --batch or --test-size");
    }

    private void checkKs(LesionStudy s) {
        int n = s.blocks();
        if (deletions != null) {
            for (int k : deletions) {
                if (k > n) {
                    throw new IllegalArgumentException("--deletions " + k + ": " + s.network().spec().displayName() + " has only "
                            + n + " blocks (k must be 0.." + n + ")");
                }
            }
        }
        if (swaps != null && swaps.stream().anyMatch(k -> k > 0) && s.swappablePairs().length == 0) {
            throw new IllegalArgumentException("--swaps: " + s.network().spec().displayName() + " has no two blocks of the same shape");
        }
    }

    private LesionStudy.Result study(LesionStudy s, TrainedModel m, Path file, String command, PrintWriter console) {
        boolean q = quiet;
        if (!q) {
            console.printf("%s from %s: %d blocks, %d test images, %d draws per k, eval mode (BN running statistics kept)%n",
                    m.network().spec().displayName(), file, s.blocks(), s.testSubset().size(), samples);
        }
        LesionStudy.Progress progress = q ? LesionStudy.Progress.NONE : (done, total, message) -> console.println("  " + message);
        return s.run(progress, () -> false).withProvenance(command, file.toString(), m.config());
    }

    /** Veit's Fig. 3: error with each single block deleted; downsampling blocks marked. */
    static JFreeChart singleBlockChart(List<LesionStudy.Result> results) {
        List<LesionSeries> series = new ArrayList<>();
        List<Double> marked = new ArrayList<>();
        for (LesionStudy.Result r : results) {
            double[] b = r.singleBlock().stream().mapToDouble(s -> s.block() + 1).toArray(); // counted from 1
            double[] e = r.singleBlock().stream().mapToDouble(LesionStudy.SingleBlock::testError).toArray();
            series.add(new LesionSeries(r.network(), b, e, r.baselineError()));
            r.singleBlock().stream().filter(LesionStudy.SingleBlock::downsampling).forEach(s -> {
                if (!marked.contains(s.block() + 1.0)) marked.add(s.block() + 1.0);
            });
        }
        ChartText text = new ChartText("Deleting one block at test time", "deleted block", "test error",
                PathsCommand.provenance(results.get(0).command(), results.get(0).version()));
        return LesionChart.perBlock(text, series, "no deletion", marked.stream().mapToDouble(Double::doubleValue).toArray(),
                "downsampling", ChartTheme.light());
    }

    /** Veit's Fig. 5a: error against the number of randomly deleted blocks, mean ± std over the draws. */
    static JFreeChart randomKChart(List<LesionStudy.Result> results) {
        List<Curve> curves = new ArrayList<>();
        for (LesionStudy.Result r : results) {
            int m = r.randomK().size();
            double[] k = new double[m], y = new double[m], lo = new double[m], hi = new double[m];
            for (int i = 0; i < m; i++) {
                var x = r.randomK().get(i);
                k[i] = x.k();
                y[i] = x.meanError();
                lo[i] = x.meanError() - x.stdError();
                hi[i] = x.meanError() + x.stdError();
            }
            curves.add(Curve.withBand(r.network(), k, y, lo, hi));
        }
        ChartText text = new ChartText("Deleting k random blocks", "blocks deleted k", "test error (mean ± std)",
                PathsCommand.provenance(results.get(0).command(), results.get(0).version()));
        return LesionChart.versusDeleted(text, curves, ChartTheme.light());
    }

    /** Veit's Fig. 5b: error against Kendall's τ of the reordered blocks, every draw as a point. */
    static JFreeChart reorderChart(List<LesionStudy.Result> results) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (LesionStudy.Result r : results) {
            XYSeries s = new XYSeries(r.network(), true, true);
            for (LesionStudy.ReorderSample x : r.reorderSamples()) s.add(x.tau(), x.error(), false);
            data.addSeries(s);
        }
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        NumberAxis tau = new NumberAxis("Kendall τ to the original order");
        tau.setAutoRangeIncludesZero(false);
        tau.setInverted(true); // more reordering to the right, as in Veit's figure
        NumberAxis error = new NumberAxis("test error");
        error.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, tau, error, points);
        JFreeChart chart = new JFreeChart("Reordering blocks at test time", plot);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(PathsCommand.provenance(results.get(0).command(), results.get(0).version())));
        ChartTheme.light().apply(chart);
        return chart;
    }
}
