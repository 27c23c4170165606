package resnetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.io.Json;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.train.RunConfig;
import resnetlab.train.TrainConfig;
import resnetlab.train.TrainingRun;

/** The {@code paths}, {@code lesion} and {@code gradient-flow} commands, run as picocli runs them under {@link Main}. */
class PathsLesionGradientFlowCommandsTest {
    @TempDir static Path shared;
    @TempDir Path dir;
    static Path resnet, plain;

    record Run(int code, String out, String err) {}

    /** Executes a command with the error handling {@link Main#run} installs (one line, exit 2 or 1). */
    static Run cli(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.configure(new CommandLine(command), false);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll static void checkpoints() throws Exception {
        resnet = train("resnet", ShortcutType.IDENTITY);
        plain = train("plain", ShortcutType.NONE);
    }

    static Path train(String name, ShortcutType type) throws Exception {
        var dataSpec = new DataSpec("shapes", null, 256, 60, 8, 2);
        DataSplit data = resnetlab.data.Datasets.load(dataSpec).normalized();
        var spec = NetworkSpec.of(14, 4, 3, 8, 10, type);
        var tc = new TrainConfig(4, 32, 0.1, 0.9, 1e-4, List.of(), "none", 3, 1, 0, false);
        TrainingRun.execute(new RunConfig(spec, tc, dataSpec), data, shared.resolve(name), "test", null, () -> false);
        return shared.resolve(name).resolve(TrainingRun.CHECKPOINT_FILE);
    }

    static void assertChart(Path dir, String base, boolean vectors) throws Exception {
        var png = ImageIO.read(dir.resolve(base + ".png").toFile());
        assertThat(png.getWidth()).isEqualTo(1800);
        assertThat(Files.readString(dir.resolve(base + ".csv"))).startsWith("series,x,y");
        if (vectors) {
            assertThat(Files.readString(dir.resolve(base + ".svg"))).contains("<svg");
            assertThat(Files.readAllBytes(dir.resolve(base + ".pdf"))).startsWith("%PDF".getBytes());
        }
    }

    // ---- paths ------------------------------------------------------------------------------------------

    @Test void pathsWritesTheCountsGradientsAndRangeWithItsProvenance() throws Exception {
        Path out = dir.resolve("paths");
        Run r = cli(new PathsCommand(), "--checkpoint", resnet.toString(), "--out", out.toString(), "--samples", "3", "--batch", "8",
                "--seed", "5", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("k = 6 of 6").contains("of the gradient comes from paths of length");
        JsonNode json = Json.MAPPER.readTree(out.resolve("result.json").toFile());
        assertThat(json.get("n").asInt()).isEqualTo(6);
        assertThat(json.get("lengths")).hasSize(7);
        long total = 0;
        for (JsonNode l : json.get("lengths")) {
            assertThat(l.fieldNames()).toIterable().contains("k", "count", "meanGradient", "contribution");
            assertThat(l.get("contribution").asDouble()).isCloseTo(l.get("count").asDouble() * l.get("meanGradient").asDouble(),
                    org.assertj.core.api.Assertions.within(1e-12));
            total += l.get("count").asLong();
        }
        assertThat(total).isEqualTo(64);
        assertThat(json.at("/lengths/3/count").asInt()).isEqualTo(20);
        int from = json.at("/effectiveRange/from").asInt(), to = json.at("/effectiveRange/to").asInt();
        assertThat(from).isBetween(0, to);
        assertThat(to).isLessThanOrEqualTo(6);
        assertThat(json.get("version").asText()).isNotBlank();
        assertThat(json.get("command").asText()).startsWith("resnetlab paths --checkpoint");
        assertThat(json.at("/config/seed").asLong()).isEqualTo(5);
        assertThat(json.at("/training/training/seed").asLong()).isEqualTo(3);
        assertChart(out, "paths", true);
    }

    @Test void pathsRefusesPlainNetsAndBadCheckpointsInOneLine() throws Exception {
        Run p = cli(new PathsCommand(), "--checkpoint", plain.toString(), "--out", dir.resolve("p").toString());
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err().strip()).startsWith("error: plain-14 is a plain net").doesNotContain("\n");

        Run missing = cli(new PathsCommand(), "--checkpoint", dir.resolve("nope.ckpt").toString(), "--out", dir.resolve("m").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).contains("nope.ckpt").contains("no such checkpoint file").doesNotContain("\n");

        Path corrupt = dir.resolve("corrupt.ckpt");
        byte[] bytes = Files.readAllBytes(resnet);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(corrupt, bytes);
        Run bad = cli(new PathsCommand(), "--checkpoint", corrupt.toString(), "--out", dir.resolve("c").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).contains("corrupt").doesNotContain("\n");

        Run samples = cli(new PathsCommand(), "--checkpoint", resnet.toString(), "--out", dir.resolve("s").toString(), "--samples", "0");
        assertThat(samples.code()).isEqualTo(2);
        assertThat(samples.err()).contains("samples 0 must be at least 1");
    }

    @Test void aFailedRunLeavesEarlierResultsAndUnwritableFoldersAreRefused() throws Exception {
        Path out = dir.resolve("keep");
        Files.createDirectories(out);
        Files.writeString(out.resolve("result.json"), "{\"earlier\": true}");
        Run r = cli(new LesionCommand(), "--checkpoint", resnet.toString(), "--out", out.toString(), "--deletions", "0,7", "--test-size", "20");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --deletions 7: ResNet-14 has only 6 blocks (k must be 0..6)");
        assertThat(Files.readString(out.resolve("result.json"))).isEqualTo("{\"earlier\": true}");

        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(locked)) return; // running as root: permissions are not enforced
        Run w = cli(new PathsCommand(), "--checkpoint", resnet.toString(), "--out", locked.resolve("x").toString());
        assertThat(w.code()).isEqualTo(1);
        assertThat(w.err().strip()).startsWith("error: cannot create output folder").doesNotContain("\n");
    }

