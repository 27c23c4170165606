package resnetlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;

class MemoryEstimateTest {
    /** Heap in use after a full collection (several, until it stops shrinking). */
    static long usedAfterGc() {
        var mem = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /** Heap held by a network after building it and taking two training steps (weights, buffers, momenta). */
    static long measureTraining(NetworkSpec spec, DataSplit data, int batch) {
        long before = usedAfterGc();
        try (Compute c = Compute.best(2)) {
            Network net = NetworkBuilder.build(spec, c, 1);
            Trainer t = new Trainer(net, data, new TrainConfig(2, batch, 0.05, 0.9, 1e-4, List.of(), "none", 1, 2, 0, false));
            t.step();
            t.step();
            long after = usedAfterGc();
            assertThat(t.iteration()).isEqualTo(2); // keeps the trainer (and its network) reachable until measured
            return after - before;
        }
    }

    @Test void trainingEstimateMatchesTheMeasuredHeapWithinAFactorOfTwo() {
        DataSplit data = Datasets.load(new DataSpec("shapes", null, 256, 64, 32, 7)).normalized();
        int[][] cases = {{20, 16, 64}, {56, 8, 32}, {8, 32, 128}};
        for (int[] k : cases) {
            NetworkSpec spec = NetworkSpec.of(k[0], k[1], 3, 32, 10, ShortcutType.IDENTITY);
            long measured = measureTraining(spec, data, k[2]);
            double estimated = MemoryEstimate.training(spec, k[2]).bytes() - MemoryEstimate.BASE_BYTES;
            System.out.printf("%s width %d batch %d: estimated %s, measured %s (ratio %.2f)%n", spec.displayName(), k[1], k[2],
                    MemoryEstimate.format(estimated), MemoryEstimate.format(measured), estimated / measured);
            assertThat(estimated / measured).as(spec.displayName()).isBetween(0.5, 2.0);
        }
    }

    @Test void aRequestTooBigIsRefusedWithEstimateHeapAndWhatToChange() {
        NetworkSpec huge = NetworkSpec.of(60002, 16, 1, 28, 10, ShortcutType.IDENTITY);
        MemoryEstimate e = MemoryEstimate.training(huge, 128);
        assertThat(e.fits(4_000_000_000L)).isFalse();
        assertThat(MemoryEstimate.weights(huge)).isGreaterThan(9e8); // 10,000 blocks per stage: 18·(16²+32²+64²)·10⁴ ≈ 9.7e8, no int overflow
        String msg = e.refusal("ResNet-60002 at batch 128", "a smaller --depth", 4_000_000_000L, 0);
        assertThat(msg).startsWith("ResNet-60002 at batch 128 needs about ").contains("(weights ", ", activations for batch 128 ")
                .contains("but the Java heap is 4.0 GB: start Java with more (-Xmx").endsWith("or ask for less (a smaller --depth)");
        assertThat(e.refusal("it", "less", 4_000_000_000L, 16_000_000_000L))
                .endsWith("but the Java heap is 4.0 GB, and this machine has only 16.0 GB: ask for less (less)");
        NetworkSpec mid = NetworkSpec.of(110, 64, 3, 32, 10, ShortcutType.IDENTITY);
        assertThat(MemoryEstimate.training(mid, 128).refusal("it", "less", 1_000_000_000L, 64_000_000_000L)).contains("-Xmx");
        assertThatThrownBy(() -> e.require("ResNet-60002", "less")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ResNet-60002 needs about");
        NetworkSpec small = NetworkSpec.of(20, 16, 3, 32, 10, ShortcutType.IDENTITY);
        assertThat(MemoryEstimate.training(small, 128).fits(4_000_000_000L)).isTrue();
        MemoryEstimate grid = MemoryEstimate.evaluation(small, 250).plus(MemoryEstimate.landscape(small, 30000, 41, false));
        assertThat(grid.bytes()).isGreaterThan(30000.0 * 30000 * 16); // a loss and an error per grid point
    }

    @Test void weightCountMatchesTheBuiltNetwork() {
        try (Compute c = Compute.reference()) {
            for (NetworkSpec s : List.of(NetworkSpec.of(20, 16, 3, 32, 10, ShortcutType.IDENTITY), NetworkSpec.of(8, 4, 1, 16, 10, ShortcutType.NONE))) {
                double built = NetworkBuilder.build(s, c, 1).weightCount();
                assertThat(MemoryEstimate.weights(s) / built).as(s.displayName()).isBetween(0.95, 1.05);
            }
        }
    }
}
