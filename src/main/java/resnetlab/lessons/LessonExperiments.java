package resnetlab.lessons;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.jfree.chart.JFreeChart;
import java.util.Map;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Curve;
import resnetlab.charts.CurveChart;
import resnetlab.charts.DepthProfileChart;
import resnetlab.charts.GradientHeatMapChart;
import resnetlab.charts.Grid;
import resnetlab.charts.LandscapeChart;
import resnetlab.charts.LesionChart;
import resnetlab.charts.LesionSeries;
import resnetlab.charts.PathLengthChart;
import resnetlab.charts.PathLengthProfile;
import resnetlab.data.DataSplit;
import resnetlab.data.Dataset;
import resnetlab.experiments.GradientFlow;
import resnetlab.experiments.LayerResponses;
import resnetlab.experiments.LesionStudy;
import resnetlab.experiments.LossLandscape;
import resnetlab.experiments.PathLengths;
import resnetlab.train.Evaluation;

/**
 * The bridge from lesson actions to the experiment classes of {@code resnetlab.experiments}, and the charts of
 * their results. An experiment this build does not have is reported as {@link StepResult#NOT_AVAILABLE}, never
 * imitated. Experiments run on the first seed of each targeted model. Chart words come from {@link ChartWords}.
 */
final class LessonExperiments {
    /** One experiment result, with the model and seed it was measured on. */
    record Outcome(String model, long seed, Object result) {}

    /** A chart with the suffix of its file name ("" for the pane's single chart, "-2" for the second model ...). */
    record NamedChart(String suffix, JFreeChart chart) {}

    static final int RESPONSE_IMAGES = LayerResponses.Config.DEFAULT_IMAGES;
    static final int LANDSCAPE_GRID = 11, LANDSCAPE_IMAGES = 500;
    static final int PATH_SAMPLES = 100, PATH_BATCH = 32;
    static final int LESION_TEST = 500, LESION_SAMPLES = 10;
    /** Iterations the gradient-flow depth profile averages over (geometric mean), counted from the last. */
    static final int FLOW_WINDOW = 10;

    private LessonExperiments() {}

    /** Attaches the recorders that must listen while a model trains (the gradient flow). */
    static void attachRecorders(ModelRun run) {
        GradientFlow flow = new GradientFlow(run.net, new GradientFlow.Config(1, FLOW_WINDOW));
        run.trainer.addListener(flow);
        run.recorders.add(flow);
    }

    /** The gradient flow recorded so far for the first seed of every model, replacing earlier snapshots. */
    static void snapshotGradientFlow(Map<String, List<ModelRun>> models, Map<Experiment, List<Outcome>> outcomes) {
        List<ModelRun> firsts = new ArrayList<>();
        for (List<ModelRun> runs : models.values()) firsts.add(runs.get(0));
        keep(outcomes, Experiment.GRADIENT_FLOW, gradientFlow(firsts));
    }

    private static List<Outcome> gradientFlow(List<ModelRun> targets) {
        List<Outcome> out = new ArrayList<>();
        for (ModelRun run : targets) {
            for (Object r : run.recorders) {
                if (r instanceof GradientFlow flow && flow.recorded() > 0) out.add(new Outcome(run.label, run.seed, flow.result()));
            }
        }
        return out;
    }

    private static void keep(Map<Experiment, List<Outcome>> outcomes, Experiment e, List<Outcome> fresh) {
        List<Outcome> kept = outcomes.computeIfAbsent(e, x -> new ArrayList<>());
        for (Outcome o : fresh) kept.removeIf(k -> k.model().equals(o.model()));
        kept.addAll(fresh);
    }

    static StepResult.ActionResult run(LessonAction.RunExperiment a, List<ModelRun> targets, DataSplit data, RunOptions options,
                                       LessonRunner.StepRecord record, LessonRunner.Progress progress, BooleanSupplier cancelled) {
        List<Outcome> outcomes = switch (a.experiment()) {
            case LAYER_RESPONSES -> responses(a, targets, data, options, progress);
            case LOSS_LANDSCAPE -> landscape(a, targets, data, options, progress, cancelled);
            case GRADIENT_FLOW -> gradientFlow(targets);
            case PATH_LENGTHS -> paths(a, targets, data, options, progress, cancelled);
            case LESION_STUDY -> lesions(a, targets, data, options, progress, cancelled);
        };
        if (outcomes == null) return notAvailable(a, record, progress);
        keep(record.experiments, a.experiment(), outcomes);
        return new StepResult.ActionResult("experiment", a.experiment().fileName(), a.model(), StepResult.DONE,
                a.experiment().fileName() + " on " + String.join(", ", outcomes.stream().map(o -> o.model() + " (seed " + o.seed() + ")").toList()),
                outcomes.stream().map(Outcome::result).toList());
    }

