package resnetlab.lessons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import resnetlab.Version;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ResidualBlock;
import resnetlab.tensor.Stats;
import resnetlab.train.EvalResult;
import resnetlab.train.IterationStats;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.RunResult;
import resnetlab.train.Trainer;
import resnetlab.train.TrainingListener;
import resnetlab.train.TrainingRun;

/**
 * Runs a lesson's steps headless: builds the step's models (one per seed) with {@link NetworkBuilder}, trains them
 * with {@link Trainer} on the step's preset, performs the actions, runs the experiments, and — when given a folder
 * — writes {@code step-N/result.json}, the pane's chart (PNG + CSV) and, for {@link #runAll}, {@code index.json}
 * and the handout {@code index.md}. What a step does, in which order, is {@link LessonInterpreter}'s; this class
 * is its headless host ({@link LessonHost} lists how it differs from the app's bench).
 *
 * <p>State carries from step to step as in class: a step without "models" continues with the trained models of the
 * step before it. {@link #runStep} runs the steps it depends on first when they have not run (the app's "run this
 * step"). Work stops between iterations when {@code cancelled} says so; the step then reports
 * {@link StepResult#CANCELLED}. Errors of a step (a missing data folder, a diverged net in an experiment) make that
 * step {@link StepResult#FAILED} and are reported, never thrown; steps that keep its models are skipped.
 *
 * <p>Not thread-safe: one thread drives a runner. Close it to stop its worker threads.
 */
public final class LessonRunner implements AutoCloseable {
    /** Receives the progress of a run; called on the runner's thread. */
    public interface Progress {
        /** A line for people, e.g. "  ResNet-56 seed 11: iteration 150/300, error 0.412". */
        default void message(String line) {}

        default void stepStarted(LessonStep step) {}

        /** Every training iteration of every model, for live charts. */
        default void iteration(String model, long seed, IterationStats stats) {}

        default void stepFinished(StepResult result) {}

        Progress NONE = new Progress() {};
    }

    /** A model of the current step as the app shows it: live network and trainer (do not train them concurrently). */
    public record TrainedNet(String label, long seed, Network network, Trainer trainer) {}

    /**
     * A whole run.
     *
     * @param status {@link StepResult#DONE} when every step ran (even if some reported "not available"),
     *               {@link StepResult#FAILED} if a step failed, {@link StepResult#CANCELLED} if stopped
     */
    public record Summary(String lesson, String status, List<StepResult> steps, Path outDir) {}

    private final Lesson lesson;
    private final RunOptions options;
    private final Map<DataSpec, DataSplit> dataCache = new HashMap<>();
    private final Map<String, List<ModelRun>> models = new LinkedHashMap<>();
    /** Experiment results of the current models; they stay with the models for later steps that keep them. */
    private final Map<Experiment, List<LessonExperiments.Outcome>> outcomes = new LinkedHashMap<>();
    private Compute compute;
    private DataSplit data;
    /** The models are as after this step (0: no models yet; −1: broken by a failure). */
    private int stateAfter;
    /** The charts the last finished step wrote. */
    private final List<org.jfree.chart.JFreeChart> lastCharts = new ArrayList<>();

    public LessonRunner(Lesson lesson, RunOptions options) {
        this.lesson = lesson;
        this.options = options;
    }

    public Lesson lesson() { return lesson; }
    public RunOptions options() { return options; }

    /** The models as they are now, every seed, in the step's order. */
    public List<TrainedNet> models() {
        List<TrainedNet> out = new ArrayList<>();
        for (List<ModelRun> runs : models.values()) for (ModelRun r : runs) out.add(new TrainedNet(r.label, r.seed, r.net, r.trainer));
        return out;
    }

    /** Forgets every model (the app's "reset"). */
    public void reset() {
        models.clear();
        outcomes.clear();
        stateAfter = 0;
    }

    @Override public void close() {
        if (compute != null) compute.close();
        compute = null;
    }

    /** Runs every step, writes each step's folder and the handout into {@code outDir}. */
    public Summary runAll(Path outDir, Progress progress, BooleanSupplier cancelled) throws IOException {
        TrainingRun.checkWritable(outDir);
        reset();
        List<StepResult> results = new ArrayList<>();
        String status = StepResult.DONE;
        for (LessonStep step : lesson.steps()) {
            StepResult r = runStep(step.number(), outDir, progress, cancelled);
            results.add(r);
            if (r.status().equals(StepResult.CANCELLED)) { status = StepResult.CANCELLED; break; }
            if (!r.status().equals(StepResult.DONE)) status = StepResult.FAILED;
        }
        Handout.write(lesson, options, results, outDir);
        return new Summary(lesson.id(), status, List.copyOf(results), outDir);
    }

