package resnetlab.app.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javafx.concurrent.Task;
import resnetlab.data.DataSpec;
import resnetlab.kernel.Compute;
import resnetlab.model.NetworkSpec;
import resnetlab.pytorch.PytorchImport;
import resnetlab.pytorch.PytorchProject;
import resnetlab.train.Checkpoint;
import resnetlab.train.RunConfig;

/**
 * The app's side of the PyTorch bridge ({@link resnetlab.pytorch}): a bench model exported as a PyTorch project
 * (its spec, its current weights, the bench's recipe, its data spec and normalisation), and weights trained in
 * PyTorch brought back onto the bench. Both run as the lab's long task (off the FX thread, progress and errors
 * in the notice bar); the engine classes do the work, nothing here reimplements them.
 *
 * <p>An imported net joins the bench paused. Whether it may train live is judged by its cost per image, since a
 * paper-scale net (ResNet-110 at width 16 on 32x32 images: about 250 M multiply-adds per image) would take many
 * seconds per step of batch 64 on a laptop; such a net is shown and analysed but not trained.
 */
public final class PytorchBridge {
    /**
     * Largest forward cost per image (multiply-adds) trained live: 50 M, about ResNet-20 at width 16 on 32x32
     * images. At the ~10 G multiply-adds/s a laptop CPU reaches, a step of batch 64 (forward and backward, ~3x
     * the forward) of such a net takes about a second, the slowest a live demonstration tolerates. The
     * classroom nets (ResNet-56, width 8, 16x16) cost about 8 M.
     */
    public static final long LIVE_MACS = 50_000_000L;
    /** The card's limits ({@link ModelDraft#parse}): a deeper or wider net cannot be set up on the bench either. */
    public static final int LIVE_MAX_DEPTH = 1000, LIVE_MAX_WIDTH = 64;

    private final LabModel lab;

    public PytorchBridge(LabModel lab) { this.lab = lab; }

    /**
     * Multiply-adds of one forward pass of one image through the 3x3 convolutions (the bulk of the work): the
     * stem, C·w·9·S², and the 6n = depth − 2 convolutions of the three stages, each w_s²·9·S_s² with w_s = w·2^s
     * and S_s = S/2^s, i.e. the same 9·w²·S² in every stage, except that the first convolution of stages 2 and 3
     * has half as many inputs: (depth − 3)·9·w²·S² in all.
     */
    public static long macsPerImage(NetworkSpec s) {
        long s2 = (long) s.imageSize() * s.imageSize();
        return 9L * s.inChannels() * s.width() * s2 + (long) (s.depth() - 3) * 9L * s.width() * s.width() * s2;
    }

    /** Whether a net of this spec may train live on the bench (see {@link #LIVE_MACS}). */
    public static boolean trainsLive(NetworkSpec s) {
        return s.depth() <= LIVE_MAX_DEPTH && s.width() <= LIVE_MAX_WIDTH && macsPerImage(s) <= LIVE_MACS;
    }

