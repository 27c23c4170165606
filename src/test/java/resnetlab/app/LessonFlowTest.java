package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.List;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.LesionModel;
import resnetlab.app.model.LessonModel;
import resnetlab.lessons.Lesson;
import resnetlab.lessons.LessonAction;
import resnetlab.lessons.LessonStep;
import resnetlab.model.ShortcutType;

/** The lesson browser and runner, clicked through: shipped lessons, a lesson file run step by step on the bench, a broken file. */
class LessonFlowTest extends AppTestBase {

    /** Three steps on tiny nets: train, delete a block, rebuild one net with λ = 0.5 and measure responses. */
    static final String LESSON = """
            {
              "id": "tiny-app",
              "title": {"en": "Tiny lesson", "zh": "小课"},
              "level": "beginner",
              "duration": 5,
              "preset": {"dataset": "shapes", "imageSize": 8, "trainSize": 64, "testSize": 40, "batch": 16, "lr": 0.05,
                         "iterations": 4, "seeds": [5]},
              "steps": [
                {
                  "text": {"en": "Train two nets.", "zh": "训练两个网络。"},
                  "models": [{"depth": 8, "width": 2, "shortcut": "none"}, {"depth": 14, "width": 2}],
                  "pane": "curves",
                  "actions": [{"do": "train"}]
                },
                {
                  "text": {"en": "Delete a block.", "zh": "删除一个块。"},
                  "pane": "lesions",
                  "actions": [{"do": "delete", "block": 2, "model": "ResNet-14"}],
                  "questions": [{"question": {"en": "Why so little?", "zh": "为什么影响这么小？"}, "answer": {"en": "Paths.", "zh": "路径。"}}]
                },
                {
                  "text": {"en": "Scale the shortcut.", "zh": "缩放捷径。"},
                  "pane": "gradient-flow",
                  "actions": [{"do": "set-lambda", "lambda": 0.5, "model": "ResNet-14"},
                              {"do": "train", "iterations": 2, "model": "ResNet-14 (λ=0.5)"},
                              {"do": "experiment", "name": "layer-responses"}]
                }
              ]
            }
            """;

    private LessonModel lessons() { return app.view().lessons(); }

    /** The bench and the lesson's state and status line, for failure messages. */
    @Override protected String state() {
        var st = lessons().statusProperty().get();
        return super.state() + " | lesson " + lessons().state() + (st == null ? "" : ": " + st.key() + java.util.Arrays.toString(st.args()));
    }

    private String text(String id) throws Exception {
        return fx(() -> ((Labeled) lookup(id).query()).getText());
    }

    private String selectedTab() throws Exception {
        return fx(() -> app.view().tabs().getSelectionModel().getSelectedItem().getId());
    }

    @Test
    void shippedLessonsAreListedAndOneOpensInTheCurrentLanguage() throws Exception {
        clickOn("#lessons-toggle");
        waitUntil(20, () -> app.view().lessonPanel().list().getItems().size() == 8);
        assertThat(fx(() -> app.view().lessonPanel().list().getItems().stream().allMatch(r -> r.ok()))).isTrue();
        fx(() -> { app.view().lessonPanel().list().getSelectionModel().select(0); return null; });
        clickOn("#lesson-start");
        waitUntil(5, () -> lessons().lesson() != null);
        Lesson l = fx(() -> lessons().lesson());
        assertThat(l.id()).isEqualTo("degradation");
        assertThat(text("#lesson-step")).startsWith("Step 1 of " + l.steps().size());
        assertThat(text("#lesson-text")).isEqualTo(l.steps().get(0).text().en());
        assertThat(selectedTab()).isEqualTo("tab-flow"); // step 1 shows the network

        clickOn("#lang-zh");
        waitUntil(5, () -> l.steps().get(0).text().zh().equals(((Labeled) lookup("#lesson-text").query()).getText()));
        assertThat(text("#lesson-step")).startsWith("第 1 步");
        clickOn("#lang-en");

        type(KeyCode.PAGE_DOWN); // a presenter's clicker
        waitUntil(5, () -> lessons().step() == 1);
        assertThat(text("#lesson-text")).isEqualTo(l.steps().get(1).text().en());
        assertThat(selectedTab()).isEqualTo("tab-curves");
        clickOn("#lesson-previous");
        waitUntil(5, () -> lessons().step() == 0);
        // showing a step runs nothing: the bench is still the comparison the app opened with
        assertThat(fx(() -> lessons().state())).isEqualTo(LessonModel.State.IDLE);
    }

