package resnetlab.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static resnetlab.lessons.LessonFiles.VALID;
import static resnetlab.lessons.LessonFiles.replaceOnce;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.io.Json;
import resnetlab.train.Evaluation;

class LessonRunnerTest {
    @TempDir Path dir;

    /** Small runs on one thread, with the iterations of --small halved again (still at least 2). */
    static final RunOptions TINY = new RunOptions(0.5, true, 1, null);

    private static Lesson lesson(String text) {
        LoadResult r = LessonLoader.parse("test.json", text);
        assertThat(r.problems()).as(r.report()).isEmpty();
        return r.lesson();
    }

    /** Every shipped lesson runs headless, tiny; every step is done; what it wrote reads back. */
    @Test void everyShippedLessonRunsHeadless() throws Exception {
        for (LoadResult loaded : LessonLoader.loadShipped()) {
            Lesson l = loaded.lesson();
            Path out = dir.resolve(l.id());
            LessonRunner.Summary s;
            try (LessonRunner runner = new LessonRunner(l, TINY)) {
                s = runner.runAll(out, LessonRunner.Progress.NONE, () -> false);
            }
            assertThat(s.status()).as(l.id()).isEqualTo(StepResult.DONE);
            assertThat(s.steps()).hasSize(l.steps().size());
            JsonNode index = Json.MAPPER.readTree(out.resolve("index.json").toFile());
            assertThat(index.get("lesson").asText()).isEqualTo(l.id());
            assertThat(index.get("small").asBoolean()).isTrue();
            String md = Files.readString(out.resolve("index.md"));
            assertThat(md).contains(l.title().en(), l.title().zh(), "Small run");
            for (LessonStep step : l.steps()) {
                StepResult r = s.steps().get(step.number() - 1);
                String where = l.id() + " step " + step.number();
                assertThat(r.status()).as(where + ": " + r.message()).isEqualTo(StepResult.DONE);
                assertThat(md).as(where).contains(step.text().en(), step.text().zh());
                JsonNode result = Json.MAPPER.readTree(out.resolve("step-" + step.number()).resolve("result.json").toFile());
                assertThat(result.get("step").asInt()).isEqualTo(step.number());
                assertThat(result.get("pane").asText()).isEqualTo(step.pane().fileName());
                assertThat(result.get("small").asBoolean()).isTrue();
                assertThat(result.get("models").size()).as(where).isPositive();
                JsonNode files = index.at("/steps/" + (step.number() - 1) + "/files");
                for (StepResult.ChartFile c : r.charts()) {
                    // every experiment is in the build: every chart is drawn
                    assertThat(c.status()).as(where + ": " + c.message()).isEqualTo(StepResult.DONE);
                    assertThat(c.files()).as(where).isNotEmpty();
                    for (String f : c.files()) {
                        Path file = out.resolve("step-" + step.number()).resolve(f);
                        assertThat(file).as(where).isNotEmptyFile();
                        assertThat(files.toString()).contains("step-" + step.number() + "/" + f);
                        if (f.endsWith(".png")) {
                            BufferedImage img = ImageIO.read(file.toFile());
                            assertThat(img.getWidth()).isEqualTo((int) Math.round(LessonCharts.WIDTH * LessonCharts.SCALE));
                            assertThat(md).contains("step-" + step.number() + "/" + f);
                        }
                    }
                }
                assertThat(r.notes()).as(where).isEmpty();
                for (StepResult.ActionResult a : r.actions()) {
                    assertThat(a.status()).as(where + " " + a.kind()).isEqualTo(StepResult.DONE);
                    if (a.kind().equals("experiment")) {
                        assertThat(a.details()).as(where).isInstanceOf(List.class);
                        assertThat((List<?>) a.details()).as(where).isNotEmpty();
                        assertThat(result.toString()).contains("\"name\":\"" + a.name() + "\"");
                    }
                }
            }
        }
    }

