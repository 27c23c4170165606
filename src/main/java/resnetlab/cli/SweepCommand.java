package resnetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.Version;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartExport;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Curve;
import resnetlab.charts.CurveChart;
import resnetlab.experiments.Sweep;
import resnetlab.experiments.SweepPresets;
import resnetlab.experiments.SweepResult;
import resnetlab.experiments.SweepSpec;
import resnetlab.train.IterationStats;

/**
 * {@code sweep}: trains every network of a preset or spec file with every seed at equal budget and writes
 * DIR/result.json (summary, findings, claims), DIR/runs/ID/ (each run's result.json and model.ckpt) and the
 * training and test error curves as charts. Re-running into the same DIR resumes: finished runs are kept.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train plain and residual variants over several seeds at equal budget; summarise and state what happened.",
                "Example: sweep --preset degradation --out runs/degradation --parallel 2",
                "Re-running into the same --out resumes an interrupted sweep without redoing finished runs."})
public final class SweepCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    static final class Source {
        @Option(names = "--preset", description = "degradation, shortcuts, units or budget") String preset;
        @Option(names = "--spec", description = "a sweep spec file (JSON; see 'sweep --preset degradation --print-spec')") Path specFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Source source;

    @Option(names = "--out", description = "output folder (required unless --print-spec)") Path out;
    @Option(names = "--seeds", split = ",", description = "seeds, e.g. 1,2,3 (default: the spec's)") List<Long> seeds;
    @Option(names = "--iterations", description = "SGD steps per run (default: the spec's)") Integer iterations;
    @Option(names = "--parallel", defaultValue = "2", description = "runs trained at the same time (default: ${DEFAULT-VALUE})") int parallel;
    @Option(names = "--threads", description = "threads per run (default: the spec's, 1 for presets)") Integer threads;
    @Option(names = "--charts", defaultValue = CHART_FORMATS, description = "chart files to write: png, svg, pdf, csv or none (default: ${DEFAULT-VALUE})") String charts;
    @Option(names = "--print-spec", description = "print the sweep as a spec file and stop") boolean printSpec;
    @Option(names = "--quiet", description = "no progress lines") boolean quiet;

    /** Bad input and failed runs are reported by {@link Main}'s one exception handler (exit 2 or 1, one line). */
    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        SweepSpec s = source.preset != null ? SweepPresets.get(source.preset) : SweepSpec.read(source.specFile);
        if (seeds != null) s = s.withSeeds(seeds);
        if (iterations != null) {
            if (iterations < 1) throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
            s = s.withIterations(iterations);
        }
        if (threads != null) {
            if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            s = s.withThreads(threads);
        }
        s.validate();
        if (printSpec) {
            console.println(s.toJson());
            return 0;
        }
        if (out == null) throw new IllegalArgumentException("--out is required (the output folder)");
        var formats = chartFormats(charts);
        if (parallel < 1) throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
        String command = commandLine(spec);
        Sweep sweep = new Sweep(s, out, parallel, command);
        SweepResult r = sweep.run(quiet ? null : new Progress(console, s), () -> false);
        console.printf("%s: %d runs, %s; wrote %s%n", s.name(), r.runs().size(), r.complete() ? "complete" : "INCOMPLETE",
                out.resolve(Sweep.RESULT_FILE));
        for (SweepResult.ConfigSummary c : r.configurations()) {
            console.printf(Locale.ROOT, "  %-34s training error %s   test error %s%s%n", c.label(), spread(c.trainError()),
                    spread(c.testError()), c.diverged() > 0 ? "   (" + c.diverged() + " diverged)" : "");
        }
        for (String f : r.findings()) console.println("  - " + f);
        for (SweepResult.Claim c : r.claims()) {
            console.printf("  claim: %s: %s (%s)%n", c.claim(), c.holds() ? "HOLDS here" : "does NOT hold here", c.evidence());
        }
        writeCharts(r, out, command, formats);
        return r.runs().stream().anyMatch(x -> x.state().equals("failed")) ? 1 : 0;
    }

    static String spread(SweepResult.Spread s) {
        if (Double.isNaN(s.median())) return "n/a              ";
        return String.format(Locale.ROOT, "%.3f [%.3f-%.3f]", s.median(), s.min(), s.max());
    }

    /** Training- and test-error curves: median over seeds with the min–max band. */
    static void writeCharts(SweepResult r, Path dir, String command, java.util.Set<String> formats) throws IOException {
        if (formats.isEmpty()) return;
        List<Curve> train = new ArrayList<>(), test = new ArrayList<>();
        for (SweepResult.ConfigSummary c : r.configurations()) {
            if (!c.trainCurve().isEmpty()) train.add(curve(c.label(), c.trainCurve()));
            if (!c.testCurve().isEmpty()) test.add(curve(c.label(), c.testCurve()));
        }
        String provenance = "made by: " + command + " (resnet-lab " + Version.get() + "); median over seeds, band = min–max";
        ChartText trainText = new ChartText(r.spec().name() + ": training error (moving average over "
                + (r.configurations().isEmpty() ? 0 : r.configurations().get(0).smoothing()) + " iterations)",
                "iteration", "training error", provenance);
        writeChartFiles(CurveChart.create(trainText, train, AxisScale.LINEAR, ChartTheme.light()), dir, "training-error", formats);
        if (!test.isEmpty()) {
            ChartText testText = new ChartText(r.spec().name() + ": test error", "iteration", "test error", provenance);
            writeChartFiles(CurveChart.create(testText, test, AxisScale.LINEAR, ChartTheme.light()), dir, "test-error", formats);
        }
    }

    private static Curve curve(String name, List<SweepResult.CurvePoint> points) {
        int n = points.size();
        double[] x = new double[n], y = new double[n], lo = new double[n], hi = new double[n];
        for (int i = 0; i < n; i++) {
            var p = points.get(i);
            x[i] = p.iteration();
            y[i] = p.median();
            lo[i] = p.min();
            hi[i] = p.max();
        }
        return Curve.withBand(name, x, y, lo, hi);
    }

    static final String CHART_FORMATS = "png,svg,pdf,csv";

    /** The formats of a {@code --charts} option: a comma list of png, svg, pdf, csv, or "none". */
    static java.util.Set<String> chartFormats(String option) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String f : option.toLowerCase(Locale.ROOT).split(",")) {
            String t = f.trim();
            if (t.isEmpty() || t.equals("none")) continue;
            if (!List.of("png", "svg", "pdf", "csv").contains(t)) {
                throw new IllegalArgumentException("--charts: unknown format '" + t + "'; use png, svg, pdf, csv or none");
            }
            out.add(t);
        }
        return out;
    }

    /** DIR/BASE.png (2x), .svg, .pdf and .csv (those in {@code formats}), each written atomically. */
    static void writeChartFiles(JFreeChart chart, Path dir, String base, java.util.Set<String> formats) throws IOException {
        if (formats.contains("png")) ChartExport.png(chart, dir.resolve(base + ".png"), 900, 600, 2);
        if (formats.contains("svg")) ChartExport.svg(chart, dir.resolve(base + ".svg"), 900, 600);
        if (formats.contains("pdf")) ChartExport.pdf(chart, dir.resolve(base + ".pdf"), 900, 600);
        if (formats.contains("csv")) ChartExport.csv(chart, dir.resolve(base + ".csv"), ChartExport.CsvLayout.LONG);
    }

    /** "resnetlab NAME args..." whether the command runs under Main or on its own. */
    static String commandLine(picocli.CommandLine.Model.CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int start = spec.parent() != null ? args.indexOf(spec.name()) : -1;
        List<String> own = args.subList(start + 1, args.size());
        return "resnetlab " + spec.name() + (own.isEmpty() ? "" : " " + String.join(" ", own));
    }

    /** One line per run start and end, and a line per run every quarter of its iterations. */
    private static final class Progress implements Sweep.Listener {
        private final PrintWriter console;
        private final int iterations;
        private final AtomicInteger ended = new AtomicInteger();
        private int total;

        Progress(PrintWriter console, SweepSpec s) {
            this.console = console;
            this.iterations = s.training().iterations();
        }

        @Override public synchronized void onPlan(List<Sweep.Run> runs, int reused) {
            total = runs.size();
            console.printf("%d runs (%d already done in this folder), %d iterations each%n", runs.size(), reused, iterations);
        }

        @Override public synchronized void onRunStarted(Sweep.Run run) {
            console.printf("  start %s (seed %d)%n", run.label(), run.seed());
        }

        @Override public void onIteration(Sweep.Run run, IterationStats s) {
            int quarter = Math.max(1, iterations / 4);
            if (s.iteration() % quarter == 0 && s.iteration() < iterations) {
                synchronized (this) {
                    console.printf(Locale.ROOT, "    %s seed %d: iteration %d/%d, batch error %.3f, %.0f img/s%n", run.label(), run.seed(),
                            s.iteration(), iterations, s.error(), s.batch() / Math.max(1e-9, s.seconds()));
                }
            }
        }

        @Override public synchronized void onRunFinished(Sweep.Run run, SweepResult.RunSummary r) {
            int k = ended.incrementAndGet();
            String what = switch (r.state()) {
                case "finished" -> String.format(Locale.ROOT, "training error %.3f, test error %.3f%s", r.trainError(), r.testError(),
                        r.reused() ? " (kept from an earlier invocation)" : String.format(Locale.ROOT, " (%.0f s)", r.seconds()));
                case "diverged", "failed" -> r.state() + ": " + r.message();
                default -> r.state();
            };
            console.printf("  [%d/%d] %s seed %d: %s%n", k, total, run.label(), run.seed(), what);
        }
    }
}
