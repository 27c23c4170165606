package resnetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import resnetlab.io.Json;

class LessonCommandTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run lesson(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new LessonCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static final String TINY = """
            {
              "id": "tiny-cli",
              "title": {"en": "Tiny", "zh": "小"},
              "level": "beginner",
              "duration": 5,
              "preset": {"dataset": "shapes", "imageSize": 8, "trainSize": 48, "testSize": 30, "batch": 16, "lr": 0.05, "iterations": 2, "seeds": [3]},
              "steps": [
                {
                  "text": {"en": "Train.", "zh": "训练。"},
                  "models": [{"depth": 8, "width": 2}],
                  "pane": "curves",
                  "actions": [{"do": "train"}],
                  "questions": [{"question": {"en": "Q?", "zh": "问？"}, "answer": {"en": "A.", "zh": "答。"}}]
                },
                {
                  "text": {"en": "Look at it.", "zh": "看看结构。"},
                  "pane": "network"
                }
              ]
            }
            """;

    @Test void checkAcceptsAShippedLessonById() {
        Run r = lesson("check", "degradation");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ok: degradation — ").contains("3 steps");
        assertThat(r.err()).isEmpty();
    }

    @Test void checkPrintsEveryProblemWithFileLineAndFieldAndExitsNonZero() throws Exception {
        String broken = TINY.replace("\"pane\": \"curves\"", "\"pane\": \"graph\"").replace("{\"depth\": 8, \"width\": 2}", "{\"depth\": 21, \"width\": 2}")
                .replace("\"zh\": \"看看结构。\"", "\"zh\": \"\"");
        Path file = dir.resolve("broken.json");
        Files.writeString(file, broken);
        Run r = lesson("check", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        int paneLine = lineOf(broken, "\"graph\""), depthLine = lineOf(broken, "\"depth\": 21"), zhLine = lineOf(broken, "\"Look at it.\"");
        assertThat(r.err()).contains(file + ":" + paneLine + ":")
                .contains(": steps[0].pane: unknown pane 'graph'")
                .contains(file + ":" + depthLine + ":")
                .contains(": steps[0].models[0].depth: depth 21 is not 6n+2")
                .contains(file + ":" + zhLine + ":")
                .contains(": steps[1].text.zh: missing translation: no Chinese text (zh)")
                .contains("3 problems in " + file);

        Path syntax = dir.resolve("syntax.json");
        Files.writeString(syntax, TINY.replace("\"duration\": 5,", "\"duration\": 5"));
        Run s = lesson("check", syntax.toString());
        assertThat(s.code()).isEqualTo(1);
        assertThat(s.err()).startsWith(syntax + ":" + lineOf(TINY, "\"preset\"") + ":").contains("bad JSON");
    }

    @Test void checkOfAMissingLesson() {
        Run r = lesson("check", dir.resolve("nothing.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no such file, and no shipped lesson has this id");
    }

    @Test void runWritesStepsAndHandout() throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, TINY);
        Path out = dir.resolve("out");
        Run r = lesson("run", file.toString(), "--out", out.toString(), "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("lesson tiny-cli").contains("step 1/2").contains("ResNet-8 seed 3: iteration 2/2")
                .contains("tiny-cli: 2 of 2 steps done");
        JsonNode index = Json.MAPPER.readTree(out.resolve("index.json").toFile());
        assertThat(index.at("/steps/0/status").asText()).isEqualTo("done");
        assertThat(index.at("/steps/0/files").toString()).contains("step-1/result.json", "step-1/training-error.png", "step-1/training-error.csv");
        assertThat(index.at("/steps/1/files").toString()).contains("step-2/network.txt", "step-2/network.json");
        JsonNode step1 = Json.MAPPER.readTree(out.resolve("step-1/result.json").toFile());
        assertThat(step1.at("/models/0/runs/0/iterations").asInt()).isEqualTo(2);
        assertThat(step1.at("/questions/0/answer/zh").asText()).isEqualTo("答。");
        JsonNode net = Json.MAPPER.readTree(out.resolve("step-2/network.json").toFile());
        assertThat(net.at("/0/blocks")).hasSize(3);
        assertThat(Files.readString(out.resolve("step-2/network.txt"))).contains("ResNet-8").contains("stage 3");
        String md = Files.readString(out.resolve("index.md"));
        assertThat(md).contains("# Tiny / 小", "Train.", "训练。", "![training-error](step-1/training-error.png)", "Q?<br>问？", "A.<br>答。");
    }

    @Test void runSmallRunsAShippedLessonById() throws Exception {
        Path out = dir.resolve("small");
        Run r = lesson("run", "degradation", "--small", "--scale", "0.5", "--threads", "1", "--quiet", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("step 1/3").contains("degradation: 3 of 3 steps done");
        assertThat(out.resolve("step-2/training-error.png")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("index.md"))).contains("Small run");
    }

    @Test void runRefusesABrokenLesson() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, TINY.replace("\"pane\": \"network\"", "\"pane\": \"networks\""));
        Path out = dir.resolve("never");
        Run r = lesson("run", file.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("steps[1].pane: unknown pane 'networks'");
        assertThat(out).doesNotExist();
        Run scale = lesson("run", "degradation", "--scale", "0", "--out", out.toString());
        assertThat(scale.code()).isEqualTo(2);
        assertThat(scale.err()).contains("iteration scale 0.0 must be a positive number");
    }

    @Test void listShowsTheShippedLessons() {
        Run r = lesson("list");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(8);
        assertThat(r.out()).contains("degradation", "loss-landscape", "退化问题");
    }

    private static int lineOf(String text, String needle) {
        int i = text.indexOf(needle);
        assertThat(i).as(needle).isNotNegative();
        return (int) text.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
    }
}