    // ---- path lengths (Veit 2016 §4.2) ---------------------------------------------------------------------

    private static List<Outcome> paths(LessonAction.RunExperiment a, List<ModelRun> targets, DataSplit data, RunOptions options,
                                       LessonRunner.Progress progress, BooleanSupplier cancelled) {
        PathLengths.Config config = new PathLengths.Config(options.experimentSize(a.samples(), PATH_SAMPLES, 4),
                options.experimentSize(a.batch(), PATH_BATCH, 16), 1, 0.9);
        List<Outcome> out = new ArrayList<>();
        for (ModelRun run : targets) {
            int[] quarter = {-1};
            PathLengths.Result r = PathLengths.sample(run.net, data.train(), config, (done, total, m) -> {
                int q = total == 0 ? 4 : 4 * done / total;
                if (q != quarter[0]) { quarter[0] = q; progress.message("  " + run.label + ": " + m); }
            }, cancelled);
            var range = r.effectiveRange();
            progress.message(String.format(Locale.ROOT, "  %s seed %d: %d blocks, contribution peaks at length %d%s", run.label, run.seed,
                    r.n(), r.peak(), range == null ? "" : String.format(Locale.ROOT, "; %.0f%% of it from lengths %d-%d (%.2g%% of the paths)",
                            100 * range.share(), range.from(), range.to(), 100 * range.fractionPaths())));
            out.add(new Outcome(run.label, run.seed, r));
        }
        return out;
    }

    // ---- lesion study (Veit 2016 §4) ----------------------------------------------------------------------

