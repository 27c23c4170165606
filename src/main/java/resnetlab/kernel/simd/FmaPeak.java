package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures this machine's single-core FP32 fused-multiply-add peak, the yardstick for {@link VectorGemm}.
 *
 * <p>The loop keeps twelve independent accumulators so that the FMA units never wait for a previous
 * result (two FMA pipes with a latency of four cycles need eight chains in flight). Each accumulator step
 * {@code acc = acc·a + b} is one FMA of L lanes, i.e. 2·L flops. The recurrence
 * converges to {@code b/(1-a)}, so values stay normal and finite however long it runs. Time is the thread's
 * CPU time where available ({@link ThreadClock}).
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final int ACCUMULATORS = 12;
    /** Inner iterations per timed chunk (~0.1 ms); the chunk count adapts to the time budget. */
    private static final int CHUNK = 1 << 15;

    /** Keeps the JIT from discarding the loop. */
    static volatile float sink;

    private FmaPeak() {}

    /** Single-core FP32 FMA peak in GFLOP/s: best of three ~0.5 s trials after a warm-up (2-3 s in all). */
    public static double measureGflops() {
        return measureGflops(500_000_000L, 3);
    }

    /** Best of {@code trials} runs of about {@code nanosPerTrial} each, after {@link #warmUp}. */
    static double measureGflops(long nanosPerTrial, int trials) {
        warmUp();
        double best = 0;
        for (int t = 0; t < trials; t++) best = Math.max(best, run(nanosPerTrial));
        return best;
    }

    /**
     * Runs the loop until its rate has not grown by 5 % for half a second (at most 10 s). It starts
     * interpreted, where vector code is some hundred times slower than C2's, and C2 may take a while to
     * finish compiling on a busy machine.
     */
    private static void warmUp() {
        long start = ThreadClock.nanos(), lastGain = start;
        double best = 0;
        while (true) {
            double rate = run(50_000_000L);
            long now = ThreadClock.nanos();
            if (rate > best * 1.05) {
                best = rate;
                lastGain = now;
            }
            if (now - lastGain > 500_000_000L || now - start > 10_000_000_000L) return;
        }
    }

    /** Runs chunks of the FMA loop for at least {@code nanos} of {@link ThreadClock} time; returns GFLOP/s. */
    private static double run(long nanos) {
        long chunks = 0;
        long start = ThreadClock.nanos(), elapsed;
        float acc = 0;
        do {
            acc += fmaChunk(0.999999f + acc * 1e-30f, 1e-7f);
            chunks++;
            elapsed = ThreadClock.nanos() - start;
        } while (elapsed < nanos);
        sink = acc;
        double flops = (double) chunks * CHUNK * ACCUMULATORS * S.length() * 2;
        return flops / elapsed;
    }

    private static float fmaChunk(float a, float b) {
        FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
        FloatVector c0 = FloatVector.broadcast(S, 0.0f), c1 = FloatVector.broadcast(S, 0.01f);
        FloatVector c2 = FloatVector.broadcast(S, 0.02f), c3 = FloatVector.broadcast(S, 0.03f);
        FloatVector c4 = FloatVector.broadcast(S, 0.04f), c5 = FloatVector.broadcast(S, 0.05f);
        FloatVector c6 = FloatVector.broadcast(S, 0.06f), c7 = FloatVector.broadcast(S, 0.07f);
        FloatVector c8 = FloatVector.broadcast(S, 0.08f), c9 = FloatVector.broadcast(S, 0.09f);
        FloatVector c10 = FloatVector.broadcast(S, 0.10f), c11 = FloatVector.broadcast(S, 0.11f);
        for (int i = 0; i < CHUNK; i++) {
            c0 = c0.fma(va, vb); c1 = c1.fma(va, vb); c2 = c2.fma(va, vb); c3 = c3.fma(va, vb);
            c4 = c4.fma(va, vb); c5 = c5.fma(va, vb); c6 = c6.fma(va, vb); c7 = c7.fma(va, vb);
            c8 = c8.fma(va, vb); c9 = c9.fma(va, vb); c10 = c10.fma(va, vb); c11 = c11.fma(va, vb);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        return s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** Prints the peak; for manual runs ({@code java --add-modules jdk.incubator.vector ...}). */
    public static void main(String[] args) {
        System.out.printf("FP32 FMA peak, one core, %d lanes: %.1f GFLOP/s (%s)%n", S.length(), measureGflops(),
                ThreadClock.kind());
    }
}