    /**
     * The weights to import by default from a project folder: the newest {@code weights.safetensors} of the
     * project itself and of its sub-folders (a run's {@code RUN/weights.safetensors} is written after the
     * project's own), or null when there is none.
     */
    public static Path defaultWeights(Path project) {
        if (project == null || !Files.isDirectory(project)) return null;
        Path best = null;
        long bestTime = Long.MIN_VALUE;
        try (Stream<Path> s = Files.walk(project, 2)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().equals(PytorchProject.WEIGHTS_FILE) || !Files.isRegularFile(p)) continue;
                long t = Files.getLastModifiedTime(p).toMillis();
                if (t > bestTime || t == bestTime && p.getNameCount() > best.getNameCount()) {
                    best = p;
                    bestTime = t;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return best;
    }

    /** The bench setup of an imported network: its spec, and a data preset with the data it was trained on. */
    public static ModelSetup setupOf(NetworkSpec s, DataSpec data) {
        DataPreset preset = DataPreset.of(data.name(), data.imageSize(), data.trainSize(), data.testSize());
        return new ModelSetup(s.depth(), s.width(), s.shortcut(), s.lambda(), s.scaleBranch(), s.gateBias(), s.dropout(),
                s.unit(), s.option(), preset.key(), null);
    }

    /**
     * Exports {@code m} (its weights as they are now; training goes on) into {@code dir} as a PyTorch project,
     * with the bench's recipe. Returns the task, or null when another task is running.
     */
    public Task<Path> export(BenchModel m, Path dir) {
        TrainSettings s = lab.settings();
        ModelSetup setup = m.builtSetup();
        long seed = setup != null && setup.seed() != null ? setup.seed() : s.seed();
        Path folder = lab.dataFolder.get();
        String label = LabModel.modelLabel(m);
        Task<Path> t = new Task<>() {
            @Override protected Path call() throws Exception {
                updateMessage(dir.getFileName() == null ? dir.toString() : dir.getFileName().toString());
                updateProgress(-1, 1);
                WeightCopy copy = WeightCopy.of(lab, m, Compute.reference());
                DataSpec data = DataPreset.byKey(setup.preset()).spec(folder, s.seed());
                RunConfig config = new RunConfig(copy.network().spec(), s.config(seed, 1), data);
                String origin = "resnet-lab app: " + label + " at iteration " + copy.iteration();
                PytorchProject.write(dir, copy.network(), config, copy.data().normalization(), origin);
                return dir;
            }
        };
        t.setOnSucceeded(e -> lab.post(Notice.info("notice.pytorchExported", label, dir.toString())));
        return lab.runTask(t, "error.exportPytorch") ? t : null;
    }

    /**
     * Reads {@code weights} into the network of {@code project} and puts it on the bench, paused, with its origin.
     * Everything is checked before the bench changes: a bad file gives one error notice naming it, and the bench
     * stays as it was. Returns the task, or null (with a notice) when the bench is full or a task is running.
     */
    public Task<BenchModel> importWeights(Path project, Path weights) {
        if (lab.models().size() >= LabModel.MAX_MODELS) {
            lab.post(Notice.warning("notice.benchFullImport", LabModel.MAX_MODELS, weights.toString()));
            return null;
        }
        Task<BenchModel> t = new Task<>() {
            private ModelSetup setup;
            private Path checkpoint;
            private int iteration;
            private ImportedNet origin;
            private DataSpec data;

            @Override protected BenchModel call() throws Exception {
                updateMessage(weights.getFileName().toString());
                updateProgress(-1, 1);
                PytorchImport.Imported in = PytorchImport.read(project, weights);
                NetworkSpec spec = in.network().spec();
                data = in.config().data();
                setup = setupOf(spec, data);
                Object it = in.meta().get("iteration");
                iteration = it instanceof Integer i ? i : 0;
                checkpoint = Files.createTempFile("resnetlab-import", ".ckpt");
                checkpoint.toFile().deleteOnExit();
                Checkpoint.save(checkpoint, in.network(), in.meta());
                origin = new ImportedNet(weights.toAbsolutePath().normalize(), project.toAbsolutePath().normalize(),
                        trainsLive(spec), macsPerImage(spec));
                return null;
            }

            @Override protected void succeeded() {
                if (DataPreset.byKey(setup.preset()).needsFolder() && lab.dataFolder.get() == null && data.dataDir() != null) {
                    lab.dataFolder.set(data.dataDir());
                }
                BenchModel m = lab.addImported(setup, checkpoint, iteration, origin);
                if (m == null) return; // the bench filled up meanwhile: said by a notice
                lab.post(Notice.info(origin.live() ? "notice.pytorchImported" : "notice.pytorchImportedNotLive",
                        setup.spec(1, 8, 10).displayName(), weights.toString()));
            }
        };
        return lab.runTask(t, "error.importPytorch") ? t : null;
    }
}