    /**
     * Runs one step (1-based); first the earlier steps whose models it keeps, if they have not just run.
     *
     * @param outDir the lesson's output folder (the step writes {@code step-N/} in it), or null to write nothing
     */
    public StepResult runStep(int number, Path outDir, Progress progress, BooleanSupplier cancelled) throws IOException {
        if (number < 1 || number > lesson.steps().size()) {
            throw new IllegalArgumentException("step " + number + " does not exist: the lesson has steps 1.." + lesson.steps().size());
        }
        LessonStep step = lesson.steps().get(number - 1);
        if (!step.setsUpModels() && stateAfter != number - 1) {
            // earlier steps run in full, not just what the interpreter replays: their experiments' results carry on
            int source = LessonInterpreter.setUpStep(lesson, number - 1) + 1;
            progress.message("step " + number + " continues with the models of step " + source + ": running steps " + source + ".."
                    + (number - 1) + " first");
            for (int j = source; j < number; j++) {
                StepResult before = runStep(j, null, progress, cancelled);
                if (!before.status().equals(StepResult.DONE)) {
                    return finish(step, outDir, progress, new StepRecord(step, options, outcomes), before.status().equals(StepResult.CANCELLED)
                            ? StepResult.CANCELLED : StepResult.SKIPPED, "step " + j + ", whose models this step keeps, " + before.status(), 0);
                }
            }
        }
        progress.stepStarted(step);
        progress.message("step " + number + "/" + lesson.steps().size() + ": pane " + step.pane() + ", chart " + step.chart());
        long t0 = System.nanoTime();
        StepRecord record = new StepRecord(step, options, outcomes);
        if (!step.setsUpModels() && stateAfter < 0) {
            return finish(step, outDir, progress, record, StepResult.SKIPPED, "the step whose models this step keeps did not finish", t0);
        }
        try {
            LessonInterpreter.step(step, new Headless(record, progress, cancelled));
            stateAfter = number;
            return finish(step, outDir, progress, record, StepResult.DONE, null, t0);
        } catch (CancellationException e) {
            stateAfter = -1;
            return finish(step, outDir, progress, record, StepResult.CANCELLED, "cancelled", t0);
        } catch (RuntimeException e) {
            stateAfter = -1;
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            progress.message("  step " + number + " failed: " + msg);
            return finish(step, outDir, progress, record, StepResult.FAILED, msg, t0);
        }
    }

    // ---- set-up -----------------------------------------------------------------------------------------

    private void setUp(LessonStep step, StepRecord record, Progress progress) {
        models.clear();
        outcomes.clear();
        Preset preset = record.preset;
        data = data(preset);
        progress.message("  data: " + data.train().description() + "; " + data.test().size() + " test images");
        // every model of the step is held for every seed at once: refuse (one line, the step fails) what cannot fit
        MemoryEstimate need = new MemoryEstimate(List.of());
        for (StepModel m : step.models()) {
            MemoryEstimate one = MemoryEstimate.training(fitted(m), preset.batch());
            for (long seed : preset.seeds()) need = need.plus(m.label() + " seed " + seed + ":", one);
        }
        need.require("the models of step " + step.number() + " (" + step.models().size() + " models x " + preset.seeds().size() + " seeds)",
                "fewer or smaller models or seeds in the lesson");
        for (StepModel m : step.models()) models.put(m.label(), build(m, preset));
    }

    /** A step model at the runner's width and fitted to the data. */
    private NetworkSpec fitted(StepModel m) {
        NetworkSpec s = m.spec();
        NetworkSpec sized = new NetworkSpec(s.depth(), options.width(s.width()), s.inChannels(), s.imageSize(), s.classes(), s.shortcut(),
                s.lambda(), s.scaleBranch(), s.gateBias(), s.dropout(), s.unit(), s.option());
        return TrainingRun.fitToData(sized, data).validate();
    }

