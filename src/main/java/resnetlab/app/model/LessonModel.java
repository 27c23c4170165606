package resnetlab.app.model;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import resnetlab.lessons.Lesson;
import resnetlab.lessons.LessonAction;
import resnetlab.lessons.LessonHost;
import resnetlab.lessons.LessonInterpreter;
import resnetlab.lessons.LessonLoader;
import resnetlab.lessons.LessonStep;
import resnetlab.lessons.LoadResult;
import resnetlab.lessons.Pane;
import resnetlab.lessons.Preset;
import resnetlab.lessons.RunOptions;
import resnetlab.lessons.StepModel;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;

/**
 * The lesson a teacher walks the class through, live on the bench. A step is run as a short plan of stages on
 * the FX thread — set up the step's models, train them, rebuild with a new λ, delete or swap blocks (on a copy, in
 * the Deleting layers pane, which shows the step's chart), run an experiment —
 * each started once and then polled every frame ({@link #poll()}) until it is done; the work itself runs on the
 * models' training threads and the lab's task thread, never here.
 *
 * <p>What a step does, in which order, is {@link LessonInterpreter}'s; this class is its live host on the bench.
 * How that differs from the headless {@code lesson run} (≤ {@value LabModel#MAX_MODELS} models, first seed, the
 * Deleting layers pane's own lesion study with {@value LesionModel#STUDY_SAMPLES} draws per k) is listed in one
 * place, {@link LessonHost}. Running a step whose models were set up by an earlier step first replays that step's
 * set-up and training, so every step can be shown on its own.
 */
public final class LessonModel {
    /** Where the runner is. */
    public enum State { IDLE, RUNNING, DONE, FAILED }

    private final LabModel lab;
    private final LesionModel lesion;
    private final ExperimentModel experiments;
    private final ReadOnlyObjectWrapper<Lesson> lesson = new ReadOnlyObjectWrapper<>(this, "lesson");
    private final ReadOnlyIntegerWrapper step = new ReadOnlyIntegerWrapper(this, "step", 0);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyObjectWrapper<Notice> status = new ReadOnlyObjectWrapper<>(this, "status");
    private final ReadOnlyObjectWrapper<LoadResult> problems = new ReadOnlyObjectWrapper<>(this, "problems");
    private final ObservableList<LoadResult> shipped = FXCollections.observableArrayList();
    private Consumer<Pane> showPane = p -> { };
    /** How lessons are sized: as written, or shrunk like {@code lesson run --small} (tests, quick checks). */
    private RunOptions sizing = RunOptions.defaults();
    private final java.util.concurrent.ExecutorService reader =
            java.util.concurrent.Executors.newSingleThreadExecutor(Daemons.factory("lesson-reader"));

    /** The lesson's model labels and the bench models that hold them, for the models this lesson set up. */
    private final Map<String, BenchModel> onBench = new LinkedHashMap<>();
    /** The step (0-based) whose models are on the bench, or -1. */
    private int setUpBy = -1;
    /** The last step (0-based) whose actions ran on the models on the bench; -1 after a set-up. */
    private int ranThrough = -1;
    private final Deque<Stage> stages = new ArrayDeque<>();
    private Stage current;

    /** One thing a step does on the bench: started once, then polled until it is done. */
    private record Stage(Notice status, Runnable start, BooleanSupplier done) {}

    public LessonModel(LabModel lab, LesionModel lesion, ExperimentModel experiments) {
        this.lab = lab;
        this.lesion = lesion;
        this.experiments = experiments;
    }

    public ReadOnlyObjectProperty<Lesson> lessonProperty() { return lesson.getReadOnlyProperty(); }
    public Lesson lesson() { return lesson.get(); }
    /** The step on screen, 0-based. */
    public ReadOnlyIntegerProperty stepProperty() { return step.getReadOnlyProperty(); }
    public int step() { return step.get(); }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public State state() { return state.get(); }
    /** What the runner is doing or did last, as a message key with arguments. */
    public ReadOnlyObjectProperty<Notice> statusProperty() { return status.getReadOnlyProperty(); }
    /** The problems of the last file that did not load, or null. */
    public ReadOnlyObjectProperty<LoadResult> problemsProperty() { return problems.getReadOnlyProperty(); }
    /** The lessons shipped with the app (valid or not), filled in the background by {@link #loadShipped()}. */
    public ObservableList<LoadResult> shipped() { return shipped; }
    /** The lesson's labels of the models on the bench, in bench order. */
    public List<String> modelLabels() { return List.copyOf(onBench.keySet()); }

