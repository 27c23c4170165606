package resnetlab.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import resnetlab.Version;
import resnetlab.data.DataSplit;
import resnetlab.io.Json;
import resnetlab.model.NetworkSpec;
import resnetlab.train.IterationStats;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.RunConfig;
import resnetlab.train.RunResult;
import resnetlab.train.TrainConfig;
import resnetlab.train.Trainer;
import resnetlab.train.TrainingListener;
import resnetlab.train.TrainingRun;

/**
 * Trains every variant of a {@link SweepSpec} with every seed, at equal budget, and summarises them over the
 * seeds (He 2015 Fig. 1 and 6, He 2016 Tables 1 and 2, at classroom scale).
 *
 * <p><b>Layout.</b> {@code DIR/runs/<id>/result.json} and {@code model.ckpt} per run (written by
 * {@link TrainingRun#execute}, atomically), {@code DIR/result.json} for the sweep ({@link SweepResult},
 * rewritten after every run so that an interrupted sweep still leaves a valid summary of what finished).
 *
 * <p><b>Resuming.</b> A run whose {@code result.json} exists with the same config (network, recipe with its
 * seed and thread count, data) and a finished or diverged state is read back, not redone. A cancelled run is
 * redone. A result made with another config is never overwritten: the sweep refuses to start and names it.
 *
 * <p><b>Concurrency.</b> {@code parallel} runs train at once on an executor of their own, each with its own
 * {@link resnetlab.kernel.Compute} of {@code training.threads()} threads; results depend only on the seed and
 * the thread count, not on {@code parallel}. The data is loaded once and shared (datasets are immutable). A
 * run that diverges (λ = 1.5) or fails stops alone; the others carry on. Listener methods are called on the
 * worker threads.
 */
public final class Sweep {
    public static final String RESULT_FILE = "result.json";
    public static final String RUNS_FOLDER = "runs";

    /** One planned training run. */
    public record Run(int index, int variant, String label, long seed, String id, RunConfig config) {}

    /** Progress of a sweep; called on worker threads (a UI must hand over to its own thread). */
    public interface Listener {
        /** Before training: all runs, and how many are reused from an earlier invocation. */
        default void onPlan(List<Run> runs, int reused) {}
        default void onRunStarted(Run run) {}
        default void onIteration(Run run, IterationStats stats) {}
        /** A run finished, diverged, failed or was cancelled, or was reused from disk. */
        default void onRunFinished(Run run, SweepResult.RunSummary summary) {}
    }

    private final SweepSpec spec;
    private final Path outDir;
    private final int parallel;
    private final String command;

    /**
     * @param parallel runs trained at the same time (1 or more)
     * @param command  recorded in the results, e.g. the command line
     */
    public Sweep(SweepSpec spec, Path outDir, int parallel, String command) {
        this.spec = spec.validate();
        if (parallel < 1) throw new IllegalArgumentException("parallel " + parallel + " must be at least 1");
        this.outDir = outDir;
        this.parallel = parallel;
        this.command = command == null ? "" : command;
    }

    public SweepSpec spec() { return spec; }
    public Path outDir() { return outDir; }

