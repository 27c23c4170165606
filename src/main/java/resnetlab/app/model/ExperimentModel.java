package resnetlab.app.model;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import resnetlab.data.Dataset;
import resnetlab.experiments.LayerResponses;
import resnetlab.experiments.LossLandscape;
import resnetlab.experiments.PathLengths;
import resnetlab.experiments.RefiningLandscape;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.train.Evaluation;
import resnetlab.train.MemoryEstimate;

/**
 * The experiments that run on copies of the bench models' current weights: path lengths (Veit 2016), layer
 * responses (He 2015 Fig. 7) and loss landscapes (Li 2018), through {@code resnetlab.experiments}. Each is a long
 * task of the lab (progress, time left, cancel); results land in read-only properties. FX thread for commands.
 */
public final class ExperimentModel {
    /** Path lengths of one model. */
    public record Paths(int slot, String name, int iteration, PathLengths.Result result) {}

    /** Layer responses of one model. */
    public record Responses(int slot, String name, int iteration, LayerResponses.NetResponses result) {}

    /** A loss landscape of one model. */
    public record Landscape(int slot, String name, int iteration, int images, LossLandscape.Scan scan) {}

    private final LabModel lab;
    private final ReadOnlyObjectWrapper<Paths> paths = new ReadOnlyObjectWrapper<>(this, "paths");
    private final ReadOnlyObjectWrapper<List<Responses>> responses = new ReadOnlyObjectWrapper<>(this, "responses", List.of());
    private final ReadOnlyObjectWrapper<List<Landscape>> landscapes = new ReadOnlyObjectWrapper<>(this, "landscapes", List.of());

    public ExperimentModel(LabModel lab) { this.lab = lab; }

