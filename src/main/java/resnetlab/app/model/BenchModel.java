package resnetlab.app.model;

import java.util.ArrayDeque;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import resnetlab.model.NetworkSpec;

/**
 * One model card of the bench as the FX thread sees it: the fields the teacher edits ({@link #draft()}), the
 * state of its run as read-only properties, and its history. The engine work happens in its
 * {@link TrainingWorker}; {@link #drain} applies the worker's events once per frame. FX thread only.
 */
public final class BenchModel {
    public enum Phase { BUILDING, READY, TRAINING, PAUSED, FINISHED, DIVERGED, FAILED }

    /** Points kept per curve for redrawing and sessions. */
    public static final int HISTORY_CAP = 8192;
    private static final int SMOOTHING = 20;

    private final int slot;
    private final ModelDraft draft;
    private final TrainingWorker worker;
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.BUILDING);
    private final ReadOnlyObjectWrapper<NetworkSpec> spec = new ReadOnlyObjectWrapper<>(this, "spec");
    private final ReadOnlyObjectWrapper<ModelSetup> builtSetup = new ReadOnlyObjectWrapper<>(this, "builtSetup");
    private final ReadOnlyLongWrapper weights = new ReadOnlyLongWrapper(this, "weights");
    private final ReadOnlyIntegerWrapper iteration = new ReadOnlyIntegerWrapper(this, "iteration");
    private final ReadOnlyIntegerWrapper epoch = new ReadOnlyIntegerWrapper(this, "epoch");
    private final ReadOnlyDoubleWrapper trainError = new ReadOnlyDoubleWrapper(this, "trainError", Double.NaN);
    private final ReadOnlyDoubleWrapper trainLoss = new ReadOnlyDoubleWrapper(this, "trainLoss", Double.NaN);
    private final ReadOnlyDoubleWrapper testError = new ReadOnlyDoubleWrapper(this, "testError", Double.NaN);
    private final ReadOnlyDoubleWrapper imagesPerSecond = new ReadOnlyDoubleWrapper(this, "imagesPerSecond");
    /** The newest message about this model (a problem with its fields, a divergence, a failure), or null. */
    private final ObjectProperty<Notice> message = new SimpleObjectProperty<>(this, "message");
    private final ReadOnlyObjectWrapper<List<Problem>> problems = new ReadOnlyObjectWrapper<>(this, "problems", List.of());
    /** Where the weights came from when the model was imported (PyTorch), else null; a rebuild clears it. */
    private final ReadOnlyObjectWrapper<ImportedNet> imported = new ReadOnlyObjectWrapper<>(this, "imported");

    private final History train = new History(HISTORY_CAP);
    private final History test = new History(HISTORY_CAP);
    private final GradientHistory gradients = new GradientHistory(240);
    private final double[] recentErrors = new double[SMOOTHING];
    private final double[] recentLosses = new double[SMOOTHING];
    private int recentCount;
    private final ArrayDeque<long[]> rateWindow = new ArrayDeque<>();
    private RunEvent.Step lastStep;
    private RunEvent.Built built;
    private String data = "";
    private int threads = 1;

    public BenchModel(int slot, ModelSetup setup) {
        this.slot = slot;
        this.draft = new ModelDraft(setup);
        this.worker = new TrainingWorker("m" + slot);
    }

    /** The position on the bench that gives the model its colour (0..3); stable while the model exists. */
    public int slot() { return slot; }
    public ModelDraft draft() { return draft; }
    public TrainingWorker worker() { return worker; }

    public ReadOnlyObjectProperty<Phase> phaseProperty() { return phase.getReadOnlyProperty(); }
    public Phase phase() { return phase.get(); }
    public ReadOnlyObjectProperty<NetworkSpec> specProperty() { return spec.getReadOnlyProperty(); }
    public NetworkSpec spec() { return spec.get(); }
    /** The setup the current network was built from (the draft may since have changed or be invalid). */
    public ReadOnlyObjectProperty<ModelSetup> builtSetupProperty() { return builtSetup.getReadOnlyProperty(); }
    public ModelSetup builtSetup() { return builtSetup.get(); }
    public ReadOnlyLongProperty weightsProperty() { return weights.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty iterationProperty() { return iteration.getReadOnlyProperty(); }
    public int iteration() { return iteration.get(); }
    public ReadOnlyIntegerProperty epochProperty() { return epoch.getReadOnlyProperty(); }
    /** Training error, mean of the last 20 batches. */
    public ReadOnlyDoubleProperty trainErrorProperty() { return trainError.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty trainLossProperty() { return trainLoss.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty testErrorProperty() { return testError.getReadOnlyProperty(); }
    /** Images per second over the last few seconds of wall time. */
    public ReadOnlyDoubleProperty imagesPerSecondProperty() { return imagesPerSecond.getReadOnlyProperty(); }
    public ObjectProperty<Notice> messageProperty() { return message; }
    public ReadOnlyObjectProperty<List<Problem>> problemsProperty() { return problems.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ImportedNet> importedProperty() { return imported.getReadOnlyProperty(); }
    public ImportedNet imported() { return imported.get(); }

    public History trainHistory() { return train; }
    public History testHistory() { return test; }
    /** ‖∂E/∂x‖ per block over training (heat map, depth profile). */
    public GradientHistory gradients() { return gradients; }
    public RunEvent.Step lastStep() { return lastStep; }
    public RunEvent.Built built() { return built; }
    public String dataDescription() { return data; }
    public int threads() { return threads; }
    public boolean isRunnable() {
        Phase p = phase.get();
        return built != null && p != Phase.BUILDING && p != Phase.DIVERGED && p != Phase.FAILED;
    }

    /**
     * Whether Play and Step may train it: runnable, and not an imported net too large to train live (that one is
     * shown and analysed only).
     */
    public boolean canTrain() {
        return isRunnable() && (imported.get() == null || imported.get().live());
    }

    void setImported(ImportedNet i) { imported.set(i); }

    void setProblems(List<Problem> p) { problems.set(List.copyOf(p)); }

    /** Marks a rebuild as started: the old curves are cleared when the new model's first event arrives. */
    void building(ModelSetup setup) {
        phase.set(Phase.BUILDING);
        builtSetup.set(setup);
        imported.set(null);
    }

    void setPhase(Phase p) { phase.set(p); }

    /** Gradient rows of a session, put in place when the restored model's first event arrives. */
    private double[][] pendingGradients;

    /**
     * Restores the curves saved in a session (before the worker's first event). Rows are (iteration, loss,
     * error); gradient rows (iteration, norm per block), or null, come back with the restored weights.
     */
    void restoreHistory(double[][] trainRows, double[][] testRows, double[][] gradientRows) {
        pendingGradients = gradientRows;
        train.clear();
        test.clear();
        recentCount = 0;
        for (double[] r : trainRows) {
            train.add(r[0], r[1], r[2]);
            recentErrors[recentCount % SMOOTHING] = r[2];
            recentLosses[recentCount % SMOOTHING] = r[1];
            recentCount++;
        }
        for (double[] r : testRows) test.add(r[0], r[1], r[2]);
        int n = Math.min(recentCount, SMOOTHING);
        if (n > 0) {
            double se = 0, sl = 0;
            for (int i = 0; i < n; i++) { se += recentErrors[i]; sl += recentLosses[i]; }
            trainError.set(se / n);
            trainLoss.set(sl / n);
        }
        if (testRows.length > 0) testError.set(testRows[testRows.length - 1][2]);
    }

    /**
     * Applies the worker's queued events and passes the current ones on to {@code sink}. Events of an earlier
     * generation (a model since rebuilt) are dropped.
     */
    public void drain(java.util.function.Consumer<RunEvent> sink, long nowNanos) {
        RunEvent e;
        int gen = worker.generation();
        while ((e = worker.events().poll()) != null) {
            if (e.generation() != gen) continue;
            apply(e);
            sink.accept(e);
        }
        // a window of 10 s; with a single recent step, that step's own rate; none for 10 s: 0
        while (rateWindow.size() > 1 && nowNanos - rateWindow.peekFirst()[0] > 10_000_000_000L) rateWindow.pollFirst();
        if (!rateWindow.isEmpty() && nowNanos - rateWindow.peekLast()[0] > 10_000_000_000L) rateWindow.clear();
        if (rateWindow.isEmpty()) imagesPerSecond.set(0);
    }

    private void apply(RunEvent e) {
        if (e instanceof RunEvent.Built b) {
            built = b;
            data = b.data();
            threads = b.threads();
            spec.set(b.spec());
            weights.set(b.weights());
            if (b.iteration() == 0) {
                train.clear();
                test.clear();
                testError.set(Double.NaN);
            }
            gradients.clear();
            if (b.iteration() > 0 && pendingGradients != null) gradients.restore(pendingGradients);
            pendingGradients = null;
            iteration.set(b.iteration());
            epoch.set(0);
            if (b.iteration() == 0) {
                recentCount = 0;
                trainError.set(Double.NaN);
                trainLoss.set(Double.NaN);
            }
            rateWindow.clear();
            lastStep = null;
            message.set(null);
            phase.set(worker.isPlaying() ? Phase.TRAINING
                    : b.iteration() == 0 && imported.get() == null ? Phase.READY : Phase.PAUSED);
        } else if (e instanceof RunEvent.Step s) {
            lastStep = s;
            iteration.set(s.iteration());
            epoch.set(s.epoch());
            recentErrors[recentCount % SMOOTHING] = s.error();
            recentLosses[recentCount % SMOOTHING] = s.loss();
            recentCount++;
            int n = Math.min(recentCount, SMOOTHING);
            double se = 0, sl = 0;
            for (int i = 0; i < n; i++) { se += recentErrors[i]; sl += recentLosses[i]; }
            trainError.set(se / n);
            trainLoss.set(sl / n);
            train.add(s.iteration(), s.loss(), s.error());
            gradients.add(s.iteration(), s.inGrad());
            rateWindow.addLast(new long[] {s.nanoTime(), s.imagesTotal()});
            if (rateWindow.size() >= 2) {
                long[] a = rateWindow.peekFirst(), z = rateWindow.peekLast();
                imagesPerSecond.set(z[0] > a[0] ? (z[1] - a[1]) * 1e9 / (z[0] - a[0]) : 0);
            } else if (s.seconds() > 0) {
                imagesPerSecond.set(s.batch() / s.seconds());
            }
            if (phase.get() == Phase.READY || phase.get() == Phase.PAUSED) {
                phase.set(worker.isPlaying() ? Phase.TRAINING : Phase.PAUSED);
            }
        } else if (e instanceof RunEvent.Eval v) {
            test.add(v.iteration(), v.loss(), v.error());
            testError.set(v.error());
        } else if (e instanceof RunEvent.Diverged d) {
            phase.set(Phase.DIVERGED);
            message.set(Double.isFinite(d.loss())
                    ? Notice.error("notice.diverged", d.iteration(), resnetlab.train.Divergence.format(d.loss()),
                            String.format(java.util.Locale.ROOT, "%.0f", d.bound()), resnetlab.train.Divergence.WINDOW)
                    : Notice.error("notice.divergedNaN", d.iteration(), resnetlab.train.Divergence.format(d.loss())));
        } else if (e instanceof RunEvent.Failed f) {
            phase.set(Phase.FAILED);
            message.set(f.notice() != null ? f.notice() : Notice.error("error.raw", f.message()));
        } else if (e instanceof RunEvent.Finished) {
            // still playing: a play (a higher target) came after this target was reached; the worker trains on
            // and reports its own finish
            if (!worker.isPlaying()) phase.set(Phase.FINISHED);
        }
    }

    public void dispose() { worker.close(); }
}
