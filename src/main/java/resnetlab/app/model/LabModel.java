package resnetlab.app.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;

/**
 * The lab's main view-model: the bench of up to four models, the training controls they share, the notices
 * shown in the window, and the long-running task (if any). Command methods ({@link #play}, {@link #step},
 * {@link #reset}, ...) are what buttons and keys call; state is exposed as read-only properties. FX thread only;
 * the engine work runs on each model's {@link TrainingWorker} and on the task executor.
 *
 * <p>Fairness by default: every model without a seed of its own uses the shared seed, so all start from the
 * same random stream and see the batches in the same order.
 */
public final class LabModel implements AutoCloseable {
    public static final int MAX_MODELS = 4;
    /** Steps per second per model that the speed control offers; the last is "as fast as possible". */
    public static final double[] SPEEDS = {0.5, 1, 2, 5, 10, Double.POSITIVE_INFINITY};

    /** Receives every model's events on the FX thread, once per frame, in order. */
    public interface RunObserver {
        void onEvent(BenchModel model, RunEvent event);
    }

    private final DataCache dataCache = new DataCache();
    private final BenchSettings form;
    private final Tasks tasks;
    private final Notices notices;
    private final ObservableList<BenchModel> models = FXCollections.observableArrayList();
    private final ObservableList<BenchModel> modelsView = FXCollections.unmodifiableObservableList(models);
    private final List<RunObserver> observers = new ArrayList<>();

    /** Training settings as typed ({@link BenchSettings}); {@link #commitSettings()} checks and applies them. */
    public final StringProperty lr;
    public final StringProperty batch;
    public final StringProperty iterations;
    public final StringProperty seed;
    /** Index into {@link #SPEEDS}. */
    public final IntegerProperty speed = new SimpleIntegerProperty(this, "speed", SPEEDS.length - 1);
    /** Folder with MNIST or CIFAR-10 files, for the presets that need one. */
    public final ObjectProperty<Path> dataFolder = new SimpleObjectProperty<>(this, "dataFolder");

    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing");
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");

    private final ReadOnlyDoubleWrapper imagesPerSecond = new ReadOnlyDoubleWrapper(this, "imagesPerSecond");
    private final ReadOnlyIntegerWrapper iteration = new ReadOnlyIntegerWrapper(this, "iteration");
    private final ReadOnlyIntegerWrapper epoch = new ReadOnlyIntegerWrapper(this, "epoch");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyDoubleWrapper secondsLeft = new ReadOnlyDoubleWrapper(this, "secondsLeft", Double.NaN);

    /** A bench with parts of its own (tools and tests); the app composes its parts in {@link ViewModels#create()}. */
    public LabModel() {
        this(new BenchSettings(), null, new Notices());
    }

    /**
     * @param settings the shared training settings
     * @param tasks    the long-task thread (null: one of its own, posting here)
     * @param notices  where messages for the window go
     */
    public LabModel(BenchSettings settings, Tasks tasks, Notices notices) {
        this.form = settings;
        this.notices = notices;
        this.tasks = tasks != null ? tasks : new Tasks(notices::post);
        lr = settings.lr;
        batch = settings.batch;
        iterations = settings.iterations;
        seed = settings.seed;
        speed.addListener((o, a, b) -> {
            for (BenchModel m : models) m.worker().setSpeed(stepsPerSecond());
        });
    }

    // ---- state -----------------------------------------------------------------------------------