    private List<ModelRun> build(StepModel m, Preset preset) {
        NetworkSpec fitted = fitted(m);
        List<ModelRun> runs = new ArrayList<>();
        for (long seed : preset.seeds()) {
            Network net = NetworkBuilder.build(fitted, compute(), seed);
            // the trainer's own iteration budget is not used: train actions step it themselves
            Trainer trainer = new Trainer(net, data, preset.trainConfig(seed, 1, options.threads()));
            ModelRun run = new ModelRun(m.label(), seed, fitted, net, trainer);
            LessonExperiments.attachRecorders(run);
            runs.add(run);
        }
        return runs;
    }

    private DataSplit data(Preset preset) {
        DataSpec spec = preset.dataSpec(options.dataDir());
        return dataCache.computeIfAbsent(spec, s -> {
            if ((s.name().equals("mnist") || s.name().equals("cifar10")) && s.dataDir() == null) {
                throw new IllegalArgumentException("dataset " + s.name() + " needs its files: give the folder with --data-dir");
            }
            return resnetlab.data.Datasets.load(s).normalized();
        });
    }

    private Compute compute() {
        if (compute == null) compute = Compute.best(options.threads());
        return compute;
    }

    // ---- actions ----------------------------------------------------------------------------------------

    /**
     * The headless {@link LessonHost} of one step: every model of the step, every seed, synchronously, each
     * action recorded for result.json. Work stops between iterations when {@code cancelled} says so.
     */
    private final class Headless implements LessonHost<Void> {
        private final StepRecord record;
        private final Progress progress;
        private final BooleanSupplier cancelled;

        Headless(StepRecord record, Progress progress, BooleanSupplier cancelled) {
            this.record = record;
            this.progress = progress;
            this.cancelled = cancelled;
        }

        @Override public Void setUp(LessonStep step) {
            LessonRunner.this.setUp(step, record, progress);
            return null;
        }

        @Override public Void train(LessonAction.Train t) {
            LessonRunner.this.train(t, labels(t), record, progress, cancelled);
            return null;
        }

        @Override public Void delete(LessonAction.DeleteBlock d) {
            lesion(d.model(), labels(d), List.of(d.block()), record, progress);
            return null;
        }

        @Override public Void swap(LessonAction.SwapBlocks s) {
            lesion(s.model(), labels(s), List.of(s.first(), s.second()), record, progress);
            return null;
        }

        @Override public Void setLambda(LessonAction.SetLambda l) {
            LessonRunner.this.setLambda(l, labels(l), record, progress);
            return null;
        }

        @Override public Void experiment(LessonAction.RunExperiment e) {
            List<ModelRun> targets = new ArrayList<>();
            for (String l : labels(e)) targets.add(models.get(l).get(0));
            record.actions.add(LessonExperiments.run(e, targets, data, options, record, progress, cancelled));
            return null;
        }

        /** The labels of the models {@code a} applies to (all, or the one it names); stops here when cancelled. */
        private List<String> labels(LessonAction a) {
            checkCancelled(cancelled);
            List<String> labels = a.model() == null ? List.copyOf(models.keySet()) : List.of(a.model());
            for (String l : labels) {
                if (!models.containsKey(l)) throw new IllegalArgumentException("no model is called '" + l + "' (the step has " + models.keySet() + ")");
            }
            return labels;
        }
    }