    public ReadOnlyObjectProperty<Paths> pathsProperty() { return paths.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<List<Responses>> responsesProperty() { return responses.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<List<Landscape>> landscapesProperty() { return landscapes.getReadOnlyProperty(); }

    private static Compute compute() {
        return Compute.best(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    private List<BenchModel> built(List<BenchModel> ms) {
        List<BenchModel> out = new ArrayList<>();
        for (BenchModel m : ms) if (m.built() != null && m.phase() != BenchModel.Phase.FAILED) out.add(m);
        return out;
    }

    /**
     * Gradient per path length of {@code m} (a residual net with linear shortcuts): {@code samples} random
     * subsets per length on one batch of 32 training images.
     */
    public Task<Paths> measurePaths(BenchModel m, int samples) {
        Task<Paths> t = new Task<>() {
            @Override protected Paths call() throws Exception {
                updateMessage(LabModel.modelLabel(m));
                // a forward and backward pass of one batch of 32 on a copy of the weights, beside the bench's models
                MemoryCheck.require(MemoryEstimate.training(m.spec(), 32), Notice.info("memory.what.paths", LabModel.modelLabel(m)),
                        Notice.info("memory.change.model"));
                try (Compute c = compute()) {
                    WeightCopy w = WeightCopy.of(lab, m, c);
                    PathLengths.checkDecomposable(w.network().spec());
                    var r = PathLengths.sample(w.network(), w.data().train(), new PathLengths.Config(samples, 32, 1, 0.9),
                            (done, total, msg) -> updateProgress(done, total), this::isCancelled);
                    return isCancelled() ? null : new Paths(w.slot(), w.name(), w.iteration(), r);
                }
            }
        };
        t.setOnSucceeded(e -> { if (t.getValue() != null) paths.set(t.getValue()); });
        return lab.runTask(t, "error.experiment") ? t : null;
    }

    /** Std of every 3x3 layer's response (after BN, before addition/ReLU) of every model, on 200 test images. */
    public Task<List<Responses>> measureResponses() {
        List<BenchModel> ms = built(lab.models());
        Task<List<Responses>> t = new Task<>() {
            @Override protected List<Responses> call() throws Exception {
                // one model at a time: a forward pass of all its images at once on a copy of its weights
                for (BenchModel m : ms) {
                    MemoryCheck.require(MemoryEstimate.evaluation(m.spec(), LayerResponses.Config.DEFAULT_IMAGES),
                            Notice.info("memory.what.responses", LabModel.modelLabel(m)), Notice.info("memory.change.model"));
                }
                List<Responses> out = new ArrayList<>();
                try (Compute c = compute()) {
                    for (int i = 0; i < ms.size() && !isCancelled(); i++) {
                        updateMessage(LabModel.modelLabel(ms.get(i)));
                        updateProgress(i, ms.size());
                        WeightCopy w = WeightCopy.of(lab, ms.get(i), c);
                        Dataset batch = LayerResponses.batch(w.data().test(), new LayerResponses.Config(LayerResponses.Config.DEFAULT_IMAGES));
                        out.add(new Responses(w.slot(), w.name(), w.iteration(),
                                LayerResponses.measure(w.name(), null, null, w.network(), batch)));
                    }
                }
                updateProgress(1, 1);
                return out;
            }
        };
        t.setOnSucceeded(e -> responses.set(t.getValue()));
        return lab.runTask(t, "error.experiment") ? t : null;
    }

    /**
     * Loss landscape of each model: a 1-D slice of {@code slicePoints} and a {@code grid}×{@code grid} surface
     * along filter-normalised directions, on {@code images} training images in eval mode, refined coarse to fine
     * ({@link RefiningLandscape}): every model's coarse level first, so a picture is there within seconds, then each
     * finer level of every model. Each finished level replaces {@link #landscapesProperty()}; a cancel keeps the last
     * one shown.
     */
    public Task<List<Landscape>> measureLandscapes(List<BenchModel> models, int grid, int slicePoints, int images) {
        List<BenchModel> ms = built(models);
        LossLandscape.Config config = new LossLandscape.Config(grid, slicePoints, 1.0, images, "train", 1, 0, 0, 1, Evaluation.AUTO_BATCH).validate();
        Task<List<Landscape>> t = new Task<>() {
            @Override protected List<Landscape> call() throws Exception {
                // every model's copy, directions and grid are held together (all coarse levels come first)
                MemoryEstimate need = new MemoryEstimate(List.of());
                for (BenchModel m : ms) {
                    need = need.plus(LabModel.modelLabel(m), MemoryEstimate.evaluation(m.spec(), Network.MAX_CACHE_BATCH)
                            .plus(MemoryEstimate.landscape(m.spec(), grid, slicePoints, false)));
                }
                MemoryCheck.require(need, Notice.info("memory.what.landscape", grid, ms.size()), Notice.info("memory.change.landscape"));
                List<Landscape> out = new ArrayList<>();
                try (Compute c = compute()) {
                    List<WeightCopy> copies = new ArrayList<>();
                    List<RefiningLandscape> scans = new ArrayList<>();
                    List<Integer> sizes = new ArrayList<>();
                    for (int i = 0; i < ms.size() && !isCancelled(); i++) {
                        WeightCopy w = WeightCopy.of(lab, ms.get(i), c);
                        Dataset train = w.data().train();
                        Dataset eval = images >= train.size() ? train : train.firstPerClass(images);
                        copies.add(w);
                        scans.add(new RefiningLandscape(config, w.network(), eval));
                        sizes.add(eval.size());
                        out.add(null);
                    }
                    if (scans.isEmpty()) return out;
                    int levels = scans.get(0).levelCount();
                    double planned = 0;
                    for (int k = 0; k < levels; k++) planned += scans.size() * scans.get(0).plannedPoints(k);
                    double total = planned;
                    double[] done = {0};
                    for (int k = 0; k < levels && !isCancelled(); k++) {
                        for (int i = 0; i < scans.size() && !isCancelled(); i++) {
                            RefiningLandscape r = scans.get(i);
                            WeightCopy w = copies.get(i);
                            updateMessage(LabModel.modelLabel(ms.get(i)) + " · " + r.gridAt(k) + "×" + r.gridAt(k));
                            double base = done[0], points = r.newPointsAt(k);
                            var scan = r.level(k, (f, msg) -> updateProgress(base + f * points, total), this::isCancelled);
                            done[0] = base + points;
                            out.set(i, new Landscape(w.slot(), w.name(), w.iteration(), sizes.get(i), scan));
                            updateValue(out.stream().filter(java.util.Objects::nonNull).toList());
                        }
                    }
                }
                return out.stream().filter(java.util.Objects::nonNull).toList();
            }
        };
        // each level as it is finished (Task coalesces value updates on the FX thread)
        t.valueProperty().addListener((o, was, now) -> { if (now != null) landscapes.set(now); });
        t.setOnSucceeded(e -> landscapes.set(t.getValue()));
        return lab.runTask(t, "error.experiment") ? t : null;
    }
}
