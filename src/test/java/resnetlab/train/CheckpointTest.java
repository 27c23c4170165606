package resnetlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;
import resnetlab.nn.GradCheck;
import resnetlab.tensor.Tensor;

class CheckpointTest {
    @TempDir Path dir;
    final Compute compute = Compute.reference();

    private Network trainedLittle() {
        Network net = NetworkBuilder.build(NetworkSpec.of(14, 4, 1, 16, 10, ShortcutType.EXCLUSIVE_GATE).withUnit(UnitOrder.BN_AFTER_ADD), compute, 9);
        Tensor x = GradCheck.randn(1, 8, 1, 16, 16);
        for (int i = 0; i < 3; i++) net.forward(x, true); // moves the BN running statistics off their start
        GradCheck.randomize(net.parameters(), 2, 0.2);
        return net;
    }

    @Test void roundTripGivesBitIdenticalOutputs() throws IOException {
        Network net = trainedLittle();
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, net, Map.of("iteration", 42, "note", "test"));
        Checkpoint.Loaded loaded = Checkpoint.load(file, compute);
        assertThat(loaded.network().spec()).isEqualTo(net.spec());
        assertThat(loaded.meta().get("iteration").asInt()).isEqualTo(42);
        Tensor x = GradCheck.randn(3, 5, 1, 16, 16);
        Tensor a = net.forward(x, false).copy();
        Tensor b = loaded.network().forward(x, false);
        assertThat(b.data).containsExactly(a.data);
        assertThat(Files.list(dir).count()).as("no temporary file is left behind").isEqualTo(1);
    }

    @Test void corruptTruncatedAndForeignFilesGetClearErrors() throws IOException {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, trainedLittle(), null);
        byte[] bytes = Files.readAllBytes(file);

        Path corrupt = dir.resolve("corrupt.ckpt");
        byte[] c = bytes.clone();
        c[c.length / 2] ^= 0x40;
        Files.write(corrupt, c);
        assertThatThrownBy(() -> Checkpoint.load(corrupt, compute)).hasMessageContaining("corrupt.ckpt").hasMessageContaining("corrupt");

        Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertThatThrownBy(() -> Checkpoint.load(truncated, compute)).hasMessageContaining("truncated.ckpt").hasMessageMatching(".*(corrupt|truncated).*");

        Path foreign = dir.resolve("photo.png");
        Files.write(foreign, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> Checkpoint.load(foreign, compute)).hasMessageContaining("photo.png").hasMessageContaining("not a resnet-lab checkpoint");

        assertThatThrownBy(() -> Checkpoint.load(dir.resolve("missing.ckpt"), compute)).hasMessageContaining("missing.ckpt");
    }

    @Test void checkpointOfAnotherArchitectureIsRefused() throws IOException {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, trainedLittle(), null);
        Network other = NetworkBuilder.build(NetworkSpec.of(20, 4, 1, 16, 10, ShortcutType.NONE), compute, 1);
        assertThatThrownBy(() -> Checkpoint.loadInto(file, other)).hasMessageContaining("another architecture");
    }

    @Test void failedSaveKeepsTheEarlierFile() throws IOException {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, trainedLittle(), null);
        byte[] before = Files.readAllBytes(file);
        Network net = trainedLittle();
        assertThatThrownBy(() -> Checkpoint.save(file, net, new Object() { public int getBoom() { throw new IllegalStateException("boom"); } }))
                .isInstanceOf(Exception.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
}
