package resnetlab.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static resnetlab.lessons.LessonFiles.VALID;
import static resnetlab.lessons.LessonFiles.lineOf;
import static resnetlab.lessons.LessonFiles.replaceOnce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.model.ShortcutType;

class LessonLoaderTest {
    @TempDir Path dir;

    private LoadResult load(String name, String text) throws Exception {
        return LessonLoader.load(LessonFiles.write(dir, name, text));
    }

    /** The single problem of a result; fails listing all of them if there is not exactly one. */
    private static LessonProblem only(LoadResult r) {
        assertThat(r.ok()).as("the lesson should be rejected").isFalse();
        assertThat(r.problems()).as(r.report()).hasSize(1);
        return r.problems().get(0);
    }

    @Test void theTestLessonIsValidAndReadsAsWritten() throws Exception {
        LoadResult r = load("tiny.json", VALID);
        assertThat(r.problems()).as(r.report()).isEmpty();
        Lesson l = r.lesson();
        assertThat(l.id()).isEqualTo("tiny");
        assertThat(l.title()).isEqualTo(new Text("Tiny lesson", "小课"));
        assertThat(l.level()).isEqualTo(Level.BEGINNER);
        assertThat(l.steps()).hasSize(2);
        LessonStep s1 = l.steps().get(0), s2 = l.steps().get(1);
        assertThat(s1.models()).extracting(StepModel::label).containsExactly("plain-8", "ResNet-14");
        assertThat(s1.models().get(0).spec().shortcut()).isEqualTo(ShortcutType.NONE);
        assertThat(s1.models().get(1).spec().shortcut()).isEqualTo(ShortcutType.IDENTITY);
        assertThat(s1.models().get(1).spec().width()).isEqualTo(2);
        assertThat(s1.pane()).isEqualTo(Pane.CURVES);
        assertThat(s1.chart()).isEqualTo("training-error"); // the pane's default
        assertThat(s1.actions()).containsExactly(new LessonAction.Train(0, null));
        assertThat(s2.setsUpModels()).isFalse();
        assertThat(s2.actions()).containsExactly(new LessonAction.DeleteBlock(1, null));
        assertThat(s2.questions()).hasSize(1);
        assertThat(s2.preset()).isEqualTo(l.preset());
        assertThat(l.preset().seeds()).containsExactly(5L);
        assertThat(l.preset().warmup()).isEqualTo("none");
    }

    @Test void formulasBetweenDollarsAreCheckedAndABrokenOneIsLocated() throws Exception {
        String good = replaceOnce(VALID, "\"Delete a block.\"", "\"Delete a block: $y_i = y_{i-1}$, and $$\\\\frac{\\\\partial E}{\\\\partial x_l}$$.\"");
        LoadResult ok = load("tex.json", good);
        assertThat(ok.problems()).as(ok.report()).isEmpty();
        assertThat(ok.lesson().steps().get(1).text().en()).contains("$y_i = y_{i-1}$");

        String broken = replaceOnce(VALID, "\"为什么？\"", "\"为什么 $\\\\left( x$？\"");
        LessonProblem p = only(load("broken-tex.json", broken));
        assertThat(p.file()).endsWith("broken-tex.json");
        assertThat(p.field()).isEqualTo("steps[1].questions[0].question.zh");
        assertThat(p.line()).isEqualTo(lineOf(broken, "为什么 $"));
        assertThat(p.message()).startsWith("TeX error in a formula:");

        LessonProblem open = only(load("open-dollar.json", replaceOnce(VALID, "\"Paths.\"", "\"Paths $x_L.\"")));
        assertThat(open.field()).isEqualTo("steps[1].questions[0].answer.en");
        assertThat(open.message()).contains("not closed");
    }

    @Test void badJsonSyntaxNamesFileAndLine() throws Exception {
        String broken = replaceOnce(VALID, "\"level\": \"beginner\",", "\"level\": \"beginner\"");
        LessonProblem p = only(load("syntax.json", broken));
        assertThat(p.file()).endsWith("syntax.json");
        assertThat(p.line()).isEqualTo(lineOf(VALID, "\"duration\"")); // the parser notices at the next field
        assertThat(p.column()).isPositive();
        assertThat(p.message()).startsWith("bad JSON:");
        assertThat(p.toString()).startsWith(p.file() + ":" + p.line() + ":" + p.column() + ": bad JSON");
    }

    @Test void unknownPaneNamesFieldAndLine() throws Exception {
        String broken = replaceOnce(VALID, "\"pane\": \"curves\"", "\"pane\": \"graphs\"");
        LessonProblem p = only(load("pane.json", broken));
        assertThat(p.field()).isEqualTo("steps[0].pane");
        assertThat(p.line()).isEqualTo(lineOf(broken, "\"graphs\""));
        assertThat(p.message()).contains("unknown pane 'graphs'").contains("curves", "gradient-flow", "landscape");
    }

