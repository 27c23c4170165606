package resnetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.train.Checkpoint;

class TrainCommandTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test void trainWritesResultAndCheckpoint() throws Exception {
        Path out = dir.resolve("run");
        Run r = cli("train", "--depth", "8", "--width", "4", "--dataset", "shapes", "--train-size", "256", "--test-size", "100",
                "--image-size", "12", "--iterations", "6", "--batch", "32", "--eval-every", "3", "--threads", "1", "--seed", "4",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ResNet-8").contains("test error");
        JsonNode json = Json.MAPPER.readTree(out.resolve("result.json").toFile());
        assertThat(json.at("/config/model/depth").asInt()).isEqualTo(8);
        assertThat(json.at("/config/training/seed").asLong()).isEqualTo(4);
        assertThat(json.at("/config/data/name").asText()).isEqualTo("shapes");
        assertThat(json.get("history")).hasSize(6);
        assertThat(json.at("/history/0").fieldNames()).toIterable().contains("iteration", "trainLoss", "trainError", "lr");
        assertThat(json.get("evals")).hasSize(2);
        assertThat(json.at("/evals/0").fieldNames()).toIterable().contains("iteration", "testError", "testLoss");
        assertThat(json.at("/final/diverged").asBoolean()).isFalse();
        double mean = (json.at("/history/5/trainError").asDouble());
        assertThat(json.at("/final/trainError").asDouble()).isEqualTo(mean); // last 10% of 6 iterations = the last one
        assertThat(json.at("/final/testError").asDouble()).isEqualTo(json.at("/evals/1/testError").asDouble());
        assertThat(json.at("/throughput/imagesPerSecond").asDouble()).isPositive();
        assertThat(json.get("version").asText()).isNotBlank();
        var loaded = Checkpoint.load(out.resolve("model.ckpt"), Compute.reference());
        assertThat(loaded.network().spec().depth()).isEqualTo(8);
    }

    @Test void badArgumentsGiveOneLineAndNonZeroExit() {
        Run depth = cli("train", "--depth", "21", "--out", dir.toString());
        assertThat(depth.code()).isEqualTo(2);
        assertThat(depth.err().strip()).startsWith("error: depth 21 is not 6n+2").doesNotContain("\n");

        Run shortcut = cli("train", "--shortcut", "gated", "--out", dir.toString());
        assertThat(shortcut.code()).isEqualTo(2);
        assertThat(shortcut.err()).contains("unknown shortcut type 'gated'");

        Run number = cli("train", "--lambda", "abc", "--out", dir.toString());
        assertThat(number.code()).isEqualTo(2);
        assertThat(number.err().strip()).contains("--lambda").doesNotContain("\n");

        Run conflict = cli("train", "--model", "plain", "--shortcut", "identity", "--out", dir.toString());
        assertThat(conflict.code()).isEqualTo(2);
        assertThat(conflict.err()).contains("--model plain has no shortcut");

        Run dataset = cli("train", "--dataset", "imagenet", "--out", dir.toString());
        assertThat(dataset.code()).isEqualTo(2);
        assertThat(dataset.err()).contains("unknown dataset 'imagenet'");
    }

    @Test void nonWritableOutputFolderIsRefusedBeforeTraining() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (Files.isWritable(locked)) return; // running as root: permissions are not enforced, nothing to test
            Run r = cli("train", "--dataset", "shapes", "--iterations", "1", "--out", locked.resolve("x").toString());
            assertThat(r.code()).isNotZero();
            assertThat(r.err()).contains("locked");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test void outputPathThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "keep me");
        Run r = cli("train", "--dataset", "shapes", "--iterations", "1", "--out", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("taken");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }
}
