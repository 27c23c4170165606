package resnetlab.lessons;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartExport;
import resnetlab.charts.ChartFonts;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Curve;
import resnetlab.charts.CurveChart;
import resnetlab.charts.LesionChart;
import resnetlab.charts.LesionSeries;
import resnetlab.charts.PathLengthChart;
import resnetlab.charts.PathLengthProfile;
import resnetlab.io.AtomicFiles;
import resnetlab.io.Json;
import resnetlab.model.ResidualBlock;
import resnetlab.tensor.Stats;
import resnetlab.train.EvalResult;
import resnetlab.train.Trainer;

/**
 * The chart of a step's pane, drawn headless with {@code resnetlab.charts} from what the step made, and written
 * as PNG (for the handout) and CSV (the numbers). Words are in {@link RunOptions#language()} (from
 * {@link ChartWords}; Chinese charts use a font that can draw Chinese); each chart carries a provenance line saying
 * how its data was made, and "small run" when {@link RunOptions#small()} shrank it.
 */
final class LessonCharts {
    static final int WIDTH = 900, HEIGHT = 560;
    static final double SCALE = 1.5;

    private LessonCharts() {}

    /** Draws and writes the step's chart into {@code dir}; never throws for missing data (reported in the result). */
    static StepResult.ChartFile write(LessonStep step, LessonRunner.StepRecord record, Map<String, List<ModelRun>> models, Path dir,
                                      RunOptions options) throws IOException {
        return write(step, record, models, dir, options, c -> { });
    }

    /** As {@link #write(LessonStep, LessonRunner.StepRecord, Map, Path, RunOptions)}; {@code drawn} sees every chart written. */
    static StepResult.ChartFile write(LessonStep step, LessonRunner.StepRecord record, Map<String, List<ModelRun>> models, Path dir,
                                      RunOptions options, java.util.function.Consumer<JFreeChart> drawn) throws IOException {
        String chart = step.chart();
        if (step.pane() == Pane.NETWORK) return network(models, dir, ChartWords.of(options.language()));
        Drawn d;
        try {
            d = draw(step.pane(), chart, record, models, options);
        } catch (IllegalArgumentException e) {
            d = Drawn.missing("not drawn: " + e.getMessage());
        }
        if (d.charts.isEmpty()) {
            record.notes.add("chart '" + chart + "': " + d.message);
            return new StepResult.ChartFile(chart, d.status, List.of(), d.message);
        }
        List<String> files = new ArrayList<>();
        for (LessonExperiments.NamedChart c : d.charts) {
            String png = chart + c.suffix() + ".png", csv = chart + c.suffix() + ".csv";
            ChartExport.png(c.chart(), dir.resolve(png), WIDTH, HEIGHT, SCALE);
            ChartExport.csv(c.chart(), dir.resolve(csv), ChartExport.CsvLayout.LONG);
            drawn.accept(c.chart());
            files.add(png);
            files.add(csv);
        }
        return new StepResult.ChartFile(chart, StepResult.DONE, List.copyOf(files), d.message);
    }

    /** The charts of a step (one, or one per model), or why there are none. */
    record Drawn(List<LessonExperiments.NamedChart> charts, String status, String message) {
        static Drawn of(JFreeChart c) { return new Drawn(List.of(new LessonExperiments.NamedChart("", c)), StepResult.DONE, null); }
        static Drawn missing(String why) { return new Drawn(List.of(), StepResult.FAILED, why); }
        static Drawn notAvailable(String experiment) {
            return new Drawn(List.of(), StepResult.NOT_AVAILABLE, "needs the " + experiment + " experiment, which is " + StepResult.NOT_AVAILABLE);
        }
    }

    /** The look of the charts in {@code language}: the light theme, with a font that can draw Chinese for {@link Language#ZH}. */
    static ChartTheme theme(Language language) {
        return language == Language.ZH ? ChartFonts.forChinese(ChartTheme.light()) : ChartTheme.light();
    }

