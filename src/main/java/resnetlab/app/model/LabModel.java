package resnetlab.app.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
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
    private final ExecutorService tasks = Executors.newSingleThreadExecutor(Daemons.factory("lab-task"));
    private final ObservableList<BenchModel> models = FXCollections.observableArrayList();
    private final ObservableList<BenchModel> modelsView = FXCollections.unmodifiableObservableList(models);
    private final List<RunObserver> observers = new ArrayList<>();

    /** Training settings as typed; {@link #commitSettings()} checks and applies them. */
    public final StringProperty lr = new SimpleStringProperty(this, "lr", "0.1");
    public final StringProperty batch = new SimpleStringProperty(this, "batch", "64");
    public final StringProperty iterations = new SimpleStringProperty(this, "iterations", "400");
    public final StringProperty seed = new SimpleStringProperty(this, "seed", "11");
    /** Index into {@link #SPEEDS}. */
    public final IntegerProperty speed = new SimpleIntegerProperty(this, "speed", SPEEDS.length - 1);
    /** Folder with MNIST or CIFAR-10 files, for the presets that need one. */
    public final ObjectProperty<Path> dataFolder = new SimpleObjectProperty<>(this, "dataFolder");

    private final ReadOnlyObjectWrapper<TrainSettings> settings = new ReadOnlyObjectWrapper<>(this, "settings", TrainSettings.DEFAULT);
    private final ReadOnlyObjectWrapper<List<Problem>> settingsProblems = new ReadOnlyObjectWrapper<>(this, "settingsProblems", List.of());
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing");
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Task<?>> task = new ReadOnlyObjectWrapper<>(this, "task");

    private final ReadOnlyDoubleWrapper imagesPerSecond = new ReadOnlyDoubleWrapper(this, "imagesPerSecond");
    private final ReadOnlyIntegerWrapper iteration = new ReadOnlyIntegerWrapper(this, "iteration");
    private final ReadOnlyIntegerWrapper epoch = new ReadOnlyIntegerWrapper(this, "epoch");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyDoubleWrapper secondsLeft = new ReadOnlyDoubleWrapper(this, "secondsLeft", Double.NaN);

    public LabModel() {
        speed.addListener((o, a, b) -> {
            for (BenchModel m : models) m.worker().setSpeed(stepsPerSecond());
        });
    }

    // ---- state -----------------------------------------------------------------------------------

    public ObservableList<BenchModel> models() { return modelsView; }
    public ReadOnlyObjectProperty<TrainSettings> settingsProperty() { return settings.getReadOnlyProperty(); }
    public TrainSettings settings() { return settings.get(); }
    public ReadOnlyObjectProperty<List<Problem>> settingsProblemsProperty() { return settingsProblems.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty playingProperty() { return playing.getReadOnlyProperty(); }
    public boolean isPlaying() { return playing.get(); }
    public ReadOnlyObjectProperty<Comparison> comparisonProperty() { return comparison.getReadOnlyProperty(); }
    public ObservableList<Notice> notices() { return notices; }
    /** The long task running now (a sweep, saving, opening), or null. */
    public ReadOnlyObjectProperty<Task<?>> taskProperty() { return task.getReadOnlyProperty(); }
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

    public void post(Notice n) {
        notices.add(n);
        if (notices.size() > 50) notices.remove(0);
    }

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
        TrainSettings s = settings.get();
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
        TrainSettings s = settings.get();
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
        int target = settings.get().iterations();
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
        iterations.set(Integer.toString(Math.max(target, 1)));
        if (!commitSettings()) return false;
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
        List<Problem> p = new ArrayList<>();
        Double l = number("lr", lr.get(), p);
        if (l != null && !(l > 0 && l <= 10_000)) p.add(new Problem("lr", "error.lr", l));
        Integer b = integer("batch", batch.get(), p);
        if (b != null && !(b >= 1 && b <= 4096)) p.add(new Problem("batch", "error.batch", b));
        Integer it = integer("iterations", iterations.get(), p);
        if (it != null && !(it >= 1 && it <= 10_000_000)) p.add(new Problem("iterations", "error.iterations", it));
        Long sd = null;
        try {
            sd = Long.parseLong(seed.get().trim());
        } catch (NumberFormatException e) {
            p.add(new Problem("seed", "error.seed", seed.get()));
        }
        settingsProblems.set(List.copyOf(p));
        if (!p.isEmpty()) return false;
        TrainSettings old = settings.get();
        TrainSettings now = new TrainSettings(l, b, it, old.evalEvery(), sd);
        if (now.equals(old)) return true;
        settings.set(now);
        for (BenchModel m : models) {
            m.worker().setTarget(it);
            m.worker().apply(now);
        }
        if (sd != old.seed()) {
            for (BenchModel m : models) {
                ModelSetup s = m.builtSetup();
                if (s != null && s.seed() == null) rebuild(m, s);
            }
        }
        return true;
    }

    static Double number(String field, String text, List<Problem> p) {
        String t = text == null ? "" : text.trim().replace('−', '-').replace(',', '.');
        try {
            double v = Double.parseDouble(t);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        p.add(new Problem(field, "error.notNumber", t));
        return null;
    }

    static Integer integer(String field, String text, List<Problem> p) {
        String t = text == null ? "" : text.trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            p.add(new Problem(field, "error.notInteger", t));
            return null;
        }
    }

    // ---- per frame -------------------------------------------------------------------------------

    /** Applies every model's queued events and passes them to the observers. Called once per frame. */
    public void frame(long nowNanos) {
        double ips = 0;
        int maxIt = 0, maxEpoch = 0;
        double minProgress = Double.POSITIVE_INFINITY, left = 0;
        boolean anyTraining = false;
        int target = settings.get().iterations();
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
                double rate = m.imagesPerSecondProperty().get() / Math.max(1, settings.get().batch());
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
     * Runs a long task on the lab's task thread, exposing it through {@link #taskProperty()} for the progress
     * bar, cancel button and time left. A failure becomes an error notice (the task's message names the
     * problem); one task at a time.
     */
    public <T> boolean runTask(Task<T> t, String failureKey) {
        Task<?> current = task.get();
        if (current != null && current.isRunning()) {
            post(Notice.warning("notice.busy"));
            return false;
        }
        task.set(t);
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            Throwable x = t.getException();
            post(x instanceof MemoryCheck.Refused r ? r.notice() // refused before it started: estimate, heap, what to change
                    : Notice.error(failureKey, x == null ? "?" : x.getMessage() == null ? x.toString() : x.getMessage()));
            if (task.get() == t) task.set(null);
        });
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> { if (task.get() == t) task.set(null); });
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> { if (task.get() == t) task.set(null); });
        tasks.execute(t);
        return true;
    }

    // ---- sessions --------------------------------------------------------------------------------

    /**
     * Saves the bench, settings, curves, weights and {@code layout} into one file, in the background: each
     * model's weights are copied between two of its steps, so training need not stop. Returns the task, or null
     * when another task is running.
     */
    public Task<Path> saveSession(Path file, java.util.Map<String, String> layout) {
        TrainSettings s = settings.get();
        List<BenchModel> ms = List.copyOf(models);
        List<ModelSetup> setups = new ArrayList<>();
        List<double[][]> trains = new ArrayList<>(), tests = new ArrayList<>(), grads = new ArrayList<>();
        for (BenchModel m : ms) {
            ModelSetup setup = m.builtSetup() != null ? m.builtSetup() : m.draft().parse().setup();
            setups.add(setup);
            trains.add(rows(m.trainHistory()));
            tests.add(rows(m.testHistory()));
            grads.add(m.gradients().rows());
        }
        Path folder = dataFolder.get();
        var sessionSettings = new SessionData.Settings(s.lr(), s.batch(), s.iterations(), s.evalEvery(), s.seed(), speed.get());
        Task<Path> t = new Task<>() {
            @Override protected Path call() throws Exception {
                updateMessage(file.getFileName().toString());
                Path tmp = java.nio.file.Files.createTempDirectory("resnetlab-save");
                try {
                    java.util.Map<String, Path> ckpts = new java.util.LinkedHashMap<>();
                    List<SessionData.Model> out = new ArrayList<>();
                    for (int i = 0; i < ms.size(); i++) {
                        if (isCancelled()) return null;
                        updateProgress(i, ms.size() + 1);
                        BenchModel m = ms.get(i);
                        if (setups.get(i) == null) continue;
                        String name = "model-" + i + ".ckpt";
                        Integer it = null;
                        if (m.built() != null && m.phase() != BenchModel.Phase.FAILED) {
                            Path p = tmp.resolve(name);
                            it = m.worker().saveCheckpoint(p).get();
                            ckpts.put(name, p);
                        }
                        out.add(new SessionData.Model(setups.get(i), it == null ? 0 : it, it == null ? null : name,
                                trim(trains.get(i), it), trim(tests.get(i), it), trim(grads.get(i), it)));
                    }
                    if (out.isEmpty()) throw new java.io.IOException("there is no valid model to save");
                    SessionData data = new SessionData(SessionFile.FORMAT, resnetlab.Version.get(), sessionSettings,
                            folder == null ? null : folder.toString(), layout, out);
                    SessionFile.write(file, data, ckpts);
                    updateProgress(1, 1);
                    return file;
                } finally {
                    deleteTree(tmp);
                }
            }
        };
        t.setOnSucceeded(e -> post(Notice.info("notice.saved", file.toString())));
        return runTask(t, "error.saveSession") ? t : null;
    }

    /**
     * Opens a session in the background. The file is checked completely first; only then is the bench replaced,
     * so a corrupt file leaves everything as it was (and the error names the problem). {@code layout} receives
     * the saved layout on the FX thread.
     */
    public Task<SessionData> openSession(Path file, java.util.function.Consumer<java.util.Map<String, String>> layout) {
        Task<SessionData> t = new Task<>() {
            private SessionFile.Opened opened;

            @Override protected SessionData call() throws Exception {
                updateMessage(file.getFileName().toString());
                updateProgress(-1, 1);
                Path tmp = java.nio.file.Files.createTempDirectory("resnetlab-open");
                tmp.toFile().deleteOnExit();
                try {
                    opened = SessionFile.read(file, tmp);
                } catch (Exception e) {
                    deleteTree(tmp);
                    throw e;
                }
                return opened.data();
            }

            @Override protected void succeeded() {
                apply(opened, layout);
                post(Notice.info("notice.opened", file.toString()));
            }
        };
        return runTask(t, "error.openSession") ? t : null;
    }

    private void apply(SessionFile.Opened opened, java.util.function.Consumer<java.util.Map<String, String>> layout) {
        SessionData d = opened.data();
        var s = d.settings();
        pause();
        lr.set(ModelDraft.trim(s.lr()));
        batch.set(Integer.toString(s.batch()));
        iterations.set(Integer.toString(s.iterations()));
        seed.set(Long.toString(s.seed()));
        settings.set(new TrainSettings(s.lr(), s.batch(), s.iterations(), s.evalEvery() == 0 ? 25 : s.evalEvery(), s.seed()));
        settingsProblems.set(List.of());
        speed.set(Math.max(0, Math.min(SPEEDS.length - 1, s.speed())));
        if (d.dataFolder() != null) dataFolder.set(Path.of(d.dataFolder()));
        List<ModelSetup> setups = new ArrayList<>();
        for (SessionData.Model m : d.models()) setups.add(m.setup());
        List<BenchModel> made = replaceModels(setups);
        for (int i = 0; i < made.size(); i++) {
            SessionData.Model sm = d.models().get(i);
            BenchModel m = made.get(i);
            m.restoreHistory(sm.train() == null ? new double[0][] : sm.train(), sm.test() == null ? new double[0][] : sm.test(),
                    sm.gradients());
            Path ckpt = sm.checkpoint() == null ? null : opened.checkpoints().get(sm.checkpoint());
            if (ckpt == null) commitDraft(m, true);
            else restore(m, sm.setup(), ckpt, sm.iteration());
        }
        if (layout != null && d.layout() != null) layout.accept(d.layout());
    }

    private static double[][] rows(History h) {
        double[][] r = new double[h.size()][];
        for (int i = 0; i < r.length; i++) r[i] = new double[] {h.x(i), h.a(i), h.b(i)};
        return r;
    }

    /** Rows up to the saved iteration (the history may already hold a step or two more). */
    private static double[][] trim(double[][] rows, Integer iteration) {
        if (iteration == null) return new double[0][];
        int n = 0;
        while (n < rows.length && rows[n][0] <= iteration) n++;
        return java.util.Arrays.copyOf(rows, n);
    }

    static void deleteTree(Path dir) {
        try (var s = java.nio.file.Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // temporary files only
        }
    }

    private boolean closed;

    /** Stops every model and background thread. Idempotent (the window and the application both call it). */
    @Override public void close() {
        if (closed) return;
        closed = true;
        pause();
        for (BenchModel m : models) m.dispose();
        tasks.shutdownNow();
        dataCache.close();
    }
}