    /** The folder name of a run: the display name in lower case with λ spelled out, and the seed. */
    public static String runId(NetworkSpec variant, long seed) {
        String s = variant.displayName().toLowerCase(Locale.ROOT)
                .replace("λ", "lambda").replace("b_g", "bg").replace("×", "x").replace("−", "-");
        s = s.replaceAll("[^a-z0-9.-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        return s + "-s" + seed;
    }

    /** The runs in order: seed by seed, each seed through all variants (so an interrupted sweep has whole seeds). */
    public List<Run> plan(DataSplit data) {
        List<Run> runs = new ArrayList<>();
        TrainConfig t = spec.training();
        for (long seed : spec.seeds()) {
            TrainConfig tc = new TrainConfig(t.iterations(), t.batch(), t.lr(), t.momentum(), t.weightDecay(), t.milestones(),
                    t.warmup(), seed, t.threads(), t.evalEvery(), t.augment());
            for (int v = 0; v < spec.variants().size(); v++) {
                NetworkSpec fitted = TrainingRun.fitToData(spec.variants().get(v), data);
                runs.add(new Run(runs.size(), v, fitted.displayName(), seed, runId(fitted, seed), new RunConfig(fitted, tc, spec.data())));
            }
        }
        return runs;
    }

    /**
     * Refuses a sweep whose {@code parallel} largest runs would not fit in the heap together (before the output
     * folder is made), with the estimate and what to change.
     */
    private void requireMemory(List<Run> runs, DataSplit data) {
        List<MemoryEstimate> each = new ArrayList<>();
        for (Run r : runs) each.add(MemoryEstimate.training(r.config().model(), r.config().training().batch()));
        each.sort(java.util.Comparator.comparingDouble(MemoryEstimate::bytes).reversed());
        if (each.isEmpty()) return;
        NetworkSpec first = runs.get(0).config().model();
        MemoryEstimate need = each.get(0).plus(MemoryEstimate.data(first, data.train().size() + data.test().size()));
        for (int i = 1; i < Math.min(parallel, each.size()); i++) need = need.plus("run " + (i + 1) + ":", each.get(i));
        need.require("this sweep (" + Math.min(parallel, each.size()) + " runs at a time)", "fewer --parallel runs, or smaller depths, widths or batch");
    }

    /** Loads the spec's data and runs the sweep. */
    public SweepResult run(Listener listener, BooleanSupplier cancelled) throws IOException {
        return run(TrainingRun.loadData(new RunConfig(null, null, spec.data())), listener, cancelled);
    }

    /**
     * Runs the sweep on already loaded, normalised data (which must be what {@code spec.data()} loads).
     * Returns when every run has ended; {@code cancelled} is checked between iterations of every run.
     */
    public SweepResult run(DataSplit data, Listener listener, BooleanSupplier cancelled) throws IOException {
        long t0 = System.nanoTime();
        Listener l = listener != null ? listener : new Listener() {};
        List<Run> runs = plan(data);
        requireMemory(runs, data);
        TrainingRun.checkWritable(outDir);
        RunResult[] results = new RunResult[runs.size()];
        SweepResult.RunSummary[] summaries = new SweepResult.RunSummary[runs.size()];
        List<Run> todo = new ArrayList<>();
        for (Run run : runs) {
            RunResult previous = previous(run);
            if (previous != null) {
                results[run.index()] = previous;
                summaries[run.index()] = summary(run, previous, true, null);
            } else {
                todo.add(run);
            }
        }
        Files.createDirectories(outDir.resolve(RUNS_FOLDER));
        l.onPlan(runs, runs.size() - todo.size());
        for (Run run : runs) if (summaries[run.index()] != null) l.onRunFinished(run, summaries[run.index()]);
        Object lock = new Object();
        AtomicBoolean stop = new AtomicBoolean();
        BooleanSupplier halt = () -> stop.get() || cancelled.getAsBoolean();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread th = new Thread(r, "sweep-run-" + threadNo.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        IOException[] writeError = new IOException[1];
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Run run : todo) {
                futures.add(pool.submit(() -> {
                    SweepResult.RunSummary s;
                    RunResult r = null;
                    if (halt.getAsBoolean()) {
                        s = notRun(run);
                    } else {
                        l.onRunStarted(run);
                        try {
                            r = TrainingRun.execute(run.config(), data, runDir(run), command + " [run " + run.id() + "]",
                                    new TrainingListener() {
                                        @Override public void onIteration(IterationStats stats) { l.onIteration(run, stats); }
                                    }, halt);
                            s = summary(run, r, false, null);
                        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                            s = failed(run, e);
                        }
                    }
                    synchronized (lock) {
                        results[run.index()] = r;
                        summaries[run.index()] = s;
                        try {
                            Json.write(outDir.resolve(RESULT_FILE), summarize(runs, results, summaries, false, t0));
                        } catch (IOException e) {
                            if (writeError[0] == null) writeError[0] = e;
                        }
                    }
                    l.onRunFinished(run, s);
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("sweep task failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    stop.set(true);
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            pool.shutdown();
        }
        for (Run run : runs) if (summaries[run.index()] == null) summaries[run.index()] = notRun(run);
        SweepResult result;
        synchronized (lock) {
            result = summarize(runs, results, summaries, true, t0);
            Json.write(outDir.resolve(RESULT_FILE), result);
        }
        if (writeError[0] != null) throw writeError[0];
        return result;
    }

    public Path runDir(Run run) { return outDir.resolve(RUNS_FOLDER).resolve(run.id()); }

    /**
     * The earlier result of this run if it exists with the same config and finished or diverged; null if there
     * is none or it was cancelled. Throws if a result of another config is in the way.
     */
    RunResult previous(Run run) throws IOException {
        Path file = runDir(run).resolve(TrainingRun.RESULT_FILE);
        if (!Files.exists(file)) return null;
        JsonNode stored;
        try {
            stored = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": cannot read an earlier run's result (" + e.getMessage() + ")", e);
        }
        JsonNode planned = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(run.config()));
        String diff = firstDifference(planned, stored.path("config"), "");
        if (diff != null) {
            throw new IllegalArgumentException(file + " holds a run made with another config (" + diff
                    + "); use another output folder, or remove that run folder to redo it");
        }
        String state = stored.path("final").path("state").asText();
        if (!state.equals("finished") && !state.equals("diverged")) return null;
        return Json.MAPPER.treeToValue(stored, RunResult.class);
    }

    /** The first field where two JSON trees differ, as "path: a vs b", or null if they are equal. */
    static String firstDifference(JsonNode a, JsonNode b, String path) {
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                String d = firstDifference(a.get(f), b.path(f), path.isEmpty() ? f : path + "." + f);
                if (d != null) return d;
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!a.has(f)) return (path.isEmpty() ? f : path + "." + f) + ": absent vs " + b.get(f);
            }
            return null;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                String d = firstDifference(a.get(i), b.get(i), path + "[" + i + "]");
                if (d != null) return d;
            }
            return null;
        }
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0 ? null : path + ": " + b + " there, " + a + " now";
        return a.equals(b) ? null : (path.isEmpty() ? "config" : path) + ": " + (b.isMissingNode() ? "absent" : b) + " there, " + a + " now";
    }

    static SweepResult.RunSummary summary(Run run, RunResult r, boolean reused, String message) {
        var f = r.finalResult();
        boolean finished = "finished".equals(f.state());
        return new SweepResult.RunSummary(run.id(), run.variant(), run.label(), run.seed(), f.state(), reused, f.iterations(),
                finished ? f.trainError() : Double.NaN, finished ? f.testError() : Double.NaN,
                f.divergence() != null ? f.divergence() : message, r.throughput().seconds(), r.throughput().imagesPerSecond());
    }

    private static SweepResult.RunSummary failed(Run run, Throwable e) {
        return new SweepResult.RunSummary(run.id(), run.variant(), run.label(), run.seed(), "failed", false, 0,
                Double.NaN, Double.NaN, e.toString(), 0, 0);
    }

    private static SweepResult.RunSummary notRun(Run run) {
        return new SweepResult.RunSummary(run.id(), run.variant(), run.label(), run.seed(), "not-run", false, 0,
                Double.NaN, Double.NaN, null, 0, 0);
    }

    private SweepResult summarize(List<Run> runs, RunResult[] results, SweepResult.RunSummary[] summaries, boolean done, long t0) {
        List<SweepResult.RunSummary> rs = new ArrayList<>();
        for (Run run : runs) rs.add(summaries[run.index()] != null ? summaries[run.index()] : running(run));
        List<SweepResult.ConfigSummary> configs = new ArrayList<>();
        for (int v = 0; v < spec.variants().size(); v++) {
            List<Run> mine = new ArrayList<>();
            for (Run run : runs) if (run.variant() == v) mine.add(run);
            configs.add(configSummary(v, mine, results, summaries));
        }
        boolean complete = rs.stream().allMatch(s -> s.state().equals("finished") || s.state().equals("diverged"));
        var findings = SweepFindings.of(configs, spec.training().iterations());
        return new SweepResult("resnet-lab", Version.get(), command, spec, parallel, done && complete, rs, configs,
                findings.sentences(), findings.claims(), (System.nanoTime() - t0) / 1e9);
    }

    private static SweepResult.RunSummary running(Run run) {
        return new SweepResult.RunSummary(run.id(), run.variant(), run.label(), run.seed(), "pending", false, 0,
                Double.NaN, Double.NaN, null, 0, 0);
    }

    private SweepResult.ConfigSummary configSummary(int v, List<Run> mine, RunResult[] results, SweepResult.RunSummary[] summaries) {
        List<Double> train = new ArrayList<>(), test = new ArrayList<>();
        int finished = 0, diverged = 0, failed = 0;
        List<double[]> smoothed = new ArrayList<>();
        List<RunResult> done = new ArrayList<>();
        int window = smoothingWindow(spec.training().iterations());
        for (Run run : mine) {
            SweepResult.RunSummary s = summaries[run.index()];
            String state = s == null ? "pending" : s.state();
            if (state.equals("diverged")) diverged++;
            if (state.equals("failed")) failed++;
            if (!state.equals("finished")) continue;
            finished++;
            RunResult r = results[run.index()];
            train.add(s.trainError());
            test.add(s.testError());
            smoothed.add(smooth(r.history(), window));
            done.add(r);
        }
        NetworkSpec model = mine.isEmpty() ? spec.variants().get(v) : mine.get(0).config().model();
        String label = model.displayName();
        return new SweepResult.ConfigSummary(v, label, model, mine.size(), finished, diverged, failed,
                SweepResult.Spread.of(train), SweepResult.Spread.of(test), window,
                trainCurve(smoothed), testCurve(done));
    }

    /** The trailing window of the final training error: 10% of the iterations, at least one (as Trainer). */
    public static int smoothingWindow(int iterations) {
        return Math.max(1, (int) Math.ceil(iterations * 0.1));
    }

    /** Trailing moving average of the batch errors: point i is the mean of iterations max(1, i−w+1)..i. */
    static double[] smooth(List<Trainer.Point> history, int window) {
        double[] out = new double[history.size()];
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += history.get(i).trainError();
            if (i >= window) sum -= history.get(i - window).trainError();
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    private static List<SweepResult.CurvePoint> trainCurve(List<double[]> runs) {
        List<SweepResult.CurvePoint> out = new ArrayList<>();
        if (runs.isEmpty()) return out;
        int n = runs.stream().mapToInt(r -> r.length).min().orElse(0);
        for (int i = 0; i < n; i++) {
            List<Double> v = new ArrayList<>();
            for (double[] r : runs) v.add(r[i]);
            var s = SweepResult.Spread.of(v);
            out.add(new SweepResult.CurvePoint(i + 1, s.median(), s.min(), s.max()));
        }
        return out;
    }

    private static List<SweepResult.CurvePoint> testCurve(List<RunResult> runs) {
        List<SweepResult.CurvePoint> out = new ArrayList<>();
        if (runs.isEmpty()) return out;
        for (RunResult.Eval e : runs.get(0).evals()) {
            List<Double> v = new ArrayList<>();
            for (RunResult r : runs) {
                for (RunResult.Eval x : r.evals()) if (x.iteration() == e.iteration()) v.add(x.testError());
            }
            if (v.size() != runs.size()) continue;
            var s = SweepResult.Spread.of(v);
            out.add(new SweepResult.CurvePoint(e.iteration(), s.median(), s.min(), s.max()));
        }
        return out;
    }
}
