package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.app.model.DataPreset;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.PytorchBridge;
import resnetlab.data.DataSpec;
import resnetlab.kernel.Compute;
import resnetlab.model.DimensionOption;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;
import resnetlab.tensor.Tensor;

/** The PyTorch bridge's decisions, without a window: cost per image, live or not, default weights, bench setup. */
class PytorchBridgeTest {
    private static NetworkSpec spec(int depth, int width, int channels, int size) {
        return new NetworkSpec(depth, width, channels, size, 10, ShortcutType.IDENTITY, 0.5, false, -6, 0.5, UnitOrder.ORIGINAL,
                DimensionOption.A);
    }

    @Test
    void costPerImageCountsTheMultiplyAddsOfEveryConvolution() {
        // counted layer by layer from the built network: every 3x3 convolution's output size x 9 x input channels
        for (NetworkSpec s : new NetworkSpec[] {spec(20, 4, 1, 16), spec(56, 8, 1, 16), spec(32, 16, 3, 32)}) {
            Network net = NetworkBuilder.build(s, Compute.reference(), 1);
            long counted = 0;
            int size = s.imageSize();
            int in = s.inChannels();
            for (var p : net.parameters()) {
                Tensor w = p.value;
                if (w.rank() != 4 || w.dim(2) != 3) continue; // 3x3 conv weights [out, in, 3, 3]
                int out = w.dim(0);
                int stride = out > in && in != s.inChannels() ? 2 : 1;
                size /= stride;
                counted += (long) out * w.dim(1) * 9 * size * size;
                in = out;
            }
            assertThat(PytorchBridge.macsPerImage(s)).as(s.displayName()).isEqualTo(counted);
        }
    }

    @Test
    void classroomNetsTrainLivePaperScaleNetsDoNot() {
        assertThat(PytorchBridge.trainsLive(spec(56, 8, 1, 16))).isTrue();      // the default comparison's ResNet-56
        assertThat(PytorchBridge.trainsLive(spec(20, 16, 3, 32))).isTrue();     // ResNet-20 on CIFAR at width 16
        assertThat(PytorchBridge.trainsLive(spec(110, 16, 3, 32))).isFalse();   // the paper's ResNet-110
        assertThat(PytorchBridge.trainsLive(spec(1202, 16, 3, 32))).isFalse();
        assertThat(PytorchBridge.trainsLive(spec(1004, 1, 1, 8))).as("deeper than the card allows").isFalse();
    }

    @Test
    void defaultWeightsAreTheNewestOfTheProjectAndItsRunFolders(@TempDir Path dir) throws Exception {
        assertThat(PytorchBridge.defaultWeights(dir)).isNull();
        Path own = Files.write(dir.resolve("weights.safetensors"), new byte[8]);
        Files.setLastModifiedTime(own, FileTime.fromMillis(1_000_000));
        assertThat(PytorchBridge.defaultWeights(dir)).isEqualTo(own);
        Files.createDirectories(dir.resolve("run"));
        Path run = Files.write(dir.resolve("run/weights.safetensors"), new byte[8]);
        Files.setLastModifiedTime(run, FileTime.fromMillis(2_000_000));
        Files.createDirectories(dir.resolve("old"));
        Path old = Files.write(dir.resolve("old/weights.safetensors"), new byte[8]);
        Files.setLastModifiedTime(old, FileTime.fromMillis(500_000));
        assertThat(PytorchBridge.defaultWeights(dir)).isEqualTo(run);
        assertThat(PytorchBridge.defaultWeights(dir.resolve("missing"))).isNull();
    }

    @Test
    void anImportedNetGetsABenchSetupWithItsOwnData() {
        NetworkSpec s = new NetworkSpec(32, 6, 1, 16, 10, ShortcutType.SCALED, 0.75, true, -3, 0.25, UnitOrder.FULL_PREACT,
                DimensionOption.B);
        ModelSetup setup = PytorchBridge.setupOf(s, new DataSpec("fashion", null, 0, 0, 16, 1));
        assertThat(setup.spec(1, 16, 10)).isEqualTo(s);
        assertThat(setup.seed()).isNull();
        DataPreset p = DataPreset.byKey(setup.preset());
        assertThat(p.dataset()).isEqualTo("fashion");
        assertThat(p.imageSize()).isEqualTo(16);
        assertThat(PytorchBridge.setupOf(s, new DataSpec("fashion", null, 4000, 1000, 16, 0)).preset()).isEqualTo(DataPreset.FASHION_16.key());
    }
}