    @Test void depthThatIsNot6nPlus2() throws Exception {
        String broken = replaceOnce(VALID, "{\"depth\": 14, \"width\": 2}", "{\"depth\": 21, \"width\": 2}");
        LessonProblem p = only(load("depth.json", broken));
        assertThat(p.field()).isEqualTo("steps[0].models[1].depth");
        assertThat(p.line()).isEqualTo(lineOf(broken, "\"depth\": 21"));
        assertThat(p.message()).startsWith("depth 21 is not 6n+2");
        assertThat(p.toString()).contains("depth.json:" + p.line() + ":").contains(": steps[0].models[1].depth: depth 21 is not 6n+2");
    }

    @Test void missingChineseText() throws Exception {
        String broken = replaceOnce(VALID, "{\"en\": \"Delete a block.\", \"zh\": \"删除一个块。\"}", "{\"en\": \"Delete a block.\"}");
        LessonProblem p = only(load("zh.json", broken));
        assertThat(p.field()).isEqualTo("steps[1].text");
        assertThat(p.line()).isEqualTo(lineOf(broken, "\"Delete a block.\""));
        assertThat(p.message()).isEqualTo("missing translation: no Chinese text (zh)");
    }

    @Test void chineseTextThatIsNotChinese() throws Exception {
        String broken = replaceOnce(VALID, "\"zh\": \"删除一个块。\"", "\"zh\": \"Delete a block.\"");
        LessonProblem p = only(load("untranslated.json", broken));
        assertThat(p.field()).isEqualTo("steps[1].text.zh");
        assertThat(p.message()).contains("no Chinese characters");
    }

    @Test void unknownFieldWithSuggestion() throws Exception {
        String broken = replaceOnce(VALID, "{\"depth\": 8, \"width\": 2, \"shortcut\": \"none\"}", "{\"depth\": 8, \"widht\": 2, \"shortcut\": \"none\"}");
        LessonProblem p = only(load("field.json", broken));
        assertThat(p.field()).isEqualTo("steps[0].models[0].widht");
        assertThat(p.line()).isEqualTo(lineOf(broken, "\"widht\""));
        assertThat(p.column()).isEqualTo(broken.lines().toList().get(p.line() - 1).indexOf("\"widht\": 2") + "\"widht\": ".length() + 1); // its value
        assertThat(p.message()).isEqualTo("unknown field 'widht' (did you mean 'width'?)");
    }

    @Test void blockBeyondTheBlocksOfTheKeptModels() throws Exception {
        // plain-8 has 3 blocks (1..3): block 4 exists in ResNet-14 (6 blocks) but not in plain-8
        String broken = replaceOnce(VALID, "{\"do\": \"delete\", \"block\": 2}", "{\"do\": \"delete\", \"block\": 4}");
        LessonProblem p = only(load("block.json", broken));
        assertThat(p.field()).isEqualTo("steps[1].actions[0].block");
        assertThat(p.line()).isEqualTo(lineOf(broken, "\"block\": 4"));
        assertThat(p.message()).isEqualTo("block 4 does not exist: plain-8 has 3 blocks, numbered 1..3");
        // blocks count from 1, as the app's tiles: a file written counting from 0 hears about it
        LessonProblem zero = only(load("zero.json", replaceOnce(VALID, "{\"do\": \"delete\", \"block\": 2}", "{\"do\": \"delete\", \"block\": 0}")));
        assertThat(zero.field()).isEqualTo("steps[1].actions[0].block");
        assertThat(zero.message()).contains("0");

        String named = replaceOnce(VALID, "{\"do\": \"delete\", \"block\": 2}", "{\"do\": \"delete\", \"block\": 4, \"model\": \"ResNet-14\"}");
        assertThat(load("named.json", named).problems()).isEmpty();
    }