    @Test
    void aLessonFileRunsStepByStepOnTheBench(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, LESSON, StandardCharsets.UTF_8);
        nextFile = file;
        clickOn("#lessons-toggle");
        clickOn("#lesson-open-file");
        waitUntil(10, () -> lessons().lesson() != null);

        clickOn("#lesson-run");
        waitUntil(90, () -> lessons().state() == LessonModel.State.DONE);
        assertThat(fx(() -> app.lab().models().size())).isEqualTo(2);
        assertThat(fx(() -> app.lab().models().stream().map(m -> m.spec().displayName()).toList())).containsExactly("plain-8", "ResNet-14");
        assertThat(iteration(0)).isGreaterThanOrEqualTo(4);
        assertThat(iteration(1)).isGreaterThanOrEqualTo(4);
        assertThat(text("#lesson-status")).isEqualTo("Step done. What does the class see?");

        clickOn("#lesson-next");
        assertThat(selectedTab()).isEqualTo("tab-lesion");
        @SuppressWarnings("unchecked")
        ComboBox<BenchModel> chooser = (ComboBox<BenchModel>) lookup("#lesion-model").query();
        fx(() -> { chooser.setValue(app.lab().models().get(0)); return null; }); // the class looked at plain-8
        clickOn("#lesson-run");
        waitUntil(60, () -> lessons().state() == LessonModel.State.DONE);
        assertThat(fx(() -> app.view().lesion().lesion().deletedProperty().get()[1])).isTrue();
        assertThat(fx(() -> app.view().lesion().lesion().snapshotProperty().get().name())).isEqualTo("ResNet-14");
        // the chooser names the model whose tiles are shown, not the one picked before the step
        assertThat(fx(() -> chooser.getValue().spec().displayName())).isEqualTo("ResNet-14");

        clickOn("#lesson-next");
        assertThat(selectedTab()).isEqualTo("tab-flow");
        int plainBefore = iteration(0);
        clickOn("#lesson-run");
        waitUntil(90, () -> lessons().state() == LessonModel.State.DONE);
        BenchModel scaled = fx(() -> app.lab().models().get(1));
        assertThat(fx(() -> scaled.spec().shortcut())).isEqualTo(ShortcutType.SCALED);
        assertThat(fx(() -> scaled.spec().lambda())).isEqualTo(0.5);
        assertThat(fx(() -> scaled.iteration())).isBetween(2, 3); // rebuilt untrained, then 2 iterations
        assertThat(iteration(0)).isEqualTo(plainBefore); // the action named the other model only
        assertThat(fx(() -> lessons().modelLabels())).containsExactly("plain-8", "ResNet-14 (λ=0.5)");
        assertThat(fx(() -> app.view().experiments().responsesProperty().get())).hasSize(2);