    static Drawn draw(Pane pane, String chart, LessonRunner.StepRecord record, Map<String, List<ModelRun>> models, RunOptions options) {
        String provenance = provenance(record, options);
        ChartWords w = options.words();
        ChartTheme t = theme(options.language());
        return switch (pane) {
            case CURVES, SHORTCUTS -> switch (chart) {
                case "training-error" -> Drawn.of(trainingCurves(models, false, provenance, w, t));
                case "training-loss" -> Drawn.of(trainingCurves(models, true, provenance, w, t));
                case "test-error" -> Drawn.of(testCurves(models, provenance, w, t));
                case "final-error" -> Drawn.of(finalErrors(models, provenance, w, t));
                default -> throw new IllegalStateException(chart);
            };
            case PATHS -> chart.equals("path-counts") ? Drawn.of(pathCounts(models, provenance, w, t))
                    : fromExperiment(Experiment.PATH_LENGTHS, chart, record, provenance, w, t);
            case LESIONS -> lesions(chart, record, provenance, w, t);
            case GRADIENT_FLOW -> fromExperiment(Experiment.GRADIENT_FLOW, chart, record, provenance, w, t);
            case LANDSCAPE -> fromExperiment(Experiment.LOSS_LANDSCAPE, chart, record, provenance, w, t);
            case RESPONSES -> fromExperiment(Experiment.LAYER_RESPONSES, chart, record, provenance, w, t);
            case NETWORK -> throw new IllegalStateException("the network pane has no chart");
        };
    }

    /** Charts drawn from an experiment's results (wired in {@link LessonExperiments} when the class is in the build). */
    private static Drawn fromExperiment(Experiment e, String chart, LessonRunner.StepRecord record, String provenance, ChartWords w,
                                        ChartTheme t) {
        List<LessonExperiments.Outcome> outcomes = record.experiments.get(e);
        if (outcomes == null || outcomes.isEmpty()) return Drawn.notAvailable(e.fileName());
        List<LessonExperiments.NamedChart> c = LessonExperiments.charts(e, chart, outcomes, provenance, w, t);
        return c.isEmpty() ? Drawn.notAvailable(e.fileName()) : new Drawn(c, StepResult.DONE, null);
    }

    private static Drawn lesions(String chart, LessonRunner.StepRecord record, String provenance, ChartWords w, ChartTheme t) {
        List<LessonExperiments.Outcome> study = record.experiments.get(Experiment.LESION_STUDY);
        boolean studied = study != null && !study.isEmpty();
        if (studied) {
            List<LessonExperiments.NamedChart> c = LessonExperiments.charts(Experiment.LESION_STUDY, chart, study, provenance, w, t);
            if (!c.isEmpty()) return new Drawn(c, StepResult.DONE, null);
        }
        boolean swap = chart.equals("reorder");
        List<StepResult.Lesion> rows = record.lesions.stream().filter(l -> (l.blocks().size() == 2) == swap).toList();
        if (!chart.equals("random-k") && !rows.isEmpty()) return Drawn.of(swap ? swapChart(rows, provenance, w, t) : deleteChart(rows, provenance, w, t));
        if (!studied) return Drawn.notAvailable(Experiment.LESION_STUDY.fileName());
        return Drawn.missing("no data: the lesion studies of these models ran without " + (swap ? "\"swaps\"" : "\"deletions\""));
    }

    // ---- training curves ----------------------------------------------------------------------------------