    /** Shrinks every step like the headless {@code --small} run: tiny images, nets and budgets (for tests). */
    public void setSmall(boolean small) { sizing = sizing.withSmall(small); }

    /** Called with the pane each step shows (the window selects its tab). */
    public void setPaneShower(Consumer<Pane> shower) { showPane = shower; }

    // ---- loading ---------------------------------------------------------------------------------

    /** Reads the shipped lessons off the FX thread. */
    public CompletableFuture<List<LoadResult>> loadShipped() {
        return CompletableFuture.supplyAsync(LessonLoader::loadShipped, reader).whenComplete((r, e) ->
                Platform.runLater(() -> {
                    if (r != null) shipped.setAll(r);
                    else lab.post(Notice.error("lesson.loadFailed", "lessons/", e.getMessage()));
                }));
    }

    /** Reads a teacher's lesson file off the FX thread and opens it; a broken file is reported, nothing changes. */
    public CompletableFuture<LoadResult> openFile(Path file) {
        return CompletableFuture.supplyAsync(() -> LessonLoader.load(file), reader).whenComplete((r, e) ->
                Platform.runLater(() -> {
                    if (e != null) lab.post(Notice.error("lesson.loadFailed", file.toString(), e.getMessage()));
                    else open(r);
                }));
    }

    /** Opens a shipped lesson by id (e.g. "degradation") or a lesson file, read off the FX thread. */
    public CompletableFuture<LoadResult> openResolved(String idOrFile) {
        return CompletableFuture.supplyAsync(() -> LessonLoader.resolve(idOrFile), reader).whenComplete((r, e) ->
                Platform.runLater(() -> {
                    if (e != null) lab.post(Notice.error("lesson.loadFailed", idOrFile, e.getMessage()));
                    else open(r);
                }));
    }

    /** Opens a loaded lesson at its first step, or reports its problems. Returns whether it opened. */
    public boolean open(LoadResult r) {
        if (!r.ok()) {
            problems.set(r);
            lab.post(Notice.error("lesson.problems", r.source(), r.problems().size(), r.problems().get(0).toString()));
            return false;
        }
        cancel();
        problems.set(null);
        step.set(0); // before the lesson: listeners of either must never see a step past the lesson's end
        lesson.set(r.lesson());
        onBench.clear();
        setUpBy = -1;
        status.set(Notice.info("lesson.status.idle"));
        state.set(State.IDLE);
        show(r.lesson().steps().get(0));
        return true;
    }

    /** Leaves the lesson (the bench keeps its models). */
    public void close() {
        cancel();
        lesson.set(null);
        onBench.clear();
        setUpBy = -1;
    }

    // ---- navigation ------------------------------------------------------------------------------

    public void next() { go(step.get() + 1); }
    public void previous() { go(step.get() - 1); }

    /** Shows step {@code i} (0-based) without running it. */
    public void go(int i) {
        Lesson l = lesson.get();
        if (l == null || i < 0 || i >= l.steps().size() || i == step.get()) return;
        if (state.get() == State.RUNNING) cancel();
        step.set(i);
        state.set(State.IDLE);
        status.set(Notice.info("lesson.status.idle"));
        show(l.steps().get(i));
    }

    /** Back to the first step, with the lesson's first models set up again from their seed, untrained. */
    public void reset() {
        Lesson l = lesson.get();
        if (l == null) return;
        cancel();
        step.set(0);
        onBench.clear();
        setUpBy = -1;
        int first = LessonInterpreter.setUpStep(l, 0);
        show(l.steps().get(0));
        if (first >= 0) {
            stages.add(new Bench(l.steps().get(first).preset()).setUp(l.steps().get(first)));
            begin();
        } else {
            state.set(State.IDLE);
            status.set(Notice.info("lesson.status.idle"));
        }
    }

    // ---- running ---------------------------------------------------------------------------------

