package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.Notice;
import resnetlab.app.model.TrainSettings;
import resnetlab.app.view.FileDialogs;
import resnetlab.data.DataSpec;
import resnetlab.data.Datasets;
import resnetlab.data.Normalization;
import resnetlab.kernel.Compute;
import resnetlab.model.DimensionOption;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;
import resnetlab.pytorch.PytorchProject;
import resnetlab.pytorch.Safetensors;
import resnetlab.pytorch.StateDict;
import resnetlab.tensor.Tensor;
import resnetlab.train.Checkpoint;
import resnetlab.train.RunConfig;
import resnetlab.train.TrainingRun;

/**
 * File ▸ Export as PyTorch project and File ▸ Import PyTorch weights in the running app: a bench model goes out
 * and comes back with the same weights, paused and marked on its card; a net too large to train live is analysed
 * but not trained; bad files and a full bench get one message and leave the bench as it was.
 */
class PytorchFlowTest extends AppTestBase {
    /** The folder, then the file, the import dialogs answer. */
    private volatile Path folderAnswer, fileAnswer;

    private void answerDialogs() throws Exception {
        fx(() -> {
            app.ui().setDialogs(new FileDialogs() {
                @Override public Path save(Window owner, String title, String initialName, String extension) { return null; }
                @Override public Path open(Window owner, String title, String extension) { return fileAnswer; }
                @Override public Path folder(Window owner, String title) { return folderAnswer; }
            });
            return null;
        });
    }

    private void importThroughMenu(Path project, Path weights) {
        folderAnswer = project;
        fileAnswer = weights;
        clickOn("File");
        clickOn("Import PyTorch weights…");
    }

    private List<String> bench() throws Exception {
        return fx(() -> app.lab().models().stream().map(m -> m.slot() + ":" + m.spec().displayName() + "@" + m.iteration()).toList());
    }

    private static Map<String, Tensor> weightsOf(BenchModel m, Path tmp) throws Exception {
        m.worker().saveCheckpoint(tmp).get(); // between two of its steps, on its own thread
        Network net = Checkpoint.load(tmp, Compute.reference()).network();
        return StateDict.of(net);
    }