    /** Median over seeds of the running mean of the training-batch error (or loss), band = range over seeds. */
    static JFreeChart trainingCurves(Map<String, List<ModelRun>> models, boolean loss, String provenance, ChartWords w, ChartTheme t) {
        int longest = 0;
        for (List<ModelRun> runs : models.values()) for (ModelRun r : runs) longest = Math.max(longest, r.trainer.history().size());
        int window = smoothingWindow(longest);
        List<Curve> curves = new ArrayList<>();
        for (Map.Entry<String, List<ModelRun>> e : models.entrySet()) {
            List<ModelRun> runs = e.getValue();
            int n = runs.stream().mapToInt(r -> r.trainer.history().size()).max().orElse(0);
            if (n == 0) continue;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = i + 1;
            double[][] ys = new double[runs.size()][];
            for (int r = 0; r < runs.size(); r++) {
                List<Trainer.Point> h = runs.get(r).trainer.history();
                double[] raw = new double[n];
                java.util.Arrays.fill(raw, Double.NaN);
                for (int i = 0; i < h.size(); i++) raw[i] = loss ? h.get(i).trainLoss() : h.get(i).trainError();
                ys[r] = runningMean(raw, window);
            }
            curves.add(Curve.medianAndRange(label(e.getKey(), runs, w), x, ys));
        }
        String span = window == 1 ? w.get("curves.window.one") : w.format("curves.window.many", window);
        ChartText text = new ChartText(w.format("curves.training.title", w.get(loss ? "curves.training.lossTitle" : "curves.training.errorTitle"), span),
                w.get("iteration"), w.get(loss ? "curves.training.lossAxis" : "curves.training.errorAxis"), provenance);
        return CurveChart.create(text, curves, loss ? AxisScale.LOG : AxisScale.LINEAR, t);
    }

    static JFreeChart testCurves(Map<String, List<ModelRun>> models, String provenance, ChartWords w, ChartTheme t) {
        List<Curve> curves = new ArrayList<>();
        for (Map.Entry<String, List<ModelRun>> e : models.entrySet()) {
            List<ModelRun> runs = e.getValue();
            List<EvalResult> first = runs.get(0).trainer.evals();
            if (first.isEmpty()) continue;
            double[] x = first.stream().mapToDouble(EvalResult::iteration).toArray();
            double[][] ys = new double[runs.size()][x.length];
            for (int r = 0; r < runs.size(); r++) {
                List<EvalResult> ev = runs.get(r).trainer.evals();
                for (int i = 0; i < x.length; i++) ys[r][i] = i < ev.size() && ev.get(i).iteration() == (int) x[i] ? ev.get(i).error() : Double.NaN;
            }
            curves.add(Curve.medianAndRange(label(e.getKey(), runs, w), x, ys));
        }
        return CurveChart.create(new ChartText(w.get("curves.test.title"), w.get("iteration"), w.get("test.error"), provenance), curves,
                AxisScale.LINEAR, t);
    }

