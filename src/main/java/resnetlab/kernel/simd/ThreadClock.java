package resnetlab.kernel.simd;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The clock of the single-threaded measurements: the calling thread's CPU time where the JVM offers it,
 * else wall time. On a machine shared with other work, wall time also counts the moments the thread waited
 * for a core (on a busy 2-core machine it halved the measured rates); CPU time counts only the running,
 * including memory stalls, which are part of the kernel's cost.
 */
final class ThreadClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && enable();

    private ThreadClock() {}

    /** Nanoseconds from an arbitrary origin, for differences within one thread. */
    static long nanos() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** What {@link #nanos} measures, for reports: "thread CPU time" or "wall time". */
    static String kind() {
        return CPU_TIME ? "thread CPU time" : "wall time";
    }

    private static boolean enable() {
        try {
            if (!THREADS.isThreadCpuTimeEnabled()) THREADS.setThreadCpuTimeEnabled(true);
            return THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
