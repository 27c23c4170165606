package resnetlab.kernel.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The stride-1 forward map of a 3x3 convolution (and, with the adjoint weights, the input gradient) by Winograd's
 * minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016): each
 * 2x2 block of outputs of one output channel takes 16 multiplications per input channel instead of 36. With d the
 * 4x4 block of padded inputs under a 2x2 output tile, g an input channel's 3x3 filter,
 * <pre>
 *   V = Bᵀ d B   (per tile and input channel)       U = G g Gᵀ   (per output and input channel)
 *   M[ξ] = Σ_i U[ξ][o][i] · V[ξ][i]   (16 GEMMs, one per position ξ of the 4x4 transforms)
 *   y = Aᵀ M A   (per tile and output channel: the 2x2 outputs)
 *
 *   Bᵀ = | 1  0 −1  0 |    G = | 1    0    0  |    Aᵀ = | 1  1  1  0 |
 *        | 0  1  1  0 |        | ½    ½    ½  |         | 0  1 −1 −1 |
 *        | 0 −1  1  0 |        | ½   −½    ½  |
 *        | 0  1  0 −1 |        | 0    0    1  |
 * </pre>
 * Channels are in the lanes, as in {@link ChannelLaneForward}: the input is copied channel-last and padded
 * ({@link ChannelLastImages}), so a tile's transform reads sixteen vectors of input channels and writes sixteen;
 * the 16 GEMMs run {@link ChannelLaneForward}'s register tiles with eight tiles as the rows (each step two weight
 * loads, eight broadcasts, sixteen FMAs); the output transform reads sixteen vectors of output channels and
 * writes the four outputs channel-last, copied back to planes at the end as the channel-lane forward does.
 * Tiles go in blocks of eight, so that a block's transformed inputs (16·8·ins floats) and products (16·8·outs)
 * stay in L1/L2 between the three steps.
 *
 * <p>Exactness: the transforms add and subtract at most four values and halve, so the result differs from direct
 * summation by rounding only (ForwardMapTest holds it to the same bound as the direct kernels).
 *
 * <p>Not chosen automatically yet: {@link VectorConv3x3} runs it only when forced ({@code Lanes.WINOGRAD}: tests,
 * {@link ForwardBenchmark}). Measured alone (one thread, CPU time, 2026-12-04, GFLOP/s of the direct method's
 * work) it beats the best direct layout where channels fill several vectors on small images: at 16 lanes 64→64 8x8
 * 152 against 130 (a plain timing loop: 224), at a forced 8 lanes 64→64 8x8 73-78 against 61-62 and 32→32 4x4
 * 50-77 against 44-66, at a forced 4 lanes 64→64 8x8 37-39 against 27-30; never with 16 channels or fewer (16→16
 * 8x8: 86 against 88 at 16 lanes), where the sixteen short GEMMs, the transforms and the channel-last copies cost
 * more than the 20 of 36 multiplications saved. But chosen for 64→64 8x8 inside ResNet-56 training on two threads
 * the step got a third slower (144-163 against 198-271 images/s, alternating runs), with {@link #transformInputs}
 * the hottest method of the profile (its stores), which it is not in the timing loop, alone or on two threads.
 * Until that is understood it stays out of the automatic choice.
 */
final class WinogradForward {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();
    /** Tiles per block: the rows of {@link ChannelLaneForward}'s register tiles. */
    static final int TILES = ChannelLaneForward.PIXELS;
    /** Output pixels per group of images: a group's channel-last input and output stay in L2. */
    static final int GROUP_PIXELS = 1024;
    /** The positions of the 4x4 transforms: sixteen GEMMs. */
    private static final int XI = 16;

    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    /**
     * Whether this map can run ins → outs on h×w images with this stride: stride 1, even sizes, whole vectors of
     * input channels (a tile's transform reads one vector per channel block).
     */
    static boolean handles(int ins, int outs, int stride, int h, int w) {
        return stride == 1 && h % 2 == 0 && w % 2 == 0 && ins % L == 0 && ins <= 128 && outs >= 1;
    }

    /**
     * {@code images} consecutive outputs (outs, h, w) at {@code y[yOff]}, overwritten, from the dense inputs
     * (ins, h, w) at {@code x[xOff]}; {@code weights} and {@code adjoint} as in {@link ChannelLaneForward#forward}.
     */
    void forward(float[] x, int xOff, int ins, int h, int w, float[] weights, boolean adjoint, int outs, int images,
                 float[] y, int yOff) {
        if (!handles(ins, outs, 1, h, w)) throw new IllegalArgumentException("Winograd F(2x2,3x3) does not map " + ins + "→" + outs + " on " + h + "x" + w);
        int plane = h * w, outsP = (outs + L - 1) / L * L, th = h / 2, tw = w / 2;
        boolean pairs = ChannelLaneForward.WIDE == 2 && outsP == L; // ins is a multiple of L: even steps
        int group = Math.max(1, GROUP_PIXELS / plane);
        Workspace ws = workspaces.get();
        int[] rows = ws.rows(ins);
        // one position's rows of transformed inputs (products) are TILES·ins (TILES·outsP) floats and one vector
        // apart: without that vector the sixteen stores of a tile's transform fall 2 KiB apart for 64 channels,
        // every other one in the same L1 set
        int vs = TILES * ins + L, ms = TILES * outsP + L;
        float[] wu = ws.weights(XI * ins * outsP), v = ws.inputs(XI * vs), m = ws.products(XI * ms);
        pack(weights, adjoint, ins, outs, outsP, wu, ws.filter);
        for (int g = 0; g < images; g += group) {
            int n = Math.min(group, images - g), tiles = n * th * tw;
            float[] xh = ws.images.copy(x, xOff + g * ins * plane, ins, h, w, n, 0);
            float[] yh = ws.outputs(n * plane * outsP);
            for (int t0 = 0; t0 < tiles; t0 += TILES) {
                int count = Math.min(TILES, tiles - t0);
                for (int t = 0; t < TILES; t++) { // rows past the last tile repeat it; their products are dropped
                    int tile = t0 + Math.min(t, count - 1), q = tile / tw, ty = q % th, image = q / th;
                    int at = ((image * (h + 2) + 2 * ty) * (w + 2) + 2 * (tile % tw)) * ins;
                    transformInputs(xh, at, (w + 2) * ins, ins, v, t * ins, vs);
                }
                Arrays.fill(m, 0, XI * ms, 0f);
                for (int xi = 0; xi < XI; xi++) {
                    for (int ob = 0; ob < outsP; ) {
                        boolean two = ChannelLaneForward.WIDE == 2 && outsP - ob >= 2 * L;
                        int bw = two ? 2 * L : L, wi = ob * XI * ins + xi * ins * bw, at = xi * ms + ob, vi = xi * vs;
                        if (pairs) ChannelLaneForward.tilePairs(v, rows, 0, vi, ins, wu, wi, m, at, outsP);
                        else if (two) ChannelLaneForward.tile2(v, rows, 0, vi, ins, wu, wi, m, at, outsP);
                        else ChannelLaneForward.tile1(v, rows, 0, vi, ins, wu, wi, m, at, outsP);
                        ob += bw;
                    }
                }
                for (int t = 0; t < count; t++) {
                    int tile = t0 + t, q = tile / tw, ty = q % th, image = q / th;
                    int at = ((image * h + 2 * ty) * w + 2 * (tile % tw)) * outsP;
                    for (int oj = 0; oj < outsP; oj += L) transformOutputs(m, t * outsP + oj, ms, yh, at + oj, w * outsP, outsP);
                }
            }
            ChannelLaneForward.unpack(yh, outsP, n, outs, plane, y, yOff + g * outs * plane);
        }
    }

    /**
     * V = Bᵀ d B for each vector of input channels of one tile: d[r][c] at {@code xh[at + r·row + c·ins]}, V[ξ] to
     * {@code v[vOff + ξ·stride]} (then the next vector of channels).
     */
    private static void transformInputs(float[] xh, int at, int row, int ins, float[] v, int vOff, int stride) {
        for (int j = 0; j < ins; j += L, at += L, vOff += L) {
            int r0 = at, r1 = at + row, r2 = at + 2 * row, r3 = at + 3 * row;
            // along each row: e = d·B (columns c0 − c2, c1 + c2, c2 − c1, c1 − c3)
            FloatVector a0 = FloatVector.fromArray(S, xh, r0), a1 = FloatVector.fromArray(S, xh, r0 + ins);
            FloatVector a2 = FloatVector.fromArray(S, xh, r0 + 2 * ins), a3 = FloatVector.fromArray(S, xh, r0 + 3 * ins);
            FloatVector e00 = a0.sub(a2), e01 = a1.add(a2), e02 = a2.sub(a1), e03 = a1.sub(a3);
            a0 = FloatVector.fromArray(S, xh, r1);
            a1 = FloatVector.fromArray(S, xh, r1 + ins);
            a2 = FloatVector.fromArray(S, xh, r1 + 2 * ins);
            a3 = FloatVector.fromArray(S, xh, r1 + 3 * ins);
            FloatVector e10 = a0.sub(a2), e11 = a1.add(a2), e12 = a2.sub(a1), e13 = a1.sub(a3);
            a0 = FloatVector.fromArray(S, xh, r2);
            a1 = FloatVector.fromArray(S, xh, r2 + ins);
            a2 = FloatVector.fromArray(S, xh, r2 + 2 * ins);
            a3 = FloatVector.fromArray(S, xh, r2 + 3 * ins);
            FloatVector e20 = a0.sub(a2), e21 = a1.add(a2), e22 = a2.sub(a1), e23 = a1.sub(a3);
            a0 = FloatVector.fromArray(S, xh, r3);
            a1 = FloatVector.fromArray(S, xh, r3 + ins);
            a2 = FloatVector.fromArray(S, xh, r3 + 2 * ins);
            a3 = FloatVector.fromArray(S, xh, r3 + 3 * ins);
            FloatVector e30 = a0.sub(a2), e31 = a1.add(a2), e32 = a2.sub(a1), e33 = a1.sub(a3);
            // down each column: V = Bᵀ·e, ξ = 4·row + column
            int o = vOff;
            e00.sub(e20).intoArray(v, o);
            e01.sub(e21).intoArray(v, o += stride);
            e02.sub(e22).intoArray(v, o += stride);
            e03.sub(e23).intoArray(v, o += stride);
            e10.add(e20).intoArray(v, o += stride);
            e11.add(e21).intoArray(v, o += stride);
            e12.add(e22).intoArray(v, o += stride);
            e13.add(e23).intoArray(v, o += stride);
            e20.sub(e10).intoArray(v, o += stride);
            e21.sub(e11).intoArray(v, o += stride);
            e22.sub(e12).intoArray(v, o += stride);
            e23.sub(e13).intoArray(v, o += stride);
            e10.sub(e30).intoArray(v, o += stride);
            e11.sub(e31).intoArray(v, o += stride);
            e12.sub(e32).intoArray(v, o += stride);
            e13.sub(e33).intoArray(v, o += stride);
        }
    }

    /**
     * y = Aᵀ M A for one vector of output channels of one tile: M[ξ] at {@code m[at + ξ·stride]}, the outputs (2x2)
     * to {@code yh[out + r·row + c·outsP]}.
     */
    private static void transformOutputs(float[] m, int at, int stride, float[] yh, int out, int row, int outsP) {
        FloatVector m0 = FloatVector.fromArray(S, m, at), m1 = FloatVector.fromArray(S, m, at + stride);
        FloatVector m2 = FloatVector.fromArray(S, m, at + 2 * stride), m3 = FloatVector.fromArray(S, m, at + 3 * stride);
        FloatVector m4 = FloatVector.fromArray(S, m, at + 4 * stride), m5 = FloatVector.fromArray(S, m, at + 5 * stride);
        FloatVector m6 = FloatVector.fromArray(S, m, at + 6 * stride), m7 = FloatVector.fromArray(S, m, at + 7 * stride);
        FloatVector m8 = FloatVector.fromArray(S, m, at + 8 * stride), m9 = FloatVector.fromArray(S, m, at + 9 * stride);
        FloatVector m10 = FloatVector.fromArray(S, m, at + 10 * stride), m11 = FloatVector.fromArray(S, m, at + 11 * stride);
        FloatVector m12 = FloatVector.fromArray(S, m, at + 12 * stride), m13 = FloatVector.fromArray(S, m, at + 13 * stride);
        FloatVector m14 = FloatVector.fromArray(S, m, at + 14 * stride), m15 = FloatVector.fromArray(S, m, at + 15 * stride);
        // down each column: s = Aᵀ·M (rows r0 + r1 + r2 and r1 − r2 − r3)
        FloatVector s00 = m0.add(m4).add(m8), s01 = m1.add(m5).add(m9), s02 = m2.add(m6).add(m10), s03 = m3.add(m7).add(m11);
        FloatVector s10 = m4.sub(m8).sub(m12), s11 = m5.sub(m9).sub(m13), s12 = m6.sub(m10).sub(m14), s13 = m7.sub(m11).sub(m15);
        // along each row: y = s·A
        s00.add(s01).add(s02).intoArray(yh, out);
        s01.sub(s02).sub(s03).intoArray(yh, out + outsP);
        s10.add(s11).add(s12).intoArray(yh, out + row);
        s11.sub(s12).sub(s13).intoArray(yh, out + row + outsP);
    }

    /**
     * U = G g Gᵀ for every (output, input) channel, packed for the register tiles: block ob of width bw (2L or L
     * output channels, as {@link ChannelLaneForward} cuts them) holds {@code wu[ob·16·ins + (ξ·ins + i)·bw + (o − ob)]},
     * channels past outs zero. Transformed in double, rounded once; {@code scratch} holds at least 37 doubles.
     */
    static void pack(float[] weights, boolean adjoint, int ins, int outs, int outsP, float[] wu, double[] scratch) {
        double[] g = scratch, u = scratch; // g at 0, the product G·g at 9, u at 21
        for (int ob = 0; ob < outsP; ) {
            int bw = ChannelLaneForward.WIDE == 2 && outsP - ob >= 2 * L ? 2 * L : L;
            for (int r = 0; r < bw; r++) {
                int o = ob + r;
                for (int i = 0; i < ins; i++) {
                    if (o >= outs) {
                        Arrays.fill(u, 21, 21 + XI, 0);
                    } else {
                        for (int t = 0; t < 9; t++) g[t] = adjoint ? weights[(i * outs + o) * 9 + 8 - t] : weights[(o * ins + i) * 9 + t];
                        transformFilter(scratch);
                    }
                    for (int xi = 0; xi < XI; xi++) wu[ob * XI * ins + (xi * ins + i) * bw + r] = (float) u[21 + xi];
                }
            }
            ob += bw;
        }
    }

    /**
     * u = G g Gᵀ in {@code s}: g (3x3, row-major) at 0, G·g (4x3) written at 9, u (4x4, row-major) written at 21.
     */
    static void transformFilter(double[] s) {
        for (int c = 0; c < 3; c++) {
            double g0 = s[c], g1 = s[3 + c], g2 = s[6 + c];
            s[9 + c] = g0;
            s[12 + c] = (g0 + g1 + g2) / 2;
            s[15 + c] = (g0 - g1 + g2) / 2;
            s[18 + c] = g2;
        }
        for (int r = 0; r < 4; r++) {
            double a = s[9 + 3 * r], b = s[10 + 3 * r], c = s[11 + 3 * r];
            s[21 + 4 * r] = a;
            s[22 + 4 * r] = (a + b + c) / 2;
            s[23 + 4 * r] = (a - b + c) / 2;
            s[24 + 4 * r] = c;
        }
    }

    /** Per-thread buffers, grown on demand and then reused. */
    private static final class Workspace {
        final ChannelLastImages images = new ChannelLastImages();
        final double[] filter = new double[37];
        private int[] rows = new int[0];
        private float[] wu = new float[0], v = new float[0], m = new float[0], yh = new float[0];

        float[] weights(int n) { return wu.length >= n ? wu : (wu = new float[n]); }
        float[] inputs(int n) { return v.length >= n ? v : (v = new float[n]); }
        float[] products(int n) { return m.length >= n ? m : (m = new float[n]); }
        float[] outputs(int n) { return yh.length >= n ? yh : (yh = new float[n]); }

        /** {0, ins, 2·ins, …}: the eight tiles of a block as the rows of the register tiles. */
        int[] rows(int ins) {
            if (rows.length != TILES || rows[1] != ins) {
                rows = new int[TILES];
                for (int t = 0; t < TILES; t++) rows[t] = t * ins;
            }
            return rows;
        }
    }
}