    /**
     * Runs the step on screen on the bench: its set-up (or, when the bench does not hold the models it continues
     * with, the set-up and training of the step that made them), then its actions in order.
     */
    public void runStep() {
        Lesson l = lesson.get();
        if (l == null) return;
        cancel();
        int k = step.get();
        LessonStep s = l.steps().get(k);
        show(s);
        int from = LessonInterpreter.setUpStep(l, k);
        // the models this step continues with must be on the bench, with the earlier steps' training behind them
        boolean replay = !s.setsUpModels() && from >= 0 && (!benchHoldsModelsOf(from) || ranThrough < k - 1);
        if (replay) {
            stages.add(new Stage(Notice.info("lesson.status.replay", from + 1), () -> { }, () -> true));
            stages.addAll(LessonInterpreter.replay(l, k, i -> new Bench(l.steps().get(i).preset())));
        }
        stages.addAll(LessonInterpreter.step(s, new Bench(s.preset())));
        stages.add(new Stage(Notice.info("lesson.status.done"), () -> ranThrough = Math.max(ranThrough, k), () -> true));
        begin();
    }

    /** Stops the running step: its plan is dropped, training pauses, a running experiment is cancelled. */
    public void cancel() {
        boolean wasRunning = state.get() == State.RUNNING;
        stages.clear();
        current = null;
        if (wasRunning) {
            lab.pause();
            Task<?> t = lab.taskProperty().get();
            if (t != null && t.isRunning()) t.cancel();
            state.set(State.IDLE);
            status.set(Notice.info("lesson.status.cancelled"));
        }
    }