    private static List<Outcome> lesions(LessonAction.RunExperiment a, List<ModelRun> targets, DataSplit data, RunOptions options,
                                         LessonRunner.Progress progress, BooleanSupplier cancelled) {
        Dataset test = data.test();
        int size = Math.min(test.size(), Math.max(test.numClasses(), options.experimentSize(a.testSize(), LESION_TEST, 50)));
        LesionStudy.Config config = new LesionStudy.Config(size == test.size() ? 0 : size, options.experimentSize(a.samples(), LESION_SAMPLES, 2),
                1, a.deletions(), a.swaps(), Evaluation.AUTO_BATCH);
        List<Outcome> out = new ArrayList<>();
        for (ModelRun run : targets) {
            LesionStudy study = new LesionStudy(run.net, test, config);
            LesionStudy.Result r = study.run((done, total, m) -> { }, cancelled);
            var s = r.summary();
            progress.message(String.format(Locale.ROOT, "  %s seed %d: intact test error %.3f on %d images; one block deleted: median +%.3f, "
                    + "largest +%.3f (block %d)", run.label, run.seed, r.baselineError(), r.testImages(), s.medianIncrease(), s.maxIncrease(),
                    s.maxBlock() + 1));
            for (LesionStudy.RandomK k : r.randomK()) {
                progress.message(String.format(Locale.ROOT, "    %d random blocks deleted: test error %.3f ± %.3f", k.k(), k.meanError(), k.stdError()));
            }
            for (LesionStudy.Reorder k : r.reorder()) {
                progress.message(String.format(Locale.ROOT, "    %d random swaps: Kendall τ %.2f, test error %.3f ± %.3f", k.swaps(), k.meanTau(),
                        k.meanError(), k.stdError()));
            }
            out.add(new Outcome(run.label, run.seed, r));
        }
        return out;
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
        LossLandscape.Config config = new LossLandscape.Config(grid, 2 * grid - 1, 1.0, images, "train", 1, 0, 0.0, 1.0, Evaluation.AUTO_BATCH);
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
    static List<NamedChart> charts(Experiment e, String chart, List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme t) {
        return switch (e) {
            case LAYER_RESPONSES -> List.of(new NamedChart("", responseChart(outcomes, provenance, w, t)));
            case LOSS_LANDSCAPE -> chart.equals("slice") ? List.of(new NamedChart("", sliceChart(outcomes, provenance, w, t)))
                    : contourCharts(outcomes, provenance, w, t);
            case GRADIENT_FLOW -> switch (chart) {
                case "depth-profile" -> List.of(new NamedChart("", depthProfileChart(outcomes, provenance, w, t)));
                case "direct-term" -> List.of(new NamedChart("", directTermChart(outcomes, provenance, w, t)));
                case "weight-gradients" -> List.of(new NamedChart("", weightGradientChart(outcomes, provenance, w, t)));
                default -> heatMaps(outcomes, provenance, w, t);
            };
            case PATH_LENGTHS -> pathCharts(outcomes, provenance, w, t);
            case LESION_STUDY -> lesionCharts(chart, outcomes, provenance, w, t);
        };
    }

    // ---- gradient-flow charts -------------------------------------------------------------------------------

    private static String window(GradientFlow.Result r, ChartWords w) {
        return r.profileFrom() == r.profileTo() ? w.format("flow.window.one", r.profileTo())
                : w.format("flow.window.range", r.profileFrom(), r.profileTo());
    }

    /** The averaging windows: in the title when all models share one, else after each model's name. */
    private static boolean sameWindow(List<Outcome> outcomes, ChartWords w) {
        return outcomes.stream().map(o -> window((GradientFlow.Result) o.result(), w)).distinct().count() <= 1;
    }

    private static String name(Outcome o, boolean same, ChartWords w) {
        return same ? o.model() : w.format("flow.model.window", o.model(), window((GradientFlow.Result) o.result(), w));
    }

    private static String title(String what, List<Outcome> outcomes, boolean same, ChartWords w) {
        return same && !outcomes.isEmpty() ? w.format("flow.title.window", what, window((GradientFlow.Result) outcomes.get(0).result(), w), FLOW_WINDOW)
                : w.format("flow.title", what, FLOW_WINDOW);
    }

    /** ‖∂E/∂x_l‖ at the input of every block (points) and the direct term ‖∂E/∂x_L‖·∏λ (dashed), per model. */
    static JFreeChart depthProfileChart(List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme t) {
        List<Curve> measured = new ArrayList<>(), theory = new ArrayList<>();
        boolean same = sameWindow(outcomes, w);
        for (Outcome o : outcomes) {
            GradientFlow.Result r = (GradientFlow.Result) o.result();
            var p = r.depthProfile();
            int n = p.size();
            double top = r.topGradient();
            // x_l for l = 1..L is the output of block l−1: its gradient is that block's outGrad; x_L = after the last block
            double[] lx = new double[n], full = new double[n], dx = new double[n + 1], direct = new double[n + 1];
            for (int l = 1; l <= n; l++) { lx[l - 1] = l; full[l - 1] = p.get(l - 1).outGrad(); }
            for (int l = 0; l <= n; l++) { dx[l] = l; direct[l] = l == n ? top : top * p.get(l).directTheory(); }
            measured.add(Curve.of(w.format("flow.series", name(o, same, w), w.get("flow.series.measured")), lx, full));
            theory.add(Curve.of(w.format("flow.series", o.model(), w.get("flow.series.theory")), dx, direct));
        }
        ChartText text = new ChartText(title(w.get("flow.profile.title"), outcomes, same, w), w.get("flow.blockInput"),
                w.get("flow.profile.y"), w.format("first.seed", provenance));
        return DepthProfileChart.create(text, measured, theory, t);
    }

    /** The direct term itself: measured ∏ (skip / out) over the blocks above l, against ∏λ (He 2016 eq. 4-8). */
    static JFreeChart directTermChart(List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme look) {
        List<Curve> measured = new ArrayList<>(), theory = new ArrayList<>();
        boolean same = sameWindow(outcomes, w);
        for (Outcome o : outcomes) {
            GradientFlow.Result r = (GradientFlow.Result) o.result();
            var p = r.depthProfile();
            int n = p.size();
            double[] x = new double[n + 1], m = new double[n + 1], t = new double[n + 1];
            for (int l = 0; l <= n; l++) {
                x[l] = l;
                m[l] = l == n ? 1 : p.get(l).directMeasured();
                t[l] = l == n ? 1 : p.get(l).directTheory();
            }
            measured.add(Curve.of(w.format("flow.direct.measured", name(o, same, w)), x, m));
            theory.add(Curve.of(w.format("flow.series", o.model(), "∏λ"), x, t));
        }
        ChartText text = new ChartText(title(w.get("flow.direct.title"), outcomes, same, w), w.get("flow.blockInput"),
                w.get("flow.direct.y"), w.format("first.seed", provenance));
        return DepthProfileChart.create(text, measured, theory, look);
    }

    static JFreeChart weightGradientChart(List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme t) {
        List<Curve> curves = new ArrayList<>();
        for (Outcome o : outcomes) {
            GradientFlow.Result r = (GradientFlow.Result) o.result();
            int m = r.layers().size();
            double[] x = new double[m], y = new double[m];
            for (int i = 0; i < m; i++) { x[i] = i; y[i] = r.layers().get(i).weightGrad(); }
            curves.add(Curve.of(o.model(), x, y));
        }
        ChartText text = new ChartText(w.get("flow.weights.title"), w.get("flow.weights.x"), w.get("flow.weights.y"),
                w.format("first.seed", provenance));
        return DepthProfileChart.create(text, curves, List.of(), t);
    }

    static List<NamedChart> heatMaps(List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme t) {
        List<NamedChart> out = new ArrayList<>();
        int i = 1;
        for (Outcome o : outcomes) {
            GradientFlow.Result r = (GradientFlow.Result) o.result();
            int n = r.blocks().size();
            double[] it = r.iterations().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] blocks = new double[n];
            for (int b = 0; b < n; b++) blocks[b] = b;
            ChartText text = new ChartText(w.format("flow.heat.title", o.model()), w.get("iteration"), w.get("block"), provenance);
            out.add(new NamedChart(outcomes.size() == 1 ? "" : "-" + i++,
                    GradientHeatMapChart.create(text, new Grid(it, blocks, r.outGrad()), "$\\|\\partial E/\\partial x\\|$", t)));
        }
        return out;
    }

