package resnetlab.app.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.concurrent.Task;
import resnetlab.data.DataSplit;
import resnetlab.data.Dataset;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.ResidualBlock;
import resnetlab.train.Checkpoint;
import resnetlab.train.Evaluation;
import resnetlab.train.MemoryEstimate;

/**
 * Deleting blocks at test time (Veit et al. 2016, §4): a copy of a bench model's current weights (so training
 * goes on undisturbed), in which the teacher deletes and restores blocks — y = x in place of
 * y = h(x) + F(x), BN running statistics kept — and sees the test error change. The copy and its evaluations
 * live on a thread and a {@link Compute} of their own. FX thread for the properties and commands.
 */
public final class LesionModel implements AutoCloseable {
    /** Test images used for the quick evaluations after a click. */
    public static final int TEST_IMAGES = 500;

    /** The copy being lesioned: its name, iteration, and which blocks are deleted. */
    public record Snapshot(int slot, String name, int iteration, int blocks, boolean[] downsampling, boolean plain) {}

    /**
     * "Delete k random blocks" and "k random swaps" of one net (Veit Fig. 4 and 5): mean and spread of the test
     * error over random choices, for each k.
     */
    public record Study(int slot, String name, int iteration, boolean plain, double baseline,
                        List<resnetlab.experiments.LesionStudy.RandomK> randomK, List<resnetlab.experiments.LesionStudy.Reorder> reorder) {}

    /** k of the "delete k random blocks" curve (those up to the net's block count). */
    public static final List<Integer> DELETIONS = List.of(0, 1, 2, 3, 5, 7, 10, 15, 20);
    /** k of the "k random swaps" curve. */
    public static final List<Integer> SWAPS = List.of(0, 1, 2, 4, 8, 16);
    /** Random choices per k. */
    public static final int STUDY_SAMPLES = 6;

    /** Which result the Deleting layers pane shows; a lesson step picks it with its chart. */
    public enum View { EACH, RANDOM, REORDER }

    /** Two blocks of a copy run in each other's place: the test error in build order and swapped. */
    public record Swap(String name, int iteration, int first, int second, double intactError, double swappedError) {}

    /** Per-block sweep of one net: error with block i deleted, and the intact error. */
    public record Sweep(int slot, String name, int iteration, double[] errors, double baseline, boolean[] downsampling) {}

