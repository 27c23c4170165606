package resnetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.io.Json;

/**
 * The findings of issue 17 ("nothing a user types takes it down"), each re-run through {@link Main} as a user
 * types it: one line on stderr, exit 2 for bad input and 1 for a failed run, and nothing left behind.
 */
class CarelessUserTest {
    @TempDir static Path shared;
    @TempDir Path dir;
    static Path ckpt12, ckpt16;

    /** Two tiny trained nets that differ only in image size. */
    @BeforeAll static void checkpoints() {
        for (int size : new int[] {12, 16}) {
            TrainCommandTest.Run r = cli("train", "--depth", "8", "--width", "2", "--dataset", "shapes", "--train-size", "200",
                    "--test-size", "50", "--image-size", String.valueOf(size), "--iterations", "2", "--batch", "20", "--threads", "1",
                    "--quiet", "--out", shared.resolve("s" + size).toString());
            assertThat(r.code()).as(r.err()).isZero();
        }
        ckpt12 = shared.resolve("s12/model.ckpt");
        ckpt16 = shared.resolve("s16/model.ckpt");
    }

    static TrainCommandTest.Run cli(String... args) { return TrainCommandTest.cli(args); }

    /** Exactly one line on stderr, starting with "error: ", and no stack trace. */
    static String oneLine(TrainCommandTest.Run r) {
        String err = r.err().strip();
        assertThat(err).startsWith("error: ").doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception");
        return err;
    }

