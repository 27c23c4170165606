package resnetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static resnetlab.cli.TrainCommandTest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;
import resnetlab.pytorch.ProjectConfig;
import resnetlab.pytorch.PytorchProject;
import resnetlab.pytorch.Safetensors;
import resnetlab.pytorch.StateDict;
import resnetlab.tensor.Tensor;
import resnetlab.train.Checkpoint;

public class ExportPytorchCommandTest {
    @TempDir Path dir;

    @Test void fromFlagsTheProjectHoldsTheSpecRecipeAndTheSeedsInitialWeights() throws Exception {
        Path out = dir.resolve("project");
        var r = cli("export", "pytorch", "--depth", "14", "--width", "4", "--shortcut", "exclusive-gate", "--gate-bias", "-2",
                "--unit", "full-preact", "--option", "B", "--dataset", "shapes", "--train-size", "200", "--test-size", "50",
                "--image-size", "12", "--iterations", "30", "--batch", "20", "--milestones", "10,20", "--warmup", "5",
                "--augment", "--seed", "7", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : PytorchProject.SOURCES) assertThat(out.resolve(f)).isRegularFile();
        assertThat(Files.readAllBytes(out.resolve("model.py"))).isEqualTo(PytorchProject.resource("model.py"));

        ProjectConfig pc = Json.MAPPER.readValue(out.resolve("config.json").toFile(), ProjectConfig.class);
        assertThat(pc.format()).isEqualTo(ProjectConfig.FORMAT);
        assertThat(pc.spec().depth()).isEqualTo(14);
        assertThat(pc.spec().shortcut()).isEqualTo(ShortcutType.EXCLUSIVE_GATE);
        assertThat(pc.spec().gateBias()).isEqualTo(-2);
        assertThat(pc.spec().unit()).isEqualTo(UnitOrder.FULL_PREACT);
        assertThat(pc.spec().inChannels()).isEqualTo(3);
        assertThat(pc.spec().imageSize()).isEqualTo(12);
        assertThat(pc.training().iterations()).isEqualTo(30);
        assertThat(pc.training().milestones()).containsExactly(10, 20);
        assertThat(pc.training().warmup()).isEqualTo("5");
        assertThat(pc.training().augment()).isTrue();
        assertThat(pc.data().trainSize()).isEqualTo(200);
        assertThat(pc.normalization().channels()).isEqualTo(3);
        assertThat(pc.decayed()).contains("stem.conv.weight", "stage1.block0.gate.weight", "fc.weight")
                .doesNotContain("stage1.block0.gate.bias", "fc.bias", "stem.bn.gamma");

        Network expected = NetworkBuilder.build(pc.spec(), Compute.reference(), 7);
        var weights = Safetensors.read(out.resolve("weights.safetensors"));
        Map<String, Tensor> want = StateDict.of(expected);
        assertThat(weights.tensors().keySet()).containsExactlyElementsOf(want.keySet());
        for (var e : want.entrySet()) assertThat(weights.tensors().get(e.getKey()).data).as(e.getKey()).isEqualTo(e.getValue().data);
        assertThat(weights.metadata()).containsKeys(PytorchProject.META_SPEC, PytorchProject.META_NORMALIZATION);
        assertThat(out.resolve("data")).doesNotExist(); // shapes are drawn, not shipped
    }

    @Test void fromACheckpointTheProjectHoldsItsTrainedWeightsAndTheShippedData() throws Exception {
        Path run = dir.resolve("run");
        var t = cli("train", "--depth", "8", "--width", "4", "--image-size", "12", "--train-size", "200", "--test-size", "50",
                "--iterations", "3", "--batch", "20", "--threads", "1", "--quiet", "--out", run.toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path out = dir.resolve("project");
        var r = cli("export", "pytorch", "--checkpoint", run.resolve("model.ckpt").toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ResNet-8").contains("iteration 3");
        Network trained = Checkpoint.load(run.resolve("model.ckpt"), Compute.reference()).network();
        var weights = Safetensors.read(out.resolve("weights.safetensors")).tensors();
        for (var e : StateDict.of(trained).entrySet()) assertThat(weights.get(e.getKey()).data).as(e.getKey()).isEqualTo(e.getValue().data);
        // the shipped Fashion-MNIST subset travels with the project, byte for byte
        assertThat(out.resolve("data/fashion-mnist/train-labels-idx1-ubyte.gz")).hasSameBinaryContentAs(
                Path.of("assets/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"));
        ProjectConfig pc = Json.MAPPER.readValue(out.resolve("config.json").toFile(), ProjectConfig.class);
        assertThat(pc.origin()).contains("model.ckpt");
        assertThat(pc.training().iterations()).isEqualTo(3);
    }

    @Test void aCheckpointWithNetworkFlagsIsRefusedInOneLine() {
        var r = cli("export", "pytorch", "--checkpoint", dir.resolve("x.ckpt").toString(), "--depth", "20", "--out", dir.resolve("p").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --checkpoint brings its own network, data and recipe; drop --depth");
        var missing = cli("export", "pytorch", "--checkpoint", dir.resolve("x.ckpt").toString(), "--out", dir.resolve("p").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).contains("x.ckpt").doesNotContain("\n");
    }

    public static final String TINY_SWEEP = "{\"name\": \"tiny\", \"network\": {\"depth\": 8, \"width\": 2},"
            + " \"variants\": [{}, {\"model\": \"plain\"}], \"training\": {\"iterations\": 3, \"batch\": 20},"
            + " \"data\": {\"name\": \"fashion\", \"trainSize\": 200, \"testSize\": 100, \"imageSize\": 12}, \"seeds\": [1, 2]}";

    @Test void aSweepBecomesOneProjectPerNetAndOneJobPerNetAndSeed() throws Exception {
        Path spec = dir.resolve("tiny.json");
        Files.writeString(spec, TINY_SWEEP);
        Path out = dir.resolve("sweep");
        var r = cli("export", "pytorch", "--sweep", spec.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 networks x 2 seeds = 4 jobs");
        var jobs = Json.MAPPER.readTree(out.resolve("jobs.json").toFile()).get("jobs");
        assertThat(jobs).hasSize(4);
        assertThat(Files.readAllLines(out.resolve("jobs.txt"))).hasSize(4)
                .contains("cd nets/02-plain-8 && python3 train.py --seed 2 --init init-seed2.safetensors --out runs/seed-2");
        for (String net : new String[] {"01-resnet-8", "02-plain-8"}) {
            Path project = out.resolve("nets").resolve(net);
            ProjectConfig pc = Json.MAPPER.readValue(project.resolve("config.json").toFile(), ProjectConfig.class);
            for (long seed : new long[] {1, 2}) {
                Network expected = NetworkBuilder.build(pc.spec(), Compute.reference(), seed);
                var init = Safetensors.read(project.resolve("init-seed" + seed + ".safetensors")).tensors();
                assertThat(init.get("stem.conv.weight").data).as(net + " seed " + seed).isEqualTo(expected.parameters().get(0).value.data);
            }
        }
        assertThat(Files.readAllBytes(out.resolve("run_sweep.py"))).isEqualTo(PytorchProject.resource("run_sweep.py"));
        var bad = cli("export", "pytorch", "--sweep", "degradation", "--depth", "20", "--out", out.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("error: --sweep brings its own networks, data and recipe; drop --depth");
    }
}