    private final LabModel lab;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Daemons.factory("lesion"));
    private final Compute compute = newCompute();
    private final ReadOnlyObjectWrapper<Snapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyObjectWrapper<boolean[]> deleted = new ReadOnlyObjectWrapper<>(this, "deleted", new boolean[0]);
    private final ReadOnlyDoubleWrapper intactError = new ReadOnlyDoubleWrapper(this, "intactError", Double.NaN);
    private final ReadOnlyDoubleWrapper error = new ReadOnlyDoubleWrapper(this, "error", Double.NaN);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<List<Sweep>> sweeps = new ReadOnlyObjectWrapper<>(this, "sweeps", List.of());
    private final ReadOnlyObjectWrapper<List<Study>> studies = new ReadOnlyObjectWrapper<>(this, "studies", List.of());
    private final ReadOnlyDoubleWrapper lastSeconds = new ReadOnlyDoubleWrapper(this, "lastSeconds", Double.NaN);
    private final ReadOnlyObjectWrapper<List<Swap>> swaps = new ReadOnlyObjectWrapper<>(this, "swaps", List.of());
    /** The result on show in the pane; the pane's view buttons and lesson steps both set it. */
    public final ObjectProperty<View> view = new SimpleObjectProperty<>(this, "view", View.EACH);

    // lesion thread only
    private Network net;
    private Dataset test;
    private int pending;

    public LesionModel(LabModel lab) { this.lab = lab; }

    public ReadOnlyObjectProperty<Snapshot> snapshotProperty() { return snapshot.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<boolean[]> deletedProperty() { return deleted.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty intactErrorProperty() { return intactError.getReadOnlyProperty(); }
    /** Test error of the copy with the current deletions. */
    public ReadOnlyDoubleProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<List<Sweep>> sweepsProperty() { return sweeps.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<List<Study>> studiesProperty() { return studies.getReadOnlyProperty(); }
    /** Seconds the last click took to evaluate. */
    public ReadOnlyDoubleProperty lastSecondsProperty() { return lastSeconds.getReadOnlyProperty(); }

    /** Why a model without a network (still building, or its build failed) cannot be copied. */
    static Notice.Refusal notBuilt(BenchModel m) {
        String name = LabModel.modelLabel(m);
        return new Notice.Refusal(name + " is not built yet", Notice.info("lesion.notBuilt", name), null);
    }

    /** Copies the weights of {@code m} as they are now, and evaluates the intact copy. */
    public CompletableFuture<Snapshot> take(BenchModel m) {
        if (m.built() == null) return CompletableFuture.failedFuture(notBuilt(m));
        busy.set(true);
        CompletableFuture<Snapshot> done = new CompletableFuture<>();
        CompletableFuture<DataSplit> data = dataOf(m);
        String name = LabModel.modelLabel(m);
        boolean plain = m.spec().isPlain();
        thread.execute(() -> {
            try {
                requireMemory(m);
                Copy copy = copyOf(m, compute);
                Dataset t = subset(data.join().test());
                List<ResidualBlock> bs = copy.net().blocks();
                boolean[] down = new boolean[bs.size()];
                for (int i = 0; i < down.length; i++) down[i] = bs.get(i).isDownsampling();
                net = copy.net();
                test = t;
                double e = Evaluation.evaluate(net, t, net.cacheBatch(), copy.iteration()).error();
                Snapshot s = new Snapshot(m.slot(), name, copy.iteration(), bs.size(), down, plain);
                Platform.runLater(() -> {
                    snapshot.set(s);
                    deleted.set(new boolean[s.blocks()]);
                    intactError.set(e);
                    error.set(e);
                    busy.set(false);
                });
                done.complete(s);
            } catch (Throwable x) {
                Platform.runLater(() -> busy.set(false));
                done.completeExceptionally(x);
            }
        });
        return done;
    }

    /** Deletes block {@code b} of the copy, or restores it, and evaluates again. */
    public void toggle(int b) {
        boolean[] d = deleted.get().clone();
        if (b < 0 || b >= d.length) return;
        d[b] = !d[b];
        deleted.set(d);
        busy.set(true);
        boolean[] state = d.clone();
        pending++;
        thread.execute(() -> {
            long t0 = System.nanoTime();
            List<ResidualBlock> bs = net.blocks();
            for (int i = 0; i < bs.size(); i++) bs.get(i).setDeleted(state[i]);
            double e = Evaluation.evaluate(net, test, net.cacheBatch(), 0).error();
            double sec = (System.nanoTime() - t0) / 1e9;
            Platform.runLater(() -> {
                if (--pending == 0) busy.set(false);
                if (java.util.Arrays.equals(state, deleted.get())) {
                    error.set(e);
                    lastSeconds.set(sec);
                }
            });
        });
    }

    /**
     * Swaps blocks {@code first} and {@code second} (0-based; they must have the same shape: same stage, neither
     * downsampling) of a copy of {@code m} made for this purpose, and evaluates it in build order and swapped.
     * Runs on the lesion thread; the pane's own copy is not touched. Swaps of several models queue up in order;
     * each result is added to {@link #swapsProperty()} on the FX thread before the future completes.
     */
    public CompletableFuture<Swap> swap(BenchModel m, int first, int second) {
        if (m.built() == null) return CompletableFuture.failedFuture(notBuilt(m));
        String name = LabModel.modelLabel(m);
        CompletableFuture<DataSplit> data = dataOf(m);
        CompletableFuture<Swap> done = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                Copy copy = copyOf(m, compute);
                int n = copy.net().blocks().size();
                if (first < 0 || second < 0 || first >= n || second >= n || first == second) {
                    throw new IllegalArgumentException("cannot swap blocks " + (first + 1) + " and " + (second + 1) + " of " + name
                            + ": it has blocks 1.." + n);
                }
                int[] order = new int[n];
                for (int i = 0; i < n; i++) order[i] = i;
                order[first] = second;
                order[second] = first;
                Dataset t = subset(data.join().test());
                double intact = Evaluation.evaluate(copy.net(), t, copy.net().cacheBatch(), copy.iteration()).error();
                copy.net().setOrder(order); // refuses blocks of different shapes, naming them
                double swapped = Evaluation.evaluate(copy.net(), t, copy.net().cacheBatch(), copy.iteration()).error();
                Swap r = new Swap(name, copy.iteration(), first, second, intact, swapped);
                Platform.runLater(() -> {
                    List<Swap> all = new ArrayList<>(swaps.get());
                    all.removeIf(x -> x.name().equals(r.name()));
                    all.add(r);
                    swaps.set(List.copyOf(all));
                    done.complete(r);
                });
            } catch (Throwable x) {
                done.completeExceptionally(x);
            }
        });
        return done;
    }

    /** The latest swap of each model, for the pane's readout; cleared by {@link #clearSwaps()}. */
    public ReadOnlyObjectProperty<List<Swap>> swapsProperty() { return swaps.getReadOnlyProperty(); }

    public void clearSwaps() { swaps.set(List.of()); }

    /** Restores every block of the copy and evaluates again. */
    public void restoreAll() {
        boolean[] d = new boolean[deleted.get().length];
        deleted.set(d);
        busy.set(true);
        pending++;
        thread.execute(() -> {
            if (net != null) net.restoreAll();
            double e = net == null ? Double.NaN : Evaluation.evaluate(net, test, net.cacheBatch(), 0).error();
            Platform.runLater(() -> {
                if (--pending == 0) busy.set(false);
                error.set(e);
            });
        });
    }

    /**
     * "Delete each block" for every model on the bench (Veit Fig. 3): a copy of each, then the test error with
     * each single block deleted. A long task with progress and cancel, run by the lab.
     */
    public Task<List<Sweep>> sweepAll() {
        List<BenchModel> ms = new ArrayList<>();
        for (BenchModel m : lab.models()) if (m.built() != null && m.phase() != BenchModel.Phase.FAILED) ms.add(m);
        Path folder = lab.dataFolder.get();
        long seed = lab.settings().seed();
        Task<List<Sweep>> t = new Task<>() {
            @Override protected List<Sweep> call() throws Exception {
                List<Sweep> out = new ArrayList<>();
                int total = 0;
                for (BenchModel m : ms) total += m.built().lambdas().length + 1;
                int done = 0;
                try (Compute c = newCompute()) {
                    for (BenchModel m : ms) {
                        String name = LabModel.modelLabel(m);
                        updateMessage(name);
                        requireMemory(m);
                        Copy snap = copyOf(m, c);
                        int iteration = snap.iteration();
                        Network copy = snap.net();
                        Dataset t = subset(lab.dataCache().get(DataPreset.byKey(m.builtSetup().preset()), folder, seed).join().test());
                        double base = Evaluation.evaluate(copy, t, copy.cacheBatch(), iteration).error();
                        updateProgress(++done, total);
                        List<ResidualBlock> bs = copy.blocks();
                        double[] errs = new double[bs.size()];
                        boolean[] down = new boolean[bs.size()];
                        for (int i = 0; i < bs.size(); i++) {
                            if (isCancelled()) return out;
                            bs.get(i).setDeleted(true);
                            errs[i] = Evaluation.evaluate(copy, t, copy.cacheBatch(), iteration).error();
                            bs.get(i).setDeleted(false);
                            down[i] = bs.get(i).isDownsampling();
                            updateProgress(++done, total);
                        }
                        out.add(new Sweep(m.slot(), name, iteration, errs, base, down));
                    }
                }
                return out;
            }
        };
        t.setOnSucceeded(e -> sweeps.set(t.getValue()));
        return lab.runTask(t, "error.sweep") ? t : null;
    }

    /**
     * "Delete k random blocks" and "k random swaps" for every model on the bench (Veit Fig. 4 and 5), on a copy of
     * each: {@value #STUDY_SAMPLES} seeded random choices per k, {@value #TEST_IMAGES} test images. A long task with
     * progress and cancel, run by the lab.
     */
    public Task<List<Study>> studyAll() {
        List<BenchModel> ms = new ArrayList<>();
        for (BenchModel m : lab.models()) if (m.built() != null && m.phase() != BenchModel.Phase.FAILED) ms.add(m);
        Path folder = lab.dataFolder.get();
        long seed = lab.settings().seed();
        Task<List<Study>> t = new Task<>() {
            @Override protected List<Study> call() throws Exception {
                List<Study> out = new ArrayList<>();
                try (Compute c = newCompute()) {
                    for (int i = 0; i < ms.size() && !isCancelled(); i++) {
                        BenchModel m = ms.get(i);
                        String name = LabModel.modelLabel(m);
                        updateMessage(name);
                        requireMemory(m);
                        Copy snap = copyOf(m, c);
                        int iteration = snap.iteration();
                        Network copy = snap.net();
                        Dataset test = subset(lab.dataCache().get(DataPreset.byKey(m.builtSetup().preset()), folder, seed).join().test());
                        int n = copy.blocks().size();
                        List<Integer> ks = DELETIONS.stream().filter(k -> k <= n).toList();
                        var study = new resnetlab.experiments.LesionStudy(copy, test,
                                new resnetlab.experiments.LesionStudy.Config(0, STUDY_SAMPLES, 1, ks, SWAPS, Evaluation.AUTO_BATCH));
                        int base = i;
                        double baseline = study.baselineError();
                        var randomK = study.randomDeletions(ks, (d, total, msg) -> updateProgress(base + 0.5 * d / Math.max(1, total), ms.size()),
                                this::isCancelled);
                        List<resnetlab.experiments.LesionStudy.Reorder> reorder;
                        try {
                            reorder = study.randomSwaps(SWAPS, (d, total, msg) -> updateProgress(base + 0.5 + 0.5 * d / Math.max(1, total),
                                    ms.size()), this::isCancelled).summary();
                        } catch (IllegalArgumentException noPairs) {
                            reorder = List.of(); // a net too shallow to have two blocks of the same shape
                        }
                        if (isCancelled()) break;
                        out.add(new Study(m.slot(), name, iteration, copy.spec().isPlain(), baseline, randomK, reorder));
                    }
                }
                updateProgress(1, 1);
                return out;
            }
        };
        t.setOnSucceeded(e -> studies.set(t.getValue()));
        return lab.runTask(t, "error.sweep") ? t : null;
    }

    /**
     * Refuses (before the copy is made) a lesion experiment on {@code m} that would not fit beside the bench: a copy
     * of its weights evaluated on batches of at most {@link Network#MAX_CACHE_BATCH}, and the study's cache of block inputs for the test images.
     */
    private static void requireMemory(BenchModel m) {
        MemoryCheck.require(MemoryEstimate.evaluation(m.spec(), Network.MAX_CACHE_BATCH)
                        .plus(MemoryEstimate.lesionCache(m.spec(), TEST_IMAGES, resnetlab.experiments.LesionStudy.CACHE_BUDGET_MB * 1048576.0)),
                Notice.info("memory.what.lesion", LabModel.modelLabel(m)), Notice.info("memory.change.model"));
    }

    /** A copy of a model's weights and the iteration they were saved at. */
    private record Copy(int iteration, Network net) {}

    /**
     * The weights of {@code m} as they are now, copied through a temporary checkpoint that its worker saves between
     * two steps (training goes on). Waits for the worker: call on the lesion or task thread, never the FX thread.
     */
    private static Copy copyOf(BenchModel m, Compute c) throws Exception {
        Path tmp = Files.createTempFile("resnetlab-copy", ".ckpt");
        try {
            int iteration = m.worker().saveCheckpoint(tmp).get();
            return new Copy(iteration, Checkpoint.load(tmp, c).network());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The data of a model on the bench (reads the lab's settings: FX thread). */
    private CompletableFuture<DataSplit> dataOf(BenchModel m) {
        return lab.dataCache().get(DataPreset.byKey(m.builtSetup().preset()), lab.dataFolder.get(), lab.settings().seed());
    }

    /** Threads for the copies' evaluations: two at most, the models keep training. */
    private static Compute newCompute() {
        return Compute.best(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    private static Dataset subset(Dataset all) {
        return all.size() <= TEST_IMAGES ? all : all.firstPerClass(TEST_IMAGES);
    }

    @Override public void close() {
        thread.shutdownNow();
        compute.close();
    }
}