    private void train(LessonAction.Train t, List<String> labels, StepRecord record, Progress progress, BooleanSupplier cancelled) {
        int n = options.iterations(t.iterations() > 0 ? t.iterations() : record.step.preset().iterations());
        int evalEvery = record.preset.evalEvery();
        List<StepResult.TrainRow> rows = new ArrayList<>();
        for (String label : labels) {
            for (ModelRun run : models.get(label)) {
                int from = run.trainer.iteration();
                TrainingListener live = new TrainingListener() {
                    @Override public void onIteration(IterationStats s) { progress.iteration(run.label, run.seed, s); }
                };
                run.trainer.addListener(live);
                try {
                    int print = Math.max(1, n / 5);
                    for (int i = 1; i <= n; i++) {
                        checkCancelled(cancelled);
                        IterationStats s = run.trainer.step();
                        if (s == null) {
                            progress.message("  " + run.label + " seed " + run.seed + ": " + run.trainer.divergence());
                            break;
                        }
                        if (i % print == 0 || i == n) {
                            progress.message(String.format("  %s seed %d: iteration %d/%d, loss %.3f, batch error %.3f, %.0f images/s",
                                    run.label, run.seed, i, n, s.loss(), s.error(), run.trainer.imagesPerSecond()));
                        }
                        if (evalEvery > 0 && run.trainer.iteration() % evalEvery == 0 && i < n) run.trainer.evaluateTest();
                    }
                } finally {
                    run.trainer.removeListener(live);
                }
                EvalResult e = run.trainer.state() == resnetlab.train.RunState.DIVERGED ? null : run.trainer.evaluateTest();
                rows.add(new StepResult.TrainRow(run.label, run.seed, from, run.trainer.iteration(), run.trainer.finalTrainError(),
                        e == null ? Double.NaN : e.error(), run.trainer.divergence() != null, run.trainer.divergence()));
            }
        }
        long diverged = rows.stream().filter(StepResult.TrainRow::diverged).count();
        String msg = n + " iterations per model and seed" + (n != t.iterations() && t.iterations() > 0 ? " (" + t.iterations() + " in the lesson, scaled)" : "")
                + (diverged > 0 ? "; " + diverged + " of " + rows.size() + " runs diverged" : "");
        record.actions.add(new StepResult.ActionResult("train", null, t.model(), StepResult.DONE, msg, rows));
    }

    /**
     * Deletes one block, or swaps two, on every seed's trained net; evaluates in eval mode; restores.
     * {@code blocks} are indices (from 0, as recorded in index.json); the messages count from 1, as the lesson file.
     */
    private void lesion(String model, List<String> labels, List<Integer> blocks, StepRecord record, Progress progress) {
        boolean swap = blocks.size() == 2;
        String what = swap ? "blocks " + (blocks.get(0) + 1) + " and " + (blocks.get(1) + 1) : "block " + (blocks.get(0) + 1);
        List<StepResult.Lesion> rows = new ArrayList<>();
        for (String label : labels) {
            for (ModelRun run : models.get(label)) {
                Network net = run.net;
                var test = data.test();
                int batch = record.preset.batch();
                net.restoreAll();
                double base = resnetlab.train.Evaluation.evaluate(net, test, batch, 0).error();
                double tau = 1;
                try {
                    if (swap) {
                        int[] order = net.order();
                        int i = blocks.get(0), j = blocks.get(1);
                        int tmp = order[i]; order[i] = order[j]; order[j] = tmp;
                        net.setOrder(order);
                        tau = kendallTau(order);
                    } else {
                        net.blocks().get(blocks.get(0)).setDeleted(true);
                    }
                    double err = resnetlab.train.Evaluation.evaluate(net, test, batch, 0).error();
                    rows.add(new StepResult.Lesion(label, run.seed, blocks, tau, base, err));
                    progress.message(String.format("  %s seed %d: %s → test error %.3f (intact %.3f)", label, run.seed,
                            what + (swap ? " swapped" : " deleted"), err, base));
                } finally {
                    net.restoreAll();
                }
            }
        }
        record.lesions.addAll(rows);
        record.actions.add(new StepResult.ActionResult(swap ? "swap" : "delete", null, model, StepResult.DONE,
                (swap ? "swapped " : "deleted ") + what
                        + " at test time (eval mode, no retraining), evaluated on " + data.test().size() + " test images, then restored", rows));
    }

    private void setLambda(LessonAction.SetLambda l, List<String> labels, StepRecord record, Progress progress) {
        Map<String, List<ModelRun>> replaced = new LinkedHashMap<>();
        for (Map.Entry<String, List<ModelRun>> e : models.entrySet()) {
            if (!labels.contains(e.getKey())) { replaced.put(e.getKey(), e.getValue()); continue; }
            ModelRun old = e.getValue().get(0);
            StepModel before = new StepModel(old.label, old.spec);
            StepModel after = before.withSpec(LessonReader.withScaledShortcut(old.spec, l.lambda(), l.scaleBranch()));
            replaced.put(after.label(), build(after, record.preset));
            progress.message("  " + before.label() + " → new untrained " + after.label());
        }
        models.clear();
        models.putAll(replaced);
        for (List<LessonExperiments.Outcome> list : outcomes.values()) list.removeIf(o -> !models.containsKey(o.model()));
        record.actions.add(new StepResult.ActionResult("set-lambda", null, l.model(), StepResult.DONE,
                "new untrained models with shortcut λx, λ = " + l.lambda() + (l.scaleBranch() ? ", F scaled by 1 − λ" : ""), null));
    }

