package resnetlab.lessons;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.jfree.chart.JFreeChart;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Curve;
import resnetlab.charts.CurveChart;
import resnetlab.charts.Grid;
import resnetlab.charts.LandscapeChart;
import resnetlab.data.DataSplit;
import resnetlab.data.Dataset;
import resnetlab.experiments.LayerResponses;
import resnetlab.experiments.LossLandscape;

/**
 * The bridge from lesson actions to the experiment classes of {@code resnetlab.experiments}, and the charts of
 * their results. An experiment this build does not have is reported as {@link StepResult#NOT_AVAILABLE}, never
 * imitated. Experiments run on the first seed of each targeted model.
 */
final class LessonExperiments {
    /** One experiment result, with the model and seed it was measured on. */
    record Outcome(String model, long seed, Object result) {}

    /** A chart with the suffix of its file name ("" for the pane's single chart, "-2" for the second model ...). */
    record NamedChart(String suffix, JFreeChart chart) {}

    static final int RESPONSE_IMAGES = LayerResponses.Config.DEFAULT_IMAGES;
    static final int LANDSCAPE_GRID = 11, LANDSCAPE_IMAGES = 500;

    private LessonExperiments() {}

    /** Attaches the recorders that must listen while a model trains (the gradient flow). */
    static void attachRecorders(ModelRun run) {
        // the gradient-flow recorder is attached here once resnetlab.experiments.GradientFlow is in the build
    }

    static StepResult.ActionResult run(LessonAction.RunExperiment a, List<ModelRun> targets, DataSplit data, RunOptions options,
                                       LessonRunner.StepRecord record, LessonRunner.Progress progress, BooleanSupplier cancelled) {
        List<Outcome> outcomes = switch (a.experiment()) {
            case LAYER_RESPONSES -> responses(a, targets, data, options, progress);
            case LOSS_LANDSCAPE -> landscape(a, targets, data, options, progress, cancelled);
            case GRADIENT_FLOW, PATH_LENGTHS, LESION_STUDY -> null;
        };
        if (outcomes == null) return notAvailable(a, record, progress);
        List<Outcome> kept = record.experiments.computeIfAbsent(a.experiment(), e -> new ArrayList<>());
        for (Outcome o : outcomes) kept.removeIf(k -> k.model().equals(o.model()));
        kept.addAll(outcomes);
        return new StepResult.ActionResult("experiment", a.experiment().fileName(), a.model(), StepResult.DONE,
                a.experiment().fileName() + " on " + String.join(", ", outcomes.stream().map(o -> o.model() + " (seed " + o.seed() + ")").toList()),
                outcomes.stream().map(Outcome::result).toList());
    }

    // ---- layer responses (He 2015 Fig. 7) -----------------------------------------------------------------

    private static List<Outcome> responses(LessonAction.RunExperiment a, List<ModelRun> targets, DataSplit data, RunOptions options,
                                           LessonRunner.Progress progress) {
        int images = Math.max(data.test().numClasses(), options.experimentSize(a.images(), RESPONSE_IMAGES, 50));
        Dataset batch = LayerResponses.batch(data.test(), new LayerResponses.Config(images));
        List<Outcome> out = new ArrayList<>();
        for (ModelRun run : targets) {
            LayerResponses.NetResponses r = LayerResponses.measure(run.label, null, run.seed, run.net, batch);
            progress.message(String.format(Locale.ROOT, "  %s seed %d: mean response std %.3f over %d layers (%d test images)",
                    run.label, run.seed, r.mean(), r.layers().size(), r.images()));
            out.add(new Outcome(run.label, run.seed, r));
        }
        return out;
    }

    // ---- loss landscape (Li 2018) -------------------------------------------------------------------------

