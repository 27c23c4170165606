package resnetlab.kernel.simd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import resnetlab.kernel.EjmlGemm;
import resnetlab.kernel.Gemm;
import resnetlab.kernel.Parallel;

/**
 * Times the single-threaded Vector API GEMM against the single-threaded EJML reference on the shapes of the
 * convolutions (im2col: M×K×N = Cout × Cin·9 × H·W·batch) and on square matrices.
 *
 * <p>Each GEMM is warmed up (the first calls run interpreted or C1 code), then timed for several repeats;
 * the median is reported because the machine may be shared. EJML gets fewer repeats on the large shapes,
 * where one call takes around half a second. Times are the thread's CPU time where the JVM offers it
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

    /** Seconds of timed runs aimed at per kernel and shape (at least 5 repeats for SIMD, 3 for EJML). */
    private static final double SECONDS_PER_KERNEL = 1.0;

    private GemmBenchmark() {}

    /** Runs {@link #SHAPES}; takes about half a minute on an idle machine. */
    public static List<Result> run() {
        return run(SHAPES);
    }

    public static List<Result> run(List<Shape> shapes) {
        Gemm simd = new VectorGemm(Parallel.SERIAL), ejml = new EjmlGemm();
        SplittableRandom random = new SplittableRandom(1);
        List<Result> results = new ArrayList<>();
        for (Shape s : shapes) {
            float[] a = random(random, s.m * s.k), b = random(random, s.k * s.n), c = new float[s.m * s.n];
            double simdGflops = medianGflops(simd, s, a, b, c, 5, 100);
            double ejmlGflops = medianGflops(ejml, s, a, b, c, 3, 9);
            results.add(new Result(s.m, s.k, s.n, simdGflops, ejmlGflops));
        }
        return results;
    }

    /**
     * Median rate over repeats; the repeat count aims at {@link #SECONDS_PER_KERNEL} using the time of the last
     * warm-up call, clamped to [minRepeats, maxRepeats]. The warm-up runs until the best rate has not grown
     * by 5 % for three calls and 0.3 s (at most 10 s): vector code starts interpreted, far slower than C2's.
     */
    private static double medianGflops(Gemm g, Shape s, float[] a, float[] b, float[] c, int minRepeats, int maxRepeats) {
        long start = ThreadClock.nanos(), last;
        double best = 0;
        int sinceGain = 0;
        while (true) {
            long t0 = ThreadClock.nanos();
            g.gemm(false, false, s.m, s.n, s.k, a, b, 0f, c);
            long now = ThreadClock.nanos();
            last = now - t0;
            double rate = s.flops() / last;
            if (rate > best * 1.05) {
                best = rate;
                sinceGain = 0;
            } else {
                sinceGain++;
            }
            if ((sinceGain >= 3 && now - start > 300_000_000L) || now - start > 10_000_000_000L) break;
        }
        int repeats = (int) Math.max(minRepeats, Math.min(maxRepeats, SECONDS_PER_KERNEL * 1e9 / last));
        double[] gflops = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = ThreadClock.nanos();
            g.gemm(false, false, s.m, s.n, s.k, a, b, 0f, c);
            gflops[r] = s.flops() / (ThreadClock.nanos() - t0);
        }
        Arrays.sort(gflops);
        return repeats % 2 == 1 ? gflops[repeats / 2] : (gflops[repeats / 2 - 1] + gflops[repeats / 2]) / 2;
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** Prints the FMA peak and the table; for manual runs. */
    public static void main(String[] args) {
        double peak = FmaPeak.measureGflops();
        System.out.printf("single-core FP32 FMA peak: %.1f GFLOP/s (%d lanes; timed by %s)%n", peak, MicroKernel.L,
                ThreadClock.kind());
        System.out.printf("%-16s %10s %10s %8s %9s%n", "M x K x N", "simd", "ejml", "ratio", "of peak");
        for (Result r : run()) {
            System.out.printf("%-16s %10.1f %10.2f %7.1fx %8.0f%%%n", r.m() + "x" + r.k() + "x" + r.n(),
                    r.simdGflops(), r.ejmlGflops(), r.speedup(), 100 * r.simdGflops() / peak);
        }
    }
}