    @Test void aRunWhoseLossExplodesIsNamedDivergedAndFails() throws Exception {
        Path out = dir.resolve("lr50");
        var r = cli("train", "--lr", "50", "--depth", "8", "--width", "4", "--dataset", "shapes", "--train-size", "512",
                "--test-size", "100", "--image-size", "16", "--iterations", "40", "--batch", "64", "--threads", "1", "--out", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(oneLine(r)).matches("error: ResNet-8 diverged at iteration \\d+: loss \\S+ .*lower --lr.*");
        JsonNode json = Json.MAPPER.readTree(out.resolve("result.json").toFile());
        assertThat(json.at("/final/diverged").asBoolean()).isTrue();
        assertThat(json.at("/final/state").asText()).isEqualTo("diverged");
        assertThat(json.at("/final/iterations").asInt()).isLessThan(40);
        assertThat(json.get("history")).isNotEmpty(); // the curve up to the divergence is kept
        assertThat(out.resolve("model.ckpt")).doesNotExist();
    }

    @Test void batchZeroIsBadInput() {
        var r = cli("train", "--batch", "0", "--iterations", "5", "--out", dir.resolve("b").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(oneLine(r)).isEqualTo("error: --batch 0 must be at least 1");
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test void aNetTooBigForTheHeapIsRefusedBeforeAnythingIsAllocatedOrCreated() {
        Path out = dir.resolve("huge");
        var r = cli("train", "--depth", "60002", "--dataset", "shapes", "--train-size", "100", "--test-size", "20", "--iterations", "1",
                "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(oneLine(r)).contains("ResNet-60002 at batch 100 needs about", "weights", "activations", "but the Java heap is",
                "a smaller --depth, --width or --batch");
        assertThat(out).doesNotExist();
    }

    @Test void gradientFlowAndSweepsAreCheckedToo() throws Exception {
        var flow = cli("gradient-flow", "--depth", "60002", "--dataset", "shapes", "--train-size", "100", "--test-size", "20",
                "--out", dir.resolve("flow").toString());
        assertThat(flow.code()).isEqualTo(2);
        assertThat(oneLine(flow)).contains("ResNet-60002 at batch", "needs about", "but the Java heap is");
        assertThat(dir.resolve("flow")).doesNotExist();
        Path spec = Files.writeString(dir.resolve("big.json"), SweepResponsesLandscapeCommandsTest.SPEC.replace("{\"depth\": 8}, ", "{\"depth\": 30002}, "));
        var sweep = cli("sweep", "--spec", spec.toString(), "--out", dir.resolve("sweep").toString());
        assertThat(sweep.code()).isEqualTo(2);
        assertThat(oneLine(sweep)).contains("this sweep (2 runs at a time) needs about", "fewer --parallel runs");
        assertThat(dir.resolve("sweep")).doesNotExist();
    }

    @Test void aLessonStepWithModelsTooBigFailsThatStepWithTheEstimate() throws Exception {
        Path file = Files.writeString(dir.resolve("huge.json"),
                LessonCommandTest.TINY.replace("{\"depth\": 8, \"width\": 2}", "{\"depth\": 60002, \"width\": 16}"));
        var r = LessonCommandTest.lesson("run", file.toString(), "--out", dir.resolve("lesson").toString(), "--threads", "1");
        assertThat(r.out()).contains("step 1 failed: the models of step 1 (1 models x 1 seeds) needs about")
                .contains("fewer or smaller models or seeds in the lesson");
        JsonNode index = Json.MAPPER.readTree(dir.resolve("lesson/index.json").toFile());
        assertThat(index.at("/steps/0/status").asText()).isEqualTo("failed");
    }

    @Test void aLandscapeGridTooBigForTheHeapIsRefusedAndLeavesNoFolder() {
        Path out = dir.resolve("land");
        var r = cli("landscape", "--checkpoint", ckpt16.toString(), "--grid", "100000", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(oneLine(r)).contains("a 100000x100000 landscape of ResNet-8 needs about", "but the Java heap is", "--grid");
        assertThat(out).doesNotExist();
    }

    /**
     * Paths, lesions and responses check memory before they spend it: with the checks told the heap is 1 MB
     * ({@code resnetlab.memory.heap}), each refuses in one line with the estimate, the heap and its own option to
     * change, exit 2, and leaves no output folder.
     */
    @Test void pathsLesionsAndResponsesAreRefusedBeforeTheyRunOutOfMemory() {
        String[][] cases = {
                {"paths", "--batch", "path lengths of ResNet-8 on a batch of", "a smaller --batch)"},
                {"lesion", "--test-size", "a lesion study of ResNet-8 at batch", "a smaller --batch or --test-size)"},
                {"responses", "--images", "layer responses of ResNet-8 on", "a smaller --images)"}};
        System.setProperty(resnetlab.train.MemoryEstimate.HEAP_PROPERTY, "1000000");
        try {
            for (String[] c : cases) {
                Path out = dir.resolve("mem-" + c[0]);
                var r = cli(c[0], "--checkpoint", ckpt16.toString(), c[1], "40", "--threads", "1", "--out", out.toString());
                assertThat(r.code()).as(c[0] + ": " + r.err()).isEqualTo(2);
                assertThat(oneLine(r)).as(c[0]).contains(c[2], "needs about", "but the Java heap is 1.0 MB", c[3]);
                assertThat(out).as(c[0]).doesNotExist();
            }
        } finally {
            System.clearProperty(resnetlab.train.MemoryEstimate.HEAP_PROPERTY);
        }
        // and with the real heap the same requests run
        var ok = cli("paths", "--checkpoint", ckpt16.toString(), "--batch", "40", "--samples", "2", "--threads", "1", "--quiet",
                "--out", dir.resolve("mem-ok").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
    }

    @Test void anEmptyOutputPathIsRefusedNotTakenAsTheCurrentFolder() {
        var r = cli("train", "--dataset", "shapes", "--iterations", "1", "--out", "");
        assertThat(r.code()).isEqualTo(2);
        assertThat(oneLine(r)).contains("'--out'", "an empty path");
        assertThat(Path.of("result.json")).doesNotExist();
    }

    @Test void epochsZeroIsReportedAsEpochs() {
        var r = cli("train", "--dataset", "shapes", "--epochs", "0", "--out", dir.resolve("e").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(oneLine(r)).isEqualTo("error: --epochs 0 must be at least 1");
    }

    @Test void interpolationBetweenTwoArchitecturesNamesWhatDiffers() {
        var r = cli("landscape", "--checkpoint", ckpt16.toString(), "--checkpoint2", ckpt12.toString(), "--grid", "0",
                "--slice-points", "3", "--out", dir.resolve("i").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(oneLine(r)).contains("--checkpoint2 holds a ResNet-8 that differs from the one in --checkpoint (imageSize 12, not 16): "
                + "interpolation needs one architecture").doesNotContain("but --checkpoint holds ResNet-8");
        assertThat(dir.resolve("i")).doesNotExist();
    }

    @Test void aCheckpointThatIsAFolderIsNamed() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("model.ckpt"));
        for (String command : new String[] {"paths", "lesion", "landscape"}) {
            var r = cli(command, "--checkpoint", folder.toString(), "--out", dir.resolve("o-" + command).toString());
            assertThat(r.code()).as(command).isEqualTo(1);
            assertThat(oneLine(r)).as(command).isEqualTo("error: " + folder + ": is a folder, not a checkpoint file");
        }
        var resp = cli("responses", "--checkpoint", folder.toString(), "--out", dir.resolve("o-r").toString());
        assertThat(oneLine(resp)).contains(folder + ": is a folder");
        var train = cli("paths", "--checkpoint", ckpt16.getParent().toString(), "--out", dir.resolve("o-t").toString());
        assertThat(oneLine(train)).endsWith(": is a folder, not a checkpoint file (did you mean " + ckpt16 + "?)");
    }

    @Test void responsesOnATrainFolderSaysItIsNotASweep() throws Exception {
        var r = cli("responses", "--sweep", ckpt16.getParent().toString(), "--out", dir.resolve("r").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(oneLine(r)).contains("is a folder written by 'train', not by 'sweep'", "--checkpoint " + ckpt16);
        Path fake = Files.createDirectories(dir.resolve("fake"));
        Files.writeString(fake.resolve("result.json"), "{\"config\": 1}");
        var f = cli("responses", "--sweep", fake.toString(), "--out", dir.resolve("r2").toString());
        assertThat(f.code()).isEqualTo(1);
        assertThat(oneLine(f)).startsWith("error: " + fake.resolve("result.json") + ":1:")
                .endsWith(": not a sweep result (Unrecognized field \"config\")");
    }

    @Test void debugIsAcceptedByEveryCommandAndAddsTheStackTrace() {
        var r = cli("train", "--debug", "--batch", "0", "--out", dir.resolve("d").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("IllegalArgumentException").contains("\tat ").contains("error: --batch 0 must be at least 1");
    }
}