    @Test void trainingLesionAndResultsReadBack() throws Exception {
        Lesson l = lesson(VALID);
        Path out = dir.resolve("tiny");
        List<String> lines = new ArrayList<>();
        AtomicInteger iterations = new AtomicInteger();
        LessonRunner.Progress progress = new LessonRunner.Progress() {
            @Override public void message(String line) { lines.add(line); }
            @Override public void iteration(String model, long seed, resnetlab.train.IterationStats stats) { iterations.incrementAndGet(); }
        };
        try (LessonRunner runner = new LessonRunner(l, new RunOptions(1, false, 1, null))) {
            LessonRunner.Summary s = runner.runAll(out, progress, () -> false);
            assertThat(s.status()).isEqualTo(StepResult.DONE);
            // 3 iterations (the preset) for each of the two models, reported live
            assertThat(iterations.get()).isEqualTo(6);
            assertThat(lines).anyMatch(m -> m.contains("ResNet-14 seed 5: iteration 3/3"));

            // the lesion restores the net: its error is the one the lesion reports as the baseline
            var nets = runner.models();
            assertThat(nets).extracting(LessonRunner.TrainedNet::label).containsExactly("plain-8", "ResNet-14");
            StepResult step2 = s.steps().get(1);
            @SuppressWarnings("unchecked")
            List<StepResult.Lesion> rows = (List<StepResult.Lesion>) step2.actions().get(0).details();
            assertThat(rows).hasSize(2);
            for (StepResult.Lesion row : rows) {
                var net = nets.stream().filter(n -> n.label().equals(row.model())).findFirst().orElseThrow();
                assertThat(net.network().blocks().stream().noneMatch(b -> b.isDeleted())).isTrue();
                double now = Evaluation.evaluate(net.network(), net.trainer().data().test(), 16, 0).error();
                assertThat(now).isEqualTo(row.baselineError());
                assertThat(row.error()).isBetween(0.0, 1.0);
                assertThat(row.blocks()).containsExactly(1);
            }
        }
        JsonNode r1 = Json.MAPPER.readTree(out.resolve("step-1/result.json").toFile());
        assertThat(r1.at("/models/0/label").asText()).isEqualTo("plain-8");
        assertThat(r1.at("/models/1/runs/0/seed").asLong()).isEqualTo(5);
        assertThat(r1.at("/models/1/runs/0/iterations").asInt()).isEqualTo(3);
        assertThat(r1.at("/models/1/runs/0/history")).hasSize(3);
        assertThat(r1.at("/preset/dataset").asText()).isEqualTo("shapes");
        assertThat(r1.at("/actions/0/kind").asText()).isEqualTo("train");
        assertThat(r1.at("/charts/0/files/0").asText()).isEqualTo("training-error.png");
        String csv = Files.readString(out.resolve("step-1/training-error.csv"));
        assertThat(csv).contains("plain-8").contains("ResNet-14");
        JsonNode r2 = Json.MAPPER.readTree(out.resolve("step-2/result.json").toFile());
        assertThat(r2.at("/models/1/runs/0/iterations").asInt()).as("the kept models keep their training").isEqualTo(3);
        assertThat(r2.at("/actions/0/kind").asText()).isEqualTo("delete");
        assertThat(r2.at("/actions/0/details/0/blocks/0").asInt()).isEqualTo(1);
        assertThat(r2.at("/charts/0/files/0").asText()).isEqualTo("single-block.png");
        String md = Files.readString(out.resolve("index.md"));
        assertThat(md).contains("## Step 2").contains("Why?").contains("为什么？").contains("Paths.").contains("| ResNet-14 | 3 | 1 |");
        assertThat(md).doesNotContain("Small run");
        assertThat(md).containsPattern("plain-8 seed 5: block 2 deleted → test error [01]\\.\\d{3} \\(intact [01]\\.\\d{3}\\)");
    }

    @Test void aStepRunOnItsOwnRunsTheStepsWhoseModelsItKeeps() throws Exception {
        try (LessonRunner runner = new LessonRunner(lesson(VALID), TINY)) {
            StepResult r = runner.runStep(2, null, LessonRunner.Progress.NONE, () -> false);
            assertThat(r.status()).isEqualTo(StepResult.DONE);
            assertThat(r.models()).extracting(StepResult.ModelSummary::label).containsExactly("plain-8", "ResNet-14");
            assertThat(r.models().get(0).runs().get(0).iterations()).isEqualTo(TINY.iterations(3)).isEqualTo(2);
            assertThat(r.charts()).isEmpty(); // no folder: nothing written
        }
    }

    @Test void setLambdaBuildsNewUntrainedModels() throws Exception {
        String text = replaceOnce(VALID, "{\"do\": \"delete\", \"block\": 2}",
                "{\"do\": \"set-lambda\", \"lambda\": 0.5, \"model\": \"ResNet-14\"}, {\"do\": \"train\", \"iterations\": 2, \"model\": \"ResNet-14 (λ=0.5)\"}, {\"do\": \"delete\", \"block\": 2}");
        try (LessonRunner runner = new LessonRunner(lesson(text), new RunOptions(1, false, 1, null))) {
            LessonRunner.Summary s = runner.runAll(dir.resolve("lambda"), LessonRunner.Progress.NONE, () -> false);
            assertThat(s.status()).isEqualTo(StepResult.DONE);
            var models = s.steps().get(1).models();
            assertThat(models).extracting(StepResult.ModelSummary::label).containsExactly("plain-8", "ResNet-14 (λ=0.5)");
            assertThat(models.get(1).spec().lambda()).isEqualTo(0.5);
            assertThat(models.get(1).runs().get(0).iterations()).isEqualTo(2);
            assertThat(models.get(0).runs().get(0).iterations()).isEqualTo(3);
            assertThat(runner.models().get(1).network().blocks().get(0).shortcutScale()).isEqualTo(0.5f);
        }
    }

