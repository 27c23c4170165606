package resnetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static resnetlab.cli.TrainCommandTest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.pytorch.ProjectConfig;
import resnetlab.pytorch.Safetensors;
import resnetlab.pytorch.StateDict;
import resnetlab.tensor.Tensor;
import resnetlab.train.Checkpoint;

class ImportEvaluateCommandTest {
    @TempDir Path dir;
    Path run, project;

    @BeforeEach void trainAndExport() {
        run = dir.resolve("run");
        var t = cli("train", "--depth", "8", "--width", "4", "--image-size", "12", "--train-size", "200", "--test-size", "120",
                "--iterations", "4", "--batch", "20", "--threads", "1", "--quiet", "--out", run.toString());
        assertThat(t.code()).as(t.err()).isZero();
        project = dir.resolve("project");
        var e = cli("export", "pytorch", "--checkpoint", run.resolve("model.ckpt").toString(), "--out", project.toString());
        assertThat(e.code()).as(e.err()).isZero();
    }

    static JsonNode evaluate(String... args) throws Exception {
        var r = cli(args);
        assertThat(r.code()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    @Test void anExportedNetImportsBackBitForBitAndEvaluatesAlike() throws Exception {
        Path back = dir.resolve("back.ckpt");
        var r = cli("import", "pytorch", "--project", project.toString(), "--weights", project.resolve("weights.safetensors").toString(),
                "--out", back.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Network a = Checkpoint.load(run.resolve("model.ckpt"), Compute.reference()).network();
        Network b = Checkpoint.load(back, Compute.reference()).network();
        assertThat(b.spec()).isEqualTo(a.spec());
        Map<String, Tensor> sa = StateDict.of(a), sb = StateDict.of(b);
        for (String k : sa.keySet()) assertThat(sb.get(k).data).as(k).isEqualTo(sa.get(k).data);

        JsonNode original = evaluate("evaluate", "--checkpoint", run.resolve("model.ckpt").toString(), "--threads", "1");
        JsonNode imported = evaluate("evaluate", "--checkpoint", back.toString(), "--threads", "1");
        assertThat(original.get("images").asInt()).isEqualTo(120);
        assertThat(imported.get("testError").asDouble()).isEqualTo(original.get("testError").asDouble());
        assertThat(imported.get("testLoss").asDouble()).isEqualTo(original.get("testLoss").asDouble());
        double saved = Json.MAPPER.readTree(run.resolve("result.json").toFile()).at("/final/testError").asDouble();
        assertThat(original.get("testError").asDouble()).as("evaluate agrees with the run's own final evaluation").isEqualTo(saved);

        JsonNode fewer = evaluate("evaluate", "--checkpoint", back.toString(), "--test-size", "50", "--threads", "1");
        assertThat(fewer.get("images").asInt()).isEqualTo(50);
    }

    void assertRefused(Path weights, String... messageParts) {
        Path out = dir.resolve("refused.ckpt");
        var r = cli("import", "pytorch", "--project", project.toString(), "--weights", weights.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.out()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: ").doesNotContain("\n").doesNotContain("Exception");
        for (String p : messageParts) assertThat(r.err()).contains(p);
        assertThat(out).as("nothing written").doesNotExist();
    }

    @Test void badWeightsAreRefusedInOneLineAndNothingIsWritten() throws Exception {
        Path good = project.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        assertRefused(truncated, "truncated.safetensors", "truncated safetensors file");

        Path notOne = dir.resolve("notes.safetensors");
        Files.writeString(notOne, "not tensors at all");
        assertRefused(notOne, "notes.safetensors", "not a safetensors file");

        ProjectConfig pc = Json.MAPPER.readValue(project.resolve("config.json").toFile(), ProjectConfig.class);
        Network deeper = NetworkBuilder.build(pc.spec().withDepth(14), Compute.reference(), 1);
        Path deep = dir.resolve("deep.safetensors");
        resnetlab.pytorch.PytorchProject.writeWeights(deep, deeper, pc.normalization(), "test");
        assertRefused(deep, "the weights are of ResNet-14", "is ResNet-8");

        Path bare = dir.resolve("bare.safetensors"); // no metadata: the names and shapes speak
        Safetensors.write(bare, StateDict.of(deeper), Map.of());
        assertRefused(bare, "do not fit ResNet-8", "tensors the network does not have", "stage1.block1");

        Network wider = NetworkBuilder.build(new resnetlab.model.NetworkSpec(8, 5, 1, 12, 10, pc.spec().shortcut(), 0.5, false, -6, 0.5,
                pc.spec().unit(), pc.spec().option()), Compute.reference(), 1);
        Path wide = dir.resolve("wide.safetensors");
        Safetensors.write(wide, StateDict.of(wider), Map.of());
        assertRefused(wide, "wrong shape: stem.conv.weight is [5, 1, 3, 3], the network needs [4, 1, 3, 3]");

        Map<String, Tensor> partial = new LinkedHashMap<>(Safetensors.read(good).tensors());
        partial.remove("fc.bias");
        partial.put("fc.extra", new Tensor(3));
        Path odd = dir.resolve("odd.safetensors");
        Safetensors.write(odd, partial, Map.of());
        assertRefused(odd, "missing 1 of", "fc.bias", "fc.extra");
    }

    @Test void aFolderWithoutConfigIsNotAProject() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        var r = cli("import", "pytorch", "--project", empty.toString(), "--weights", project.resolve("weights.safetensors").toString(),
                "--out", dir.resolve("x.ckpt").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: " + empty + ": no config.json (not a project written by 'resnetlab export pytorch')");
        assertThat(dir.resolve("x.ckpt")).doesNotExist();

        Files.writeString(empty.resolve("config.json"), "{\"name\": \"something else\"}");
        var foreign = cli("import", "pytorch", "--project", empty.toString(), "--weights", project.resolve("weights.safetensors").toString(),
                "--out", dir.resolve("x.ckpt").toString());
        assertThat(foreign.code()).isEqualTo(2);
        assertThat(foreign.err()).contains("not the config of a resnet-lab PyTorch project");
    }
}