    /** Final training error (mean over the last 10% of iterations) and test error per model, mean ± std over seeds. */
    static JFreeChart finalErrors(Map<String, List<ModelRun>> models, String provenance, ChartWords w, ChartTheme t) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Map.Entry<String, List<ModelRun>> e : models.entrySet()) {
            double[] train = e.getValue().stream().mapToDouble(r -> r.trainer.finalTrainError()).toArray();
            double[] test = e.getValue().stream().mapToDouble(r -> r.trainer.evals().isEmpty() ? Double.NaN
                    : r.trainer.evals().get(r.trainer.evals().size() - 1).error()).toArray();
            String label = label(e.getKey(), e.getValue(), w);
            // over the seeds that have a value: a diverged seed (NaN) is left out of the bars
            double[] tr = Stats.withoutNaN(train), te = Stats.withoutNaN(test);
            data.add(Stats.mean(tr), Stats.std(tr), w.get("final.training"), label);
            data.add(Stats.mean(te), Stats.std(te), w.get("test.error"), label);
        }
        CategoryAxis models2 = new CategoryAxis(null);
        NumberAxis error = new NumberAxis(w.get("final.axis"));
        error.setAutoRangeIncludesZero(true);
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setErrorIndicatorPaint(java.awt.Color.DARK_GRAY);
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        CategoryPlot plot = new CategoryPlot(data, models2, error, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart chart = new JFreeChart(w.get("final.title"), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(provenance));
        t.apply(chart);
        return chart;
    }

    // ---- paths --------------------------------------------------------------------------------------------

    /** C(n, k) paths of each length k through n blocks, and their share of all 2^n paths; no gradients (no experiment). */
    static JFreeChart pathCounts(Map<String, List<ModelRun>> models, String provenance, ChartWords w, ChartTheme t) {
        ModelRun run = models.values().iterator().next().get(0);
        int n = run.net.blocks().size();
        double[] k = new double[n + 1], count = new double[n + 1], share = new double[n + 1], grad = new double[n + 1];
        BigInteger c = BigInteger.ONE;
        double log2n = n * Math.log10(2);
        for (int i = 0; i <= n; i++) {
            k[i] = i;
            count[i] = c.doubleValue();
            share[i] = Math.pow(10, log10(c) - log2n);
            grad[i] = Double.NaN;
            c = c.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        ChartText text = new ChartText(w.format("paths.counts.title", run.label, n, n), w.get("paths.counts.x"), w.get("paths.counts.share"),
                provenance);
        return PathLengthChart.create(text, w.get("paths.counts.count"), w.get("paths.counts.gradient"), null,
                new PathLengthProfile(k, count, grad, share, Double.NaN, Double.NaN), t);
    }

    private static double log10(BigInteger v) {
        int shift = Math.max(0, v.bitLength() - 62);
        return Math.log10(v.shiftRight(shift).doubleValue()) + shift * Math.log10(2);
    }

    // ---- lesions from delete / swap actions ---------------------------------------------------------------

    static JFreeChart deleteChart(List<StepResult.Lesion> rows, String provenance, ChartWords w, ChartTheme t) {
        Map<String, List<StepResult.Lesion>> byModel = new LinkedHashMap<>();
        for (StepResult.Lesion l : rows) byModel.computeIfAbsent(l.model(), m -> new ArrayList<>()).add(l);
        List<LesionSeries> series = new ArrayList<>();
        for (Map.Entry<String, List<StepResult.Lesion>> e : byModel.entrySet()) {
            Map<Integer, List<StepResult.Lesion>> byBlock = new java.util.TreeMap<>();
            for (StepResult.Lesion l : e.getValue()) byBlock.computeIfAbsent(l.blocks().get(0), b -> new ArrayList<>()).add(l);
            double[] block = new double[byBlock.size()], error = new double[byBlock.size()];
            int i = 0;
            for (Map.Entry<Integer, List<StepResult.Lesion>> b : byBlock.entrySet()) {
                block[i] = b.getKey() + 1; // charts count blocks from 1
                error[i++] = b.getValue().stream().mapToDouble(StepResult.Lesion::error).average().orElse(Double.NaN);
            }
            double base = e.getValue().stream().mapToDouble(StepResult.Lesion::baselineError).average().orElse(Double.NaN);
            series.add(new LesionSeries(e.getKey(), block, error, base));
        }
        ChartText text = new ChartText(w.get("lesion.delete.meanTitle"), w.get("deleted.block"), w.get("test.error"), provenance);
        return LesionChart.perBlock(text, series, w.get("no.deletion"), t);
    }

    static JFreeChart swapChart(List<StepResult.Lesion> rows, String provenance, ChartWords w, ChartTheme t) {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> byModel = new LinkedHashMap<>();
        for (StepResult.Lesion l : rows) {
            XYSeries s = byModel.computeIfAbsent(l.model(), m -> new XYSeries(m, true, true));
            s.add(l.kendallTau(), l.error(), false);
            s.add(1.0, l.baselineError(), false);
        }
        byModel.values().forEach(data::addSeries);
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        NumberAxis tau = new NumberAxis(w.get("lesion.swap.tau"));
        tau.setAutoRangeIncludesZero(false);
        tau.setInverted(true);
        NumberAxis error = new NumberAxis(w.get("test.error"));
        error.setAutoRangeIncludesZero(true);
        JFreeChart chart = new JFreeChart(w.get("lesion.swap.title"), JFreeChart.DEFAULT_TITLE_FONT, new XYPlot(data, tau, error, points), true);
        chart.addSubtitle(new TextTitle(provenance));
        t.apply(chart);
        return chart;
    }

    // ---- network ------------------------------------------------------------------------------------------

    /** The network pane has no chart: writes the architecture of each model as text (in the run's language) and JSON. */
    static StepResult.ChartFile network(Map<String, List<ModelRun>> models, Path dir, ChartWords w) throws IOException {
        StringBuilder txt = new StringBuilder();
        List<Map<String, Object>> json = new ArrayList<>();
        for (Map.Entry<String, List<ModelRun>> e : models.entrySet()) {
            ModelRun r = e.getValue().get(0);
            String name = NetworkText.name(r.spec, w);
            String label = e.getKey().equals(r.spec.displayName()) ? name : e.getKey(); // a default label is the English name
            txt.append(w.format("network.model", label, name, r.net.weightCount(), r.spec.inChannels(),
                    r.spec.imageSize(), r.spec.imageSize())).append('\n');
            List<Map<String, Object>> blocks = new ArrayList<>();
            int i = 0;
            for (ResidualBlock b : r.net.blocks()) {
                txt.append(w.format("network.block", i + 1, b.stage(), b.inChannels(), b.outChannels(), b.stride(), NetworkText.layers(b, w))).append('\n');
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("block", i++);
                m.put("name", b.name());
                m.put("stage", b.stage());
                m.put("inChannels", b.inChannels());
                m.put("outChannels", b.outChannels());
                m.put("stride", b.stride());
                m.put("downsampling", b.isDownsampling());
                m.put("shortcut", b.shortcutType().cliName());
                m.put("layers", b.describe());
                blocks.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", e.getKey());
            m.put("network", r.spec.displayName());
            m.put("spec", r.spec);
            m.put("weights", r.net.weightCount());
            m.put("blocks", blocks);
            json.add(m);
            txt.append('\n');
        }
        AtomicFiles.writeString(dir.resolve("network.txt"), txt.toString());
        Json.write(dir.resolve("network.json"), json);
        return new StepResult.ChartFile("diagram", StepResult.DONE, List.of("network.txt", "network.json"),
                "the app draws the diagram; headless runs write the architecture as text");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    static String provenance(LessonRunner.StepRecord record, RunOptions options) {
        Preset p = record.preset;
        ChartWords w = options.words();
        String size = p.imageSize() == 0 ? w.get("provenance.nativeSize") : p.imageSize() + "x" + p.imageSize();
        String all = w.get("provenance.all");
        String line = w.format("provenance", p.dataset(), size, p.trainSize() == 0 ? all : String.valueOf(p.trainSize()),
                p.testSize() == 0 ? all : String.valueOf(p.testSize()), p.batch(), trim(p.lr()), p.seeds());
        return options.small() ? w.format("provenance.small", line) : line;
    }

    static int smoothingWindow(int iterations) {
        return Math.max(1, (int) Math.round(iterations / 25.0));
    }

    /** Trailing running mean over {@code w} values (fewer at the start); NaN stays NaN. */
    static double[] runningMean(double[] v, int w) {
        double[] out = new double[v.length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) { out[i] = Double.NaN; continue; }
            sum += v[i];
            count++;
            if (i >= w && !Double.isNaN(v[i - w])) { sum -= v[i - w]; count--; }
            out[i] = sum / count;
        }
        return out;
    }

    /** A model's label in a legend, with the number of seeds when there are several. */
    private static String label(String model, List<ModelRun> runs, ChartWords w) {
        return runs.size() > 1 ? w.format("seeds.note", model, runs.size()) : model;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