    @Test
    void aBenchModelExportedAndImportedBackHasTheSameWeightsPausedWithItsOrigin(@TempDir Path dir) throws Exception {
        answerDialogs();
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 3));
        clickOn("#play");
        pauseFor(500);
        String name = fx(() -> app.lab().models().get(1).spec().displayName());
        folderAnswer = dir;
        clickOn("File");
        clickOn("Export as PyTorch project");
        // the sub-menu lists the bench; its item is fired through the menu bar (a sub-menu's popup cannot be
        // clicked reliably headless)
        assertThat(fx(() -> exportItem(1).getText())).isEqualTo(name + "  (#2)");
        fx(() -> { exportItem(1).fire(); return null; });
        press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        Path project = dir.resolve(name + "-pytorch");
        Path weights = project.resolve(PytorchProject.WEIGHTS_FILE);
        waitUntil(30, () -> app.lab().taskProperty().get() == null && Files.exists(weights));
        assertThat(fx(() -> app.view().notices().text())).contains("Exported " + name).contains(project.toString());
        for (String f : PytorchProject.SOURCES) assertThat(project.resolve(f)).isRegularFile();
        Map<String, Tensor> exported = Safetensors.read(weights).tensors();
        // the export is of the model as it is: the same weights as the bench model's now (it is paused)
        Map<String, Tensor> original = weightsOf(fx(() -> app.lab().models().get(1)), dir.resolve("orig.ckpt"));
        assertSame(exported, original);

        List<String> before = bench();
        importThroughMenu(project, weights);
        waitUntil(60, () -> app.lab().models().size() == 3 && app.lab().models().get(2).isRunnable());
        BenchModel imported = fx(() -> app.lab().models().get(2));
        assertThat(bench().subList(0, 2)).isEqualTo(before);
        assertThat(fx(imported::phase)).isEqualTo(BenchModel.Phase.PAUSED);
        assertThat(imported.worker().isPlaying()).isFalse();
        assertThat(fx(() -> imported.spec().displayName())).isEqualTo(name);
        assertThat(fx(() -> imported.imported().live())).isTrue();
        waitUntil(30, () -> !Double.isNaN(imported.testErrorProperty().get())); // evaluated on import
        String card = fx(() -> ((Label) lookup("#origin-" + imported.slot()).query()).getText());
        assertThat(card).startsWith("Imported from PyTorch:").contains(weights.getFileName().toString()).contains(name + "-pytorch");
        assertSame(weightsOf(imported, dir.resolve("back.ckpt")), exported);
        // it trains on when asked: Play continues from the imported weights
        clickOn("#play");
        waitUntil(60, () -> imported.iteration() >= 2);
        clickOn("#play");
    }

    @Test
    void aNetTooLargeToTrainLiveIsShownAndAnalysedButNotTrained(@TempDir Path dir) throws Exception {
        answerDialogs();
        // the paper's ResNet-110 at width 16 on 32x32 (generated shapes: no files needed)
        DataSpec data = new DataSpec("shapes", null, 256, 64, 32, 11);
        var split = Datasets.load(data);
        NetworkSpec spec = TrainingRun.fitToData(new NetworkSpec(110, 16, 1, 8, 2, ShortcutType.IDENTITY, 0.5, false, -6, 0.5,
                UnitOrder.ORIGINAL, DimensionOption.A), split).validate();
        Network net = NetworkBuilder.build(spec, Compute.reference(), 5);
        Path project = dir.resolve("r110");
        PytorchProject.write(project, net, new RunConfig(spec, TrainSettings.DEFAULT.config(5, 1), data),
                Normalization.fit(split.train()), "test");
        importThroughMenu(project, project.resolve(PytorchProject.WEIGHTS_FILE));
        waitUntil(120, () -> app.lab().models().size() == 3 && app.lab().models().get(2).isRunnable());
        BenchModel big = fx(() -> app.lab().models().get(2));
        assertThat(fx(() -> big.imported().live())).isFalse();
        assertThat(fx(big::canTrain)).isFalse();
        String card = fx(() -> ((Label) lookup("#origin-" + big.slot()).query()).getText());
        assertThat(card).contains("Too large to train live").contains("analysed, not trained");
        assertThat(fx(() -> app.view().notices().text())).contains("too large to train live");
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().get(0).iteration() >= 3);
        clickOn("#play");
        assertThat(fx(big::iteration)).isZero();
        assertThat(big.worker().isPlaying()).isFalse();
        assertThat(fx(big::phase)).isEqualTo(BenchModel.Phase.PAUSED);
    }

    @Test
    void badFilesAndAFullBenchGetOneMessageAndChangeNothing(@TempDir Path dir) throws Exception {
        answerDialogs();
        // a good project of a small net, then broken copies of it
        DataSpec data = new DataSpec("shapes", null, 256, 64, 8, 11);
        var split = Datasets.load(data);
        NetworkSpec spec = TrainingRun.fitToData(new NetworkSpec(8, 4, 1, 8, 2, ShortcutType.IDENTITY, 0.5, false, -6, 0.5,
                UnitOrder.ORIGINAL, DimensionOption.A), split).validate();
        Path project = dir.resolve("p");
        PytorchProject.write(project, NetworkBuilder.build(spec, Compute.reference(), 5),
                new RunConfig(spec, TrainSettings.DEFAULT.config(5, 1), data), Normalization.fit(split.train()), "test");
        Path weights = project.resolve(PytorchProject.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        Path truncated = Files.write(dir.resolve("truncated.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        List<String> before = bench();

        importThroughMenu(project, truncated);
        waitUntil(30, () -> lastError() != null);
        assertThat(fx(() -> app.view().notices().text())).contains("Could not import the PyTorch weights").contains("truncated.safetensors");
        assertThat(bench()).isEqualTo(before);

        Path noConfig = Files.createDirectories(dir.resolve("empty"));
        fx(() -> { app.lab().notices().clear(); return null; });
        importThroughMenu(noConfig, weights);
        waitUntil(30, () -> lastError() != null);
        assertThat(fx(() -> app.view().notices().text())).contains("Could not import").contains("empty").contains("config.json");
        assertThat(bench()).isEqualTo(before);

        // a full bench: said at once, nothing read
        fx(() -> { app.lab().addModel(); app.lab().addModel(); app.lab().notices().clear(); return null; });
        waitUntil(30, () -> app.lab().models().size() == 4 && app.lab().models().stream().allMatch(BenchModel::isRunnable));
        List<String> full = bench();
        importThroughMenu(project, weights);
        waitUntil(10, () -> !app.lab().notices().isEmpty());
        assertThat(fx(() -> app.view().notices().text())).contains("at most 4 models").contains("weights.safetensors");
        pauseFor(500);
        assertThat(bench()).isEqualTo(full);
        // still alive: the models train
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 2));
    }

    private javafx.scene.control.MenuItem exportItem(int slot) {
        javafx.scene.control.MenuBar bar = lookup(".menu-bar").query();
        return bar.getMenus().get(0).getItems().stream().filter(i -> "menu-export-pytorch".equals(i.getId()))
                .flatMap(i -> ((javafx.scene.control.Menu) i).getItems().stream())
                .filter(i -> ("export-pytorch-" + slot).equals(i.getId())).findFirst().orElseThrow();
    }

    private Notice lastError() {
        var n = app.lab().notices();
        return n.isEmpty() || n.get(n.size() - 1).level() != Notice.Level.ERROR ? null : n.get(n.size() - 1);
    }

    private static void assertSame(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet());
        for (String k : a.keySet()) {
            assertThat(a.get(k).shape()).as(k).isEqualTo(b.get(k).shape());
            assertThat(a.get(k).data).as(k).isEqualTo(b.get(k).data);
        }
    }
}
