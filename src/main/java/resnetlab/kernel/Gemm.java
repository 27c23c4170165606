package resnetlab.kernel;

/**
 * General matrix multiply on row-major float arrays: {@code C = op(A)·op(B) + beta·C}.
 *
 * <p>Shapes: op(A) is m×k, op(B) is k×n, C is m×n. Element (i, j) of a stored matrix X with leading
 * dimension ldx is {@code x[xOff + i*ldx + j]}. With {@code transA} the stored A is k×m (so op(A) = Aᵀ
 * is read without being materialised); likewise {@code transB} stores B as n×k. {@code beta} is 0 (overwrite
 * C; its old contents, even NaN, are ignored) or 1 (accumulate into C).
 *
 * <p>The three calls of a convolution: forward {@code Y = W·cols} (NN), weight gradient
 * {@code dW += dY·colsᵀ} (NT, beta 1), input gradient {@code dcols = Wᵀ·dY} (TN).
 *
 * <p>Implementations may use several threads inside one call but must give bit-identical results for the
 * same inputs and thread count. C must not alias A or B.
 */
public interface Gemm {
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /** Short name for benchmarks and logs, e.g. "ejml" or "simd". */
    String name();

    /** Convenience for dense, offset-free operands: leading dimensions follow from the shapes. */
    default void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        gemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
    }

    /** Checks the arguments shared by every implementation; returns normally or throws. */
    static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size m=" + m + " n=" + n + " k=" + k);
        if (beta != 0f && beta != 1f) throw new IllegalArgumentException("beta must be 0 or 1, got " + beta);
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        checkOperand("A", a, aOff, lda, aRows, aCols);
        checkOperand("B", b, bOff, ldb, bRows, bCols);
        checkOperand("C", c, cOff, ldc, m, n);
        if (c == a || c == b) throw new IllegalArgumentException("C must not alias A or B");
    }

    private static void checkOperand(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new IllegalArgumentException(name + ": leading dimension " + ld + " < columns " + cols);
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException(name + ": " + rows + "x" + cols + " at offset " + off + " with ld " + ld
                    + " needs " + last + " values, array has " + x.length);
        }
    }
}
