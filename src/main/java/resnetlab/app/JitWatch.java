package resnetlab.app;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Tells the {@link Benchmark} when the JIT compiler has settled, so that a phase measures steady-state speed and
 * not the compiler's work. A new model on a new thread can send the training code back to the interpreter (its
 * first step takes branches the compiled code never saw: "unstable_if" in {@code -XX:+LogCompilation}), and
 * opening the window compiles JavaFX, Marlin and the chart code; under load C2 then needs 10-20 s to catch up.
 * A fixed warm-up measured part of that as "the window's cost".
 */
final class JitWatch {
    /** Compilation may take this share of the recent past and still count as quiet. */
    static final double QUIET_SHARE = 0.02;
    static final double WINDOW_SECONDS = 10;

    private final LongSupplier clock;
    private final LongSupplier compileMillis;
    private final long start;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanoTime, total compile millis}

    /** Watches this JVM's JIT compiler from now on. */
    JitWatch() {
        this(System::nanoTime, JitWatch::jvmCompileMillis);
    }

    /** With another clock (nanoseconds) and compile-time counter (milliseconds, -1 if unknown): for tests. */
    JitWatch(LongSupplier clock, LongSupplier compileMillis) {
        this.clock = clock;
        this.compileMillis = compileMillis;
        this.start = clock.getAsLong();
    }

    private static long jvmCompileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Compilation time so far, in milliseconds (summed over compiler threads); -1 if unknown. */
    long compileMillis() { return compileMillis.getAsLong(); }

    double secondsSinceStart() { return (clock.getAsLong() - start) / 1e9; }

    /**
     * Takes a sample; true once {@code minSeconds} have passed and compilation took less than {@link #QUIET_SHARE}
     * of the last {@link #WINDOW_SECONDS}, or once {@code maxSeconds} have passed whatever the compiler does.
     * Call a few times a second.
     */
    boolean settled(double minSeconds, double maxSeconds) {
        long now = clock.getAsLong();
        long ms = compileMillis();
        samples.addLast(new long[] {now, ms});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW_SECONDS * 1e9) samples.removeFirst();
        double elapsed = (now - start) / 1e9;
        if (elapsed >= maxSeconds) return true;
        if (elapsed < minSeconds) return false;
        if (ms < 0) return true; // no compile-time counter in this JVM: the minimum is all there is to wait for
        long[] first = samples.peekFirst();
        double span = (now - first[0]) / 1e9;
        return span >= WINDOW_SECONDS * 0.9 && (ms - first[1]) / 1e3 < QUIET_SHARE * span;
    }
}
