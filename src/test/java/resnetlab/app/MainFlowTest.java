package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.Notice;
import resnetlab.app.view.CurvesPane;

/** Clicks through the main flows of the window, headless, with the quick comparison. */
class MainFlowTest extends AppTestBase {

    @Test
    void playTrainsEveryModelAndPauseStopsThem() throws Exception {
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 3));
        assertThat(fx(() -> app.lab().isPlaying())).isTrue();
        clickOn("#play");
        assertThat(fx(() -> app.lab().isPlaying())).isFalse();
        pauseFor(800); // a step in flight may still land
        int a = iteration(0), b = iteration(1);
        pauseFor(1200);
        assertThat(iteration(0)).isEqualTo(a);
        assertThat(iteration(1)).isEqualTo(b);
        // both models saw the same number of batches in the same order: the training curves have points
        CurvesPane curves = app.view().curves();
        waitUntil(5, () -> curves.errorChart().chart() != null
                && curves.errorChart().chart().getXYPlot().getDataset().getItemCount(0) > 0
                && curves.errorChart().chart().getXYPlot().getDataset().getItemCount(1) > 0);
        assertThat(fx(() -> app.lab().models().stream().allMatch(m -> m.phase() == BenchModel.Phase.PAUSED))).isTrue();
    }

    @Test
    void keyboardSpaceStepAndReset() throws Exception {
        clickOn("#tab-curves"); // focus away from text fields
        int before = iteration(0);
        type(KeyCode.S);
        waitUntil(30, () -> app.lab().models().stream().allMatch(m -> m.iteration() == before + 1));
        type(KeyCode.SPACE);
        assertThat(fx(() -> app.lab().isPlaying())).isTrue();
        type(KeyCode.SPACE);
        assertThat(fx(() -> app.lab().isPlaying())).isFalse();
        type(KeyCode.R);
        waitUntil(30, () -> app.lab().models().stream().allMatch(m -> m.isRunnable() && m.iteration() == 0));
    }

    @Test
    void languageSwitchesEveryVisibleString() throws Exception {
        clickOn("#lang-zh");
        waitUntil(5, () -> app.ui().i18n().isChinese());
        assertThat(fx(() -> ((Labeled) lookup("#play").query()).getText())).isEqualTo("播放");
        assertThat(fx(() -> tab("#tab-curves").getText())).isEqualTo("训练曲线");
        List<String> texts = fx(this::visibleTexts);
        assertThat(texts).noneMatch(s -> s.contains("!") && s.matches(".*![a-zA-Z.]+!.*"));
        assertThat(String.join("\n", texts)).contains("模型台", "学习率", "深度", "捷径");
        // the chart titles follow
        waitUntil(5, () -> "误差".equals(app.view().curves().errorChart().chart().getTitle().getText()));
        clickOn("#lang-en");
        assertThat(fx(() -> ((Labeled) lookup("#play").query()).getText())).isEqualTo("Play");
        assertThat(fx(this::visibleTexts)).noneMatch(s -> s.matches(".*![a-zA-Z.]+!.*"));
    }

    private Tab tab(String id) {
        return app.view().tabs().getTabs().stream().filter(t -> ("#" + t.getId()).equals(id)).findFirst().orElseThrow();
    }

    private List<String> visibleTexts() {
        List<String> out = new java.util.ArrayList<>();
        collect(app.stage().getScene().getRoot(), out);
        for (Tab t : app.view().tabs().getTabs()) out.add(t.getText());
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (!n.isVisible()) return;
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) out.add(l.getText());
        if (n instanceof javafx.scene.Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, out);
    }

    @Test
    void clickingABlockDeletesItAndTheTestErrorUpdates() throws Exception {
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 10));
        clickOn("#play");
        clickOn("#tab-lesion");
        waitUntil(60, () -> !app.view().lesion().tiles().isEmpty() && !app.view().lesion().lesion().busyProperty().get());
        double intact = fx(() -> app.view().lesion().lesion().intactErrorProperty().get());
        assertThat(intact).isBetween(0.0, 1.0);
        clickOn("#tile-1");
        waitUntil(5, () -> app.view().lesion().lesion().deletedProperty().get()[1]);
        waitUntil(30, () -> !app.view().lesion().lesion().busyProperty().get());
        double deleted = fx(() -> app.view().lesion().lesion().errorProperty().get());
        assertThat(deleted).isBetween(0.0, 1.0);
        assertThat(fx(() -> ((Labeled) lookup("#lesion-error").query()).getText())).contains(resnetlab.app.i18n.I18n.num(deleted));
        clickOn("#tile-1");
        waitUntil(30, () -> !app.view().lesion().lesion().deletedProperty().get()[1] && !app.view().lesion().lesion().busyProperty().get());
        // restored: the same weights give the same error as before the deletion
        assertThat(fx(() -> app.view().lesion().lesion().errorProperty().get())).isEqualTo(intact);
    }

    @Test
    void lesionTilesShowTheirWholeNumberInBothLanguages() throws Exception {
        // a 32-layer net has tiles "10" and "11↓": two digits and the downsampling arrow, wider in the CJK font
        @SuppressWarnings("unchecked")
        ComboBox<BenchModel> chooser = (ComboBox<BenchModel>) lookup("#lesion-model").query();
        int slot = fx(() -> chooser.getValue().slot());
        @SuppressWarnings("unchecked")
        ComboBox<String> depth = (ComboBox<String>) lookup("#depth-" + slot).query();
        fx(() -> { depth.setValue("32"); return null; });
        clickOn("#tab-curves");
        type(KeyCode.S);
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 1));
        clickOn("#tab-lesion");
        waitUntil(60, () -> app.view().lesion().tiles().size() == 15 && !app.view().lesion().lesion().busyProperty().get());
        for (String lang : List.of("#lang-zh", "#lang-en")) {
            clickOn(lang);
            waitUntil(5, () -> app.view().lesion().tiles().size() == 15);
            pauseFor(300);
            List<String> cut = fx(() -> app.view().lesion().tiles().stream()
                    .filter(t -> !(t.lookup(".text") instanceof javafx.scene.text.Text shown && shown.getText().equals(t.getText())))
                    .map(t -> t.getText() + " shown as " + (t.lookup(".text") instanceof javafx.scene.text.Text x ? x.getText() : "nothing"))
                    .toList());
            assertThat(cut).as(lang).isEmpty();
        }
    }

    @Test
    void modelCardsShowTheirLiveLinesWholeBesideALesson() throws Exception {
        // the lesson panel narrows the bench: the weight count must not be cut, the errors not wrapped mid-phrase
        // a classroom-sized weight count (the quick comparison's nets have four digits, the papers' six)
        doubleClickOn("#width-0").eraseText(4).write("24").type(KeyCode.ENTER);
        waitUntil(10, () -> app.lab().models().get(0).weightsProperty().get() > 100_000);
        clickOn("#lessons-toggle");
        type(KeyCode.SPACE); // train until every card has a test error, the longest line
        waitUntil(120, () -> app.lab().models().stream().allMatch(m -> Double.isFinite(m.testErrorProperty().get())));
        type(KeyCode.SPACE);
        for (String lang : List.of("#lang-zh", "#lang-en")) {
            clickOn(lang);
            pauseFor(1200); // the live lines are redrawn on the twice-a-second tick
            for (int slot = 0; slot < fx(() -> app.lab().models().size()); slot++) {
                Node card = lookup("#card-" + slot).query();
                List<String> cut = fx(() -> java.util.stream.Stream.concat(card.lookupAll(".card-live").stream(), card.lookupAll(".card-weights").stream())
                        .map(n -> (Labeled) n)
                        .filter(l -> !(l.lookup(".text") instanceof javafx.scene.text.Text shown && shown.getText().equals(l.getText())))
                        .map(l -> l.getText() + " shown as " + (l.lookup(".text") instanceof javafx.scene.text.Text x ? x.getText() : "nothing"))
                        .toList());
                assertThat(fx(() -> card.lookupAll(".card-weights").size())).isEqualTo(1);
                assertThat(cut).as(lang + " card " + slot).isEmpty();
                Labeled weights = (Labeled) card.lookup(".card-weights"), errors = (Labeled) lookup("#errors-" + slot).query();
                assertThat(fx(() -> errors.getText())).as(lang).isNotBlank();
                assertThat(fx(() -> errors.getHeight())).as(lang + " errors on one line").isLessThan(fx(() -> 1.5 * weights.getHeight()));
            }
        }
        clickOn("#lessons-toggle");
    }

    @Test
    void chartTitlesKeepClearOfTheExportButton() throws Exception {
        clickOn("#lang-zh");
        for (String tab : List.of("#tab-curves", "#tab-flow", "#tab-units")) {
            clickOn(tab);
            pauseFor(500);
            List<String> under = fx(() -> lookup(".chart-pane").queryAll().stream()
                    .filter(n -> n.isVisible() && n instanceof resnetlab.app.view.ChartPane)
                    .map(n -> (resnetlab.app.view.ChartPane) n)
                    .filter(c -> c.chart() != null && c.chart().getTitle() != null)
                    .filter(c -> c.chart().getTitle().getPadding().getRight() < c.lookup(".chart-export").getBoundsInParent().getWidth())
                    .map(c -> c.chart().getTitle().getText() + ": title padding " + c.chart().getTitle().getPadding().getRight()).toList());
            assertThat(under).as(tab).isEmpty();
        }
        clickOn("#lang-en");
    }

    @Test
    void aLongTaskShowsProgressWithTimeLeftAndCancels() throws Exception {
        type(KeyCode.S);
        waitUntil(30, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 1));
        clickOn("#tab-landscape");
        // a grid far too fine to finish during the test
        javafx.concurrent.Task<?> task = fx(() -> app.view().experiments().measureLandscapes(app.lab().models(), 51, 101, 512));
        assertThat(task).isNotNull();
        waitUntil(30, () -> task.getProgress() > 0);
        // the refining landscape measures every model's coarse grid first: any bench model may be the one shown;
        // the progress can appear a moment before the task's first message names it
        List<String> names = fx(() -> app.lab().models().stream().map(m -> m.spec().displayName()).toList());
        waitUntil(10, () -> {
            String text = ((Labeled) lookup("#status-progress").query()).getText();
            return names.stream().anyMatch(text::contains);
        });
        String shown = fx(() -> ((Labeled) lookup("#status-progress").query()).getText());
        assertThat(names).as("the model measured, in: " + shown).anyMatch(shown::contains);
        assertThat(shown).as("the time left").contains("left");
        assertThat(fx(() -> lookup(".status-cancel").query().isVisible())).isTrue();
        clickOn(".status-cancel");
        waitUntil(30, () -> task.isDone());
        assertThat(task.isCancelled()).isTrue();
        waitUntil(5, () -> !lookup(".status-cancel").query().isVisible());
        // the lab is free: training goes on
        int it = iteration(0);
        type(KeyCode.S);
        waitUntil(30, () -> app.lab().models().get(0).iteration() > it);
    }

    @Test
    void aCorruptDatasetFileIsNamedAndTheOtherModelTrainsOn(@TempDir Path dir) throws Exception {
        // MNIST files that are not IDX files
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(dir.resolve(f), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        fx(() -> { app.lab().dataFolder.set(dir); return null; }); // what Data ▸ Data folder… sets
        fx(() -> { app.lab().models().get(0).draft().preset.set(resnetlab.app.model.DataPreset.MNIST_16); return null; });
        fx(() -> { app.lab().commitDraft(app.lab().models().get(0), false); return null; });
        waitUntil(30, () -> app.lab().models().get(0).phase() == BenchModel.Phase.FAILED);
        String problem = fx(() -> ((Labeled) lookup("#problem-0").query()).getText());
        assertThat(problem).contains("train-images-idx3-ubyte");
        // the other model is untouched and trains
        int it = iteration(1);
        type(KeyCode.S);
        waitUntil(30, () -> app.lab().models().get(1).iteration() > it);
    }

    @Test
    void exportChartToPngAndCsvAndReadThemBack(@TempDir Path dir) throws Exception {
        type(KeyCode.S);
        waitUntil(30, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 1));
        type(KeyCode.S);
        waitUntil(30, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 2));
        pauseFor(300);
        Path png = dir.resolve("error.png");
        nextFile = png;
        clickOn("#error-chart .chart-export");
        clickOn("Picture (PNG, 2×)");
        waitUntil(20, () -> Files.exists(png));
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1920);
        assertThat(img.getHeight()).isEqualTo(1200);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) for (int x = 0; x < img.getWidth(); x += 7) colours.add(img.getRGB(x, y));
        assertThat(colours.size()).isGreaterThan(20); // axes, text, curves: not a blank picture

        Path csv = dir.resolve("error.csv");
        nextFile = csv;
        clickOn("#error-chart .chart-export");
        clickOn("Numbers (CSV)");
        waitUntil(20, () -> Files.exists(csv));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("series,x,y");
        assertThat(lines).anyMatch(l -> l.startsWith("plain-8 · train,1.0,") || l.startsWith("plain-8 · train,1,"));
        assertThat(lines.size()).isGreaterThanOrEqualTo(1 + 4); // two models, two iterations each at least
    }

    @Test
    void exportIntoAMissingFolderIsReportedAndTheAppCarriesOn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("no-such-folder").resolve("chart.png");
        nextFile = bad;
        clickOn("#error-chart .chart-export");
        clickOn("Picture (PNG, 2×)");
        waitUntil(20, () -> app.view().notices().current() != null && app.view().notices().current().level() == Notice.Level.ERROR);
        assertThat(fx(() -> app.view().notices().text())).contains("Could not export").contains("chart.png");
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 2));
    }

    @Test
    void aCorruptSessionFileGetsAMessageAndChangesNothing(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.rlab");
        Files.write(bad, "this is not a session at all".getBytes());
        nextFile = bad;
        List<String> before = fx(() -> app.lab().models().stream().map(m -> m.spec().displayName()).toList());
        clickOn("File");
        clickOn("Open session…");
        waitUntil(20, () -> app.view().notices().current() != null && app.view().notices().current().level() == Notice.Level.ERROR);
        assertThat(fx(() -> app.view().notices().text())).contains("Could not open the session").contains("broken.rlab");
        assertThat(fx(() -> app.lab().models().stream().map(m -> m.spec().displayName()).toList())).isEqualTo(before);
        // still alive: the models train
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 2));
    }

    @Test
    void aSavedSessionOpensWithItsModelsWeightsAndCurves(@TempDir Path dir) throws Exception {
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 3));
        clickOn("#play");
        pauseFor(800);
        List<Integer> its = fx(() -> app.lab().models().stream().map(BenchModel::iteration).toList());
        int points = fx(() -> app.lab().models().get(1).trainHistory().size());
        double[][] heat = fx(() -> app.lab().models().get(1).gradients().values());
        double[] heatIterations = fx(() -> app.lab().models().get(1).gradients().iterations());
        assertThat(heatIterations.length).isGreaterThanOrEqualTo(3);
        Path file = dir.resolve("lesson.rlab");
        nextFile = file;
        press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        waitUntil(30, () -> Files.exists(file) && app.lab().taskProperty().get() == null);
        // something else on the bench, then open the file again
        fx(() -> { app.lab().replaceModels(resnetlab.app.model.Comparison.QUICK.models().subList(0, 1)); app.lab().buildAll(); return null; });
        waitUntil(30, () -> app.lab().models().size() == 1 && app.lab().models().get(0).isRunnable());
        press(KeyCode.CONTROL).type(KeyCode.O).release(KeyCode.CONTROL);
        waitUntil(60, () -> app.lab().models().size() == 2 && app.lab().models().stream().allMatch(BenchModel::isRunnable));
        assertThat(fx(() -> app.lab().models().stream().map(BenchModel::iteration).toList())).isEqualTo(its);
        assertThat(fx(() -> app.lab().models().get(1).trainHistory().size())).isEqualTo(points);
        // the gradient-flow heat map comes back too, up to the saved iteration
        double[] back = fx(() -> app.lab().models().get(1).gradients().iterations());
        int kept = (int) java.util.Arrays.stream(heatIterations).filter(x -> x <= its.get(1)).count();
        assertThat(back).containsExactly(java.util.Arrays.copyOf(heatIterations, kept));
        double[][] heatBack = fx(() -> app.lab().models().get(1).gradients().values());
        for (int b = 0; b < heat.length; b++) assertThat(heatBack[b]).containsExactly(java.util.Arrays.copyOf(heat[b], kept));
        // and training continues from there
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().get(1).iteration() > its.get(1));
    }

    @Test
    void badValuesAreExplainedWhileTheOtherModelsTrainOn() throws Exception {
        clickOn("#play");
        fx(() -> { app.lab().models().get(1).draft().shortcut.set(resnetlab.model.ShortcutType.SCALED); app.lab().commitDraft(app.lab().models().get(1), false); return null; });
        // the λ field appears with the scaled shortcut: click it only once it is laid out on screen
        waitUntil(10, () -> { var f = lookup("#lambda-1").query(); return f.isVisible() && f.getScene() != null && f.getLayoutBounds().getWidth() > 0; });
        pauseFor(300);
        doubleClickOn("#lambda-1").eraseText(6).write("abc").type(KeyCode.ENTER);
        waitUntil(10, () -> ((Labeled) lookup("#problem-1").query()).getText().contains("“abc” is not a number"));
        assertThat(fx(() -> lookup("#lambda-1").query().getStyleClass().contains("invalid"))).isTrue();
        doubleClickOn("#depth-0 .text-field").eraseText(4).write("57").type(KeyCode.ENTER);
        waitUntil(10, () -> ((Labeled) lookup("#problem-0").query()).getText().contains("6n+2"));
        int a = iteration(0);
        waitUntil(60, () -> app.lab().models().get(0).iteration() > a + 2); // model 0 keeps its last valid setup and trains
        // a learning rate that is not a number is refused with a message; play stays as it was
        doubleClickOn("#lr").eraseText(5).write("fast").type(KeyCode.ENTER);
        waitUntil(10, () -> app.view().notices().text() != null && app.view().notices().text().contains("“fast” is not a number"));
    }

    @Test
    void aDivergingRunIsReportedAndTheAppKeepsWorking() throws Exception {
        doubleClickOn("#lr").eraseText(5).write("9000").type(KeyCode.ENTER);
        clickOn("#play");
        waitUntil(120, () -> app.lab().models().stream().anyMatch(m -> m.phase() == BenchModel.Phase.DIVERGED));
        waitUntil(10, () -> app.view().notices().text() != null && app.view().notices().text().contains("diverged at iteration"));
        // lower the rate and reset: everything trains again
        doubleClickOn("#lr").eraseText(5).write("0.05").type(KeyCode.ENTER);
        clickOn("#tab-curves");
        type(KeyCode.R);
        waitUntil(30, () -> app.lab().models().stream().allMatch(m -> m.isRunnable() && m.iteration() == 0));
        type(KeyCode.SPACE);
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 2));
    }

    @Test
    void theCardsLiveLineFollowsTrainingOnTheSlowTick() throws Exception {
        type(KeyCode.S);
        waitUntil(30, () -> app.lab().models().get(0).iteration() >= 1);
        int it = iteration(0);
        // redrawn twice a second, not per step: within a second it shows the iteration reached
        waitUntil(2, () -> ((Labeled) lookup("#live-0").query()).getText().startsWith("iteration\u00a0" + it + " "));
        clickOn("#lang-zh");
        waitUntil(2, () -> !((Labeled) lookup("#live-0").query()).getText().startsWith("iteration"));
        clickOn("#lang-en");
    }

    @Test
    void deletingKRandomBlocksAndReorderingDrawOneCurvePerModel() throws Exception {
        clickOn("#play");
        waitUntil(60, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 10));
        clickOn("#play");
        clickOn("#tab-lesion");
        clickOn("#lesion-study");
        waitUntil(120, () -> app.view().lesion().lesion().studiesProperty().get().size() == 2 && app.lab().taskProperty().get() == null);
        var studies = fx(() -> app.view().lesion().lesion().studiesProperty().get());
        for (var st : studies) {
            // the quick nets have 3 blocks: k = 0..3; k = 0 is the intact net
            assertThat(st.randomK().stream().map(r -> r.k()).toList()).containsExactly(0, 1, 2, 3);
            assertThat(st.randomK().get(0).meanError()).isEqualTo(st.baseline());
            assertThat(st.randomK()).allSatisfy(r -> assertThat(r.meanError()).isBetween(0.0, 1.0));
            assertThat(st.reorder()).isEmpty(); // one block per stage: nothing of the same shape to swap
        }
        assertThat(fx(() -> app.view().lesion().randomChart().isVisible())).isTrue();
        var data = fx(() -> app.view().lesion().randomChart().chart().getXYPlot().getDataset());
        assertThat(data.getSeriesCount()).isEqualTo(2);
        assertThat(data.getItemCount(0)).isEqualTo(4);
        clickOn("#lesion-view-reorder");
        assertThat(fx(() -> app.view().lesion().reorderChart().isVisible() && !app.view().lesion().randomChart().isVisible())).isTrue();
    }
}
