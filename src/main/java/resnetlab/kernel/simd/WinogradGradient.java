package resnetlab.kernel.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a stride-1 3x3 convolution by the adjoint of Winograd's F(2x2, 3x3)
 * ({@link WinogradForward}): where the forward computes a 2x2 output tile as y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, the
 * gradient of its filter g is
 * <pre>
 *   V[ξ] = Bᵀ d B      (per tile and input channel: the forward's input transform)
 *   E[ξ] = A dy Aᵀ     (per tile and output channel: 2x2 output gradients to 4x4)
 *   D[ξ][i][o] = Σ_tiles V[ξ][tile][i] · E[ξ][tile][o]      (16 GEMMs that reduce over the tiles)
 *   dW[o][i] = Gᵀ D[·][i][o] G                              (4x4 to the 3x3 taps, once per call)
 * </pre>
 * (d/dU of y = Aᵀ (U ⊙ V) A is (A dy Aᵀ) ⊙ V, and d/dg of U = G g Gᵀ is Gᵀ (d/dU) G). Sixteen multiplications per
 * tile and channel pair instead of the direct method's 36.
 *
 * <p>Layouts as in {@link ChannelLaneGradient}, output channels in the lanes: the inputs are copied channel-last and
 * padded ({@link ChannelLastImages}) and transformed a block of tiles at a time into {@code v[ξ][tile][i]}; the
 * output gradients transposed channel-last ({@link ChannelLaneGradient#transposeGradients}) and transformed into
 * {@code e[ξ][tile][o]}. The sixteen GEMMs then run {@link ChannelLaneGradient}'s register tiles (eight or sixteen
 * input channels × one or two vectors of output channels; per tile eight or sixteen broadcasts of V, one or two
 * loads of E) with the tiles as the reduced index. A block's transforms (16·tiles·(cin + coutP) floats) are sized
 * to stay in L2, one position's slice of them in L1 while every register tile of that position reads it.
 *
 * <p>Exactness: the transforms add, subtract and halve, so the result differs from direct summation by rounding
 * only (WeightGradientTest holds it to the same bound as the direct kernels).
 */
final class WinogradGradient {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();
    private static final int XI = 16;
    /** Floats of one block's transforms, 16·tiles·(cin + coutP): 512 KiB, half of a 1 MiB L2. */
    static final int BLOCK_FLOATS = 128 * 1024;

    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    /**
     * Whether this layout pays for a layer's weight gradient: stride 1, whole vectors of input channels, at least 16
     * channels on both sides and outputs at most 16 wide. By {@link WeightGradientBenchmark} (one thread, CPU time,
     * 2026-12-05, a noisy host: compare within a row), GFLOP/s of the direct method's work, Winograd against the best
     * other layout:
     * <ul>
     * <li>16 lanes (a quiet moment): 64→64 8x8 217 against 132, 32→32 16x16 164 against 117, 32→32 4x4 169 against
     *     117, 16→16 8x8 108 against 92; not 16→16 32x32 (113 against 115 in pixel lanes);</li>
     * <li>a forced 8 lanes: 64→64 8x8 114 against 67, 32→32 4x4 91 against 55, 32→32 16x16 89 against 83, 16→16 8x8
     *     72 against 66; not 16→16 32x32 (70 against 85) or 8→8 16x16 (46 against 76);</li>
     * <li>a forced 4 lanes: 64→64 8x8 58 against 40, 32→32 4x4 51 against 30, 32→32 16x16 52 against 44, 16→16 8x8 45
     *     against 39; not 16→16 32x32 (43 against 48).</li>
     * </ul>
     * At 8 lanes on a machine with AVX2's 16 vector registers (the Intel Xeon with {@code -XX:UseAVX=2}, 2026-12-06:
     * the forced widths above kept AVX-512's 32) it pays on 16→16 32x32 too: 60-67 against 51-56 in pixel lanes.
     * The paper nets' 8-lane layers are chosen by that machine's figures, since 8 lanes are what AVX2 CPUs run.
     * Since 2026-12-07 {@code VectorConv3x3} gives the layers that {@link ChannelLaneGradient#rowWinogradFirst} takes
     * (16 lanes, heights from 8 that divide by four) to F(4,3)'s adjoint down the columns instead.
     */
    static boolean suits(int cin, int cout, int stride, int wo) {
        return stride == 1 && cin % L == 0 && cin >= 16 && cout >= 16 && (wo <= 16 || L == 8 && wo <= 32);
    }

    /** Whether it can compute the layer at all: stride 1, even sizes, whole vectors of input channels. */
    static boolean handles(int cin, int cout, int stride, int h, int w) {
        return stride == 1 && h % 2 == 0 && w % 2 == 0 && cin % L == 0 && cout >= 1;
    }

    /** Floats of the sums {@link #weightGradient} adds into: D, sixteen positions × cin × cout rounded up to vectors. */
    static int sums(int cin, int cout) { return XI * cin * ((cout + L - 1) / L * L); }

    /**
     * Adds the transformed weight gradient D of {@code images} images into {@code sums} ({@link #sums} floats,
     * {@code sums[(ξ·cin + i)·coutP + o]}) from the dense inputs (images, cin, h, w) at {@code x[xOff]} and output
     * gradients (images, cout, h, w) at {@code dy[dyOff]}; {@link #reduce} turns the sums into the gradient once the
     * last group is in (the filter transform and the transposition to (cout, cin, 3, 3) once per layer, not per
     * group).
     */
    void weightGradient(float[] x, int xOff, int cin, int h, int w, float[] dy, int dyOff, int cout, int images,
                        float[] sums) {
        if (!handles(cin, cout, 1, h, w)) {
            throw new IllegalArgumentException("Winograd F(2x2,3x3) weight gradient does not take " + cin + "→" + cout
                    + " on " + h + "x" + w);
        }
        int coutP = (cout + L - 1) / L * L, plane = h * w, th = h / 2, tw = w / 2, tiles = images * th * tw;
        int block = Math.max(8, Math.min(tiles, BLOCK_FLOATS / (XI * (cin + coutP))) / 8 * 8);
        // one position's rows are block·cin (block·coutP) floats and one vector apart, so that the sixteen stores of
        // a transform do not fall into one L1 set (WinogradForward's trap); 2·ROWS more at the end for the tiles'
        // reads past the last row
        int vs = block * cin + L, es = block * coutP + L;
        Workspace ws = workspaces.get();
        float[] xh = ws.inputs.copy(x, xOff, cin, h, w, images, 0), dyh = ws.dyh(tiles * 4 * coutP);
        float[] v = ws.v(XI * vs + 2 * ChannelLaneGradient.ROWS), e = ws.e(XI * es);
        int[] rows = ws.rows(block, cin);
        ChannelLaneGradient.transposeGradients(dy, dyOff, cout, plane, coutP, images, dyh);
        for (int t0 = 0; t0 < tiles; t0 += block) {
            int count = Math.min(block, tiles - t0);
            for (int t = 0; t < count; t++) {
                int tile = t0 + t, q = tile / tw, ty = q % th, image = q / th, tx = tile % tw;
                int at = ((image * (h + 2) + 2 * ty) * (w + 2) + 2 * tx) * cin;
                WinogradForward.transformInputs(xh, at, (w + 2) * cin, cin, v, t * cin, vs);
                int p = ((image * h + 2 * ty) * w + 2 * tx) * coutP;
                for (int o = 0; o < coutP; o += L) transformGradients(dyh, p + o, coutP, w * coutP, e, t * coutP + o, es);
            }
            for (int xi = 0; xi < XI; xi++) { // D[ξ] += V[ξ]ᵀ·E[ξ] over the block's tiles
                ChannelLaneGradient.tiles(v, rows, 0, count, xi * vs, cin, e, xi * es, coutP, sums, xi * cin * coutP, ws.tile);
            }
        }
    }

    /** The gradient (cout, cin, 3, 3) = Gᵀ D G in place in the first cout·cin·9 floats of the sums D. */
    void reduce(float[] sums, int cin, int cout) {
        int coutP = (cout + L - 1) / L * L;
        Workspace ws = workspaces.get();
        float[] taps = ws.taps(9 * cin * coutP), half = ws.half;
        for (int i = 0; i < cin; i++) {
            for (int o = 0; o < coutP; o += L) transformFilters(sums, i * coutP + o, cin * coutP, half, taps, i * coutP + o, cin * coutP);
        }
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                int d = (o * cin + i) * 9;
                for (int t = 0; t < 9; t++) sums[d + t] = taps[(t * cin + i) * coutP + o];
            }
        }
    }

    /**
     * E = A dy Aᵀ for one vector of output channels of one tile: dy[r][c] at {@code dyh[at + r·row + c·coutP]}, E[ξ]
     * to {@code e[o + ξ·stride]}. A's rows are (1, 0), (1, 1), (1, −1), (0, −1): down the columns y0, y0 + y1,
     * y0 − y1, −y1, then along each row p, p + q, p − q, −q. In two halves of eight stores (rows 0-1, rows 2-3), no
     * vector merged across a branch, and no vector passed to a method: where C2 does not inline such a call inside a training run, it boxes the
     * vectors (WinogradForward's input transform showed it first).
     */
    private static void transformGradients(float[] dyh, int at, int coutP, int row, float[] e, int o, int stride) {
        upperRows(dyh, at, coutP, row, e, o, stride);
        lowerRows(dyh, at, coutP, row, e, o + 8 * stride, stride);
    }

    /** Rows 0 and 1 of E (A·dy's rows y0 and y0 + y1, each times Aᵀ), as {@link #transformGradients}. */
    private static void upperRows(float[] dyh, int at, int coutP, int row, float[] e, int o, int stride) {
        FloatVector y00 = FloatVector.fromArray(S, dyh, at), y01 = FloatVector.fromArray(S, dyh, at + coutP);
        FloatVector y10 = FloatVector.fromArray(S, dyh, at + row), y11 = FloatVector.fromArray(S, dyh, at + row + coutP);
        FloatVector p1 = y00.add(y10), q1 = y01.add(y11), zero = FloatVector.zero(S);
        y00.intoArray(e, o);
        y00.add(y01).intoArray(e, o + stride);
        y00.sub(y01).intoArray(e, o + 2 * stride);
        zero.sub(y01).intoArray(e, o + 3 * stride);
        p1.intoArray(e, o + 4 * stride);
        p1.add(q1).intoArray(e, o + 5 * stride);
        p1.sub(q1).intoArray(e, o + 6 * stride);
        zero.sub(q1).intoArray(e, o + 7 * stride);
    }

    /** Rows 2 and 3 of E (A·dy's rows y0 − y1 and −y1, each times Aᵀ), as {@link #transformGradients}. */
    private static void lowerRows(float[] dyh, int at, int coutP, int row, float[] e, int o, int stride) {
        FloatVector y00 = FloatVector.fromArray(S, dyh, at), y01 = FloatVector.fromArray(S, dyh, at + coutP);
        FloatVector y10 = FloatVector.fromArray(S, dyh, at + row), y11 = FloatVector.fromArray(S, dyh, at + row + coutP);
        FloatVector p0 = y00.sub(y10), q0 = y01.sub(y11), zero = FloatVector.zero(S);
        FloatVector p1 = zero.sub(y10), q1 = zero.sub(y11);
        p0.intoArray(e, o);
        p0.add(q0).intoArray(e, o + stride);
        p0.sub(q0).intoArray(e, o + 2 * stride);
        zero.sub(q0).intoArray(e, o + 3 * stride);
        p1.intoArray(e, o + 4 * stride);
        p1.add(q1).intoArray(e, o + 5 * stride);
        p1.sub(q1).intoArray(e, o + 6 * stride);
        y11.intoArray(e, o + 7 * stride); // −q1
    }

    /**
     * dW = Gᵀ D G for one input channel and one vector of output channels: D[ξ] at {@code acc[at + ξ·stride]}, tap
     * t = 3·ky + kx to {@code taps[out + t·tapStride]}. Gᵀ's rows are (1, ½, ½, 0), (0, ½, −½, 0), (0, ½, ½, 1): down
     * each column into the twelve vectors of {@code half} (Gᵀ D), then along each of its rows. Small steps of four
     * loads and three stores, no vector passed to a method (see {@link #transformGradients}).
     */
    private static void transformFilters(float[] acc, int at, int stride, float[] half, float[] taps, int out, int tapStride) {
        for (int c = 0; c < 4; c++) halves(acc, at + c * stride, 4 * stride, half, c * L, 4 * L);
        for (int k = 0; k < 3; k++) halves(half, 4 * k * L, L, taps, out + 3 * k * tapStride, tapStride);
    }

    /**
     * Gᵀ applied to the four vectors x0..x3 at {@code from[at + j·step]}: x0 + (x1 + x2)/2, (x1 − x2)/2,
     * (x1 + x2)/2 + x3 to {@code to[o]}, {@code to[o + toStep]}, {@code to[o + 2·toStep]}.
     */
    private static void halves(float[] from, int at, int step, float[] to, int o, int toStep) {
        FloatVector x0 = FloatVector.fromArray(S, from, at), x1 = FloatVector.fromArray(S, from, at + step);
        FloatVector x2 = FloatVector.fromArray(S, from, at + 2 * step), x3 = FloatVector.fromArray(S, from, at + 3 * step);
        FloatVector s = x1.add(x2).mul(0.5f);
        x0.add(s).intoArray(to, o);
        x1.sub(x2).mul(0.5f).intoArray(to, o + toStep);
        s.add(x3).intoArray(to, o + 2 * toStep);
    }

    /** Per-thread buffers, grown on demand and then reused. */
    private static final class Workspace {
        final ChannelLastImages inputs = new ChannelLastImages();
        private float[] dyh = new float[0], v = new float[0], e = new float[0], taps = new float[0];
        private int[] rows = new int[0];
        /** A register tile's sums ({@link ChannelLaneGradient#addRows}). */
        final float[] tile = new float[2 * ChannelLaneGradient.ROWS * L];
        /** (Gᵀ D) of one filter transform: three rows of four vectors. */
        final float[] half = new float[12 * L];

        float[] dyh(int n) { return dyh.length >= n ? dyh : (dyh = new float[n]); }
        float[] v(int n) { return v.length >= n ? v : (v = new float[n]); }
        float[] e(int n) { return e.length >= n ? e : (e = new float[n]); }
        float[] taps(int n) { return taps.length >= n ? taps : (taps = new float[n]); }

        /** {0, cin, 2·cin, …} for the block's tiles: the offsets the register tiles read V's rows at. */
        int[] rows(int block, int cin) {
            if (rows.length < block || rows.length > 1 && rows[1] != cin) {
                rows = new int[Math.max(block, rows.length)];
                for (int t = 0; t < rows.length; t++) rows[t] = t * cin;
            }
            return rows;
        }
    }
}