    // ---- path-length and lesion charts ----------------------------------------------------------------------

    static List<NamedChart> pathCharts(List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme t) {
        List<NamedChart> out = new ArrayList<>();
        int i = 1;
        for (Outcome o : outcomes) {
            PathLengths.Result r = (PathLengths.Result) o.result();
            int m = r.lengths().size();
            double[] k = new double[m], count = new double[m], grad = new double[m], share = new double[m];
            for (int j = 0; j < m; j++) {
                var l = r.lengths().get(j);
                k[j] = l.k();
                count[j] = l.count().doubleValue();
                grad[j] = l.meanGradient();
                share[j] = l.share();
            }
            var range = r.effectiveRange();
            var profile = new PathLengthProfile(k, count, grad, share, range == null ? Double.NaN : range.from(),
                    range == null ? Double.NaN : range.to());
            ChartText text = new ChartText(w.format("paths.title", o.model(), r.n()), w.get("paths.x"), w.get("paths.share"),
                    w.format("paths.provenance", provenance, r.config().samples(), r.batchImages()));
            out.add(new NamedChart(outcomes.size() == 1 ? "" : "-" + i++, PathLengthChart.create(text, w.get("paths.count"),
                    w.get("paths.gradient"), w.get("paths.effective"), profile, t)));
        }
        return out;
    }

