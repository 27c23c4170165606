package resnetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.charts.ChartExport;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.PathLengthChart;
import resnetlab.charts.PathLengthProfile;
import resnetlab.experiments.PathLengths;
import resnetlab.experiments.TrainedModel;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.TrainingRun;

/**
 * {@code paths}: Veit 2016's path-length analysis of a trained residual net; writes DIR/result.json
 * ({@code n}, {@code lengths} with {@code k}, {@code count}, {@code meanGradient}, {@code contribution},
 * {@code effectiveRange} with {@code from}, {@code to}) and the chart DIR/paths.{png,svg,pdf,csv}.
 */
@Command(name = "paths", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Count the paths of each length through a trained residual net and measure the gradient they carry "
                + "(Veit et al. 2016): writes DIR/result.json and DIR/paths.png/.svg/.pdf/.csv.",
                "Example: paths --checkpoint runs/resnet56/model.ckpt --out runs/resnet56/paths --samples 200"})
public final class PathsCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "model.ckpt written by 'train'") Path checkpoint;
    @Option(names = "--out", required = true, description = "output folder") Path out;
    @Option(names = "--samples", defaultValue = "100", description = "random paths per length k (default: ${DEFAULT-VALUE}; Veit: about 1000)") int samples;
    @Option(names = "--batch", defaultValue = "32", description = "training images in the forward batch (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--share", defaultValue = "0.9", description = "share of the gradient the effective range holds (default: ${DEFAULT-VALUE})") double share;
    @Option(names = "--seed", defaultValue = "1", description = "draws the batch and the paths (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--threads", description = "worker threads (default: all cores)") Integer threads;
    @Option(names = "--quiet", description = "no progress lines") boolean quiet;

    @Override
    public Integer call() throws Exception {
        var config = new PathLengths.Config(samples, batch, seed, share).validate();
        PrintWriter console = spec.commandLine().getOut();
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + nThreads);
        try (Compute compute = Compute.best(nThreads)) {
            TrainedModel model = TrainedModel.load(checkpoint, compute);
            var netSpec = model.network().spec();
            PathLengths.checkDecomposable(netSpec);
            MemoryEstimate.training(netSpec, Math.min(batch, model.data().train().size()))
                    .plus(MemoryEstimate.data(netSpec, model.data().train().size() + model.data().test().size()))
                    .require("path lengths of " + netSpec.displayName() + " on a batch of " + batch, "a smaller --batch");
            TrainingRun.checkWritable(out); // after the checks that refuse a request, so a refusal leaves no folder behind
            int n = netSpec.blocks();
            if (!quiet) {
                console.printf("%s (%d blocks, 2^%d paths) from %s: %d samples per length, batch of %d training images%n",
                        netSpec.displayName(), n, n, checkpoint, samples, Math.min(batch, model.data().train().size()));
            }
            PathLengths.Progress progress = quiet ? PathLengths.Progress.NONE : (done, total, message) -> console.println("  " + message);
            PathLengths.Result r = PathLengths.sample(model.network(), model.data().train(), config, progress, () -> false)
                    .withProvenance(commandLine(), checkpoint.toString(), model.config());
            Json.write(out.resolve("result.json"), r);
            writeChart(chart(r), out, "paths");
            var range = r.effectiveRange();
            console.printf("%s: %.0f%% of the gradient comes from paths of length %d-%d (n/2 = %.1f, peak %d), %.3g%% of all paths; "
                            + "wrote %s%n", netSpec.displayName(), 100 * range.share(), range.from(), range.to(), n / 2.0, r.peak(),
                    100 * range.fractionPaths(), out.resolve("result.json"));
        }
        return 0;
    }

    /** Veit's Fig. 6: path counts, gradient per path, share of the total contribution. */
    static JFreeChart chart(PathLengths.Result r) {
        int m = r.lengths().size();
        double[] k = new double[m], count = new double[m], grad = new double[m], share = new double[m];
        for (int i = 0; i < m; i++) {
            var l = r.lengths().get(i);
            k[i] = l.k();
            count[i] = l.count().doubleValue();
            grad[i] = l.meanGradient();
            share[i] = l.share();
        }
        var range = r.effectiveRange();
        var profile = new PathLengthProfile(k, count, grad, share, range == null ? Double.NaN : range.from(),
                range == null ? Double.NaN : range.to());
        String title = "Paths by length: " + r.network() + " (n = " + r.n() + ")";
        ChartText text = new ChartText(title, "path length k", "share of the gradient", provenance(r.command(), r.version()));
        return PathLengthChart.create(text, "number of paths", "gradient per path", "effective paths", profile, ChartTheme.light());
    }

    static String provenance(String command, String version) {
        return "made by: " + (command == null ? "resnet-lab" : command) + " (resnet-lab " + version + ")";
    }

    /** PNG (2x), SVG, PDF and CSV of one chart; each write is atomic. */
    static void writeChart(JFreeChart chart, Path dir, String base) throws IOException {
        ChartExport.png(chart, dir.resolve(base + ".png"), 900, 620, 2);
        ChartExport.svg(chart, dir.resolve(base + ".svg"), 900, 620);
        ChartExport.pdf(chart, dir.resolve(base + ".pdf"), 900, 620);
        ChartExport.csv(chart, dir.resolve(base + ".csv"), ChartExport.CsvLayout.LONG);
    }

    private String commandLine() {
        return commandLine(spec);
    }

    /** "resnetlab NAME args..." whether the command ran under Main or on its own. */
    static String commandLine(picocli.CommandLine.Model.CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        // Under Main the arguments start with the command's own name; run on its own they do not.
        int start = spec.parent() != null ? args.indexOf(spec.name()) : -1;
        List<String> own = args.subList(start + 1, args.size());
        return "resnetlab " + spec.name() + (own.isEmpty() ? "" : " " + String.join(" ", own));
    }
}