    @Test void cancellingStopsTheRun() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LessonRunner runner = new LessonRunner(lesson(VALID), TINY)) {
            LessonRunner.Summary s = runner.runAll(dir.resolve("cancel"), LessonRunner.Progress.NONE, () -> calls.incrementAndGet() > 2);
            assertThat(s.status()).isEqualTo(StepResult.CANCELLED);
            assertThat(s.steps()).hasSize(1);
            assertThat(s.steps().get(0).status()).isEqualTo(StepResult.CANCELLED);
            assertThat(Json.MAPPER.readTree(dir.resolve("cancel/index.json").toFile()).at("/steps/0/status").asText()).isEqualTo("cancelled");
        }
    }

    @Test void aFailingStepIsReportedAndLaterStepsThatKeepItsModelsAreSkipped() throws Exception {
        String text = replaceOnce(VALID, "\"dataset\": \"shapes\"", "\"dataset\": \"mnist\"");
        try (LessonRunner runner = new LessonRunner(lesson(text), TINY)) {
            LessonRunner.Summary s = runner.runAll(dir.resolve("fail"), LessonRunner.Progress.NONE, () -> false);
            assertThat(s.status()).isEqualTo(StepResult.FAILED);
            assertThat(s.steps().get(0).status()).isEqualTo(StepResult.FAILED);
            assertThat(s.steps().get(0).message()).contains("mnist").contains("--data-dir");
            assertThat(s.steps().get(1).status()).isEqualTo(StepResult.SKIPPED);
        }
    }

    @Test void smallRunsShrinkEveryPreset() {
        Preset p = new Preset("fashion", 16, 4000, 1000, 64, 0.1, 150, List.of(11L, 12L, 13L), 25, "none");
        RunOptions small = RunOptions.defaults().withSmall(true);
        Preset s = small.scale(p);
        assertThat(s.imageSize()).isEqualTo(8);
        assertThat(s.trainSize()).isEqualTo(256);
        assertThat(s.testSize()).isEqualTo(100);
        assertThat(s.batch()).isEqualTo(32);
        assertThat(s.seeds()).containsExactly(11L);
        assertThat(small.iterations(150)).isEqualTo(3);
        assertThat(small.width(8)).isEqualTo(4);
        assertThat(RunOptions.defaults().scale(p)).isEqualTo(p);
        assertThat(RunOptions.defaults().withIterationScale(0.5).iterations(150)).isEqualTo(75);
    }

    @Test void theHandoutSaysWhichRunsDiverged() {
        Lesson l = lesson(VALID);
        var ok = new StepResult.SeedRun(1, 5, 0.4, 0.5, 1.0, false, null, 100, List.of(), List.of());
        var bad = new StepResult.SeedRun(2, 3, 0.9, Double.NaN, Double.NaN, true, "diverged at iteration 3", 100, List.of(), List.of());
        var model = new StepResult.ModelSummary("ResNet-14 (λ=1.5)", "ResNet-14 (λ=1.5)", l.steps().get(0).models().get(1).spec(), 1000,
                List.of(ok, bad), 0.65, 0.5);
        var step = new StepResult("tiny", 1, null, "curves", "training-error", l.steps().get(0).text(), l.preset(), false, StepResult.DONE, null,
                List.of(model), List.of(), List.of(), List.of(), List.of(), "test", 1);
        String md = Handout.markdown(l, new RunOptions(1, false, 1, null), List.of(step));
        assertThat(md).contains("| ResNet-14 (λ=1.5) (diverged: 1 of 2 seeds) | 5 | 2 | 0.650 | 0.500 |");
    }

    @Test void runningMeanAndKendallTau() {
        assertThat(LessonCharts.runningMean(new double[] {1, 2, 3, 4, Double.NaN}, 2)).containsExactly(1, 1.5, 2.5, 3.5, Double.NaN);
        assertThat(LessonRunner.kendallTau(new int[] {0, 1, 2, 3})).isEqualTo(1);
        assertThat(LessonRunner.kendallTau(new int[] {3, 2, 1, 0})).isEqualTo(-1);
        assertThat(LessonRunner.kendallTau(new int[] {1, 0, 2, 3})).isEqualTo(1 - 4.0 / 12);
        assertThat(LessonRunner.median(new double[] {3, Double.NaN, 1, 2})).isEqualTo(2);
    }
}
