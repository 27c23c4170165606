package resnetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.Version;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Curve;
import resnetlab.charts.CurveChart;
import resnetlab.data.Dataset;
import resnetlab.experiments.LayerResponses;
import resnetlab.experiments.Sweep;
import resnetlab.experiments.SweepPresets;
import resnetlab.experiments.SweepResult;
import resnetlab.experiments.SweepSpec;
import resnetlab.experiments.TrainedModel;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.train.Checkpoint;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.TrainingRun;

/**
 * {@code responses}: He 2015 Fig. 7, the std of every 3x3 layer's response of trained plain and residual nets,
 * by layer and sorted by magnitude. The nets come from checkpoints, from a finished sweep (one checkpoint per
 * configuration, the lowest seed), or from a preset trained here first (one seed unless --seeds says more).
 */
@Command(name = "responses", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Std of each 3x3 layer's response (after BN, before ReLU/addition) of trained nets (He 2015 Fig. 7).",
                "Example: responses --sweep runs/degradation --out runs/responses",
                "         responses --checkpoint runs/plain56/model.ckpt --checkpoint runs/resnet56/model.ckpt --out runs/responses"})
public final class ResponsesCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    static final class Source {
        @Option(names = "--checkpoint", arity = "1..*", description = "model.ckpt files written by 'train' or 'sweep'") List<Path> checkpoints;
        @Option(names = "--sweep", description = "a folder written by 'sweep': one checkpoint per configuration") Path sweepDir;
        @Option(names = "--preset", description = "train this sweep preset first (degradation, shortcuts, units, budget) into DIR/sweep") String preset;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Source source;

    @Option(names = "--out", required = true, description = "output folder") Path out;
    @Option(names = "--images", defaultValue = "200", description = "test images in the measured batch, class-balanced; 0 = all (default: ${DEFAULT-VALUE})") int images;
    @Option(names = "--threads", description = "worker threads for measuring (default: all cores)") Integer threads;
    @Option(names = "--seeds", split = ",", description = "with --preset: seeds to train (default: 1)") List<Long> seeds;
    @Option(names = "--iterations", description = "with --preset: SGD steps per run (default: the preset's)") Integer iterations;
    @Option(names = "--parallel", defaultValue = "2", description = "with --preset: runs trained at once (default: ${DEFAULT-VALUE})") int parallel;
    @Option(names = "--charts", defaultValue = SweepCommand.CHART_FORMATS, description = "chart files to write: png, svg, pdf, csv or none (default: ${DEFAULT-VALUE})") String charts;
    @Option(names = "--quiet", description = "no progress lines") boolean quiet;

