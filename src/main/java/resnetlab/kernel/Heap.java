package resnetlab.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** A full collection for measuring the heap, without the shrink that would slow what runs after it. */
public final class Heap {
    private Heap() {}

    /**
     * {@code System.gc()} with the heap's shrink after it held off, for {@code bench} (before its timed steps, so
     * that their peak heap is the live set plus what they allocate) and the app's soak run (its heap samples).
     * G1 gives back the memory a full collection freed on a background thread after the pause: 1.9 GB after a
     * classroom warm-up (the heap had grown while the JIT compiled), about 130 ms of unmapping pages on this 2-core
     * machine while the first steps were timed. Two-thread classroom steps timed in a fresh JVM read 2,150-2,900
     * images/s with the shrink and 2,630-3,280 without, in four interleaved rounds (2026-12-06); without it they
     * match steps timed after an earlier entry, when there is nothing left to give back. {@code MaxHeapFreeRatio}
     * is a manageable HotSpot flag, set to 100 for the collection and then restored; other VMs just collect.
     */
    public static void collectWithoutShrinking() {
        HotSpotDiagnosticMXBean vm;
        String before;
        try {
            vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            before = vm.getVMOption("MaxHeapFreeRatio").getValue();
            vm.setVMOption("MaxHeapFreeRatio", "100");
        } catch (RuntimeException | LinkageError notHotSpot) {
            System.gc();
            return;
        }
        try {
            System.gc();
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", before);
        }
    }
}
