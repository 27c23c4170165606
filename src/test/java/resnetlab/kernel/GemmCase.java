package resnetlab.kernel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One GEMM problem for tests: shapes, transposes, offsets, leading dimensions and beta, with seeded random
 * operands and a checker that compares a result with a reference element by element.
 *
 * <p>Inside the m×n window of C the error is measured against {@code sqrt(k+1)·(Σ_p |op(A)ip·op(B)pj| + |beta·Cij|)},
 * the scale float32 rounding errors grow with; outside the window (offset, padding beyond n) C must keep its
 * old bits exactly. For beta 0 the old window holds NaN, so any value that is read instead of overwritten shows.
 */
public record GemmCase(boolean transA, boolean transB, int m, int n, int k,
                       int aOff, int lda, int bOff, int ldb, int cOff, int ldc, float beta) {

    /** Dense operands without offsets. */
    public static GemmCase dense(boolean transA, boolean transB, int m, int n, int k, float beta) {
        return new GemmCase(transA, transB, m, n, k, 0, transA ? m : k, 0, transB ? k : n, 0, n, beta);
    }

    /** The same problem with offsets 1..4 and leading dimensions 1..3 larger than needed. */
    public GemmCase padded(SplittableRandom r) {
        return new GemmCase(transA, transB, m, n, k,
                1 + r.nextInt(4), aCols() + 1 + r.nextInt(3),
                1 + r.nextInt(4), bCols() + 1 + r.nextInt(3),
                1 + r.nextInt(4), n + 1 + r.nextInt(3), beta);
    }

    int aRows() { return transA ? k : m; }
    int aCols() { return transA ? m : k; }
    int bRows() { return transB ? n : k; }
    int bCols() { return transB ? k : n; }

    /** Random A, B in [-1, 1) and a C that is random outside the window and, for beta 0, NaN inside. */
    public Operands operands(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = random(r, aOff + aRows() * lda + 3);
        float[] b = random(r, bOff + bRows() * ldb + 3);
        float[] c = random(r, cOff + m * ldc + 3);
        if (beta == 0f) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
        return new Operands(a, b, c);
    }

    /** Runs {@code gemm} on a copy of C and returns it. */
    public float[] run(Gemm gemm, Operands o) {
        float[] c = o.c().clone();
        gemm.gemm(transA, transB, m, n, k, o.a(), aOff, lda, o.b(), bOff, ldb, beta, c, cOff, ldc);
        return c;
    }

    /**
     * The largest error of {@code actual} against {@code expected} in units of the rounding scale (see the class
     * comment); NaN or infinity when an element is not finite. Throws if anything outside the window changed.
     */
    public double maxScaledError(Operands o, float[] expected, float[] actual) {
        double worst = 0;
        for (int idx = 0; idx < actual.length; idx++) {
            int rel = idx - cOff;
            boolean inside = m > 0 && n > 0 && rel >= 0 && rel / ldc < m && rel % ldc < n;
            int i = inside ? rel / ldc : 0, j = inside ? rel % ldc : 0;
            if (!inside) {
                if (Float.floatToRawIntBits(actual[idx]) != Float.floatToRawIntBits(o.c()[idx])) {
                    throw new AssertionError(this + ": C[" + idx + "] outside the window changed from "
                            + o.c()[idx] + " to " + actual[idx]);
                }
                continue;
            }
            if (!Float.isFinite(actual[idx])) return Double.POSITIVE_INFINITY;
            double scale = beta == 0f ? 0 : Math.abs(o.c()[idx]);
            for (int p = 0; p < k; p++) scale += Math.abs((double) a(o, i, p) * b(o, p, j));
            double err = Math.abs((double) actual[idx] - expected[idx]) / (Math.sqrt(k + 1.0) * scale + 1e-30);
            worst = Math.max(worst, err);
        }
        return worst;
    }

    private float a(Operands o, int i, int p) { return transA ? o.a()[aOff + p * lda + i] : o.a()[aOff + i * lda + p]; }
    private float b(Operands o, int p, int j) { return transB ? o.b()[bOff + j * ldb + p] : o.b()[bOff + p * ldb + j]; }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    @Override public String toString() {
        return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta
                + " aOff=" + aOff + " lda=" + lda + " bOff=" + bOff + " ldb=" + ldb + " cOff=" + cOff + " ldc=" + ldc;
    }

    /** The arrays of one problem. */
    public record Operands(float[] a, float[] b, float[] c) {}
}