        // the reset button puts step 1's models back, untrained (replaying a step is LessonBenchTest's, without a window)
        clickOn("#lesson-reset");
        waitUntil(60, () -> lessons().state() == LessonModel.State.DONE && lessons().step() == 0);
        assertThat(iteration(1)).isZero();
        assertThat(fx(() -> app.lab().models().get(1).spec().shortcut())).isEqualTo(ShortcutType.IDENTITY);
    }

    @Test
    void aBrokenLessonFileIsReportedAndTheAppCarriesOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, LESSON.replace("{\"depth\": 14, \"width\": 2}", "{\"depth\": 15, \"width\": 2}"), StandardCharsets.UTF_8);
        nextFile = file;
        clickOn("#lessons-toggle");
        clickOn("#lesson-open-file");
        waitUntil(10, () -> lessons().problemsProperty().get() != null);
        String shown = text("#lesson-problems");
        assertThat(shown).contains("broken.json").contains("steps[0].models[1].depth").contains("15");
        assertThat(fx(() -> lessons().lesson())).isNull();
        // the bench still trains
        int before = iteration(0);
        clickOn("#play");
        waitUntil(30, () -> app.lab().models().get(0).iteration() > before);
        clickOn("#play");
    }

    /** Lesson 7's steps: the pane shows the step's chart, swaps are carried out, random deletions and swaps measured. */
    private void checkLesionStep(LessonStep step, String what) throws Exception {
        var lesion = app.view().lesion().lesion();
        switch (String.valueOf(step.chart())) {
            case "single-block" -> assertThat(fx(() -> lesion.view.get())).as(what).isEqualTo(LesionModel.View.EACH);
            case "random-k" -> assertThat(fx(() -> lesion.view.get())).as(what).isEqualTo(LesionModel.View.RANDOM);
            case "reorder" -> assertThat(fx(() -> lesion.view.get())).as(what).isEqualTo(LesionModel.View.REORDER);
            default -> { }
        }
        for (LessonAction a : step.actions()) {
            if (a instanceof LessonAction.SwapBlocks w) {
                // one readout line per model, each with both test errors
                int targets = w.model() == null ? fx(() -> lessons().modelLabels().size()) : 1;
                List<LesionModel.Swap> swaps = fx(() -> lesion.swapsProperty().get());
                assertThat(swaps).as(what).hasSize(targets);
                for (LesionModel.Swap r : swaps) {
                    assertThat(r.first()).isEqualTo(w.first());
                    assertThat(r.second()).isEqualTo(w.second());
                    assertThat(r.intactError()).isBetween(0.0, 1.0);
                    assertThat(r.swappedError()).isBetween(0.0, 1.0);
                }
                assertThat(text("#lesion-swapped").split("\n")).as(what).hasSize(targets);
                // counted from 1 there, like the pane's tiles
                assertThat(text("#lesion-swapped")).contains("blocks " + (w.first() + 1) + " and " + (w.second() + 1) + " swapped");
            }
            if (a instanceof LessonAction.RunExperiment e && e.experiment() == resnetlab.lessons.Experiment.LESION_STUDY) {
                boolean study = e.deletions() != null && !e.deletions().isEmpty() || e.swaps() != null && !e.swaps().isEmpty();
                if (study) {
                    var studies = fx(() -> lesion.studiesProperty().get());
                    assertThat(studies).as(what).isNotEmpty();
                    assertThat(studies.get(0).randomK()).as(what).isNotEmpty();
                    assertThat(studies.get(0).reorder()).as(what).isNotEmpty();
                } else {
                    assertThat(fx(() -> lesion.sweepsProperty().get())).as(what).isNotEmpty();
                }
            }
        }
    }

    /** Every shipped lesson, every step, run in the window: shrunk (tiny images, nets and budgets), so it shows that it runs. */
    @Test
    void everyShippedLessonRunsEveryStepInTheApp() throws Exception {
        clickOn("#lessons-toggle");
        waitUntil(20, () -> app.view().lessonPanel().list().getItems().size() == 8);
        fx(() -> { lessons().setSmall(true); return null; });
        for (int l = 0; l < 8; l++) {
            int index = l;
            fx(() -> lessons().open(app.view().lessonPanel().list().getItems().get(index)));
            Lesson lesson = fx(() -> lessons().lesson());
            for (int k = 0; k < lesson.steps().size(); k++) {
                int step = k;
                fx(() -> { lessons().go(step); lessons().runStep(); return null; });
                waitUntil(120, () -> lessons().state() != LessonModel.State.RUNNING);
                assertThat(fx(() -> lessons().state())).as(lesson.id() + " step " + (k + 1) + ": " + text("#lesson-status"))
                        .isEqualTo(LessonModel.State.DONE);
                String expected = switch (lesson.steps().get(k).pane()) {
                    case CURVES -> "tab-curves";
                    case GRADIENT_FLOW, NETWORK -> "tab-flow";
                    case PATHS -> "tab-paths";
                    case LESIONS -> "tab-lesion";
                    case SHORTCUTS -> "tab-units";
                    case LANDSCAPE -> "tab-landscape";
                    case RESPONSES -> "tab-responses";
                };
                assertThat(selectedTab()).as(lesson.id() + " step " + (k + 1)).isEqualTo(expected);
                checkLesionStep(lesson.steps().get(k), lesson.id() + " step " + (k + 1));
            }
            // the bench holds the lesson's models (at most four), built
            assertThat(fx(() -> app.lab().models().size())).as(lesson.id()).isBetween(1, 4);
            assertThat(fx(() -> app.lab().models().stream().allMatch(BenchModel::isRunnable))).as(lesson.id()).isTrue();
        }
    }
}
