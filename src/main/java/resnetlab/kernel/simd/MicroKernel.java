package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner kernel of the blocked GEMM: an MR×NR tile of C (6 rows × 2 vectors, 8 rows
 * with 512-bit vectors) is held in twelve (sixteen) vector registers while kc rank-1 updates stream through them,
 * {@code C[r][0..NR) += Σ_p Ap[p][r] · Bp[p][0..NR)}, one broadcast of A and two FMAs per row and step.
 *
 * <p>Packed layouts (see {@link PanelPacking}): the A micro-panel holds {@code ap[ao + p*MR + r]}, the B
 * micro-panel {@code bp[bo + p*bs + j]}, both for p in [0, kc): {@code bs} is NR for a contiguous micro-panel,
 * or the row length of a block of B packed as rows (see {@link VectorGemm}). With 16 vector registers (AVX2) the tile uses
 * 12 accumulators, 2 B vectors and 1 broadcast; 6×16 measured 1.8× faster than 4×24 here, which spills.
 * On panels in L1 it ran at about 76 GFLOP/s, some 92 % of the measured FMA peak of one AVX2 core.
 *
 * <p>The vector width is {@link SimdSpecies#FLOAT}: NR is 8, 16 or 32 columns for 128-, 256- and 512-bit
 * vectors, so every blocking in {@link VectorGemm} and {@link VectorConv3x3} is a multiple of NR, never
 * of a lane count assumed.
 */
final class MicroKernel {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();
    /**
     * Rows of the register tile: six (12 accumulators, for the 16 vector registers of AVX2 and NEON/SSE
     * widths), eight where a vector holds 16 floats or more (AVX-512 and SVE-512, 32 registers: 16
     * accumulators, {@link #multiply8}), which also covers 8, 16, 32 and 64 rows without an edge block.
     */
    static final int MR = L >= 16 ? 8 : 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /**
     * The layout of a tile's transformed rows ({@code VectorConv3x3#transformRows}): per input channel two slots of
     * ROW_SLOT floats (the L + 2 columns a slot's three taps read, and two more), so one channel's rows are
     * ROW_STRIDE apart. {@link #multiply8Row} takes them as constants rather than arguments: with the offsets known,
     * C2 checks the bounds of a step's six B loads twice instead of six times and parks no counter in a vector
     * register (the tile in L1 138-151 -> 155-185 GFLOP/s on the Intel Xeon of 2026-12-07; the A panel's index stays
     * the loop's counter, whose loads C2 checks once before the loop: counting steps instead measured 141-170). The
     * six- and four-row tiles of 16-register machines keep their stride arguments: written with constants they
     * spilled under {@code -XX:UseAVX=2} (ResNet-20 1.11 of the training step's time).
     */
    static final int ROW_SLOT = L + 4, ROW_STRIDE = 2 * ROW_SLOT;

    private MicroKernel() {}

    /**
     * Multiplies the packed panels and writes the first {@code rows} rows (1..MR) of the full-width tile to
     * {@code c[co + r*ldc + j]}: overwriting when {@code add} is false, else adding to what is there.
     * Rows of the A panel past {@code rows} must be zero-padded (they are computed and dropped).
     *
     * <p>The stores are written out rather than put in a helper: a helper taking vectors is inlined only
     * when C2 deems the call hot, and otherwise boxes every vector it is passed (megabytes per GEMM).
     */
    static void multiply(int kc, float[] ap, int ao, float[] bp, int bo, int bs,
                         float[] c, int co, int ldc, int rows, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++, ao += MR, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo), b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ao]);     c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        if (add) { c00 = c00.add(FloatVector.fromArray(S, c, co)); c01 = c01.add(FloatVector.fromArray(S, c, co + L)); }
        c00.intoArray(c, co); c01.intoArray(c, co + L);
        if (rows == 1) return;
        co += ldc;
        if (add) { c10 = c10.add(FloatVector.fromArray(S, c, co)); c11 = c11.add(FloatVector.fromArray(S, c, co + L)); }
        c10.intoArray(c, co); c11.intoArray(c, co + L);
        if (rows == 2) return;
        co += ldc;
        if (add) { c20 = c20.add(FloatVector.fromArray(S, c, co)); c21 = c21.add(FloatVector.fromArray(S, c, co + L)); }
        c20.intoArray(c, co); c21.intoArray(c, co + L);
        if (rows == 3) return;
        co += ldc;
        if (add) { c30 = c30.add(FloatVector.fromArray(S, c, co)); c31 = c31.add(FloatVector.fromArray(S, c, co + L)); }
        c30.intoArray(c, co); c31.intoArray(c, co + L);
        if (rows == 4) return;
        co += ldc;
        if (add) { c40 = c40.add(FloatVector.fromArray(S, c, co)); c41 = c41.add(FloatVector.fromArray(S, c, co + L)); }
        c40.intoArray(c, co); c41.intoArray(c, co + L);
        if (rows == 5) return;
        co += ldc;
        if (add) { c50 = c50.add(FloatVector.fromArray(S, c, co)); c51 = c51.add(FloatVector.fromArray(S, c, co + L)); }
        c50.intoArray(c, co); c51.intoArray(c, co + L);
    }

    /**
     * The bottom-edge kernel for at most four rows ({@code rows} in 1..4) of the same MR-strided A panel:
     * eight accumulators, still enough to keep both FMA pipes busy, and a third less work than running the
     * six-row kernel on zero padding (m = 16 = 6 + 6 + 4 is a common number of channels).
     */
    static void multiply4(int kc, float[] ap, int ao, float[] bp, int bo, int bs,
                          float[] c, int co, int ldc, int rows, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++, ao += MR, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo), b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ao]);     c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        if (add) { c00 = c00.add(FloatVector.fromArray(S, c, co)); c01 = c01.add(FloatVector.fromArray(S, c, co + L)); }
        c00.intoArray(c, co); c01.intoArray(c, co + L);
        if (rows == 1) return;
        co += ldc;
        if (add) { c10 = c10.add(FloatVector.fromArray(S, c, co)); c11 = c11.add(FloatVector.fromArray(S, c, co + L)); }
        c10.intoArray(c, co); c11.intoArray(c, co + L);
        if (rows == 2) return;
        co += ldc;
        if (add) { c20 = c20.add(FloatVector.fromArray(S, c, co)); c21 = c21.add(FloatVector.fromArray(S, c, co + L)); }
        c20.intoArray(c, co); c21.intoArray(c, co + L);
        if (rows == 3) return;
        co += ldc;
        if (add) { c30 = c30.add(FloatVector.fromArray(S, c, co)); c31 = c31.add(FloatVector.fromArray(S, c, co + L)); }
        c30.intoArray(c, co); c31.intoArray(c, co + L);
    }

    /**
     * The eight-row tile for 32-register machines (used when {@link #MR} is 8): sixteen accumulators, ten loads
     * per sixteen FMAs. A panel stride 8 ({@code ap[ao + p*8 + r]}), rows past {@code rows} zero; writes the
     * first {@code rows} rows (1..8), overwriting or adding as {@link #multiply}.
     */
    static void multiply8(int kc, float[] ap, int ao, float[] bp, int bo, int bs,
                          float[] c, int co, int ldc, int rows, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++, ao += 8, bo += bs) {
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
        if (add) { c00 = c00.add(FloatVector.fromArray(S, c, co)); c01 = c01.add(FloatVector.fromArray(S, c, co + L)); }
        c00.intoArray(c, co); c01.intoArray(c, co + L);
        if (rows == 1) return;
        co += ldc;
        if (add) { c10 = c10.add(FloatVector.fromArray(S, c, co)); c11 = c11.add(FloatVector.fromArray(S, c, co + L)); }
        c10.intoArray(c, co); c11.intoArray(c, co + L);
        if (rows == 2) return;
        co += ldc;
        if (add) { c20 = c20.add(FloatVector.fromArray(S, c, co)); c21 = c21.add(FloatVector.fromArray(S, c, co + L)); }
        c20.intoArray(c, co); c21.intoArray(c, co + L);
        if (rows == 3) return;
        co += ldc;
        if (add) { c30 = c30.add(FloatVector.fromArray(S, c, co)); c31 = c31.add(FloatVector.fromArray(S, c, co + L)); }
        c30.intoArray(c, co); c31.intoArray(c, co + L);
        if (rows == 4) return;
        co += ldc;
        if (add) { c40 = c40.add(FloatVector.fromArray(S, c, co)); c41 = c41.add(FloatVector.fromArray(S, c, co + L)); }
        c40.intoArray(c, co); c41.intoArray(c, co + L);
        if (rows == 5) return;
        co += ldc;
        if (add) { c50 = c50.add(FloatVector.fromArray(S, c, co)); c51 = c51.add(FloatVector.fromArray(S, c, co + L)); }
        c50.intoArray(c, co); c51.intoArray(c, co + L);
        if (rows == 6) return;
        co += ldc;
        if (add) { c60 = c60.add(FloatVector.fromArray(S, c, co)); c61 = c61.add(FloatVector.fromArray(S, c, co + L)); }
        c60.intoArray(c, co); c61.intoArray(c, co + L);
        if (rows == 7) return;
        co += ldc;
        if (add) { c70 = c70.add(FloatVector.fromArray(S, c, co)); c71 = c71.add(FloatVector.fromArray(S, c, co + L)); }
        c70.intoArray(c, co); c71.intoArray(c, co + L);
    }

    /**
     * {@link #multiply8} with its B operand read straight from padded images (the stride-1 convolution's tiles,
     * {@code VectorConv3x3#forward}), overwriting C: ins steps per kernel row ky, step i multiplying the vectors at
     * {@code p[r0 + ky·wp + i·chStride + kx]} for the three taps kx (first slot) and {@code d1} floats further (second
     * slot) with the A panel read straight through ({@code VectorConv3x3#pack}'s kernel-row order). Row r of the first
     * slot goes to {@code c[co + r·ldc]}, of the second to {@code c[co + r·ldc + e1]}.
     *
     * <p>One loop over the 3·ins steps, the next kernel row's start taken when a row's channels are done: C2 keeps
     * vectors in registers across loops in sequence, but boxes those that live across nested loops. The three taps of
     * a channel are written out in one step rather than counted: a tap counter, its branch and the index it moved
     * took general registers that C2 then kept in vector ones, two moves back per step on the port that also runs
     * FMAs on Intel's cores. In L1 on the Intel Xeon of 2026-12-06 (one JVM, without on-stack replacement): 154-157
     * GFLOP/s for 8 input channels against 136-140 with the tap counter, 156-160 for 16 (133-140), 157-162 for 32
     * (144-146). Three loops of three written-out taps ran as fast but made a method C1 gives up on ("out of virtual
     * registers"), which then never reached C2 and ran at 1 GFLOP/s.
     */
    static void multiply8Padded(int ins, float[] ap, int ao, float[] p, int r0, int d1, int chStride, int wp,
                                float[] c, int co, int e1, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int b = r0, ch = 0, rowJump = wp - ins * chStride, end = ao + 72 * ins; ao < end; ao += 24) {
            FloatVector b0 = FloatVector.fromArray(S, p, b), b1 = FloatVector.fromArray(S, p, b + d1), x;
            x = FloatVector.broadcast(S, ap[ao]);      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);  c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);  c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);  c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);  c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);  c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]);  c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]);  c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            b0 = FloatVector.fromArray(S, p, b + 1); b1 = FloatVector.fromArray(S, p, b + d1 + 1);
            x = FloatVector.broadcast(S, ap[ao + 8]);  c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 9]);  c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 10]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 11]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 12]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 13]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 14]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 15]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            b0 = FloatVector.fromArray(S, p, b + 2); b1 = FloatVector.fromArray(S, p, b + d1 + 2);
            x = FloatVector.broadcast(S, ap[ao + 16]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 17]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 18]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 19]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 20]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 21]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 22]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 23]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            b += chStride;
            if (++ch == ins) { ch = 0; b += rowJump; }
        }
        c00.intoArray(c, co); c01.intoArray(c, co + e1);
        if (rows == 1) return;
        co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + e1);
        if (rows == 2) return;
        co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + e1);
        if (rows == 3) return;
        co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + e1);
        if (rows == 4) return;
        co += ldc;
        c40.intoArray(c, co); c41.intoArray(c, co + e1);
        if (rows == 5) return;
        co += ldc;
        c50.intoArray(c, co); c51.intoArray(c, co + e1);
        if (rows == 6) return;
        co += ldc;
        c60.intoArray(c, co); c61.intoArray(c, co + e1);
        if (rows == 7) return;
        co += ldc;
        c70.intoArray(c, co); c71.intoArray(c, co + e1);
    }

    /**
     * {@link #multiply8Padded} for {@link PlaneForward}'s planes, where every step of a kernel row is one plane on: step
     * i of kernel row ky multiplies the vectors at {@code p[r0 + ky·rowStep + i·step]} and {@code d1} floats further
     * (3·ins steps per kernel row: one plane per input channel and tap kx), overwriting C as {@link #multiply8Padded}.
     * In L1 on the Intel Xeon of 2026-12-06: 164-181 GFLOP/s for 16 channels of 8x8 (138-158 with a tap counter),
     * 170-176 for 32 of 4x4 (156-162).
     */
    static void multiply8Planes(int ins, float[] ap, int ao, float[] p, int r0, int d1, int rowStep, int step,
                                float[] c, int co, int e1, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int b = r0, end = ao + 24 * ins; ao < end; ao += 8, b += step) {
            FloatVector b0 = FloatVector.fromArray(S, p, b), b1 = FloatVector.fromArray(S, p, b + d1), x;
            x = FloatVector.broadcast(S, ap[ao]);      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);  c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);  c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);  c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);  c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);  c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]);  c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]);  c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        for (int b = r0 + rowStep, end = ao + 24 * ins; ao < end; ao += 8, b += step) {
            FloatVector b0 = FloatVector.fromArray(S, p, b), b1 = FloatVector.fromArray(S, p, b + d1), x;
            x = FloatVector.broadcast(S, ap[ao]);      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);  c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);  c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);  c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);  c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);  c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]);  c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]);  c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        for (int b = r0 + 2 * rowStep, end = ao + 24 * ins; ao < end; ao += 8, b += step) {
            FloatVector b0 = FloatVector.fromArray(S, p, b), b1 = FloatVector.fromArray(S, p, b + d1), x;
            x = FloatVector.broadcast(S, ap[ao]);      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);  c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);  c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);  c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);  c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);  c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]);  c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]);  c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + e1);
        if (rows == 1) return;
        co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + e1);
        if (rows == 2) return;
        co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + e1);
        if (rows == 3) return;
        co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + e1);
        if (rows == 4) return;
        co += ldc;
        c40.intoArray(c, co); c41.intoArray(c, co + e1);
        if (rows == 5) return;
        co += ldc;
        c50.intoArray(c, co); c51.intoArray(c, co + e1);
        if (rows == 6) return;
        co += ldc;
        c60.intoArray(c, co); c61.intoArray(c, co + e1);
        if (rows == 7) return;
        co += ldc;
        c70.intoArray(c, co); c71.intoArray(c, co + e1);
    }

    /**
     * {@link #multiply} reading B from the padded images, as {@link #multiply8Padded}. At a forced 256 bits on the Intel
     * Xeon of 2026-12-06 (in L1, one JVM): 91-97 GFLOP/s for 8, 16 and 32 input channels against 65-77 with a tap
     * counter; at 128 bits 37-45 against 32-37.
     */
    static void multiplyPadded(int ins, float[] ap, int ao, float[] p, int r0, int d1, int chStride, int wp,
                               float[] c, int co, int e1, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int b = r0, ch = 0, rowJump = wp - ins * chStride, end = ao + 9 * MR * ins; ao < end; ao += 3 * MR) {
            FloatVector b0 = FloatVector.fromArray(S, p, b), b1 = FloatVector.fromArray(S, p, b + d1), x;
            x = FloatVector.broadcast(S, ap[ao]);              c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);          c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);          c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);          c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);          c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);          c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            b0 = FloatVector.fromArray(S, p, b + 1); b1 = FloatVector.fromArray(S, p, b + d1 + 1);
            x = FloatVector.broadcast(S, ap[ao + MR]);         c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + MR + 1]);     c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + MR + 2]);     c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + MR + 3]);     c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + MR + 4]);     c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + MR + 5]);     c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            b0 = FloatVector.fromArray(S, p, b + 2); b1 = FloatVector.fromArray(S, p, b + d1 + 2);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR]);     c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            b += chStride;
            if (++ch == ins) { ch = 0; b += rowJump; }
        }
        c00.intoArray(c, co); c01.intoArray(c, co + e1);
        if (rows == 1) return;
        co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + e1);
        if (rows == 2) return;
        co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + e1);
        if (rows == 3) return;
        co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + e1);
        if (rows == 4) return;
        co += ldc;
        c40.intoArray(c, co); c41.intoArray(c, co + e1);
        if (rows == 5) return;
        co += ldc;
        c50.intoArray(c, co); c51.intoArray(c, co + e1);
    }

    /** {@link #multiply4} reading B from the padded images, as {@link #multiply8Padded}. */
    static void multiply4Padded(int ins, float[] ap, int ao, float[] p, int r0, int d1, int chStride, int wp,
                                float[] c, int co, int e1, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int b = r0, ch = 0, rowJump = wp - ins * chStride, end = ao + 9 * MR * ins; ao < end; ao += 3 * MR) {
            FloatVector b0 = FloatVector.fromArray(S, p, b), b1 = FloatVector.fromArray(S, p, b + d1), x;
            x = FloatVector.broadcast(S, ap[ao]);              c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);          c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);          c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);          c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            b0 = FloatVector.fromArray(S, p, b + 1); b1 = FloatVector.fromArray(S, p, b + d1 + 1);
            x = FloatVector.broadcast(S, ap[ao + MR]);         c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + MR + 1]);     c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + MR + 2]);     c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + MR + 3]);     c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            b0 = FloatVector.fromArray(S, p, b + 2); b1 = FloatVector.fromArray(S, p, b + d1 + 2);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR]);     c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            b += chStride;
            if (++ch == ins) { ch = 0; b += rowJump; }
        }
        c00.intoArray(c, co); c01.intoArray(c, co + e1);
        if (rows == 1) return;
        co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + e1);
        if (rows == 2) return;
        co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + e1);
        if (rows == 3) return;
        co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + e1);
    }

    /**
     * One kernel row of {@link #multiply8Padded}: ins steps, step i multiplying the vectors at
     * {@code v[b + i·ROW_STRIDE + kx]} and {@link #ROW_SLOT} floats further for the three taps kx, overwriting C. The
     * row-Winograd tiles run it on rows they transformed once per tile ({@code VectorConv3x3#transformRows}). Until
     * 2026-12-06 an eight-row tile formed each B vector from two loads as it read them, once per block of output
     * channels; in one JVM on the Intel Xeon that day, a tile's transform and products 98-110 GFLOP/s against its
     * 83-99 for 16→16 32x32, 116-122 against 101-105 for 32→32 16x16 (the direct method's work, the products in L1).
     */
    static void multiply8Row(int ins, float[] ap, int ao, float[] v, int b,
                             float[] c, int co, int e1, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int a = ao, end = ao + 24 * ins, p = b; a < end; a += 24, p += ROW_STRIDE) {
            FloatVector b0 = FloatVector.fromArray(S, v, p), b1 = FloatVector.fromArray(S, v, p + ROW_SLOT), x;
            x = FloatVector.broadcast(S, ap[a]);      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a + 1]);  c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a + 2]);  c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a + 3]);  c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[a + 4]);  c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[a + 5]);  c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[a + 6]);  c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[a + 7]);  c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            b0 = FloatVector.fromArray(S, v, p + 1); b1 = FloatVector.fromArray(S, v, p + ROW_SLOT + 1);
            x = FloatVector.broadcast(S, ap[a + 8]);  c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a + 9]);  c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a + 10]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a + 11]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[a + 12]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[a + 13]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[a + 14]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[a + 15]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            b0 = FloatVector.fromArray(S, v, p + 2); b1 = FloatVector.fromArray(S, v, p + ROW_SLOT + 2);
            x = FloatVector.broadcast(S, ap[a + 16]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a + 17]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a + 18]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a + 19]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[a + 20]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[a + 21]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[a + 22]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[a + 23]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + e1);
        if (rows == 1) return;
        co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + e1);
        if (rows == 2) return;
        co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + e1);
        if (rows == 3) return;
        co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + e1);
        if (rows == 4) return;
        co += ldc;
        c40.intoArray(c, co); c41.intoArray(c, co + e1);
        if (rows == 5) return;
        co += ldc;
        c50.intoArray(c, co); c51.intoArray(c, co + e1);
        if (rows == 6) return;
        co += ldc;
        c60.intoArray(c, co); c61.intoArray(c, co + e1);
        if (rows == 7) return;
        co += ldc;
        c70.intoArray(c, co); c71.intoArray(c, co + e1);
    }

    /**
     * {@link #multiply8Row} with {@link #multiply}'s six-row tile (16-register machines: AVX2, NEON at 128 bits): one
     * kernel row of ins steps on a tile's transformed rows ({@code VectorConv3x3#transformRows}), A panel stride MR,
     * overwriting C. Until 2026-12-06 the six- and four-row tiles formed each B vector from two loads and an add as
     * they read, once per block of output channels, which needed 17 vector registers and spilled on AVX2 (ResNet-20 on
     * one thread under {@code -XX:UseAVX=2}: training 0.775 and inference 0.676 of that version's time); here 15.
     */
    static void multiplyRow(int ins, float[] ap, int ao, float[] v, int b, int d1, int chStride,
                            float[] c, int co, int e1, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int end = ao + 3 * MR * ins; ao < end; ao += 3 * MR, b += chStride) {
            FloatVector b0 = FloatVector.fromArray(S, v, b), b1 = FloatVector.fromArray(S, v, b + d1), x;
            x = FloatVector.broadcast(S, ap[ao]);               c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);           c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);           c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);           c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);           c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);           c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            b0 = FloatVector.fromArray(S, v, b + 1); b1 = FloatVector.fromArray(S, v, b + d1 + 1);
            x = FloatVector.broadcast(S, ap[ao + MR]);          c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + MR + 1]);      c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + MR + 2]);      c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + MR + 3]);      c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + MR + 4]);      c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + MR + 5]);      c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            b0 = FloatVector.fromArray(S, v, b + 2); b1 = FloatVector.fromArray(S, v, b + d1 + 2);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR]);      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 1]);  c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 2]);  c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 3]);  c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 4]);  c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 5]);  c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + e1);
        if (rows == 1) return;
        co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + e1);
        if (rows == 2) return;
        co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + e1);
        if (rows == 3) return;
        co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + e1);
        if (rows == 4) return;
        co += ldc;
        c40.intoArray(c, co); c41.intoArray(c, co + e1);
        if (rows == 5) return;
        co += ldc;
        c50.intoArray(c, co); c51.intoArray(c, co + e1);
    }

    /** {@link #multiplyRow} with {@link #multiply4}'s four-row tile (the last block of 16 output channels: 6 + 6 + 4). */
    static void multiply4Row(int ins, float[] ap, int ao, float[] v, int b, int d1, int chStride,
                             float[] c, int co, int e1, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        for (int end = ao + 3 * MR * ins; ao < end; ao += 3 * MR, b += chStride) {
            FloatVector b0 = FloatVector.fromArray(S, v, b), b1 = FloatVector.fromArray(S, v, b + d1), x;
            x = FloatVector.broadcast(S, ap[ao]);               c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);           c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);           c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);           c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            b0 = FloatVector.fromArray(S, v, b + 1); b1 = FloatVector.fromArray(S, v, b + d1 + 1);
            x = FloatVector.broadcast(S, ap[ao + MR]);          c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + MR + 1]);      c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + MR + 2]);      c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + MR + 3]);      c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            b0 = FloatVector.fromArray(S, v, b + 2); b1 = FloatVector.fromArray(S, v, b + d1 + 2);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR]);      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 1]);  c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 2]);  c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 2 * MR + 3]);  c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + e1);
        if (rows == 1) return;
        co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + e1);
        if (rows == 2) return;
        co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + e1);
        if (rows == 3) return;
        co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + e1);
    }
}
