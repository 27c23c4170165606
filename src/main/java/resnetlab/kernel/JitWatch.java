package resnetlab.kernel;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Tells a benchmark when the JIT compiler has settled, so that it measures steady-state speed and not the
 * compiler's work: the app's window benchmark ({@code resnetlab.app.Benchmark}, a 10 s window) and {@code bench}'s
 * warm-up (a 2 s window). A new model on a new thread can send the training code back to the interpreter (its
 * first step takes branches the compiled code never saw: "unstable_if" in {@code -XX:+LogCompilation}), and
 * opening the window compiles JavaFX, Marlin and the chart code; under load C2 then needs 10-20 s to catch up.
 * A fixed warm-up measured part of that as "the window's cost".
 */
public final class JitWatch {
    /** The app's window benchmark: compilation may take this share of the last {@link #WINDOW_SECONDS}. */
    public static final double QUIET_SHARE = 0.02;
    public static final double WINDOW_SECONDS = 10;

    private final double windowSeconds;
    private final double quietShare;
    private final LongSupplier clock;
    private final LongSupplier compileMillis;
    private final long start;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanoTime, total compile millis}

    /** Watches this JVM's JIT compiler from now on, with the window benchmark's window and share. */
    public JitWatch() {
        this(WINDOW_SECONDS, QUIET_SHARE);
    }

    /** Quiet means compilation took less than {@code quietShare} of the last {@code windowSeconds}. */
    public JitWatch(double windowSeconds, double quietShare) {
        this(windowSeconds, quietShare, System::nanoTime, JitWatch::jvmCompileMillis);
    }

    /** With another clock (nanoseconds) and compile-time counter (milliseconds, -1 if unknown): for tests. */
    JitWatch(double windowSeconds, double quietShare, LongSupplier clock, LongSupplier compileMillis) {
        if (!(windowSeconds > 0) || !(quietShare > 0)) {
            throw new IllegalArgumentException("window and share must be positive: " + windowSeconds + ", " + quietShare);
        }
        this.windowSeconds = windowSeconds;
        this.quietShare = quietShare;
        this.clock = clock;
        this.compileMillis = compileMillis;
        this.start = clock.getAsLong();
    }

    /** This JVM's compilation time so far, in milliseconds summed over compiler threads; -1 if unknown. */
    public static long jvmCompileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Compilation time so far, in milliseconds (summed over compiler threads); -1 if unknown. */
    public long compileMillis() { return compileMillis.getAsLong(); }

    public double secondsSinceStart() { return (clock.getAsLong() - start) / 1e9; }

    /**
     * Takes a sample; true once {@code minSeconds} have passed and compilation took less than the quiet share of
     * the last window, or once {@code maxSeconds} have passed whatever the compiler does. Call a few times per
     * window (the window benchmark: every 250 ms; {@code bench}: after each training step).
     */
    public boolean settled(double minSeconds, double maxSeconds) {
        long now = clock.getAsLong();
        long ms = compileMillis();
        samples.addLast(new long[] {now, ms});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > windowSeconds * 1e9) samples.removeFirst();
        double elapsed = (now - start) / 1e9;
        if (elapsed >= maxSeconds) return true;
        if (elapsed < minSeconds) return false;
        if (ms < 0) return true; // no compile-time counter in this JVM: the minimum is all there is to wait for
        long[] first = samples.peekFirst();
        double span = (now - first[0]) / 1e9;
        return span >= windowSeconds * 0.9 && (ms - first[1]) / 1e3 < quietShare * span;
    }
}
