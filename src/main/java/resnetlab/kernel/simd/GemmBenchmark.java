package resnetlab.kernel.simd;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import resnetlab.kernel.EjmlGemm;
import resnetlab.kernel.Gemm;
import resnetlab.kernel.Parallel;
import resnetlab.tensor.Stats;

/**
 * Times the single-threaded Vector API GEMM against the single-threaded EJML reference on the shapes of the
 * convolutions (im2col: M×K×N = Cout × Cin·9 × H·W·batch) and on square matrices.
 *
 * <p>Each GEMM is warmed up (the first calls run interpreted or C1 code), then timed in rounds over all
 * shapes; the median of the calls is reported because the machine may be shared. EJML gets fewer calls on
 * the large shapes, where one call takes around half a second. Times are the thread's CPU time where the JVM offers it
 * ({@link ThreadClock}), so other work on the machine slows the numbers less than it would wall time.
 */
public final class GemmBenchmark {
    /** One problem size: op(A) is m×k, op(B) k×n. */
    public record Shape(int m, int k, int n) {
        public double flops() { return 2.0 * m * k * n; }
        @Override public String toString() { return m + "x" + k + "x" + n; }
    }

    /** Median GFLOP/s of both kernels on one shape, single-threaded, C = A·B (no transposes). */
    public record Result(int m, int k, int n, double simdGflops, double ejmlGflops) {
        public double speedup() { return simdGflops / ejmlGflops; }
    }

    /** The shapes of issue 3: three convolution GEMMs and two square ones. */
    public static final List<Shape> SHAPES = List.of(
            new Shape(16, 144, 65536), new Shape(32, 288, 16384), new Shape(64, 576, 4096),
            new Shape(512, 512, 512), new Shape(1024, 1024, 1024));

    /** Seconds of timed calls aimed at per kernel and shape, spread over {@link #ROUNDS} rounds. */
    private static final double SECONDS_PER_KERNEL = 1.5;
    /** Rounds over all shapes, so that a burst of other work on the machine touches few samples of a shape. */
    private static final int ROUNDS = 3;

    private GemmBenchmark() {}

    /** {@link #SHAPES}' results, and the FMA peak measured before and after them. */
    public record Measured(double peakBefore, double peakAfter, List<Result> results) {
        /**
         * The higher of the two: a host that slowed one measurement had made a GEMM read 117% "of the peak" (Zen 4
         * EPYC, 2026-12-07).
         */
        public double peak() { return Math.max(peakBefore, peakAfter); }
    }

    /** Runs {@link #SHAPES} between two measurements of the FMA peak; takes about 45 seconds. */
    public static Measured runBetweenPeaks() {
        double before = FmaPeak.measureGflops();
        List<Result> results = run(SHAPES);
        return new Measured(before, FmaPeak.measureGflops(), results);
    }

    /**
     * Warms both kernels up on every shape, then times them in {@link #ROUNDS} rounds over the shapes and
     * reports the median rate of all timed calls of each kernel and shape.
     */
    public static List<Result> run(List<Shape> shapes) {
        Gemm simd = new VectorGemm(Parallel.SERIAL), ejml = new EjmlGemm();
        SplittableRandom random = new SplittableRandom(1);
        List<Timing> timings = new ArrayList<>();
        for (Shape s : shapes) {
            float[] a = random(random, s.m * s.k), b = random(random, s.k * s.n), c = new float[s.m * s.n];
            Timing simdTiming = new Timing(simd, s, a, b, c), ejmlTiming = new Timing(ejml, s, a, b, c);
            simdTiming.warmUp();
            ejmlTiming.warmUp();
            timings.add(simdTiming);
            timings.add(ejmlTiming);
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (Timing t : timings) t.sample(SECONDS_PER_KERNEL / ROUNDS);
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            results.add(new Result(s.m, s.k, s.n, timings.get(2 * i).median(), timings.get(2 * i + 1).median()));
        }
        return results;
    }

    /** The timed calls of one kernel on one shape. */
    private static final class Timing {
        private final Gemm gemm;
        private final Shape shape;
        private final float[] a, b, c;
        private final List<Double> gflops = new ArrayList<>();
        private long lastCallNanos;

        Timing(Gemm gemm, Shape shape, float[] a, float[] b, float[] c) {
            this.gemm = gemm;
            this.shape = shape;
            this.a = a;
            this.b = b;
            this.c = c;
        }

        /**
         * Calls until the best rate has not grown by 5 % for three calls and 0.3 s have passed (at most 10 s):
         * vector code starts interpreted, far slower than C2's, and new shapes take new branches.
         */
        void warmUp() {
            long start = ThreadClock.nanos();
            double best = 0;
            int sinceGain = 0;
            while (true) {
                double rate = call();
                if (rate > best * 1.05) {
                    best = rate;
                    sinceGain = 0;
                } else {
                    sinceGain++;
                }
                long spent = ThreadClock.nanos() - start;
                if ((sinceGain >= 3 && spent > 300_000_000L) || spent > 10_000_000_000L) return;
            }
        }

        /** Timed calls for about {@code seconds}, at least one. */
        void sample(double seconds) {
            int calls = (int) Math.max(1, Math.min(100, seconds * 1e9 / lastCallNanos));
            for (int i = 0; i < calls; i++) gflops.add(call());
        }

        double median() { return Stats.median(gflops.stream().mapToDouble(Double::doubleValue).toArray()); }

        private double call() {
            long t0 = ThreadClock.nanos();
            gemm.gemm(false, false, shape.m, shape.n, shape.k, a, b, 0f, c);
            lastCallNanos = Math.max(1, ThreadClock.nanos() - t0);
            return shape.flops() / lastCallNanos;
        }
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** Prints the FMA peak and the table; for manual runs. */
    public static void main(String[] args) {
        Measured m = runBetweenPeaks();
        double peak = m.peak();
        System.out.printf("single-core FP32 FMA peak: %.1f GFLOP/s (%.1f before the GEMMs, %.1f after; %d lanes; timed by %s)%n",
                peak, m.peakBefore(), m.peakAfter(), MicroKernel.L, ThreadClock.kind());
        System.out.printf("%-16s %10s %10s %8s %9s%n", "M x K x N", "simd", "ejml", "ratio", "of peak");
        for (Result r : m.results()) {
            System.out.printf("%-16s %10.1f %10.2f %7.1fx %8.0f%%%n", r.m() + "x" + r.k() + "x" + r.n(),
                    r.simdGflops(), r.ejmlGflops(), r.speedup(), 100 * r.simdGflops() / peak);
        }
    }
}