    static double kendallTau(int[] order) {
        int n = order.length;
        if (n < 2) return 1;
        long inversions = 0;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (order[i] > order[j]) inversions++;
        return 1 - 4.0 * inversions / ((double) n * (n - 1));
    }

    static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) throw new CancellationException("lesson run cancelled");
    }

    // ---- results ----------------------------------------------------------------------------------------

    private StepResult finish(LessonStep step, Path outDir, Progress progress, StepRecord record, String status, String message, long t0) throws IOException {
        List<StepResult.ChartFile> charts = new ArrayList<>();
        lastCharts.clear();
        Path dir = outDir == null ? null : outDir.resolve("step-" + step.number());
        if (dir != null) Files.createDirectories(dir);
        if (status.equals(StepResult.DONE)) {
            if (step.pane() == Pane.GRADIENT_FLOW) LessonExperiments.snapshotGradientFlow(models, outcomes);
            if (dir != null) charts.add(LessonCharts.write(step, record, currentModels(), dir, options, lastCharts::add));
        } else {
            charts.add(new StepResult.ChartFile(step.chart(), status, List.of(), message));
        }
        double seconds = t0 == 0 ? 0 : (System.nanoTime() - t0) / 1e9;
        StepResult r = new StepResult(lesson.id(), step.number(), step.id(), step.pane().fileName(), step.chart(), step.text(), record.preset,
                options.small(), status, message, status.equals(StepResult.DONE) ? summaries() : List.of(), List.copyOf(record.actions),
                charts, List.copyOf(record.notes), step.questions(), Version.get(), seconds);
        if (dir != null) Json.write(dir.resolve("result.json"), r);
        progress.stepFinished(r);
        return r;
    }

    Map<String, List<ModelRun>> currentModels() { return models; }

    /** The charts the last step wrote (empty if it wrote none): for tests that read their words. */
    List<org.jfree.chart.JFreeChart> lastCharts() { return List.copyOf(lastCharts); }

    /** Median over seeds of the seeds that have a value (a diverged seed's NaN is left out); NaN if none. */
    static double median(double[] v) {
        return Stats.median(Stats.withoutNaN(v));
    }

    private List<StepResult.ModelSummary> summaries() {
        List<StepResult.ModelSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<ModelRun>> e : models.entrySet()) {
            List<StepResult.SeedRun> runs = new ArrayList<>();
            for (ModelRun r : e.getValue()) {
                Trainer t = r.trainer;
                List<RunResult.Eval> evals = t.evals().stream().map(v -> new RunResult.Eval(v.iteration(), v.error(), v.loss())).toList();
                EvalResult last = t.evals().isEmpty() ? null : t.evals().get(t.evals().size() - 1);
                runs.add(new StepResult.SeedRun(r.seed, t.iteration(), t.finalTrainError(), last == null ? Double.NaN : last.error(),
                        last == null ? Double.NaN : last.loss(), t.divergence() != null, t.divergence(), t.imagesPerSecond(),
                        List.copyOf(t.history()), evals));
            }
            ModelRun first = e.getValue().get(0);
            out.add(new StepResult.ModelSummary(e.getKey(), first.spec.displayName(), first.spec, first.net.weightCount(), runs,
                    median(runs.stream().mapToDouble(StepResult.SeedRun::finalTrainError).toArray()),
                    median(runs.stream().mapToDouble(StepResult.SeedRun::testError).toArray())));
        }
        return out;
    }

    /** What a step collects while it runs, for its result and its chart. */
    static final class StepRecord {
        final LessonStep step;
        final Preset preset;
        final List<StepResult.ActionResult> actions = new ArrayList<>();
        final List<StepResult.Lesion> lesions = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        /** Experiment results of the current models by experiment (the runner's, shared with later steps). */
        final Map<Experiment, List<LessonExperiments.Outcome>> experiments;

        StepRecord(LessonStep step, RunOptions options, Map<Experiment, List<LessonExperiments.Outcome>> experiments) {
            this.step = step;
            this.preset = options.scale(step.preset());
            this.experiments = experiments;
        }
    }

    /** Blocks of a model, for messages. */
    static String describeBlocks(Network net) {
        StringBuilder s = new StringBuilder();
        for (ResidualBlock b : net.blocks()) s.append(b.describe()).append('\n');
        return s.toString();
    }
}
