package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.app.model.DataPreset;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.SessionData;
import resnetlab.app.model.SessionFile;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.ShortcutType;
import resnetlab.train.Checkpoint;

/** Session files round-trip, and every kind of broken file is refused with a message naming it. */
class SessionFileTest {
    private static final ModelSetup SETUP = ModelSetup.of(8, ShortcutType.IDENTITY).withWidth(4).withPreset(DataPreset.SHAPES_8);

    private static SessionData data(String checkpoint) {
        return new SessionData(SessionFile.FORMAT, "test", new SessionData.Settings(0.1, 64, 400, 25, 11, 5), null,
                Map.of("pane", "1", "theme", "dark"),
                List.of(new SessionData.Model(SETUP, 12, checkpoint, new double[][] {{1, 2.3, 0.9}, {2, 2.2, 0.8}},
                        new double[][] {{2, 2.1, 0.75}})));
    }

    private static Path checkpoint(Path dir) throws IOException {
        try (Compute c = Compute.reference()) {
            Network n = NetworkBuilder.build(SETUP.spec(3, 8, 10), c, 7);
            Path p = dir.resolve("w.ckpt");
            Checkpoint.save(p, n, Map.of("iteration", 12));
            return p;
        }
    }

    @Test
    void roundTrip(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.rlab");
        SessionFile.write(file, data("model-0.ckpt"), Map.of("model-0.ckpt", checkpoint(dir)));
        Path out = Files.createDirectory(dir.resolve("out"));
        SessionFile.Opened o = SessionFile.read(file, out);
        SessionData d = o.data();
        assertThat(d.models()).hasSize(1);
        assertThat(d.models().get(0).setup()).isEqualTo(SETUP);
        assertThat(d.models().get(0).iteration()).isEqualTo(12);
        assertThat(d.models().get(0).train()[1]).containsExactly(2, 2.2, 0.8);
        assertThat(d.layout()).containsEntry("theme", "dark");
        assertThat(d.settings().speed()).isEqualTo(5);
        try (Compute c = Compute.reference()) {
            Network n = Checkpoint.load(o.checkpoints().get("model-0.ckpt"), c).network();
            Network original = Checkpoint.load(dir.resolve("w.ckpt"), c).network();
            assertThat(n.parameters().get(0).value.data).containsExactly(original.parameters().get(0).value.data);
        }
    }

    @Test
    void garbageIsNotASession(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("garbage.rlab");
        Files.writeString(file, "hello");
        assertThatThrownBy(() -> SessionFile.read(file, dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("garbage.rlab").hasMessageContaining("not a resnet-lab session");
    }

    @Test
    void aTruncatedFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.rlab");
        SessionFile.write(file, data("model-0.ckpt"), Map.of("model-0.ckpt", checkpoint(dir)));
        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.rlab");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> SessionFile.read(cut, Files.createDirectory(dir.resolve("o")))).isInstanceOf(IOException.class)
                .hasMessageContaining("cut.rlab");
    }

    @Test
    void corruptWeightsAreFound(@TempDir Path dir) throws IOException {
        Path ckpt = checkpoint(dir);
        byte[] w = Files.readAllBytes(ckpt);
        w[w.length / 2] ^= 0x5a;
        Files.write(ckpt, w);
        Path file = dir.resolve("s.rlab");
        SessionFile.write(file, data("model-0.ckpt"), Map.of("model-0.ckpt", ckpt));
        assertThatThrownBy(() -> SessionFile.read(file, Files.createDirectory(dir.resolve("o")))).isInstanceOf(IOException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void missingWeightsAndBadJsonAreNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.rlab");
        SessionFile.write(file, data("model-0.ckpt"), Map.of());
        assertThatThrownBy(() -> SessionFile.read(file, dir)).hasMessageContaining("model 1").hasMessageContaining("missing");

        Path json = dir.resolve("j.rlab");
        try (OutputStream out = Files.newOutputStream(json); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("session.json"));
            z.write("{\"format\": \"resnetlab-session/1\", \"models\": [ {\"setup\": {\"depth\": 57".getBytes());
            z.closeEntry();
        }
        assertThatThrownBy(() -> SessionFile.read(json, dir)).hasMessageContaining("session.json is not valid");

        Path other = dir.resolve("o.rlab");
        SessionData d = data(null);
        SessionData wrong = new SessionData("something-else/9", d.version(), d.settings(), null, d.layout(), d.models());
        SessionFile.write(other, wrong, Map.of());
        assertThatThrownBy(() -> SessionFile.read(other, dir)).hasMessageContaining("unknown session format");
    }

    @Test
    void anInvalidSetupIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.rlab");
        ModelSetup bad = new ModelSetup(57, 4, ShortcutType.IDENTITY, 0.5, false, -6, 0.5, SETUP.unit(), SETUP.option(), "shapes8", null);
        SessionData d = data(null);
        SessionFile.write(file, new SessionData(d.format(), d.version(), d.settings(), null, d.layout(),
                List.of(new SessionData.Model(bad, 0, null, null, null))), Map.of());
        assertThatThrownBy(() -> SessionFile.read(file, dir)).hasMessageContaining("6n+2");
    }

    @Test
    void gradientRowsRoundTripAndRaggedOnesAreRefused(@TempDir Path dir) throws IOException {
        SessionData d = data(null);
        double[][] grads = {{1, 0.5, 0.25, 0.125}, {2, 0.4, 0.2, 0.1}};
        Path file = dir.resolve("g.rlab");
        SessionFile.write(file, new SessionData(d.format(), d.version(), d.settings(), null, d.layout(),
                List.of(new SessionData.Model(SETUP, 2, null, null, null, grads))), Map.of());
        SessionData back = SessionFile.read(file, Files.createDirectory(dir.resolve("out"))).data();
        assertThat(back.models().get(0).gradients()).isDeepEqualTo(grads);

        Path ragged = dir.resolve("r.rlab");
        SessionFile.write(ragged, new SessionData(d.format(), d.version(), d.settings(), null, d.layout(),
                List.of(new SessionData.Model(SETUP, 2, null, null, null, new double[][] {{1, 0.5, 0.25}, {2, 0.4}}))), Map.of());
        assertThatThrownBy(() -> SessionFile.read(ragged, dir)).hasMessageContaining("r.rlab").hasMessageContaining("model 1")
                .hasMessageContaining("different numbers of blocks");
    }
}
