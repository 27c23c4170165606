package resnetlab.kernel.simd;

import static resnetlab.kernel.simd.MicroKernel.L;
import static resnetlab.kernel.simd.MicroKernel.MR;
import static resnetlab.kernel.simd.MicroKernel.NR;
import static resnetlab.kernel.simd.MicroKernel.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the contiguous micro-panels {@link MicroKernel} reads, so that the
 * kernel sees unit-stride data whatever the transposes, offsets and leading dimensions of the caller.
 *
 * <p>A block of op(A), rows [i0, i0+mc) × cols [p0, p0+kc), becomes ceil(mc/MR) panels; panel q holds
 * {@code dst[q*MR*kc + p*MR + r] = op(A)[i0 + q*MR + r][p0 + p]}, rows past mc zero. A block of op(B),
 * rows [p0, p0+kc) × cols [j0, j0+nc), becomes ceil(nc/NR) panels; panel q holds
 * {@code dst[q*NR*kc + p*NR + j] = op(B)[p0 + p][j0 + q*NR + j]}, columns past nc zero.
 */
final class PanelPacking {
    /**
     * Columns of B packed per pass over the rows of a block: each row is read in runs of this many floats and
     * written to RUN_FLOATS / NR panels at once. Walking whole rows instead (4096 columns, 128 panels) measured
     * 2-2.6x slower on blocks in cache: each row then stores to 128 places one panel (36 KiB) apart, which fall
     * into the same L1 set and on different pages; one panel at a time reads too little of each row.
     */
    static final int RUN_FLOATS = Math.max(NR, 256);

    private PanelPacking() {}

    /** Packs op(A)[i0.., p0..]: A stored m×k ({@code trans} false) or k×m ({@code trans} true). */
    static void packA(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst) {
        for (int q = 0, d = 0; q < mc; q += MR, d += MR * kc) {
            int rows = Math.min(MR, mc - q);
            if (trans) {
                // op(A)[i][p] = a[p*lda + i]: each p contributes `rows` contiguous values
                int src = aOff + p0 * lda + i0 + q;
                if (rows == 6 && MR == 6) {
                    for (int p = 0, o = d; p < kc; p++, src += lda, o += MR) {
                        dst[o] = a[src]; dst[o + 1] = a[src + 1]; dst[o + 2] = a[src + 2];
                        dst[o + 3] = a[src + 3]; dst[o + 4] = a[src + 4]; dst[o + 5] = a[src + 5];
                    }
                } else {
                    for (int p = 0, o = d; p < kc; p++, src += lda, o += MR) {
                        int r = 0;
                        for (; r < rows; r++) dst[o + r] = a[src + r];
                        for (; r < MR; r++) dst[o + r] = 0f;
                    }
                }
            } else if (rows == 6 && MR == 6) {
                // op(A)[i][p] = a[i*lda + p]: six source rows read side by side, one contiguous write per p
                int s0 = aOff + (i0 + q) * lda + p0, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda,
                        s5 = s4 + lda;
                for (int p = 0, o = d; p < kc; p++, o += MR) {
                    dst[o] = a[s0 + p]; dst[o + 1] = a[s1 + p]; dst[o + 2] = a[s2 + p];
                    dst[o + 3] = a[s3 + p]; dst[o + 4] = a[s4 + p]; dst[o + 5] = a[s5 + p];
                }
            } else {
                // bottom edge (fewer than MR rows, the rest zero), or any block of the eight-row tile
                for (int r = 0; r < MR; r++) {
                    int src = aOff + (i0 + q + r) * lda + p0;
                    if (r < rows) for (int p = 0, o = d + r; p < kc; p++, o += MR) dst[o] = a[src + p];
                    else for (int p = 0, o = d + r; p < kc; p++, o += MR) dst[o] = 0f;
                }
            }
        }
    }

    /** Packs op(B)[p0.., j0..]: B stored k×n ({@code trans} false) or n×k ({@code trans} true). */
    static void packB(boolean trans, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst) {
        if (trans) {
            packBTransposed(b, bOff, ldb, p0, kc, j0, nc, dst);
            return;
        }
        // op(B)[p][j] = b[p*ldb + j]: RUN_FLOATS-wide column groups, each read row by row (one contiguous run per
        // row) and written to its RUN_FLOATS / NR panels
        int full = nc / NR * NR;
        for (int g = 0; g < full; g += RUN_FLOATS) {
            int gEnd = Math.min(full, g + RUN_FLOATS);
            for (int p = 0; p < kc; p++) {
                int src = bOff + (p0 + p) * ldb + j0;
                for (int j = g, o = g * kc + p * NR; j < gEnd; j += NR, o += NR * kc) {
                    FloatVector.fromArray(S, b, src + j).intoArray(dst, o);
                    FloatVector.fromArray(S, b, src + j + L).intoArray(dst, o + L);
                }
            }
        }
        if (full < nc) {
            int cols = nc - full;
            for (int p = 0; p < kc; p++) {
                int src = bOff + (p0 + p) * ldb + j0 + full, o = full * kc + p * NR;
                int t = 0;
                for (; t < cols; t++) dst[o + t] = b[src + t];
                for (; t < NR; t++) dst[o + t] = 0f;
            }
        }
    }

    /**
     * Packs B[p0.., j0..] (B stored k×n, not transposed) as rows: {@code dst[p*ld + j] = B[p0 + p][j0 + j]} for j in
     * [0, nc), then zeros up to the next multiple of NR. One contiguous copy per row; the kernel steps {@code ld} per
     * p ({@link VectorGemm}: blocks of B for few rows of C, where packing costs more than the products).
     */
    static void packBRows(float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst, int ld) {
        int width = VectorGemm.roundUp(nc, NR);
        for (int p = 0; p < kc; p++) {
            System.arraycopy(b, bOff + (p0 + p) * ldb + j0, dst, p * ld, nc);
            if (width > nc) Arrays.fill(dst, p * ld + nc, p * ld + width, 0f);
        }
    }

    /**
     * op(B)[p][j] = b[j*ldb + p]: each column j of op(B) is a contiguous source row. Four source rows are read
     * side by side (four streams, four stores per p), which measured faster than one row or all NR at a time.
     */
    private static void packBTransposed(float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst) {
        for (int q = 0, d = 0; q < nc; q += NR, d += NR * kc) {
            int cols = Math.min(NR, nc - q);
            int t = 0;
            for (; t + 4 <= cols; t += 4) {
                int s0 = bOff + (j0 + q + t) * ldb + p0, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
                for (int p = 0, o = d + t; p < kc; p++, o += NR) {
                    dst[o] = b[s0 + p]; dst[o + 1] = b[s1 + p]; dst[o + 2] = b[s2 + p]; dst[o + 3] = b[s3 + p];
                }
            }
            for (; t < cols; t++) {
                int src = bOff + (j0 + q + t) * ldb + p0;
                for (int p = 0, o = d + t; p < kc; p++, o += NR) dst[o] = b[src + p];
            }
            for (; t < NR; t++) {
                for (int p = 0, o = d + t; p < kc; p++, o += NR) dst[o] = 0f;
            }
        }
    }
}
