package resnetlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link Heap#collectWithoutShrinking}, the full collection {@code bench} runs before its timed steps, leaves the heap
 * at the size it had grown to (a shrink would hand its pages back on a background thread while the steps are timed)
 * and restores the flag it sets. The control, a plain {@code System.gc()} after the same growth, shows that this JVM would have shrunk.
 */
class HeapTest {
    private static final long MB = 1 << 20;

    @Test
    void theCollectionBeforeTheTimedStepsDoesNotShrinkTheHeap() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String ratio = vm.getVMOption("MaxHeapFreeRatio").getValue();

        long grown = grow();
        System.gc();
        long afterPlain = committed();
        assumeTrue(afterPlain < grown - 64 * MB, "this JVM did not shrink its heap after a plain System.gc() (grown to "
                + grown / MB + " MB, " + afterPlain / MB + " MB after): nothing to hold off");

        long grownAgain = grow();
        Heap.collectWithoutShrinking();
        assertThat(committed()).as("committed heap after the collection (grown to %d MB)", grownAgain / MB)
                .isGreaterThanOrEqualTo(grownAgain);
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(ratio);
    }

    /** Allocates short-lived arrays until the committed heap has grown by 256 MB (or 4 GB were allocated). */
    private static long grow() {
        long start = committed();
        long sink = 0;
        for (int i = 0; i < 1024 && committed() < start + 256 * MB; i++) {
            byte[][] live = new byte[64][];
            for (int j = 0; j < live.length; j++) live[j] = new byte[(int) MB];
            sink += live[i % 64].length;
        }
        assertThat(sink).isPositive();
        return committed();
    }

    private static long committed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }
}