    @Test void everyProblemIsReportedAtOnce() throws Exception {
        String broken = replaceOnce(VALID, "\"pane\": \"curves\"", "\"pane\": \"graphs\"");
        broken = replaceOnce(broken, "{\"depth\": 14, \"width\": 2}", "{\"depth\": 21, \"width\": 2}");
        broken = replaceOnce(broken, "\"zh\": \"小课\"", "\"zh\": \"\"");
        broken = replaceOnce(broken, "\"duration\": 5,", "\"duration\": 5, \"author\": \"me\",");
        broken = replaceOnce(broken, "\"lr\": 0.05,", "\"lr\": -1,");
        LoadResult r = load("many.json", broken);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).extracting(LessonProblem::field)
                .containsExactlyInAnyOrder("title.zh", "author", "preset.lr", "steps[0].models[1].depth", "steps[0].pane");
        for (LessonProblem p : r.problems()) assertThat(p.line()).as(p.toString()).isPositive();
        assertThat(r.report().lines()).hasSize(5);
    }

    @Test void chartsMustBelongToTheirPaneAndHaveData() throws Exception {
        LessonProblem wrongChart = only(load("chart.json", replaceOnce(VALID, "\"chart\": \"single-block\"", "\"chart\": \"contour\"")));
        assertThat(wrongChart.field()).isEqualTo("steps[1].chart");
        assertThat(wrongChart.message()).contains("pane 'lesions' has no chart 'contour'");

        LessonProblem noData = only(load("data.json", replaceOnce(VALID, "\"chart\": \"single-block\"", "\"chart\": \"random-k\"")));
        assertThat(noData.message()).contains("needs {\"do\": \"experiment\", \"name\": \"lesion-study\"}");

        String untrained = replaceOnce(VALID, "{\"do\": \"train\"}", "{\"do\": \"delete\", \"block\": 2}");
        LessonProblem p = only(load("untrained.json", untrained));
        assertThat(p.field()).isEqualTo("steps[0].pane");
        assertThat(p.message()).contains("needs trained models");
    }

    @Test void actionsAreChecked() throws Exception {
        LessonProblem kind = only(load("kind.json", replaceOnce(VALID, "{\"do\": \"train\"}", "{\"do\": \"fit\"}")));
        assertThat(kind.field()).isEqualTo("steps[0].actions[0].do");
        assertThat(kind.message()).startsWith("unknown action 'fit'");

        LessonProblem swap = only(load("swap.json", replaceOnce(replaceOnce(VALID, "{\"do\": \"delete\", \"block\": 2}",
                "{\"do\": \"swap\", \"blocks\": [2, 3], \"model\": \"ResNet-14\"}"), "\"single-block\"", "\"reorder\"")));
        assertThat(swap.message()).isEqualTo("blocks 2 and 3 of ResNet-14 are in different stages (1 and 2): only blocks of the same shape can swap");
        LessonProblem down = only(load("down.json", replaceOnce(replaceOnce(VALID, "{\"do\": \"delete\", \"block\": 2}",
                "{\"do\": \"swap\", \"blocks\": [3, 4], \"model\": \"ResNet-14\"}"), "\"single-block\"", "\"reorder\"")));
        assertThat(down.message()).isEqualTo("block 3 of ResNet-14 changes the shape (first block of a stage): it cannot swap");

        LessonProblem model = only(load("model.json", replaceOnce(VALID, "{\"do\": \"delete\", \"block\": 2}",
                "{\"do\": \"delete\", \"block\": 1, \"model\": \"ResNet-20\"}")));
        assertThat(model.field()).isEqualTo("steps[1].actions[0].model");
        assertThat(model.message()).contains("no model is called 'ResNet-20'").contains("plain-8", "ResNet-14");

        LessonProblem option = only(load("option.json", replaceOnce(VALID, "{\"do\": \"delete\", \"block\": 2}",
                "{\"do\": \"experiment\", \"name\": \"lesion-study\", \"grid\": 5}")));
        assertThat(option.field()).isEqualTo("steps[1].actions[0].grid");
        assertThat(option.message()).startsWith("experiment 'lesion-study' has no option 'grid'");

        LessonProblem plainPaths = only(load("paths.json", replaceOnce(replaceOnce(VALID, "\"chart\": \"single-block\"", "\"chart\": \"path-lengths\""),
                "{\"do\": \"delete\", \"block\": 2}", "{\"do\": \"experiment\", \"name\": \"path-lengths\"}").replace("\"pane\": \"lesions\"", "\"pane\": \"paths\"")));
        assertThat(plainPaths.message()).contains("path-lengths needs residual nets").contains("'plain-8' is plain");
    }

    @Test void optionsTheShortcutIgnoresAreReported() throws Exception {
        LessonProblem p = only(load("lambda.json", replaceOnce(VALID, "{\"depth\": 14, \"width\": 2}", "{\"depth\": 14, \"width\": 2, \"lambda\": 0.5}")));
        assertThat(p.field()).isEqualTo("steps[0].models[1].lambda");
        assertThat(p.message()).isEqualTo("lambda is used only by shortcut scaled, but this model's shortcut is 'identity' (the default)");
    }

    @Test void aStepThatKeepsModelsCannotChangeThePreset() throws Exception {
        LessonProblem p = only(load("preset.json", replaceOnce(VALID, "\"pane\": \"lesions\",", "\"pane\": \"lesions\", \"preset\": {\"lr\": 0.01},")));
        assertThat(p.field()).isEqualTo("steps[1].preset");
        assertThat(p.message()).contains("cannot change the preset");
    }

    @Test void aBrokenModelIsReportedOnceNotAgainByTheStepsThatKeepIt() throws Exception {
        // issue 17: one error in step 0 also gave "no model is called 'ResNet-56' (expected one of: )" for step 3
        String shipped = Files.readString(Path.of("lessons/03-gradient-flow.json"));
        String broken = replaceOnce(shipped, "\"lambda\": 0.5}", "\"lambda\": \"half\"}");
        LessonProblem p = only(load("gradient-flow.json", broken));
        assertThat(p.field()).isEqualTo("steps[0].models[1].lambda");
        assertThat(p.message()).contains("\"half\"");
    }

    @Test void brokenInputNeverThrows() throws Exception {
        assertThat(only(load("empty.json", "")).message()).isEqualTo("the file is empty");
        assertThat(only(load("array.json", "[1, 2]")).message()).startsWith("a lesson is a JSON object");
        LessonProblem trailing = only(load("trailing.json", VALID + "}"));
        assertThat(trailing.message()).startsWith("unexpected text after the end of the lesson").doesNotContain("Source");
        assertThat(trailing.line()).isEqualTo(VALID.lines().count() + 1);
        assertThat(only(load("second.json", VALID + "{}")).message()).isEqualTo("unexpected '{' after the end of the lesson");
        LessonProblem dup = only(load("dup.json", replaceOnce(VALID, "\"level\": \"beginner\",", "\"level\": \"beginner\", \"level\": \"advanced\",")));
        assertThat(dup.message()).contains("Duplicate field 'level'");
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xE9, '"', '}'});
        assertThat(only(LessonLoader.load(latin1)).message()).contains("not UTF-8");
        assertThat(only(LessonLoader.load(dir.resolve("missing.json"))).message()).isEqualTo("no such file");
        LoadResult unknown = LessonLoader.resolve("no-such-lesson");
        assertThat(only(unknown).message()).contains("no shipped lesson has this id").contains("degradation");
        assertThat(only(LessonLoader.loadResource("/lessons/nope.json")).message()).contains("no such lesson resource");
    }

    // ---- the shipped lessons ----------------------------------------------------------------------------

    @Test void everyShippedLessonLoadsAndValidates() {
        List<LoadResult> all = LessonLoader.loadShipped();
        assertThat(all).hasSize(8);
        for (LoadResult r : all) {
            assertThat(r.problems()).as(r.source() + ":\n" + r.report()).isEmpty();
            Lesson l = r.lesson();
            assertThat(l.id()).isEqualTo(LessonLoader.idOf(Path.of(r.source()).getFileName().toString()));
            assertThat(l.summary()).as(l.id() + " summary").isNotNull();
            assertThat(l.steps().stream().mapToInt(s -> s.questions().size()).sum()).as(l.id() + " questions").isPositive();
            for (LessonStep s : l.steps()) {
                // classroom-sized: 16x16 or smaller images, width 8 or less, a few hundred iterations
                assertThat(s.preset().imageSize()).as(l.id()).isBetween(8, 16);
                assertThat(s.preset().iterations()).as(l.id()).isLessThanOrEqualTo(400);
                if (s.models() != null) for (StepModel m : s.models()) assertThat(m.spec().width()).as(l.id()).isLessThanOrEqualTo(8);
            }
        }
        assertThat(all).extracting(r -> r.lesson().id()).containsExactly("degradation", "residual-learning", "gradient-flow",
                "shortcut-types", "pre-activation", "ensembles", "lesions", "loss-landscape");
    }

    @Test void theIndexListsEveryLessonFileInTheFolder() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("lessons"))) {
            List<String> onDisk = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.equals("index.json") && !n.endsWith(".schema.json")).sorted().toList();
            assertThat(LessonLoader.shippedFiles()).containsExactlyElementsOf(onDisk);
        }
    }

    @Test void shippedLessonsResolveByIdFileNameOrPath() {
        assertThat(LessonLoader.resolve("degradation").lesson().id()).isEqualTo("degradation");
        assertThat(LessonLoader.resolve("07-lesions").lesson().id()).isEqualTo("lesions");
        assertThat(LessonLoader.resolve("08-loss-landscape.json").lesson().id()).isEqualTo("loss-landscape");
        LoadResult fromPath = LessonLoader.resolve("lessons/03-gradient-flow.json");
        assertThat(fromPath.source()).isEqualTo("lessons/03-gradient-flow.json");
        assertThat(fromPath.lesson().id()).isEqualTo("gradient-flow");
    }

    @Test void suggestionsOnlyForNearNames() {
        List<String> modelFields = LessonSchema.names(LessonSchema.SCHEMA.at("/$defs/model/properties"));
        assertThat(LessonSchema.nearest("dept", modelFields)).isEqualTo("depth");
        assertThat(LessonSchema.nearest("Shortcut", modelFields)).isEqualTo("shortcut");
        assertThat(LessonSchema.nearest("colour", modelFields)).isNull();
    }
}