    // ---- lesion -----------------------------------------------------------------------------------------

    @Test void lesionWritesEveryPartForTheNetAndItsComparison() throws Exception {
        Path out = dir.resolve("lesion");
        Run r = cli(new LesionCommand(), "--checkpoint", resnet.toString(), "--compare", plain.toString(), "--out", out.toString(),
                "--samples", "2", "--test-size", "30", "--deletions", "0,1,6", "--swaps", "0,1", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ResNet-14 from").contains("plain-14 from").contains("deleted block 6").contains("median")
                .doesNotContain("deleted block 0"); // people count blocks from 1, as the app's tiles
        // the chart's x is the block number counted from 1; result.json keeps the 0-based index
        List<Double> xs = Files.readAllLines(out.resolve("lesion-single.csv")).stream().filter(l -> l.startsWith("ResNet-14,"))
                .map(l -> Double.parseDouble(l.split(",")[1])).toList();
        assertThat(xs).contains(1.0, 6.0).doesNotContain(0.0);
        JsonNode json = Json.MAPPER.readTree(out.resolve("result.json").toFile());
        assertThat(json.get("baselineError").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("mode").asText()).contains("running statistics");
        assertThat(json.get("singleBlock")).hasSize(6);
        assertThat(json.at("/singleBlock/2").fieldNames()).toIterable().contains("block", "testError", "downsampling");
        assertThat(json.at("/singleBlock/2/downsampling").asBoolean()).isTrue();
        assertThat(json.at("/singleBlock/0/block").asInt()).isZero(); // JSON data: the Java API's index
        assertThat(json.get("randomK")).hasSize(3);
        assertThat(json.at("/randomK/0").fieldNames()).toIterable().contains("k", "meanError", "stdError");
        assertThat(json.at("/randomK/0/meanError").asDouble()).isEqualTo(json.get("baselineError").asDouble());
        assertThat(json.get("reorder")).hasSize(2);
        assertThat(json.get("reorderSamples")).hasSize(3);
        assertThat(json.at("/config/testSize").asInt()).isEqualTo(30);
        assertThat(json.get("version").asText()).isNotBlank();
        assertThat(json.at("/comparison/network").asText()).isEqualTo("plain-14");
        assertThat(json.at("/comparison/singleBlock")).hasSize(6);
        assertChart(out, "lesion-single", true);
        assertChart(out, "lesion-random-k", true);
        assertChart(out, "lesion-reorder", true);
    }

    // ---- gradient-flow ----------------------------------------------------------------------------------

    @Test void gradientFlowTrainsRecordsAndRedrawsFromItsResult() throws Exception {
        Path out = dir.resolve("flow");
        Run r = cli(new GradientFlowCommand(), "--depth", "14", "--width", "4", "--shortcut", "scaled", "--lambda", "0.5",
                "--unit", "full-preact", "--dataset", "shapes", "--train-size", "128", "--test-size", "20", "--image-size", "8",
                "--iterations", "3", "--batch", "16", "--lr", "0.01", "--threads", "1", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ResNet-14 (λ=0.5)").contains("direct term at block 0");
        JsonNode json = Json.MAPPER.readTree(out.resolve("result.json").toFile());
        assertThat(json.get("iterations")).hasSize(3);
        assertThat(json.get("outGrad")).hasSize(6);
        assertThat(json.at("/outGrad/0")).hasSize(3);
        assertThat(json.get("depthProfile")).hasSize(6);
        assertThat(json.at("/depthProfile/5/skipRatio").asDouble()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(json.at("/depthProfile/0/directTheory").asDouble()).isEqualTo(Math.pow(0.5, 6));
        assertThat(json.at("/training/model/lambda").asDouble()).isEqualTo(0.5);
        assertThat(json.get("state").asText()).isEqualTo("finished");
        assertChart(out, "gradient-depth", true);
        assertChart(out, "gradient-weights", true);
        assertChart(out, "gradient-heatmap", false);

        Path redrawn = dir.resolve("redrawn");
        Run again = cli(new GradientFlowCommand(), "--from", out.resolve("result.json").toString(), "--out", redrawn.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.readString(redrawn.resolve("gradient-depth.csv"))).isEqualTo(Files.readString(out.resolve("gradient-depth.csv")));

        Run wrong = cli(new GradientFlowCommand(), "--from", shared.resolve("resnet").resolve("result.json").toString(), "--out",
                dir.resolve("w").toString());
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err().strip()).contains("not a gradient-flow result").doesNotContain("\n");
    }
}
