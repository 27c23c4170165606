package resnetlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Heap#collectWithoutShrinking}, the full collection {@code bench} runs before its timed steps, leaves the heap
 * at the size it had grown to (a shrink would hand its pages back on a background thread while the steps are timed)
 * and restores the flag it sets. Each case runs in a fresh JVM with a small starting heap (this test JVM's heap has
 * whatever size the tests before left it): the heap grows by 256 MB of short-lived arrays, then is collected. The
 * control, a plain {@code System.gc()} after the same growth, shows that such a JVM shrinks its heap.
 */
class HeapTest {
    private static final long MB = 1 << 20;

    @Test
    void theCollectionBeforeTheTimedStepsDoesNotShrinkTheHeap() throws Exception {
        long[] plain = run("plain");
        assumeTrue(plain[1] < plain[0] - 64 * MB, "a fresh JVM did not shrink its heap after a plain System.gc() (grown to "
                + plain[0] / MB + " MB, " + plain[1] / MB + " MB after): nothing to hold off");

        long[] held = run("held");
        assertThat(held[1]).as("committed heap after the collection (grown to %d MB)", held[0] / MB).isGreaterThanOrEqualTo(held[0]);
        assertThat(held[2]).as("MaxHeapFreeRatio after the collection").isEqualTo(held[3]);
    }

    /** Runs {@link Probe} in a fresh JVM: committed heap grown and after the collection, the flag after and before. */
    private static long[] run(String how) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xms64m", "-Xmx1g", "-XX:+UseG1GC", "-cp",
                System.getProperty("java.class.path"), Probe.class.getName(), how)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] f = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        assertThat(f).as(out).hasSize(4);
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) v[i] = Long.parseLong(f[i]);
        return v;
    }

    /** In the fresh JVM: grow the heap, collect ("plain" or "held"), print the figures on one line. */
    public static final class Probe {
        public static void main(String[] args) {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long before = Long.parseLong(vm.getVMOption("MaxHeapFreeRatio").getValue());
            long grown = grow();
            if (args[0].equals("held")) Heap.collectWithoutShrinking(); else System.gc();
            long after = committed();
            long ratio = Long.parseLong(vm.getVMOption("MaxHeapFreeRatio").getValue());
            System.out.println(grown + " " + after + " " + ratio + " " + before);
        }

        /** Allocates short-lived arrays until the committed heap has grown by 256 MB (or 4 GB were allocated). */
        private static long grow() {
            long start = committed(), sink = 0;
            for (int i = 0; i < 1024 && committed() < start + 256 * MB; i++) {
                byte[][] live = new byte[64][];
                for (int j = 0; j < live.length; j++) live[j] = new byte[(int) MB];
                sink += live[i % 64].length;
            }
            if (sink == 0) throw new IllegalStateException();
            return committed();
        }
    }

    private static long committed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }
}