    /** Moves the plan on: called once per frame on the FX thread. Quick: it only starts and checks stages. */
    public void poll() {
        if (state.get() != State.RUNNING) return;
        try {
            while (true) {
                if (current != null && !current.done().getAsBoolean()) return;
                current = stages.poll();
                if (current == null) {
                    state.set(State.DONE);
                    status.set(Notice.info("lesson.status.done"));
                    return;
                }
                status.set(current.status());
                current.start().run();
            }
        } catch (RuntimeException e) {
            stages.clear();
            current = null;
            lab.pause();
            state.set(State.FAILED);
            status.set(Notice.error("lesson.status.failed", e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private void begin() {
        current = null;
        state.set(State.RUNNING);
        poll();
    }

    private boolean benchHoldsModelsOf(int stepIndex) {
        return setUpBy == stepIndex && !onBench.isEmpty() && lab.models().containsAll(onBench.values());
    }

    // ---- stages ----------------------------------------------------------------------------------

    /** Puts the step's models on the bench (the first {@value LabModel#MAX_MODELS}) with its data and recipe. */
    private Stage setUp(LessonStep s, int index) {
        Runnable start = () -> {
            Preset p = sizing.scale(s.preset());
            DataPreset data = DataPreset.of(p.dataset(), p.imageSize(), p.trainSize(), p.testSize());
            lab.useSettings(recipe(p).withSeed(p.seeds().get(0)).withIterations(Math.max(1, p.iterations())));
            List<ModelSetup> setups = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (StepModel m : s.models()) {
                if (setups.size() == LabModel.MAX_MODELS) break;
                setups.add(setup(m.spec(), sizing.width(m.spec().width()), data));
                labels.add(m.label());
            }
            if (s.models().size() > LabModel.MAX_MODELS) {
                List<String> left = s.models().subList(LabModel.MAX_MODELS, s.models().size()).stream().map(StepModel::label).toList();
                lab.post(Notice.warning("lesson.dropped", LabModel.MAX_MODELS, String.join(", ", left)));
            }
            List<BenchModel> made = lab.replaceModels(setups);
            lab.buildAll();
            onBench.clear();
            for (int i = 0; i < made.size(); i++) onBench.put(labels.get(i), made.get(i));
            setUpBy = index;
            ranThrough = index - 1;
        };
        return new Stage(Notice.info("lesson.status.building"), start, this::built);
    }

    private boolean built() {
        for (BenchModel m : onBench.values()) if (m.phase() == BenchModel.Phase.BUILDING || m.built() == null && m.phase() != BenchModel.Phase.FAILED) return false;
        return true;
    }

    /** The bench's settings with the preset's learning rate and batch size. */
    private TrainSettings recipe(Preset p) {
        return lab.settings().withLr(p.lr()).withBatch(p.batch());
    }

    private static ModelSetup setup(NetworkSpec n, int width, DataPreset data) {
        return new ModelSetup(n.depth(), width, n.shortcut(), n.lambda(), n.scaleBranch(), n.gateBias(), n.dropout(), n.unit(),
                n.option(), data.key(), null);
    }

    /**
     * The bench as a {@link LessonHost}: each call returns a stage, started and polled from the frame loop. Live,
     * the first {@value LabModel#MAX_MODELS} models, the preset's first seed ({@link LessonHost} lists every
     * difference from the headless run). {@code preset} is the step's, for "train".
     */
    private final class Bench implements LessonHost<Stage> {
        private final Preset preset;

        Bench(Preset preset) { this.preset = preset; }

        @Override public Stage setUp(LessonStep s) { return LessonModel.this.setUp(s, s.number() - 1); }
        @Override public Stage train(LessonAction.Train t) { return LessonModel.this.train(t, preset); }
        @Override public Stage setLambda(LessonAction.SetLambda l) { return LessonModel.this.setLambda(l); }
        @Override public Stage delete(LessonAction.DeleteBlock d) { return LessonModel.this.delete(d); }
        @Override public Stage swap(LessonAction.SwapBlocks w) { return LessonModel.this.swap(w); }
        @Override public Stage experiment(LessonAction.RunExperiment e) { return LessonModel.this.experiment(e); }
    }

    /** The bench models an action applies to: the one with the action's label, or all of this lesson's. */
    private List<BenchModel> targets(String label) {
        if (label == null) return List.copyOf(onBench.values());
        BenchModel m = onBench.get(label);
        if (m == null) throw new IllegalStateException("no model '" + label + "' on the bench (models: " + String.join(", ", onBench.keySet()) + ")");
        return List.of(m);
    }

    private Stage train(LessonAction.Train t, Preset preset) {
        int n = sizing.iterations(t.iterations() > 0 ? t.iterations() : preset.iterations());
        int[] target = {0};
        List<List<BenchModel>> models = new ArrayList<>(List.of(List.of()));
        Runnable start = () -> {
            List<BenchModel> ms = targets(t.model());
            models.set(0, ms);
            int from = 0;
            for (BenchModel m : ms) from = Math.max(from, m.iteration());
            target[0] = from + n;
            lab.useSettings(recipe(sizing.scale(preset)));
            lab.trainOnly(ms, target[0]);
        };
        BooleanSupplier done = () -> {
            for (BenchModel m : models.get(0)) if (m.isRunnable() && m.iteration() < target[0]) return false;
            return true;
        };
        return new Stage(Notice.info("lesson.status.training", t.model() == null ? String.join(", ", onBench.keySet()) : t.model(), n), start, done);
    }

    private Stage setLambda(LessonAction.SetLambda s) {
        List<BenchModel> rebuilt = new ArrayList<>();
        Runnable start = () -> {
            // the rebuilt net waits for the step's "train": it must not start on the bench's play of an earlier
            // action (a model may still be finishing its last step), which would leave the train action's
            // starting iteration to chance
            lab.pause();
            for (BenchModel m : targets(s.model())) {
                ModelSetup old = m.builtSetup();
                ModelSetup now = new ModelSetup(old.depth(), old.width(), ShortcutType.SCALED, s.lambda(), s.scaleBranch(), old.gateBias(),
                        old.dropout(), old.unit(), old.option(), old.preset(), old.seed());
                String label = labelOf(m);
                String oldName = old.spec(1, 8, 10).displayName();
                // a label that was the display name follows the new net's, as in the headless runner
                String newLabel = label.equals(oldName) ? now.spec(1, 8, 10).displayName() : label;
                m.draft().set(now);
                lab.commitDraft(m, true);
                relabel(label, newLabel, m);
                rebuilt.add(m);
            }
        };
        BooleanSupplier done = () -> rebuilt.stream().noneMatch(m -> m.phase() == BenchModel.Phase.BUILDING);
        return new Stage(Notice.info("lesson.status.lambda", s.model() == null ? String.join(", ", onBench.keySet()) : s.model(),
                s.lambda()), start, done);
    }

    private String labelOf(BenchModel m) {
        for (var e : onBench.entrySet()) if (e.getValue() == m) return e.getKey();
        return LabModel.modelLabel(m);
    }

    private void relabel(String oldLabel, String newLabel, BenchModel m) {
        if (oldLabel.equals(newLabel)) return;
        Map<String, BenchModel> copy = new LinkedHashMap<>();
        for (var e : onBench.entrySet()) copy.put(e.getKey().equals(oldLabel) ? newLabel : e.getKey(), e.getValue());
        onBench.clear();
        onBench.putAll(copy);
    }

    private Stage delete(LessonAction.DeleteBlock d) {
        boolean[] toggled = {false};
        Runnable start = () -> {
            BenchModel m = targets(d.model()).get(0);
            lesion.take(m).whenComplete((snap, err) -> Platform.runLater(() -> {
                if (err == null && d.block() < snap.blocks()) lesion.toggle(d.block());
                else lab.post(Notice.warning("lesson.deleteFailed", d.block() + 1, labelOf(m), err == null ? "" : Notice.reasonOf(err)));
                toggled[0] = true;
            }));
        };
        return new Stage(Notice.info("lesson.status.delete", d.block() + 1, d.model() == null ? String.join(", ", onBench.keySet()) : d.model()),
                start, () -> toggled[0] && !lesion.busyProperty().get());
    }

    /** Selects the step's pane, and in the Deleting layers pane the step's chart. */
    private void show(LessonStep s) {
        showPane.accept(s.pane());
        LesionModel.View view = lesionView(s.chart());
        if (view != null) lesion.view.set(view);
    }

    private static boolean nonEmpty(List<Integer> ks) { return ks != null && !ks.isEmpty(); }

    /** The Deleting layers pane's view for a step's chart, or null if the chart is not one of its three. */
    static LesionModel.View lesionView(String chart) {
        if (chart == null) return null;
        return switch (chart) {
            case "single-block" -> LesionModel.View.EACH;
            case "random-k" -> LesionModel.View.RANDOM;
            case "reorder" -> LesionModel.View.REORDER;
            default -> null;
        };
    }

    /**
     * Runs two same-shape blocks in each other's place on a copy; the class sees both test errors in the pane.
     * The action holds indices (from 0); what the window says counts from 1, like the lesson file and the pane's tiles.
     */
    private Stage swap(LessonAction.SwapBlocks w) {
        int[] left = {0};
        Runnable start = () -> {
            List<BenchModel> ms = targets(w.model());
            left[0] = ms.size();
            if (!ms.isEmpty()) lesion.take(ms.get(0)); // the pane's copy shows the trained model, as the swap sees it
            for (BenchModel m : ms) { // one after the other on the lesion thread, each on a fresh copy
                // the results appear in the pane's readout (LesionModel.swapsProperty); a failure in a notice
                lesion.swap(m, w.first(), w.second()).whenComplete((r, err) -> Platform.runLater(() -> {
                    if (err != null) lab.post(Notice.warning("lesson.swapFailed", w.first() + 1, w.second() + 1, labelOf(m), Notice.reasonOf(err)));
                    left[0]--;
                }));
            }
        };
        return new Stage(Notice.info("lesson.status.swap", w.first() + 1, w.second() + 1,
                w.model() == null ? String.join(", ", onBench.keySet()) : w.model()), start, () -> left[0] == 0);
    }

    private int small(int value, int cap) { return sizing.small() ? Math.min(value, cap) : value; }

    private Stage experiment(LessonAction.RunExperiment e) {
        List<Task<?>> running = new ArrayList<>();
        Runnable start = () -> {
            List<BenchModel> ms = targets(e.model());
            Task<?> t = switch (e.experiment()) {
                case GRADIENT_FLOW -> null; // recorded live while the models trained
                case PATH_LENGTHS -> experiments.measurePaths(ms.stream().filter(m -> !m.spec().isPlain()).findFirst().orElse(ms.get(0)),
                        small(e.samples() > 0 ? e.samples() : 50, 4));
                // "delete each block" unless the step asks for k random deletions or swaps (Veit Fig. 3 vs 4, 5)
                case LESION_STUDY -> nonEmpty(e.deletions()) || nonEmpty(e.swaps()) ? lesion.studyAll() : lesion.sweepAll();
                case LAYER_RESPONSES -> experiments.measureResponses();
                case LOSS_LANDSCAPE -> experiments.measureLandscapes(ms, small(e.grid() > 0 ? e.grid() : 11, 5), small(23, 7),
                        small(e.images() > 0 ? e.images() : 250, 50));
            };
            if (t == null && e.experiment() != resnetlab.lessons.Experiment.GRADIENT_FLOW) {
                throw new IllegalStateException("another long task is running; let it finish or cancel it, then run the step again");
            }
            if (t != null) running.add(t);
        };
        BooleanSupplier done = () -> {
            for (Task<?> t : running) {
                if (t.getState() == javafx.concurrent.Worker.State.FAILED) {
                    Throwable x = t.getException();
                    throw new IllegalStateException(e.experiment().fileName() + ": " + (x == null ? "failed" : x.getMessage()));
                }
            }
            return running.stream().allMatch(Task::isDone);
        };
        return new Stage(Notice.info("lesson.status.experiment", e.experiment().fileName()), start, done);
    }
}
