package resnetlab.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.cli.Main;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.io.Json;
import resnetlab.tensor.Tensor;

/**
 * The exported project's Python side against our engine, end to end: {@code labdata.py} prepares the very images
 * we prepare; a net trained by {@code train.py}, imported back, has the same test error in our {@code evaluate}
 * as in {@code evaluate.py}; {@code torchrun} with two gloo processes trains on the shipped Fashion-MNIST subset,
 * resumes from its checkpoint, and its weights import. Needs a python3 with torch (skips otherwise).
 */
class PytorchRoundTripTest {
    @TempDir Path dir;

    record Cli(int code, String out, String err) {}

    static Cli cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    Path export(String name, String... flags) {
        Path project = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("export", "pytorch"));
        args.addAll(List.of(flags));
        args.addAll(List.of("--out", project.toString()));
        Cli r = cli(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return project;
    }

    static PythonTorch.Result python(Path project, int timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PythonTorch.assume()));
        cmd.addAll(List.of(args));
        PythonTorch.Result r = PythonTorch.run(project, timeout, cmd);
        assertThat(r.code()).as(String.join(" ", cmd) + "\n" + r.out()).isZero();
        return r;
    }

    @Test void labdataPreparesTheImagesOurEnginePrepares() throws Exception {
        PythonTorch.assume();
        // 28 → 16 shrinks (area), 28 → 40 enlarges (bilinear)
        for (String size : new String[] {"16", "40"}) {
            Path project = export("data" + size, "--depth", "8", "--width", "2", "--image-size", size, "--train-size", "300",
                    "--test-size", "150", "--iterations", "1");
            Path dump = PythonTorch.script(dir, "dump_data.py");
            python(project, 300, dump.toString(), project.toString());
            Map<String, Tensor> py = Safetensors.read(project.resolve("data.safetensors")).tensors();
            ProjectConfig pc = Json.MAPPER.readValue(project.resolve("config.json").toFile(), ProjectConfig.class);
            DataSplit ours = Datasets.load(pc.data()).normalized();
            assertThat(ours.normalization()).as("the normalisation in config.json is the one we fit").isEqualTo(pc.normalization());
            assertThat(py.get("train.x").data).as("training images at " + size).isEqualTo(ours.train().images().data);
            assertThat(py.get("test.x").data).as("test images at " + size).isEqualTo(ours.test().images().data);
            int[] labels = ours.test().labels();
            for (int i = 0; i < labels.length; i++) assertThat((int) py.get("test.y").data[i]).isEqualTo(labels[i]);
            // labdata.fit_normalization on raw pixels gives our statistics (to float rounding of a double sum)
            float[] fitted = py.get("fitted").data;
            assertThat(fitted[0]).isCloseTo(pc.normalization().mean()[0], org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(fitted[1]).isCloseTo(pc.normalization().std()[0], org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test void aNetTrainedByTrainPyImportsAndOurEvaluateAgreesWithEvaluatePy() throws Exception {
        PythonTorch.assume();
        Path project = export("roundtrip", "--depth", "8", "--width", "4", "--image-size", "16", "--train-size", "2000",
                "--test-size", "1000", "--iterations", "15", "--batch", "50", "--shortcut", "shortcut-gate", "--gate-bias", "0",
                "--unit", "full-preact", "--option", "B");
        // the data folder given explicitly: the imported checkpoint must then read it (and refit the same statistics)
        python(project, 600, "train.py", "--out", "run", "--threads", "1", "--data-dir", project.resolve("data/fashion-mnist").toString());
        Path weights = project.resolve("run/weights.safetensors");
        JsonNode theirs = Json.MAPPER.readTree(python(project, 300, "evaluate.py", "--weights", weights.toString(), "--onnx", "net.onnx")
                .out().strip().lines().reduce((a, b) -> b).orElseThrow()); // the JSON is the last line (torch.onnx may warn)
        assertThat(Files.size(project.resolve("net.onnx"))).as("the ONNX file holds the weights").isGreaterThan(4L * 1000);
        Path ckpt = dir.resolve("trained.ckpt");
        Cli imp = cli("import", "pytorch", "--project", project.toString(), "--weights", weights.toString(), "--out", ckpt.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        Cli ev = cli("evaluate", "--checkpoint", ckpt.toString(), "--threads", "1");
        assertThat(ev.code()).as(ev.err()).isZero();
        JsonNode ours = Json.MAPPER.readTree(ev.out());
        var trained = resnetlab.experiments.TrainedModel.load(ckpt, resnetlab.kernel.Compute.reference());
        assertThat(trained.config().data().dataDir()).isEqualTo(project.resolve("data/fashion-mnist").toAbsolutePath());
        assertThat(trained.config().data().testSize()).isEqualTo(1000);
        assertThat(ours.get("images").asInt()).isEqualTo(theirs.get("images").asInt()).isEqualTo(1000);
        double gap = Math.abs(ours.get("testError").asDouble() - theirs.get("testError").asDouble());
        System.out.printf("round trip: evaluate.py %.4f, resnetlab evaluate %.4f on 1000 images%n",
                theirs.get("testError").asDouble(), ours.get("testError").asDouble());
        assertThat(gap).as("at most 1 image in 1000 apart").isLessThanOrEqualTo(1.0 / 1000 + 1e-12);
        assertThat(ours.get("testLoss").asDouble()).isCloseTo(theirs.get("testLoss").asDouble(), org.assertj.core.data.Offset.offset(1e-4));
        // train.py moved the weights and said so in its history
        JsonNode history = Json.MAPPER.readTree(project.resolve("run/history.json").toFile());
        assertThat(history.get("history")).hasSize(15);
        assertThat(history.at("/final/testError").asDouble()).isEqualTo(theirs.get("testError").asDouble());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) { return s.getLocalPort(); }
    }

    /** torchrun with two gloo processes; --redirects 1 --tee 1 because torch 1.13's default fails on Python 3.11. */
    static PythonTorch.Result torchrun(Path project, String... trainArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("-m", "torch.distributed.run", "--redirects", "1", "--tee", "1",
                "--nproc_per_node", "2", "--master_port", String.valueOf(freePort()), "train.py"));
        args.addAll(List.of(trainArgs));
        return python(project, 900, args.toArray(String[]::new));
    }

    @Test void torchrunWithTwoProcessesTrainsResumesAndItsWeightsImport() throws Exception {
        PythonTorch.assume();
        Path project = export("ddp", "--depth", "8", "--width", "4", "--image-size", "16", "--iterations", "20", "--batch", "64", "--seed", "3");
        torchrun(project, "--out", "run", "--iterations", "10", "--checkpoint-every", "10", "--threads", "1");
        JsonNode first = Json.MAPPER.readTree(project.resolve("run/history.json").toFile());
        assertThat(first.get("processes").asInt()).isEqualTo(2);
        assertThat(first.get("history")).hasSize(10);
        PythonTorch.Result resumed = torchrun(project, "--out", "run", "--iterations", "20", "--checkpoint-every", "10", "--resume", "--threads", "1");
        assertThat(resumed.out()).contains("resumed at iteration 10");
        JsonNode h = Json.MAPPER.readTree(project.resolve("run/history.json").toFile()).get("history");
        assertThat(h).hasSize(20);
        for (int i = 0; i < 10; i++) assertThat(h.get(i)).isEqualTo(first.get("history").get(i));
        assertThat(h.get(10).get("iteration").asInt()).isEqualTo(11);
        double early = 0, late = 0;
        for (int i = 0; i < 5; i++) { early += h.get(i).get("trainLoss").asDouble(); late += h.get(15 + i).get("trainLoss").asDouble(); }
        System.out.printf("torchrun x2: mean training loss %.3f over iterations 1-5, %.3f over 16-20%n", early / 5, late / 5);
        assertThat(late).as("the loss falls").isLessThan(early);

        Path ckpt = dir.resolve("ddp.ckpt");
        Cli imp = cli("import", "pytorch", "--project", project.toString(), "--weights", project.resolve("run/weights.safetensors").toString(),
                "--out", ckpt.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        var loaded = resnetlab.experiments.TrainedModel.load(ckpt, resnetlab.kernel.Compute.reference());
        assertThat(loaded.meta().get("iteration").asInt()).isEqualTo(20);
        assertThat(loaded.config().training().batch()).isEqualTo(64);
        assertThat(Files.exists(project.resolve("run/checkpoint.pt"))).isTrue();
    }

    @Test void runSweepPyTrainsEveryJobOfAnExportedSweepAndEachRunImports() throws Exception {
        PythonTorch.assume();
        Path spec = dir.resolve("tiny.json");
        Files.writeString(spec, resnetlab.cli.ExportPytorchCommandTest.TINY_SWEEP.replace("\"seeds\": [1, 2]", "\"seeds\": [4]"));
        Path out = dir.resolve("sweep");
        Cli r = cli("export", "pytorch", "--sweep", spec.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        python(out, 600, "run_sweep.py", "--threads", "1");
        assertThat(python(out, 60, "run_sweep.py", "--list").out()).doesNotContain("to do").contains("done");
        for (String net : new String[] {"01-resnet-8", "02-plain-8"}) {
            Path project = out.resolve("nets").resolve(net);
            Cli imp = cli("import", "pytorch", "--project", project.toString(), "--weights",
                    project.resolve("runs/seed-4/weights.safetensors").toString(), "--out", dir.resolve(net + ".ckpt").toString());
            assertThat(imp.code()).as(imp.err()).isZero();
            var loaded = resnetlab.experiments.TrainedModel.load(dir.resolve(net + ".ckpt"), resnetlab.kernel.Compute.reference());
            assertThat(loaded.config().training().seed()).isEqualTo(4);
            assertThat(loaded.meta().get("iteration").asInt()).isEqualTo(3);
        }
    }
}