    /** Bad input and failed runs are reported by {@link Main}'s one exception handler (exit 2 or 1, one line). */
    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        var config = new LayerResponses.Config(images);
        var formats = SweepCommand.chartFormats(charts);
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + nThreads);
        String command = SweepCommand.commandLine(spec);
        List<Path> files = source.checkpoints;
        if (files != null) {
            for (Path f : files) Checkpoint.requireFile(f);
        }
        if (source.preset != null) {
            TrainingRun.checkWritable(out);
            SweepSpec s = SweepPresets.get(source.preset).withSeeds(seeds != null ? seeds : List.of(1L));
            if (iterations != null) s = s.withIterations(iterations);
            Path dir = out.resolve("sweep");
            if (!quiet) console.printf("training %s (%d runs) into %s first%n", s.name(), s.variants().size() * s.seeds().size(), dir);
            SweepResult r = new Sweep(s, dir, parallel, command).run(null, () -> false);
            files = fromSweep(dir, r);
        } else if (source.sweepDir != null) {
            Path file = source.sweepDir.resolve(Sweep.RESULT_FILE);
            if (!Files.isRegularFile(file)) throw new IOException(file + ": no sweep result here (was the folder written by 'sweep'?)");
            if (Files.isRegularFile(source.sweepDir.resolve(TrainingRun.CHECKPOINT_FILE))) {
                throw new IllegalArgumentException("--sweep " + source.sweepDir + " is a folder written by 'train', not by 'sweep': use --checkpoint "
                        + source.sweepDir.resolve(TrainingRun.CHECKPOINT_FILE));
            }
            files = fromSweep(source.sweepDir, Json.read(file, SweepResult.class, "sweep result"));
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no finished runs with a checkpoint to measure");

        List<LayerResponses.NetResponses> nets = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> data = new ArrayList<>();
        try (Compute compute = Compute.best(nThreads)) {
            for (Path f : files) {
                TrainedModel m = TrainedModel.load(f, compute);
                Dataset batch = LayerResponses.batch(m.data().test(), config);
                // the batch goes through the net in one forward pass: every layer's maps for all its images at once
                MemoryEstimate.evaluation(m.network().spec(), batch.size())
                        .plus(MemoryEstimate.data(m.network().spec(), m.data().train().size() + m.data().test().size()))
                        .require("layer responses of " + m.network().spec().displayName() + " on " + batch.size() + " images",
                                "a smaller --images");
                long seed = m.config().training().seed();
                String label = m.network().spec().displayName();
                if (seen.merge(label, 1, Integer::sum) > 1) label += " (seed " + seed + ")";
                var r = LayerResponses.measure(label, f.toString(), seed, m.network(), batch);
                nets.add(r);
                String d = m.data().test().description();
                if (!data.contains(d)) data.add(d);
                if (!quiet) console.printf(Locale.ROOT, "  %-28s %2d layers, mean std %.3f (from %s)%n", label, r.layers().size(), r.mean(), f);
            }
        }
        TrainingRun.checkWritable(out); // (again for a preset) after the checks that refuse a request: a refusal leaves no folder
        var result = new LayerResponses.Result("resnet-lab", Version.get(), command, config, String.join(" | ", data), nets,
                LayerResponses.findings(nets));
        Json.write(out.resolve("result.json"), result);
        for (String s : result.findings()) console.println("  - " + s);
        writeCharts(result, out, command, formats);
        console.printf("wrote %s%n", out.resolve("result.json"));
        return 0;
    }

    /** One checkpoint per configuration of a sweep: its lowest-seed finished run that has one. */
    static List<Path> fromSweep(Path dir, SweepResult r) {
        List<Path> files = new ArrayList<>();
        for (SweepResult.ConfigSummary c : r.configurations()) {
            r.runs().stream().filter(x -> x.variant() == c.variant() && x.finished())
                    .map(x -> dir.resolve(Sweep.RUNS_FOLDER).resolve(x.id()).resolve(TrainingRun.CHECKPOINT_FILE))
                    .filter(Files::isRegularFile).findFirst().ifPresent(files::add);
        }
        return files;
    }

    static void writeCharts(LayerResponses.Result r, Path dir, String command, java.util.Set<String> formats) throws IOException {
        if (formats.isEmpty()) return;
        List<Curve> byLayer = new ArrayList<>(), sorted = new ArrayList<>();
        for (var n : r.nets()) {
            int k = n.layers().size();
            double[] x = new double[k], y = new double[k], s = new double[k];
            for (int i = 0; i < k; i++) {
                x[i] = n.layers().get(i).index();
                y[i] = n.layers().get(i).std();
                s[i] = n.sorted().get(i);
            }
            byLayer.add(Curve.of(n.label(), x, y));
            sorted.add(Curve.of(n.label(), x, s));
        }
        String provenance = "made by: " + command + " (resnet-lab " + Version.get() + "); eval mode, " + r.nets().stream()
                .mapToInt(LayerResponses.NetResponses::images).max().orElse(0) + " test images";
        ChartTheme theme = ChartTheme.light();
        SweepCommand.writeChartFiles(CurveChart.create(new ChartText("Layer responses (He 2015 Fig. 7)", "layer index (original)",
                "std of response", provenance), byLayer, AxisScale.LINEAR, theme), dir, "responses-by-layer", formats);
        SweepCommand.writeChartFiles(CurveChart.create(new ChartText("Layer responses, sorted by magnitude", "layer index (sorted)",
                "std of response", provenance), sorted, AxisScale.LINEAR, theme), dir, "responses-sorted", formats);
    }
}
