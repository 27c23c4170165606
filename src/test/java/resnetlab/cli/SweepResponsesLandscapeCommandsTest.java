package resnetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import resnetlab.io.Json;

class SweepResponsesLandscapeCommandsTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    /** Executes a command with the error handling {@link Main#run} installs (one line, exit 2 or 1). */
    static Run cli(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.configure(new CommandLine(command), false);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static final String SPEC = """
            {"name": "tiny", "network": {"width": 4},
             "variants": [{"depth": 8}, {"model": "plain", "depth": 8}],
             "training": {"iterations": 3, "batch": 16, "evalEvery": 2},
             "data": {"name": "shapes", "trainSize": 64, "testSize": 40, "imageSize": 12, "seed": 2},
             "seeds": [1, 2]}""";

    @Test void sweepThenResponsesThenLandscape() throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.json"), SPEC);
        Path out = dir.resolve("sweep");
        Run r = cli(new SweepCommand(), "--spec", spec.toString(), "--out", out.toString(), "--parallel", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 runs (0 already done").contains("[4/4]").contains("claim: the residual net trains clearly better than the plain net of the same depth: ");
        JsonNode json = Json.MAPPER.readTree(out.resolve("result.json").toFile());
        assertThat(json.get("version").asText()).isNotBlank();
        assertThat(json.get("command").asText()).isEqualTo("resnetlab sweep --spec " + spec + " --out " + out + " --parallel 2");
        assertThat(json.at("/spec/seeds")).hasSize(2);
        assertThat(json.at("/spec/training/iterations").asInt()).isEqualTo(3);
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(json.get("runs")).hasSize(4);
        assertThat(json.get("findings").size()).isGreaterThan(1);
        for (String f : new String[] {"training-error", "test-error"}) {
            for (String ext : new String[] {"png", "svg", "pdf", "csv"}) assertThat(out.resolve(f + "." + ext)).isNotEmptyFile();
        }
        assertThat(Files.readString(out.resolve("training-error.csv"))).contains("ResNet-8").contains("plain-8");

        // Again: everything is reused.
        Run again = cli(new SweepCommand(), "--spec", spec.toString(), "--out", out.toString(), "--charts", "none");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("4 runs (4 already done").doesNotContain("start ");

        Path resp = dir.resolve("responses");
        Run rr = cli(new ResponsesCommand(), "--sweep", out.toString(), "--out", resp.toString(), "--images", "20", "--threads", "1", "--charts", "csv");
        assertThat(rr.code()).as(rr.err()).isZero();
        JsonNode rj = Json.MAPPER.readTree(resp.resolve("result.json").toFile());
        assertThat(rj.get("nets")).hasSize(2);
        assertThat(rj.at("/nets/0/label").asText()).isEqualTo("ResNet-8");
        assertThat(rj.at("/nets/0/seed").asLong()).isEqualTo(1);
        assertThat(rj.at("/nets/0/layers")).hasSize(7);
        assertThat(rj.at("/nets/0/images").asInt()).isEqualTo(20);
        assertThat(rj.get("version").asText()).isNotBlank();
        assertThat(resp.resolve("responses-by-layer.csv")).isNotEmptyFile();
        assertThat(resp.resolve("responses-sorted.csv")).isNotEmptyFile();
        assertThat(resp.resolve("responses-sorted.png")).doesNotExist();

        Path land = dir.resolve("landscape");
        Run lr = cli(new LandscapeCommand(), "--checkpoint", out.resolve("runs/resnet-8-s1/model.ckpt").toString(),
                "--checkpoint2", out.resolve("runs/resnet-8-s2/model.ckpt").toString(), "--out", land.toString(),
                "--grid", "3", "--slice-points", "5", "--interpolation", "3", "--test-size", "20", "--threads", "1", "--charts", "csv");
        assertThat(lr.code()).as(lr.err()).isZero();
        assertThat(lr.out()).contains("100%");
        JsonNode lj = Json.MAPPER.readTree(land.resolve("result.json").toFile());
        assertThat(lj.at("/surface/loss")).hasSize(3);
        assertThat(lj.at("/surface/loss/1/1").asDouble()).isEqualTo(lj.at("/centre/loss").asDouble());
        assertThat(lj.at("/interpolation/x")).hasSize(3);
        assertThat(lj.get("trainingSeed").asLong()).isEqualTo(1);
        assertThat(lj.at("/config/seed").asLong()).isEqualTo(1);
        assertThat(lj.get("complete").asBoolean()).isTrue();
        assertThat(lj.get("images").asInt()).isEqualTo(20);
        for (String f : new String[] {"landscape-surface", "landscape-surface-3d", "landscape-slice", "landscape-interpolation"}) {
            assertThat(land.resolve(f + ".csv")).isNotEmptyFile();
        }

        // Li et al.'s resolution: 51x51, in the same long form as the app's export (series,x,y,z), in 2-D and 3-D alike
        Path fine = dir.resolve("landscape-51");
        Run lf = cli(new LandscapeCommand(), "--checkpoint", out.resolve("runs/resnet-8-s1/model.ckpt").toString(), "--out", fine.toString(),
                "--grid", "51", "--slice-points", "0", "--test-size", "10", "--threads", "1", "--charts", "csv,png", "--quiet");
        assertThat(lf.code()).as(lf.err()).isZero();
        assertThat(Json.MAPPER.readTree(fine.resolve("result.json").toFile()).at("/surface/loss/50")).hasSize(51);
        List<String> flat = Files.readAllLines(fine.resolve("landscape-surface.csv")), solid = Files.readAllLines(fine.resolve("landscape-surface-3d.csv"));
        assertThat(solid.get(0)).isEqualTo("series,x,y,z");
        assertThat(solid).hasSize(1 + 51 * 51);
        for (int i = 1; i < solid.size(); i++) {
            assertThat(solid.get(i).substring(solid.get(i).indexOf(','))).isEqualTo(flat.get(i).substring(flat.get(i).indexOf(',')));
        }
        assertThat(fine.resolve("landscape-surface-3d.png")).isNotEmptyFile();
    }

    @Test void badInputGivesOneLineAndKeepsWhatWasWritten() throws Exception {
        Run preset = cli(new SweepCommand(), "--preset", "degradaton", "--out", dir.toString());
        assertThat(preset.code()).isEqualTo(2);
        assertThat(preset.err().strip()).isEqualTo("error: unknown preset 'degradaton'; choose one of degradation, shortcuts, units, budget");

        Path bad = Files.writeString(dir.resolve("bad.json"), SPEC.replace("\"iterations\"", "\"iteratons\""));
        Run spec = cli(new SweepCommand(), "--spec", bad.toString(), "--out", dir.resolve("x").toString());
        assertThat(spec.code()).isEqualTo(2);
        assertThat(spec.err().strip()).startsWith("error: " + bad + ": unknown field 'training.iteratons'").doesNotContain("\n");
        assertThat(dir.resolve("x")).doesNotExist();

        Run missing = cli(new LandscapeCommand(), "--checkpoint", dir.resolve("nope.ckpt").toString(), "--out", dir.resolve("l").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("error: " + dir.resolve("nope.ckpt") + ": no such checkpoint file");
        Run missing2 = cli(new ResponsesCommand(), "--checkpoint", dir.resolve("nope.ckpt").toString(), "--out", dir.resolve("r").toString());
        assertThat(missing2.code()).isEqualTo(1);
        assertThat(missing2.err().strip()).isEqualTo("error: " + dir.resolve("nope.ckpt") + ": no such checkpoint file");
        Run noSweep = cli(new ResponsesCommand(), "--sweep", dir.toString(), "--out", dir.resolve("r").toString());
        assertThat(noSweep.code()).isEqualTo(1);
        assertThat(noSweep.err().strip()).contains("no sweep result here");

        // --out under a regular file cannot be created (works as root too, where permissions are not enforced)
        Path file = Files.writeString(dir.resolve("file.txt"), "keep me");
        Run out = cli(new SweepCommand(), "--preset", "degradation", "--out", file.resolve("sub").toString());
        assertThat(out.code()).isEqualTo(1);
        assertThat(out.err().strip()).startsWith("error: cannot create output folder " + file.resolve("sub")).doesNotContain("\n");
        assertThat(Files.readString(file)).isEqualTo("keep me");

        Run badGrid = cli(new LandscapeCommand(), "--checkpoint", file.toString(), "--out", dir.toString(), "--grid", "1");
        assertThat(badGrid.code()).isEqualTo(2);
        assertThat(badGrid.err().strip()).isEqualTo("error: grid 1 must be 0 (none) or at least 2 points per axis");
        Run notCkpt = cli(new LandscapeCommand(), "--checkpoint", file.toString(), "--out", dir.resolve("l2").toString());
        assertThat(notCkpt.code()).isEqualTo(1);
        assertThat(notCkpt.err().strip()).contains("not a resnet-lab checkpoint").doesNotContain("\n");
    }

    @Test void printSpecIsASpecFile() throws Exception {
        Run r = cli(new SweepCommand(), "--preset", "units", "--seeds", "4", "--iterations", "10", "--print-spec");
        assertThat(r.code()).as(r.err()).isZero();
        var s = resnetlab.experiments.SweepSpec.parse(r.out());
        assertThat(s.seeds()).containsExactly(4L);
        assertThat(s.training().iterations()).isEqualTo(10);
        assertThat(s.variants()).hasSize(5);
    }
}
