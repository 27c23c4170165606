package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct convolution's register tile where vectors are 512 bits wide: eight output channels × two
 * vectors of pixels, sixteen accumulators, {@code C[r][0..2L) = Σ_p A[p][r] · B[p][0..2L)}.
 *
 * <p>Why a second tile beside {@link MicroKernel}'s six rows: the nets a class trains have 8, 16, 32 or 64
 * channels, which six-row blocks cover only with four-row edge blocks (16 = 6 + 6 + 4, 8 = 4 + 4). A
 * four-row block keeps eight accumulators, one per FMA latency slot of the two FMA pipes and no more, and
 * loads six values per eight FMAs; the eight-row block loads ten per sixteen and covers every width of those
 * nets without an edge. It needs 16 accumulators + 2 B vectors + 1 broadcast = 19 registers: AVX-512 has 32
 * (AVX2 has 16, where the six-row tile stays), so {@link VectorConv3x3} uses it when a vector holds 16
 * floats or more, a width only AVX-512 and SVE-512 (both with 32 vector registers) run in hardware.
 *
 * <p>The A panel holds {@code ap[ao + p*8 + r]}, rows past a block's channels zero (computed, not stored);
 * the B panel {@code bp[bo + p*2L + j]} as for the GEMM.
 */
final class ConvKernel8 {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();
    /** Rows (output channels) of the tile. */
    static final int ROWS = 8;
    /** Columns of the tile: two vectors, as {@link MicroKernel#NR}. */
    static final int NR = 2 * L;

    private ConvKernel8() {}

    /** Writes the first {@code rows} rows (1..8) of the tile to {@code c[co + r*ldc + j]}, overwriting. */
    static void multiply(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++, ao += ROWS, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo), b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ao]);     c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        // stores written out, as in MicroKernel: a helper taking vectors would box them when not inlined
        c00.intoArray(c, co); c01.intoArray(c, co + L);
        if (rows == 1) return;
        co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + L);
        if (rows == 2) return;
        co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + L);
        if (rows == 3) return;
        co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + L);
        if (rows == 4) return;
        co += ldc;
        c40.intoArray(c, co); c41.intoArray(c, co + L);
        if (rows == 5) return;
        co += ldc;
        c50.intoArray(c, co); c51.intoArray(c, co + L);
        if (rows == 6) return;
        co += ldc;
        c60.intoArray(c, co); c61.intoArray(c, co + L);
        if (rows == 7) return;
        co += ldc;
        c70.intoArray(c, co); c71.intoArray(c, co + L);
    }
}
