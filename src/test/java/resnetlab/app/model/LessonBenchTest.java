package resnetlab.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.lessons.LessonLoader;
import resnetlab.lessons.LoadResult;

/**
 * The lesson interpreter on the app's bench host, without a window: frames come from a fake clock, the
 * models train on their own threads. What the teacher sees: the step's models on the bench under their lesson
 * labels, trained with the lesson's recipe (typed settings, not text in the form), earlier steps replayed.
 */
class LessonBenchTest {
    @TempDir Path dir;
    private final ViewModels vm = ViewModels.create();
    private final LabModel lab = vm.lab();
    private final LessonModel lessons = vm.lessons();
    private final Frames frames = new Frames();

    @AfterEach void close() {
        lessons.close();
        vm.lesion().close();
        lab.close();
    }

    private static String lesson(String models, String secondStep) {
        return """
                {
                  "id": "bench-test",
                  "title": {"en": "Bench test", "zh": "测试"},
                  "level": "beginner",
                  "duration": 5,
                  "preset": {"dataset": "shapes", "imageSize": 8, "trainSize": 64, "testSize": 40, "batch": 16, "lr": 0.05,
                             "iterations": 3, "seeds": [5, 6]},
                  "steps": [
                    {"text": {"en": "Train.", "zh": "训练。"}, "models": [%s], "pane": "curves", "actions": [{"do": "train"}]},
                    {"text": {"en": "More.", "zh": "更多。"}, "pane": "curves", "actions": [%s]}
                  ]
                }
                """.formatted(models, secondStep);
    }

    private void open(String text) throws Exception {
        LoadResult r = LessonLoader.load(Files.writeString(dir.resolve("lesson.json"), text));
        assertThat(r.problems()).as(r.report()).isEmpty();
        assertThat(lessons.open(r)).isTrue();
    }

    private void runToEnd() throws InterruptedException {
        lessons.runStep();
        frames.until(lab, lessons::poll, () -> lessons.state() != LessonModel.State.RUNNING, 120, "the step runs");
        assertThat(lessons.state()).as(String.valueOf(lessons.statusProperty().get())).isEqualTo(LessonModel.State.DONE);
    }

    @Test void aStepPutsItsModelsOnTheBenchWithTheLessonsRecipe() throws Exception {
        open(lesson("{\"depth\": 8, \"width\": 2, \"shortcut\": \"none\"}, {\"depth\": 14, \"width\": 2}", "{\"do\": \"train\"}"));
        runToEnd();
        assertThat(lessons.modelLabels()).containsExactly("plain-8", "ResNet-14");
        assertThat(lab.models()).hasSize(2);
        // the recipe arrives typed, and the form shows it; the bench trains the first seed only
        assertThat(lab.settings().lr()).isEqualTo(0.05);
        assertThat(lab.settings().batch()).isEqualTo(16);
        assertThat(lab.settings().seed()).isEqualTo(5);
        assertThat(lab.lr.get()).isEqualTo("0.05");
        assertThat(lab.models()).allMatch(m -> m.iteration() == 3, "three iterations each");
    }

    @Test void aStepThatKeepsModelsReplaysTheSetUpAndTrainingBeforeIt() throws Exception {
        open(lesson("{\"depth\": 8, \"width\": 2, \"shortcut\": \"none\"}, {\"depth\": 14, \"width\": 2}",
                "{\"do\": \"train\", \"iterations\": 2, \"model\": \"ResNet-14\"}"));
        lessons.go(1); // straight to step 2: the bench does not hold step 1's models yet
        runToEnd();
        assertThat(lessons.modelLabels()).containsExactly("plain-8", "ResNet-14");
        assertThat(lab.models()).extracting(BenchModel::iteration).containsExactly(3, 5);
    }

    @Test void setLambdaRebuildsTheNamedModelUntrainedUnderItsNewName() throws Exception {
        open(lesson("{\"depth\": 8, \"width\": 2}, {\"depth\": 14, \"width\": 2}",
                "{\"do\": \"set-lambda\", \"lambda\": 0.5, \"model\": \"ResNet-14\"}, {\"do\": \"train\", \"iterations\": 1, \"model\": \"ResNet-14 (λ=0.5)\"}"));
        runToEnd();
        lessons.next();
        runToEnd();
        assertThat(lessons.modelLabels()).hasSize(2).first().isEqualTo("ResNet-8");
        BenchModel rebuilt = lab.models().get(1);
        assertThat(rebuilt.builtSetup().lambda()).isEqualTo(0.5);
        assertThat(rebuilt.iteration()).as("new, then one iteration").isEqualTo(1);
        assertThat(lab.models().get(0).iteration()).isEqualTo(3);
    }

    @Test void aStepWithMoreModelsThanTheBenchKeepsTheFirstFourAndSaysSo() throws Exception {
        String five = String.join(", ", java.util.Collections.nCopies(5, "{\"depth\": 8, \"width\": 2}").stream()
                .map(new java.util.function.Function<String, String>() {
                    int i;
                    @Override public String apply(String m) { return m.replace("}", ", \"name\": \"m" + (++i) + "\"}"); }
                }).toList());
        open(lesson(five, "{\"do\": \"train\", \"iterations\": 1}"));
        runToEnd();
        assertThat(lessons.modelLabels()).containsExactly("m1", "m2", "m3", "m4");
        assertThat(lab.notices()).extracting(Notice::key).contains("lesson.dropped");
    }
}