    static List<NamedChart> lesionCharts(String chart, List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme t) {
        List<LesionStudy.Result> results = outcomes.stream().map(o -> (LesionStudy.Result) o.result()).toList();
        List<String> labels = outcomes.stream().map(Outcome::model).toList();
        String prov = w.format("lesion.provenance", provenance);
        switch (chart) {
            case "single-block" -> {
                List<LesionSeries> series = new ArrayList<>();
                List<Double> marked = new ArrayList<>();
                for (int i = 0; i < results.size(); i++) {
                    LesionStudy.Result r = results.get(i);
                    double[] b = r.singleBlock().stream().mapToDouble(s -> s.block() + 1).toArray(); // counted from 1
                    double[] e = r.singleBlock().stream().mapToDouble(LesionStudy.SingleBlock::testError).toArray();
                    series.add(new LesionSeries(labels.get(i), b, e, r.baselineError()));
                    r.singleBlock().stream().filter(LesionStudy.SingleBlock::downsampling).forEach(s -> {
                        if (!marked.contains(s.block() + 1.0)) marked.add(s.block() + 1.0);
                    });
                }
                ChartText text = new ChartText(w.get("lesion.delete.title"), w.get("deleted.block"), w.get("test.error"), prov);
                return List.of(new NamedChart("", LesionChart.perBlock(text, series, w.get("no.deletion"),
                        marked.stream().mapToDouble(Double::doubleValue).toArray(), w.get("lesion.downsampling"), t)));
            }
            case "random-k" -> {
                List<Curve> curves = new ArrayList<>();
                for (int i = 0; i < results.size(); i++) {
                    var ks = results.get(i).randomK();
                    if (ks.isEmpty()) continue;
                    int m = ks.size();
                    double[] k = new double[m], y = new double[m], lo = new double[m], hi = new double[m];
                    for (int j = 0; j < m; j++) {
                        var x = ks.get(j);
                        k[j] = x.k();
                        y[j] = x.meanError();
                        lo[j] = x.meanError() - x.stdError();
                        hi[j] = x.meanError() + x.stdError();
                    }
                    curves.add(Curve.withBand(labels.get(i), k, y, lo, hi));
                }
                if (curves.isEmpty()) return List.of();
                ChartText text = new ChartText(w.get("lesion.random.title"), w.get("lesion.random.x"), w.get("lesion.random.y"), prov);
                return List.of(new NamedChart("", LesionChart.versusDeleted(text, curves, t)));
            }
            default -> {
                XYSeriesCollection data = new XYSeriesCollection();
                for (int i = 0; i < results.size(); i++) {
                    LesionStudy.Result r = results.get(i);
                    if (r.reorderSamples().isEmpty()) continue;
                    XYSeries s = new XYSeries(labels.get(i), true, true);
                    for (LesionStudy.ReorderSample x : r.reorderSamples()) s.add(x.tau(), x.error(), false);
                    data.addSeries(s);
                }
                if (data.getSeriesCount() == 0) return List.of();
                NumberAxis tau = new NumberAxis(w.get("lesion.reorder.tau"));
                tau.setAutoRangeIncludesZero(false);
                tau.setInverted(true); // more reordering to the right, as in Veit's figure
                NumberAxis error = new NumberAxis(w.get("test.error"));
                error.setAutoRangeIncludesZero(true);
                JFreeChart c = new JFreeChart(w.get("lesion.reorder.title"), JFreeChart.DEFAULT_TITLE_FONT,
                        new XYPlot(data, tau, error, new XYLineAndShapeRenderer(false, true)), true);
                c.addSubtitle(new TextTitle(prov));
                t.apply(c);
                return List.of(new NamedChart("", c));
            }
        }
    }

    static JFreeChart responseChart(List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme t) {
        List<Curve> curves = new ArrayList<>();
        for (Outcome o : outcomes) {
            LayerResponses.NetResponses r = (LayerResponses.NetResponses) o.result();
            double[] x = r.layers().stream().mapToDouble(LayerResponses.LayerStd::index).toArray();
            double[] y = r.layers().stream().mapToDouble(LayerResponses.LayerStd::std).toArray();
            curves.add(Curve.of(w.format("responses.series", o.model(), r.mean()), x, y));
        }
        ChartText text = new ChartText(w.get("responses.title"), w.get("responses.x"), w.get("responses.y"),
                w.format("responses.provenance", provenance));
        return CurveChart.create(text, curves, AxisScale.LINEAR, t);
    }

    static List<NamedChart> contourCharts(List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme t) {
        List<NamedChart> out = new ArrayList<>();
        int i = 1;
        for (Outcome o : outcomes) {
            LossLandscape.Surface s = ((LossLandscape.Scan) o.result()).surface();
            ChartText text = new ChartText(w.format("landscape.contour.title", o.model()), w.get("landscape.alpha"), w.get("landscape.beta"),
                    w.format("landscape.contour.provenance", provenance));
            out.add(new NamedChart(outcomes.size() == 1 ? "" : "-" + i++,
                    LandscapeChart.contour(text, new Grid(s.alpha(), s.beta(), s.loss()), w.get("training.loss"), AxisScale.LOG, 8, t)));
        }
        return out;
    }

    static JFreeChart sliceChart(List<Outcome> outcomes, String provenance, ChartWords w, ChartTheme t) {
        List<Curve> curves = new ArrayList<>();
        for (Outcome o : outcomes) {
            LossLandscape.Slice s = ((LossLandscape.Scan) o.result()).slice();
            curves.add(Curve.of(o.model(), s.x(), s.loss()));
        }
        ChartText text = new ChartText(w.get("landscape.slice.title"), w.get("landscape.slice.x"), w.get("training.loss"), provenance);
        return LandscapeChart.slice(text, curves, AxisScale.LOG, t);
    }

    private static StepResult.ActionResult notAvailable(LessonAction.RunExperiment a, LessonRunner.StepRecord record,
                                                        LessonRunner.Progress progress) {
        String msg = "experiment '" + a.experiment().fileName() + "' is " + StepResult.NOT_AVAILABLE;
        record.notes.add(msg);
        progress.message("  " + msg);
        return new StepResult.ActionResult("experiment", a.experiment().fileName(), a.model(), StepResult.NOT_AVAILABLE, msg, null);
    }
}
