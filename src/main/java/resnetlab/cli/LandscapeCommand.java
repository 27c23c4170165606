package resnetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.Version;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Curve;
import resnetlab.charts.Grid;
import resnetlab.charts.LandscapeChart;
import resnetlab.charts.SurfacePlot3D;
import resnetlab.charts.SurfaceView;
import resnetlab.data.Dataset;
import resnetlab.experiments.LossLandscape;
import resnetlab.experiments.TrainedModel;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.NetworkSpec;
import resnetlab.train.Checkpoint;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.TrainingRun;

/**
 * {@code landscape}: Li et al. 2018 around a trained net: a 1-D slice and a 2-D surface of the loss along
 * filter-normalised random directions, and optionally the linear interpolation to a second checkpoint.
 */
@Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loss landscape around trained weights along filter-normalised random directions (Li et al. 2018).",
                "Example: landscape --checkpoint runs/resnet56/model.ckpt --out runs/landscape56 --grid 21 --test-size 500"})
public final class LandscapeCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "θ*: model.ckpt written by 'train' or 'sweep'") Path checkpoint;
    @Option(names = "--checkpoint2", description = "θ₂ for the interpolation L((1−t)θ* + tθ₂): same architecture") Path checkpoint2;
    @Option(names = "--out", required = true, description = "output folder") Path out;
    @Option(names = "--grid", defaultValue = "21", description = "points per axis of the 2-D surface; 0 = none (default: ${DEFAULT-VALUE})") int grid;
    @Option(names = "--slice-points", defaultValue = "41", description = "points of the 1-D slice; 0 = none (default: ${DEFAULT-VALUE})") int slicePoints;
    @Option(names = "--range", defaultValue = "1", description = "α, β in [−range, range] (default: ${DEFAULT-VALUE})") double range;
    @Option(names = {"--test-size", "--images"}, defaultValue = "500", description = "evaluation images, class-balanced; 0 = all of the split (default: ${DEFAULT-VALUE})") int images;
    @Option(names = "--split", defaultValue = "train", description = "train (the paper's training loss) or test (default: ${DEFAULT-VALUE})") String split;
    @Option(names = "--seed", defaultValue = "1", description = "draws the directions δ (seed) and η (seed+1) (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--interpolation", defaultValue = "21", description = "points of the interpolation (with --checkpoint2) (default: ${DEFAULT-VALUE})") int interpolation;
    @Option(names = "--t-from", defaultValue = "0", description = "first t of the interpolation (default: ${DEFAULT-VALUE})") double tFrom;
    @Option(names = "--t-to", defaultValue = "1", description = "last t of the interpolation (default: ${DEFAULT-VALUE})") double tTo;
    @Option(names = "--batch", defaultValue = "0", description = "evaluation batch; 0: chosen for the CPU's caches (16 images "
            + "a thread for 3x32x32 nets) (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--threads", description = "worker threads (default: all cores)") Integer threads;
    @Option(names = "--charts", defaultValue = SweepCommand.CHART_FORMATS, description = "chart files to write: png, svg, pdf, csv or none (default: ${DEFAULT-VALUE})") String charts;
    @Option(names = "--quiet", description = "no progress lines") boolean quiet;

    /** Bad input and failed runs are reported by {@link Main}'s one exception handler (exit 2 or 1, one line). */
    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        String s = split.trim().toLowerCase(Locale.ROOT);
        var config = new LossLandscape.Config(grid, slicePoints, range, images, s, seed, checkpoint2 == null ? 0 : interpolation,
                tFrom, tTo, batch).validate();
        var formats = SweepCommand.chartFormats(charts);
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + nThreads);
        for (Path f : checkpoint2 == null ? List.of(checkpoint) : List.of(checkpoint, checkpoint2)) Checkpoint.requireFile(f);
        String command = SweepCommand.commandLine(spec);
        long t0 = System.nanoTime();
        try (Compute compute = Compute.best(nThreads)) {
            TrainedModel m = TrainedModel.load(checkpoint, compute);
            TrainedModel m2 = checkpoint2 == null ? null : TrainedModel.load(checkpoint2, compute);
            NetworkSpec net = m.network().spec();
            if (m2 != null && !m2.network().spec().equals(net)) {
                NetworkSpec other = m2.network().spec();
                // two nets with one display name (e.g. ResNet-8 at image sizes 16 and 12) are told apart by their fields
                String which = other.displayName().equals(net.displayName())
                        ? "a " + other.displayName() + " that differs from the one in --checkpoint (" + other.differences(net) + ")"
                        : other.displayName() + " but --checkpoint holds " + net.displayName();
                throw new IllegalArgumentException("--checkpoint2 holds " + which + ": interpolation needs one architecture");
            }
            Dataset all = s.equals("train") ? m.data().train() : m.data().test();
            Dataset eval = images == 0 || images >= all.size() ? all : all.firstPerClass(images);
            int used = config.batchFor(m.network());
            MemoryEstimate.evaluation(net, used).plus(MemoryEstimate.landscape(net, grid, slicePoints, m2 != null))
                    .plus(MemoryEstimate.data(net, all.size())).require("a " + grid + "x" + grid + " landscape of " + net.displayName(),
                            "a smaller --grid, --slice-points or --batch");
            TrainingRun.checkWritable(out);
            String label = m.network().spec().displayName();
            if (!quiet) {
                console.printf("%s: loss landscape on %d %s images in batches of %d, %dx%d grid, %d-point slice%s%n", label, eval.size(), s,
                        used, grid, grid, slicePoints, m2 == null ? "" : ", " + interpolation + "-point interpolation");
            }
            double[] next = {0.05};
            LossLandscape.Progress progress = quiet ? LossLandscape.Progress.NONE : (f, msg) -> {
                if (f >= next[0] - 1e-12) {
                    console.printf(Locale.ROOT, "  %3.0f%%  %s  (%.0f s)%n", 100 * f, msg, (System.nanoTime() - t0) / 1e9);
                    while (next[0] <= f + 1e-12) next[0] += 0.05;
                }
            };
            var scan = LossLandscape.scan(config, m.network(), m2 == null ? null : m2.network(), eval, progress, () -> false);
            var result = new LossLandscape.Result("resnet-lab", Version.get(), command, config, checkpoint.toString(),
                    checkpoint2 == null ? null : checkpoint2.toString(), m.network().spec(), m.config().training().seed(),
                    eval.description(), eval.size(), scan.centre(), scan.slice(), scan.surface(), scan.interpolation(), scan.complete(),
                    LossLandscape.findings(scan.centre(), scan.slice(), scan.surface(), scan.interpolation()), (System.nanoTime() - t0) / 1e9);
            Json.write(out.resolve("result.json"), result);
            for (String f : result.findings()) console.println("  - " + f);
            writeCharts(result, label, out, command, formats);
            console.printf("wrote %s%n", out.resolve("result.json"));
        }
        return 0;
    }

    static void writeCharts(LossLandscape.Result r, String label, Path dir, String command, java.util.Set<String> formats) throws IOException {
        if (formats.isEmpty()) return;
        ChartTheme theme = ChartTheme.light();
        String provenance = "made by: " + command + " (resnet-lab " + Version.get() + "); eval mode, " + r.images() + " "
                + r.config().split() + " images";
        if (r.surface() != null) {
            var s = r.surface();
            Grid g = new Grid(s.alpha(), s.beta(), s.loss());
            boolean positive = java.util.Arrays.stream(s.loss()).flatMapToDouble(java.util.Arrays::stream)
                    .filter(Double::isFinite).allMatch(v -> v > 0);
            SweepCommand.writeChartFiles(LandscapeChart.contour(new ChartText(label + ": loss surface (filter-normalised directions)",
                    "α (direction δ)", "β (direction η)", provenance), g, "loss", positive ? AxisScale.LOG : AxisScale.LINEAR, 10, theme),
                    dir, "landscape-surface", formats);
            // the same grid in 3-D, as the app's 3-D view draws it (its CSV has the same rows: series,x,y,z)
            SweepCommand.writeChartFiles(LandscapeChart.surface3d(new ChartText(label + ": loss surface in 3-D", "α (direction δ)",
                    "β (direction η)", provenance), List.of(new SurfacePlot3D.Panel(label, g)), "loss", null, 10, SurfaceView.DEFAULT, theme),
                    dir, "landscape-surface-3d", formats);
        }
        if (r.slice() != null) {
            SweepCommand.writeChartFiles(LandscapeChart.slice(new ChartText(label + ": 1-D slice L(θ* + αδ)", "α", "loss", provenance),
                    List.of(Curve.of(label, r.slice().x(), r.slice().loss())), AxisScale.LINEAR, theme), dir, "landscape-slice", formats);
        }
        if (r.interpolation() != null) {
            List<Curve> curves = new ArrayList<>();
            curves.add(Curve.of("loss", r.interpolation().x(), r.interpolation().loss()));
            SweepCommand.writeChartFiles(LandscapeChart.slice(new ChartText(label + ": interpolation L((1−t)θ₁ + tθ₂)", "t", "loss",
                    provenance), curves, AxisScale.LINEAR, theme), dir, "landscape-interpolation", formats);
        }
    }
}