    private static List<Outcome> landscape(LessonAction.RunExperiment a, List<ModelRun> targets, DataSplit data, RunOptions options,
                                           LessonRunner.Progress progress, BooleanSupplier cancelled) {
        int grid = Math.max(3, options.experimentSize(a.grid(), LANDSCAPE_GRID, 3));
        int images = Math.max(data.train().numClasses(), options.experimentSize(a.images(), LANDSCAPE_IMAGES, 50));
        Dataset eval = images >= data.train().size() ? data.train() : data.train().firstPerClass(images);
        LossLandscape.Config config = new LossLandscape.Config(grid, 2 * grid - 1, 1.0, images, "train", 1, 0, 0.0, 1.0, 250);
        List<Outcome> out = new ArrayList<>();
        for (ModelRun run : targets) {
            int[] last = {-1};
            LossLandscape.Scan scan = LossLandscape.scan(config, run.net, null, eval, (f, m) -> {
                int pct = (int) (f * 100);
                if (pct / 25 != last[0]) { last[0] = pct / 25; progress.message(String.format(Locale.ROOT, "  %s: landscape %d%%", run.label, pct)); }
            }, cancelled);
            if (!scan.complete()) throw new CancellationException("loss landscape cancelled");
            progress.message(String.format(Locale.ROOT, "  %s seed %d: training loss at θ* %.3f; %dx%d grid over [−1, 1]² on %d training images",
                    run.label, run.seed, scan.centre().loss(), grid, grid, eval.size()));
            out.add(new Outcome(run.label, run.seed, scan));
        }
        return out;
    }

    // ---- charts -------------------------------------------------------------------------------------------

    /** The charts of an experiment's pane from its outcomes, or an empty list when this build cannot draw them. */
    static List<NamedChart> charts(Experiment e, String chart, List<Outcome> outcomes, String provenance) {
        return switch (e) {
            case LAYER_RESPONSES -> List.of(new NamedChart("", responseChart(outcomes, provenance)));
            case LOSS_LANDSCAPE -> chart.equals("slice") ? List.of(new NamedChart("", sliceChart(outcomes, provenance)))
                    : contourCharts(outcomes, provenance);
            default -> List.of();
        };
    }

    static JFreeChart responseChart(List<Outcome> outcomes, String provenance) {
        List<Curve> curves = new ArrayList<>();
        for (Outcome o : outcomes) {
            LayerResponses.NetResponses r = (LayerResponses.NetResponses) o.result();
            double[] x = r.layers().stream().mapToDouble(LayerResponses.LayerStd::index).toArray();
            double[] y = r.layers().stream().mapToDouble(LayerResponses.LayerStd::std).toArray();
            curves.add(Curve.of(String.format(Locale.ROOT, "%s (mean %.3f)", o.model(), r.mean()), x, y));
        }
        ChartText text = new ChartText("Std of each 3x3 layer's response (He 2015 Fig. 7)", "layer (forward order, 1 = stem)",
                "std of the response (after BN, before addition/ReLU)", provenance + "; eval mode");
        return CurveChart.create(text, curves, AxisScale.LINEAR, ChartTheme.light());
    }

    static List<NamedChart> contourCharts(List<Outcome> outcomes, String provenance) {
        List<NamedChart> out = new ArrayList<>();
        int i = 1;
        for (Outcome o : outcomes) {
            LossLandscape.Surface s = ((LossLandscape.Scan) o.result()).surface();
            ChartText text = new ChartText("Training loss around θ*: " + o.model(), "α (direction δ)", "β (direction η)",
                    provenance + "; filter-normalised directions; colour scale of this net");
            out.add(new NamedChart(outcomes.size() == 1 ? "" : "-" + i++,
                    LandscapeChart.contour(text, new Grid(s.alpha(), s.beta(), s.loss()), "training loss", AxisScale.LOG, 8, ChartTheme.light())));
        }
        return out;
    }

    static JFreeChart sliceChart(List<Outcome> outcomes, String provenance) {
        List<Curve> curves = new ArrayList<>();
        for (Outcome o : outcomes) {
            LossLandscape.Slice s = ((LossLandscape.Scan) o.result()).slice();
            curves.add(Curve.of(o.model(), s.x(), s.loss()));
        }
        ChartText text = new ChartText("Training loss along one filter-normalised direction", "α (direction δ; 0 = trained weights)",
                "training loss", provenance);
        return LandscapeChart.slice(text, curves, AxisScale.LOG, ChartTheme.light());
    }

    private static StepResult.ActionResult notAvailable(LessonAction.RunExperiment a, LessonRunner.StepRecord record,
                                                        LessonRunner.Progress progress) {
        String msg = "experiment '" + a.experiment().fileName() + "' is " + StepResult.NOT_AVAILABLE;
        record.notes.add(msg);
        progress.message("  " + msg);
        return new StepResult.ActionResult("experiment", a.experiment().fileName(), a.model(), StepResult.NOT_AVAILABLE, msg, null);
    }
}
