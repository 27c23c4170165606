package resnetlab.kernel.simd;

import static resnetlab.kernel.simd.MicroKernel.L;
import static resnetlab.kernel.simd.MicroKernel.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Dot-product kernel for C = A·Bᵀ when k is long (the weight gradient {@code dW += dY·colsᵀ}, k = H·W·batch).
 * Both operands are then contiguous along k, so a tile of C is a set of dot products of stored rows:
 * {@code C[i][j] = Σ_p a[i*lda + p] · b[j*ldb + p]}. No packing: three rows of one operand and four rows of
 * the other are streamed with unit stride, twelve vector accumulators hold lane-wise partial sums, and the
 * lanes are reduced once per k-block.
 *
 * <p>The kernel is symmetric in its operands: {@code x} rows are the ones re-read from cache for every
 * tile of {@code y}, the caller picks which of A and B plays which role.
 */
final class DotKernel {
    /** Rows of x and of y in one tile. */
    static final int XR = 3, YR = 4;

    private DotKernel() {}

    /**
     * Twelve dot products over {@code len} values: {@code out[r*YR + s] = Σ_p x[xr + p]·y[ys + p]} for the
     * three x rows starting at {@code x0,x1,x2} and four y rows at {@code y0..y3} (row starts may repeat,
     * which is how edge tiles are padded). Vector steps run in lanes, the reduction is followed by a scalar
     * tail of {@code len mod L} products.
     */
    static void dot(int len, float[] x, int x0, int x1, int x2, float[] y, int y0, int y1, int y2, int y3, float[] out) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        int bound = S.loopBound(len);
        for (int p = 0; p < bound; p += L) {
            FloatVector b0 = FloatVector.fromArray(S, y, y0 + p), b1 = FloatVector.fromArray(S, y, y1 + p);
            FloatVector b2 = FloatVector.fromArray(S, y, y2 + p), b3 = FloatVector.fromArray(S, y, y3 + p);
            FloatVector a = FloatVector.fromArray(S, x, x0 + p);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
            a = FloatVector.fromArray(S, x, x1 + p);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13);
            a = FloatVector.fromArray(S, x, x2 + p);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22); c23 = a.fma(b3, c23);
        }
        out[0] = sum(c00); out[1] = sum(c01); out[2] = sum(c02); out[3] = sum(c03);
        out[4] = sum(c10); out[5] = sum(c11); out[6] = sum(c12); out[7] = sum(c13);
        out[8] = sum(c20); out[9] = sum(c21); out[10] = sum(c22); out[11] = sum(c23);
        for (int p = bound; p < len; p++) {
            float a0 = x[x0 + p], a1 = x[x1 + p], a2 = x[x2 + p];
            float b0 = y[y0 + p], b1 = y[y1 + p], b2 = y[y2 + p], b3 = y[y3 + p];
            out[0] = Math.fma(a0, b0, out[0]); out[1] = Math.fma(a0, b1, out[1]);
            out[2] = Math.fma(a0, b2, out[2]); out[3] = Math.fma(a0, b3, out[3]);
            out[4] = Math.fma(a1, b0, out[4]); out[5] = Math.fma(a1, b1, out[5]);
            out[6] = Math.fma(a1, b2, out[6]); out[7] = Math.fma(a1, b3, out[7]);
            out[8] = Math.fma(a2, b0, out[8]); out[9] = Math.fma(a2, b1, out[9]);
            out[10] = Math.fma(a2, b2, out[10]); out[11] = Math.fma(a2, b3, out[11]);
        }
    }

    private static float sum(FloatVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }
}