    public ObservableList<BenchModel> models() { return modelsView; }
    public ReadOnlyObjectProperty<TrainSettings> settingsProperty() { return form.settingsProperty(); }
    public TrainSettings settings() { return form.get(); }
    public ReadOnlyObjectProperty<List<Problem>> settingsProblemsProperty() { return form.problemsProperty(); }
    /** The shared training settings, typed and in force. */
    public BenchSettings form() { return form; }
    public ReadOnlyBooleanProperty playingProperty() { return playing.getReadOnlyProperty(); }
    public boolean isPlaying() { return playing.get(); }
    public ReadOnlyObjectProperty<Comparison> comparisonProperty() { return comparison.getReadOnlyProperty(); }
    public ObservableList<Notice> notices() { return notices.list(); }
    /** The long task running now (a sweep, saving, opening), or null. */
    public ReadOnlyObjectProperty<Task<?>> taskProperty() { return tasks.taskProperty(); }
    /** Images per second summed over the models, over the last few seconds. */
    public ReadOnlyDoubleProperty imagesPerSecondProperty() { return imagesPerSecond.getReadOnlyProperty(); }
    /** The largest iteration count on the bench. */
    public ReadOnlyIntegerProperty iterationProperty() { return iteration.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty epochProperty() { return epoch.getReadOnlyProperty(); }
    /** Fraction of the iteration target reached by the slowest training model (0 when nothing trains). */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    /** Estimated seconds until every training model reaches the target; NaN when unknown. */
    public ReadOnlyDoubleProperty secondsLeftProperty() { return secondsLeft.getReadOnlyProperty(); }
    public DataCache dataCache() { return dataCache; }

    public double stepsPerSecond() { return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, speed.get()))]; }

    public void addObserver(RunObserver o) { observers.add(o); }
    public void removeObserver(RunObserver o) { observers.remove(o); }

    public void post(Notice n) { notices.post(n); }

    // ---- bench -----------------------------------------------------------------------------------

    /** Replaces the bench with a ready comparison; nothing trains until play. */
    public void loadComparison(Comparison c) {
        pause();
        replaceModels(c.models());
        comparison.set(c);
    }

    /** Replaces the bench with these setups (a comparison or a session). */
    public List<BenchModel> replaceModels(List<ModelSetup> setups) {
        pause();
        for (BenchModel m : models) m.dispose();
        comparison.set(null);
        List<BenchModel> made = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX_MODELS, setups.size()); i++) made.add(new BenchModel(i, setups.get(i)));
        models.setAll(made); // one change: views see the whole new bench at once
        return made;
    }

    /** Builds every model of the bench from its setup (after {@link #replaceModels}). */
    public void buildAll() {
        for (BenchModel m : models) commitDraft(m, true);
    }

    /** Adds a model like the last one (or ResNet-20), if there is room. Returns it, or null. */
    public BenchModel addModel() {
        if (models.size() >= MAX_MODELS) {
            post(Notice.warning("notice.benchFull", MAX_MODELS));
            return null;
        }
        ModelSetup setup = models.isEmpty() ? ModelSetup.of(20, ShortcutType.IDENTITY)
                : models.get(models.size() - 1).draft().parse().setup();
        if (setup == null) setup = ModelSetup.of(20, ShortcutType.IDENTITY);
        BenchModel m = new BenchModel(freeSlot(), setup);
        models.add(m);
        comparison.set(null);
        commitDraft(m, true);
        return m;
    }

    /**
     * Puts a network with the weights of {@code checkpoint} on the bench, paused, marked with where it came from
     * ({@link PytorchBridge}). Returns it, or null (with a notice) when the bench is full.
     */
    BenchModel addImported(ModelSetup setup, Path checkpoint, int iteration, ImportedNet origin) {
        if (models.size() >= MAX_MODELS) {
            post(Notice.warning("notice.benchFull", MAX_MODELS));
            return null;
        }
        BenchModel m = new BenchModel(freeSlot(), setup);
        models.add(m);
        comparison.set(null);
        restore(m, setup, checkpoint, iteration);
        m.setImported(origin);
        if (origin.live()) m.worker().evaluateNow(); // its test error on the card; a large net's would take long
        return m;
    }

    /** The lowest slot (colour) no model on the bench has; the bench is not full. */
    private int freeSlot() {
        boolean[] used = new boolean[MAX_MODELS];
        for (BenchModel m : models) used[m.slot()] = true;
        int slot = 0;
        while (used[slot]) slot++;
        return slot;
    }

    public void removeModel(BenchModel m) {
        if (models.remove(m)) {
            m.dispose();
            comparison.set(null);
        }
    }

    /**
     * Applies the card's fields: shows their problems, or rebuilds the model when its setup changed (the
     * model starts again from iteration 0; the other models carry on).
     */
    public void commitDraft(BenchModel m, boolean force) {
        ModelDraft.Parsed p = m.draft().parse();
        m.setProblems(p.problems());
        if (!p.ok()) return;
        if (!force && p.setup().equals(m.builtSetup()) && m.phase() != BenchModel.Phase.FAILED) return;
        rebuild(m, p.setup());
    }

    private void rebuild(BenchModel m, ModelSetup setup) {
        TrainSettings s = form.get();
        long sd = setup.seed() != null ? setup.seed() : s.seed();
        DataPreset preset = DataPreset.byKey(setup.preset());
        m.building(setup);
        TrainingWorker w = m.worker();
        w.setSpeed(stepsPerSecond());
        w.setTarget(s.iterations());
        w.build(setup, s, dataCache.get(preset, dataFolder.get(), s.seed()), sd, threadsPerModel());
        if (playing.get()) w.play();
    }

    /** Restores a model from a checkpoint (a session being opened). */
    void restore(BenchModel m, ModelSetup setup, Path checkpoint, int iteration) {
        TrainSettings s = form.get();
        long sd = setup.seed() != null ? setup.seed() : s.seed();
        m.building(setup);
        TrainingWorker w = m.worker();
        w.setSpeed(stepsPerSecond());
        w.setTarget(s.iterations());
        w.restore(setup, s, dataCache.get(DataPreset.byKey(setup.preset()), dataFolder.get(), s.seed()), sd,
                threadsPerModel(), checkpoint, iteration);
    }

    /** Cores shared out between the models; at least one thread each. */
    int threadsPerModel() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(4, cores / Math.max(1, models.size())));
    }

    // ---- controls --------------------------------------------------------------------------------

    public void togglePlay() {
        if (playing.get()) pause();
        else play();
    }

    public void play() {
        if (!commitSettings()) return;
        boolean any = false;
        int target = form.get().iterations();
        for (BenchModel m : models) {
            if (!m.canTrain() || m.iteration() >= target) {
                if (m.isRunnable() && !m.canTrain()) post(Notice.info("notice.notLive", modelLabel(m)));
                continue;
            }
            m.worker().play();
            m.setPhase(BenchModel.Phase.TRAINING);
            any = true;
        }
        if (!any) {
            boolean atTarget = models.stream().anyMatch(m -> m.isRunnable() && m.iteration() >= target);
            post(atTarget ? Notice.info("notice.atTarget", target) : Notice.warning("notice.nothingToTrain"));
            return;
        }
        playing.set(true);
    }

    public void pause() {
        playing.set(false);
        for (BenchModel m : models) {
            m.worker().pause();
            if (m.phase() == BenchModel.Phase.TRAINING) m.setPhase(BenchModel.Phase.PAUSED);
        }
    }

    /**
     * Trains only {@code only} on to {@code target} iterations (a lesson's "train" action); the other models pause.
     * Returns false when none of them can train (not built, diverged, or already there).
     */
    public boolean trainOnly(java.util.Collection<BenchModel> only, int target) {
        useSettings(form.get().withIterations(Math.max(target, 1)));
        boolean any = false;
        for (BenchModel m : models) {
            if (!only.contains(m) || !m.canTrain() || m.iteration() >= target) {
                m.worker().pause();
                if (m.phase() == BenchModel.Phase.TRAINING) m.setPhase(BenchModel.Phase.PAUSED);
                continue;
            }
            m.worker().play();
            m.setPhase(BenchModel.Phase.TRAINING);
            any = true;
        }
        playing.set(any);
        return any;
    }

    /** One SGD step on every model (pauses first). */
    public void step() {
        pause();
        if (!commitSettings()) return;
        for (BenchModel m : models) if (m.canTrain()) m.worker().step();
    }

    /** Every model again from its seed, at iteration 0. */
    public void reset() {
        pause();
        commitSettings();
        for (BenchModel m : models) commitDraft(m, true);
    }

    /**
     * Checks the typed settings; applies them (learning rate and batch size from the next step, the target at
     * once, a new shared seed by rebuilding the models that use it). Returns false, with the problems set,
     * when a value is bad.
     */
    public boolean commitSettings() {
        TrainSettings old = form.get();
        if (!form.commit()) return false;
        applySettings(old, form.get());
        return true;
    }

    /**
     * Uses these settings as if they had been typed and committed (a lesson's recipe): the fields show them, and
     * they apply as in {@link #commitSettings()}. Values out of the fields' ranges are refused.
     */
    public void useSettings(TrainSettings now) {
        TrainSettings old = form.get();
        form.use(now);
        applySettings(old, now);
    }

    /**
     * Applies settings now in force: to every model's worker, rebuilding those on the shared seed when it changed.
     * A larger batch that the bench's models would not fit in memory at is refused first: the notice bar says so,
     * the field goes back, and the models go on at the old batch.
     */
    private void applySettings(TrainSettings old, TrainSettings now) {
        if (now.equals(old)) return;
        if (now.batch() > old.batch()) {
            List<NetworkSpec> specs = new ArrayList<>();
            for (BenchModel m : models) if (m.spec() != null) specs.add(m.spec());
            try {
                MemoryCheck.requireBatch(specs, now.batch(), old.batch());
            } catch (MemoryCheck.Refused r) {
                notices.post(r.notice());
                now = now.withBatch(old.batch());
                form.use(now);
                if (now.equals(old)) return;
            }
        }
        for (BenchModel m : models) {
            m.worker().setTarget(now.iterations());
            m.worker().apply(now);
        }
        if (now.seed() != old.seed()) {
            for (BenchModel m : models) {
                ModelSetup s = m.builtSetup();
                if (s != null && s.seed() == null) rebuild(m, s);
            }
        }
    }

    // ---- per frame -------------------------------------------------------------------------------

    /** Applies every model's queued events and passes them to the observers. Called once per frame. */
    public void frame(long nowNanos) {
        double ips = 0;
        int maxIt = 0, maxEpoch = 0;
        double minProgress = Double.POSITIVE_INFINITY, left = 0;
        boolean anyTraining = false;
        int target = form.get().iterations();
        for (BenchModel m : List.copyOf(models)) {
            BenchModel.Phase before = m.phase();
            m.drain(e -> {
                for (RunObserver o : observers) o.onEvent(m, e);
            }, nowNanos);
            if (m.messageProperty().get() != null && before != m.phase()
                    && (m.phase() == BenchModel.Phase.DIVERGED || m.phase() == BenchModel.Phase.FAILED)) {
                Notice n = m.messageProperty().get();
                post(new Notice(n.level(), "notice.model", modelLabel(m), n));
            }
            ips += m.imagesPerSecondProperty().get();
            maxIt = Math.max(maxIt, m.iteration());
            maxEpoch = Math.max(maxEpoch, m.epochProperty().get());
            if (m.phase() == BenchModel.Phase.TRAINING || m.phase() == BenchModel.Phase.BUILDING && playing.get()) {
                anyTraining = true;
                minProgress = Math.min(minProgress, Math.min(1, m.iteration() / (double) target));
                double rate = m.imagesPerSecondProperty().get() / Math.max(1, form.get().batch());
                left = Math.max(left, rate > 0 ? (target - m.iteration()) / rate : Double.NaN);
            }
        }
        imagesPerSecond.set(ips);
        iteration.set(maxIt);
        epoch.set(maxEpoch);
        progress.set(anyTraining ? minProgress : 0);
        secondsLeft.set(anyTraining ? left : Double.NaN);
        if (playing.get() && !anyTraining) {
            playing.set(false);
            if (models.stream().anyMatch(m -> m.phase() == BenchModel.Phase.FINISHED)) {
                post(Notice.info("notice.finished", target));
            }
        }
    }

    /** The model's name as the notices show it: "plain-56" (engine display name of what is built). */
    static String modelLabel(BenchModel m) {
        return m.spec() != null ? m.spec().displayName() : "#" + (m.slot() + 1);
    }

    // ---- long tasks ------------------------------------------------------------------------------

    /**
     * Runs a long task on the lab's task thread ({@link Tasks}): progress bar, cancel button and time left follow
     * {@link #taskProperty()}; a failure becomes an error notice; one task at a time.
     */
    public <T> boolean runTask(Task<T> t, String failureKey) { return tasks.run(t, failureKey); }

    private boolean closed;

    /** Stops every model and background thread. Idempotent (the window and the application both call it). */
    @Override public void close() {
        if (closed) return;
        closed = true;
        pause();
        for (BenchModel m : models) m.dispose();
        tasks.close();
        dataCache.close();
    }
}
