package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import resnetlab.kernel.EngineSwitch;

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
 * <p>Where both sizes divide by four (the nets' 8x8 and 4x4 layers) {@code VectorConv3x3} runs F(4x4,3x3) instead
 * ({@link #forward4}, {@link #fourByFour}): 36 multiplications per 4x4 outputs, 2.25 per output against F(2x2,3x3)'s
 * 4. On the Intel Xeon (16 lanes, 2026-12-07, {@link ForwardBenchmark}, GFLOP/s of the direct method's work):
 * 64→64 8x8 forward 163-177 -> 238-240, input gradient 166-177 -> 250-266; 32→32 4x4 level (141 / 140 against
 * 141-148); ResNet-20 one thread ({@code bench --ab winograd-4x4}, 10 rounds) training 0.960 of the time, inference
 * 0.939; the classroom net 0.972 / 0.929 (under {@code -XX:UseAVX=2} 0.963 / 0.919).
 *
 * <p>Exactness: F(2x2,3x3)'s transforms add and subtract at most four values and halve, so the result differs from
 * direct summation by rounding only (ForwardMapTest holds it to the same bound as the direct kernels); F(4x4,3x3)'s
 * multiply by up to 25 and 1/576 and round more (ForwardMapTest's worst 6.8e-6 of the outputs' scale, 64 channels).
 *
 * <p>{@link VectorConv3x3} chooses it where {@link #suits} says, or when forced ({@code Lanes.WINOGRAD}: tests,
 * {@link ForwardBenchmark}).
 */
final class WinogradForward {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();
    /** Tiles per block: the rows of {@link ChannelLaneForward}'s register tiles. */
    static final int TILES = ChannelLaneForward.PIXELS;
    /** The positions of the 4x4 transforms: sixteen GEMMs. */
    private static final int XI = 16;

    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    /**
     * Whether this map pays for a layer's map ins → outs with output width wo (stride 1; the input gradient asks
     * with ins = the layer's cout), by {@link ForwardBenchmark} (one thread, CPU time, 2026-12-04, GFLOP/s of the
     * direct method's work, forward / input gradient, Winograd against the best direct layout):
     * <ul>
     * <li>16 lanes: 64→64 8x8 210 / 188 against 130 / 119, 32→32 4x4 146 / 121 against 105 / 91; not 32→32 16x16
     *     (107 against 116-124) or 16→16 32x32 (65 against 112-131). 16→16 8x8 (the classroom net's second stage)
     *     where the CPU runs a 512-bit FMA in two halves ({@link CpuModel#halvesWideVectors}) while
     *     {@link EngineSwitch#WINOGRAD_16} is on: on the AMD EPYC (Zen 4, 2026-12-07), since F(4x4,3x3) and its products
     *     started their sums in registers ({@link #products}), 125-137 / 112-135 against the shifted planes' 94 / 90-93;
     *     the classroom net ({@code bench --classroom --ab winograd-16}, 8 rounds) inference 0.914 of the time on one
     *     thread and 0.939 on two, training 0.963 / 0.931. Not where the FMA is whole: the Intel Xeon's two 512-bit
     *     pipes ran the planes at 155 (2026-12-06), and Winograd's speed follows loads and stores more than FMAs
     *     (64→64 8x8 238 there, 230 on Zen 4). (Before, with F(2x2,3x3) and the pixel lanes reading in place,
     *     2026-12-05: 97.6 / 99.7 against 112.1 / 113.8);</li>
     * <li>8 lanes: up to 4 wide: 32→32 4x4 156 / 157 against 61 / 60 since the products run four pixels × two vectors
     *     ({@link ChannelLaneForward#tile4}; the Zen 4 EPYC, 2026-12-07, under {@code -XX:UseAVX=2}, 16 registers as on
     *     AVX2 CPUs), 68 / 66 with eight pixels × one vector before. Not 8 wide: 64→64 8x8 maps at 234 / 212 against
     *     the row Winograd's 198 / 176 alone, but ResNet-20 and ResNet-56 under {@code -XX:UseAVX=2} gained nothing
     *     with it (three pairs of fresh JVMs, two threads: inference 2976, 2904, 3026 against 3066, 2916, 2782
     *     images/s and 1010, 975, 721 against 1085, 1080, 840; training level), where the row tiles' inference
     *     applies BN and ReLU as it writes. On the Intel Xeon (2026-12-06, forced 8 lanes, the old tile) 67 / 72
     *     against 91 / 92;</li>
     * <li>a forced 4 lanes: never since then: 32→32 4x4 36 / 38 against 43 / 45 (row Winograd), 64→64 8x8 39 / 37
     *     against 49 / 47, 32→32 16x16 33 / 36 against 45 / 49.</li>
     * </ul>
     * Where channels fill few vectors, or images are large enough for the pixel lanes' long rows, the sixteen short
     * GEMMs, the transforms and the channel-last copies cost more than the 20 of 36 multiplications saved.
     */
    static boolean suits(int ins, int outs, int stride, int wo) {
        int widest = L >= 16 ? 8 : L / 2; // 8 lanes: up to 4 wide; 4 lanes: 2 wide, which no net here has
        if (stride != 1 || ins % L != 0) return false;
        return ins >= 32 && outs >= 32 && wo <= widest
                || L >= 16 && outs >= 16 && wo == 8 && EngineSwitch.WINOGRAD_16.on() && CpuModel.current().halvesWideVectors();
    }

    /**
     * Whether this map can run ins → outs on h×w images with this stride: stride 1, even sizes, whole vectors of
     * input channels (a tile's transform reads one vector per channel block).
     */
    static boolean handles(int ins, int outs, int stride, int h, int w) {
        return stride == 1 && h % 2 == 0 && w % 2 == 0 && ins % L == 0 && outs >= 1;
    }

    /**
     * {@code images} consecutive outputs (outs, h, w) at {@code y[yOff]}, overwritten, from the dense inputs
     * (ins, h, w) at {@code x[xOff]}, with the transformed weights {@link #pack} wrote for this map.
     */
    void forward(float[] x, int xOff, int ins, int h, int w, float[] wu, int outs, int images, float[] y, int yOff) {
        if (!handles(ins, outs, 1, h, w)) {
            throw new IllegalArgumentException("Winograd F(2x2,3x3) does not map " + ins + "→" + outs + " on " + h + "x" + w);
        }
        int plane = h * w, outsP = (outs + L - 1) / L * L, th = h / 2, tw = w / 2;
        int group = Math.max(1, ChannelLaneForward.GROUP_PIXELS / plane); // as the channel lanes: stays in L2
        Workspace ws = workspaces.get();
        int[] rows = ws.rows(ins);
        // one position's rows of transformed inputs (products) are TILES·ins (TILES·outsP) floats and one vector
        // apart: without that vector the sixteen stores of a tile's transform fall 2 KiB apart for 64 channels,
        // every other one in the same L1 set
        int vs = TILES * ins + L, ms = TILES * outsP + L;
        float[] v = ws.inputs(XI * vs), m = ws.products(XI * ms);
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
                products(XI, v, vs, rows, ins, wu, m, ms, outsP);
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
     * The GEMMs of a block of {@link #TILES} tiles, one per position ξ &lt; {@code positions} (16 for F(2x2,3x3), 36 for
     * F(4x4,3x3)): {@code M[ξ] = V[ξ]·U[ξ]} for every block of output channels, through {@link ChannelLaneForward}'s
     * register tiles; V[ξ] at {@code v[ξ·vs]} (a tile's inputs at its row in {@code rows}), U as {@link #pack} wrote
     * it, M[ξ] to {@code m[ξ·ms]}, overwritten (each (ξ, block) is one call over all input channels).
     */
    private static void products(int positions, float[] v, int vs, int[] rows, int ins, float[] wu, float[] m, int ms, int outsP) {
        for (int ob = 0, wb = 0; ob < outsP; ) {
            int bw = ChannelLaneForward.blockWidth(outsP, ob), ps = planeStride(ins, bw);
            for (int xi = 0; xi < positions; xi++) {
                int wi = wb + xi * ps, at = xi * ms + ob, vi = xi * vs;
                ChannelLaneForward.tile(outsP, bw, v, rows, 0, vi, ins, wu, wi, m, at, outsP, false);
            }
            ob += bw;
            wb += positions * ps;
        }
    }

    /**
     * V = Bᵀ d B for each vector of input channels of one tile: d[r][c] at {@code xh[at + r·row + c·ins]}, V[ξ] to
     * {@code v[vOff + ξ·stride]} (then the next vector of channels). In two halves, columns 0-1 and 2-3 of V, each
     * twelve loads and eight stores: as one method of sixteen loads and sixteen stores, C2 compiled inside a
     * ResNet-56 training run gave up the intrinsic of the last six stores (PrintInlining: "VectorSupport::store
     * failed to inline (intrinsic)") and boxed their vectors, 160 MB a step and the transform 30 times slower, though
     * not in a timing loop. {@code allocatedBytesPerStep} of {@code bench} shows it.
     */
    static void transformInputs(float[] xh, int at, int row, int ins, float[] v, int vOff, int stride) {
        for (int j = 0; j < ins; j += L) {
            transformLeft(xh, at + j, row, ins, v, vOff + j, 4 * stride);
            transformRight(xh, at + j, row, ins, v, vOff + 2 * stride + j, 4 * stride);
        }
    }

    /**
     * Columns 0 and 1 of V = Bᵀ d B: d·B's columns c0 − c2 and c1 + c2, then down each column the rows e0 − e2,
     * e1 + e2, e2 − e1, e1 − e3, written to ξ = 4·r (at o) and 4·r + 1 (at o + step/4), rows {@code step} apart.
     */
    private static void transformLeft(float[] xh, int at, int row, int ins, float[] v, int o, int step) {
        FloatVector d00 = FloatVector.fromArray(S, xh, at), d01 = FloatVector.fromArray(S, xh, at + ins);
        FloatVector d02 = FloatVector.fromArray(S, xh, at + 2 * ins);
        FloatVector d10 = FloatVector.fromArray(S, xh, at + row), d11 = FloatVector.fromArray(S, xh, at + row + ins);
        FloatVector d12 = FloatVector.fromArray(S, xh, at + row + 2 * ins);
        FloatVector d20 = FloatVector.fromArray(S, xh, at + 2 * row), d21 = FloatVector.fromArray(S, xh, at + 2 * row + ins);
        FloatVector d22 = FloatVector.fromArray(S, xh, at + 2 * row + 2 * ins);
        FloatVector d30 = FloatVector.fromArray(S, xh, at + 3 * row), d31 = FloatVector.fromArray(S, xh, at + 3 * row + ins);
        FloatVector d32 = FloatVector.fromArray(S, xh, at + 3 * row + 2 * ins);
        FloatVector e00 = d00.sub(d02), e10 = d10.sub(d12), e20 = d20.sub(d22), e30 = d30.sub(d32);
        FloatVector e01 = d01.add(d02), e11 = d11.add(d12), e21 = d21.add(d22), e31 = d31.add(d32);
        int o1 = o + step / 4;
        e00.sub(e20).intoArray(v, o);
        e10.add(e20).intoArray(v, o + step);
        e20.sub(e10).intoArray(v, o + 2 * step);
        e10.sub(e30).intoArray(v, o + 3 * step);
        e01.sub(e21).intoArray(v, o1);
        e11.add(e21).intoArray(v, o1 + step);
        e21.sub(e11).intoArray(v, o1 + 2 * step);
        e11.sub(e31).intoArray(v, o1 + 3 * step);
    }

    /** Columns 2 and 3 of V = Bᵀ d B (d·B's columns c2 − c1 and c1 − c3), as {@link #transformLeft}. */
    private static void transformRight(float[] xh, int at, int row, int ins, float[] v, int o, int step) {
        FloatVector d01 = FloatVector.fromArray(S, xh, at + ins), d02 = FloatVector.fromArray(S, xh, at + 2 * ins);
        FloatVector d03 = FloatVector.fromArray(S, xh, at + 3 * ins);
        FloatVector d11 = FloatVector.fromArray(S, xh, at + row + ins), d12 = FloatVector.fromArray(S, xh, at + row + 2 * ins);
        FloatVector d13 = FloatVector.fromArray(S, xh, at + row + 3 * ins);
        FloatVector d21 = FloatVector.fromArray(S, xh, at + 2 * row + ins), d22 = FloatVector.fromArray(S, xh, at + 2 * row + 2 * ins);
        FloatVector d23 = FloatVector.fromArray(S, xh, at + 2 * row + 3 * ins);
        FloatVector d31 = FloatVector.fromArray(S, xh, at + 3 * row + ins), d32 = FloatVector.fromArray(S, xh, at + 3 * row + 2 * ins);
        FloatVector d33 = FloatVector.fromArray(S, xh, at + 3 * row + 3 * ins);
        FloatVector e02 = d02.sub(d01), e12 = d12.sub(d11), e22 = d22.sub(d21), e32 = d32.sub(d31);
        FloatVector e03 = d01.sub(d03), e13 = d11.sub(d13), e23 = d21.sub(d23), e33 = d31.sub(d33);
        int o1 = o + step / 4;
        e02.sub(e22).intoArray(v, o);
        e12.add(e22).intoArray(v, o + step);
        e22.sub(e12).intoArray(v, o + 2 * step);
        e12.sub(e32).intoArray(v, o + 3 * step);
        e03.sub(e23).intoArray(v, o1);
        e13.add(e23).intoArray(v, o1 + step);
        e23.sub(e13).intoArray(v, o1 + 2 * step);
        e13.sub(e33).intoArray(v, o1 + 3 * step);
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
     * U = G g Gᵀ for every (output, input) channel ({@code weights} and {@code adjoint} as in
     * {@link ChannelLaneForward#pack}), packed for the register tiles: block ob of width bw (2L or L
     * output channels, as {@link ChannelLaneForward} cuts them) holds {@code wu[base(ob) + ξ·(ins·bw + L) + i·bw + (o − ob)]},
     * channels past outs zero ({@link #planeStride}); F(4x4,3x3)'s 36 positions where {@link #fourByFour}, else
     * F(2x2,3x3)'s sixteen. Per input channel and block, the taps are first laid out a block of output channels per tap
     * ({@link ChannelLaneForward#taps}), and the transforms then run on a vector of output channels at a time, each store
     * a whole vector. A training step packs every layer's weights twice (forward and input gradient), as they change every step;
     * transforming one filter at a time in scalar code had taken 45 µs for 32→32 (the classroom net's last stage, 34
     * packings a step: 1.5 ms of its 21.5 on two threads, serial) and 0.23 ms for 64→64. (Until 2026-12-04 the planes
     * lay 4 KiB apart and 64→64 took 0.17-0.25 ms more, when {@code Conv2d}'s input gradient packed per group of images.)
     */
    void pack(float[] weights, boolean adjoint, int ins, int outs, int outsP, int h, int w, float[] wu) {
        Workspace ws = workspaces.get();
        float[] taps = ws.taps(9 * 2 * L), lines = ws.filterLines(18 * L);
        boolean four = fourByFour(h, w);
        for (int ob = 0, wb = 0; ob < outsP; ) {
            int bw = ChannelLaneForward.blockWidth(outsP, ob), xiStep = planeStride(ins, bw), count = Math.min(bw, outs - ob);
            float[] src = ChannelLaneForward.block(weights, adjoint, ins, ob, count);
            for (int i = 0; i < ins; i++) {
                ChannelLaneForward.taps(src, adjoint, ins, outs, ChannelLaneForward.blockStart(adjoint, ob), count, bw, i, taps, 0,
                        3 * bw, bw); // taps[t·bw + r]
                for (int v = 0; v < bw; v += L) {
                    int at = wb + i * bw + v;
                    if (four) transformFilters4(taps, v, bw, lines, wu, at, xiStep);
                    else transformFilters(taps, v, bw, wu, at, xiStep);
                }
            }
            ob += bw;
            wb += (four ? XI4 : XI) * xiStep;
        }
    }

    /**
     * F(2x2,3x3)'s U = G g Gᵀ for a vector of filters: tap t (ky·3 + kx) at {@code g[src + t·tapStep]}, position ξ
     * (4·row + column) to {@code wu[at + ξ·step]}.
     */
    private static void transformFilters(float[] g, int src, int tapStep, float[] wu, int at, int step) {
        FloatVector g00 = FloatVector.fromArray(S, g, src), g01 = FloatVector.fromArray(S, g, src + tapStep);
        FloatVector g02 = FloatVector.fromArray(S, g, src + 2 * tapStep), g10 = FloatVector.fromArray(S, g, src + 3 * tapStep);
        FloatVector g11 = FloatVector.fromArray(S, g, src + 4 * tapStep), g12 = FloatVector.fromArray(S, g, src + 5 * tapStep);
        FloatVector g20 = FloatVector.fromArray(S, g, src + 6 * tapStep), g21 = FloatVector.fromArray(S, g, src + 7 * tapStep);
        FloatVector g22 = FloatVector.fromArray(S, g, src + 8 * tapStep);
        // t = G·g (4x3): rows g0, (g0 + g1 + g2)/2, (g0 − g1 + g2)/2, g2 of g's rows; then U = t·Gᵀ row by row
        row(g00, g01, g02, wu, at, step);
        row(g00.add(g10).add(g20).mul(0.5f), g01.add(g11).add(g21).mul(0.5f), g02.add(g12).add(g22).mul(0.5f),
                wu, at + 4 * step, step);
        row(g00.sub(g10).add(g20).mul(0.5f), g01.sub(g11).add(g21).mul(0.5f), g02.sub(g12).add(g22).mul(0.5f),
                wu, at + 8 * step, step);
        row(g20, g21, g22, wu, at + 12 * step, step);
    }

    /** One row of U = t·Gᵀ: a, (a + b + c)/2, (a − b + c)/2, c at d, d + step, …, for a vector of filters. */
    private static void row(FloatVector a, FloatVector b, FloatVector c, float[] wu, int d, int step) {
        a.intoArray(wu, d);
        a.add(b).add(c).mul(0.5f).intoArray(wu, d + step);
        a.sub(b).add(c).mul(0.5f).intoArray(wu, d + 2 * step);
        c.intoArray(wu, d + 3 * step);
    }

    /**
     * Floats from one position ξ's packed weights of a block to the next: ins·bw and one vector more. Without that
     * vector the sixteen planes lie a multiple of 4 KiB apart for 64 channels, the sixteen stores of
     * {@link #pack} for one (output, input) channel fall into one L1 set, and packing 64→64 took 0.17 ms.
     */
    private static int planeStride(int ins, int bw) { return ins * bw + L; }

    /**
     * Floats of the packed weights of {@link #pack} for h×w images: F(4x4,3x3)'s 36 planes where {@link #fourByFour},
     * else F(2x2,3x3)'s sixteen.
     */
    static int packedSize(int ins, int outsP, int h, int w) {
        return planesSize(fourByFour(h, w) ? XI4 : XI, ins, outsP);
    }

    /** Floats of {@code planes} positions' packed weights for every block of output channels. */
    private static int planesSize(int planes, int ins, int outsP) {
        int size = 0;
        for (int ob = 0; ob < outsP; ) {
            int bw = ChannelLaneForward.blockWidth(outsP, ob);
            size += planes * planeStride(ins, bw);
            ob += bw;
        }
        return size;
    }

    // ---- F(4x4,3x3) ----

    /** The positions of F(4x4,3x3)'s 6x6 transforms: 36 GEMMs. */
    private static final int XI4 = 36;

    /**
     * Whether the map takes F(4x4,3x3) ({@link #forward4}): sizes that divide by four and
     * {@link EngineSwitch#WINOGRAD_4X4} on.
     */
    static boolean fourByFour(int h, int w) {
        return h % 4 == 0 && w % 4 == 0 && EngineSwitch.WINOGRAD_4X4.on();
    }

    /**
     * F(4x4,3x3): each 4x4 block of outputs of one output channel takes 36 multiplications per input channel instead
     * of 144 (F(2x2,3x3): 64), from the 6x6 block of padded inputs under it, with F(4,3)'s matrices in both directions
     * ({@link WinogradF43}): {@code V = Bᵀ d B}, {@code U = G g Gᵀ}, {@code y = Aᵀ M A}.
     * The same steps as {@link #forward}: a block of eight tiles' transforms, 36 GEMMs through
     * {@link ChannelLaneForward}'s tiles, the output transforms; each transform in two passes of six-point lines
     * (along the rows into a scratch of 36 vectors, then down the columns). It rounds more than F(2x2,3x3): the
     * transforms multiply by up to 8 and 25 in two directions, the weights by 1/576 (ForwardMapTest's bound for it).
     */
    void forward4(float[] x, int xOff, int ins, int h, int w, float[] wu, int outs, int images, float[] y, int yOff) {
        if (!handles(ins, outs, 1, h, w) || h % 4 != 0 || w % 4 != 0) {
            throw new IllegalArgumentException("Winograd F(4x4,3x3) does not map " + ins + "→" + outs + " on " + h + "x" + w);
        }
        int plane = h * w, outsP = (outs + L - 1) / L * L, th = h / 4, tw = w / 4;
        int group = Math.max(1, ChannelLaneForward.GROUP_PIXELS / plane);
        Workspace ws = workspaces.get();
        int[] rows = ws.rows(ins);
        int vs = TILES * ins + L, ms = TILES * outsP + L;
        float[] v = ws.inputs(XI4 * vs), m = ws.products(XI4 * ms), e = ws.lines(XI4 * L);
        for (int g = 0; g < images; g += group) {
            int n = Math.min(group, images - g), tiles = n * th * tw;
            float[] xh = ws.images.copy(x, xOff + g * ins * plane, ins, h, w, n, 0);
            float[] yh = ws.outputs(n * plane * outsP);
            for (int t0 = 0; t0 < tiles; t0 += TILES) {
                int count = Math.min(TILES, tiles - t0);
                for (int t = 0; t < TILES; t++) { // rows past the last tile repeat it; their products are dropped
                    int tile = t0 + Math.min(t, count - 1), q = tile / tw, ty = q % th, image = q / th;
                    int at = ((image * (h + 2) + 4 * ty) * (w + 2) + 4 * (tile % tw)) * ins, row = (w + 2) * ins;
                    for (int j = 0; j < ins; j += L) {
                        for (int r = 0; r < 6; r++) WinogradF43.inputLine(xh, at + j + r * row, ins, e, r * 6 * L, L);
                        for (int c = 0; c < 6; c++) WinogradF43.inputLine(e, c * L, 6 * L, v, t * ins + j + c * vs, 6 * vs);
                    }
                }
                products(XI4, v, vs, rows, ins, wu, m, ms, outsP);
                for (int t = 0; t < count; t++) {
                    int tile = t0 + t, q = tile / tw, ty = q % th, image = q / th;
                    int at = ((image * h + 4 * ty) * w + 4 * (tile % tw)) * outsP, row = w * outsP;
                    for (int oj = 0; oj < outsP; oj += L) {
                        int mt = t * outsP + oj;
                        for (int c = 0; c < 6; c++) WinogradF43.outputLine(m, mt + c * ms, 6 * ms, e, c * L, 6 * L);
                        for (int r = 0; r < 4; r++) WinogradF43.outputLine(e, r * 6 * L, L, yh, at + oj + r * row, outsP);
                    }
                }
            }
            ChannelLaneForward.unpack(yh, outsP, n, outs, plane, y, yOff + g * outs * plane);
        }
    }

    /**
     * F(4x4,3x3)'s U = G g Gᵀ for a vector of filters, as {@link #transformFilters}: t = G·g (6x3, by
     * {@link WinogradF43#filterLine} down each column of taps, into {@code lines[(3k + c)·L]}), then U = t·Gᵀ row by
     * row, position ξ = 6·row + column.
     */
    private static void transformFilters4(float[] g, int src, int tapStep, float[] lines, float[] wu, int at, int step) {
        for (int c = 0; c < 3; c++) {
            WinogradF43.filterLine(FloatVector.fromArray(S, g, src + c * tapStep), FloatVector.fromArray(S, g, src + (3 + c) * tapStep),
                    FloatVector.fromArray(S, g, src + (6 + c) * tapStep), lines, c * L, 3 * L);
        }
        for (int k = 0; k < 6; k++) {
            WinogradF43.filterLine(FloatVector.fromArray(S, lines, 3 * k * L), FloatVector.fromArray(S, lines, (3 * k + 1) * L),
                    FloatVector.fromArray(S, lines, (3 * k + 2) * L), wu, at + 6 * k * step, step);
        }
    }

    /** Per-thread buffers, grown on demand and then reused. */
    private static final class Workspace {
        final ChannelLastImages images = new ChannelLastImages();
        private int[] rows = new int[0];
        private float[] v = new float[0], m = new float[0], yh = new float[0];

        private float[] lines = new float[0], taps = new float[0], filterLines = new float[0];

        /** {@link #pack}'s taps of one input channel, a block of output channels per tap. */
        float[] taps(int n) { return taps.length >= n ? taps : (taps = new float[n]); }
        /** {@link #transformFilters4}'s scratch between its two passes. */
        float[] filterLines(int n) { return filterLines.length >= n ? filterLines : (filterLines = new float[n]); }

        float[] inputs(int n) { return v.length >= n ? v : (v = new float[n]); }
        /** F(4x4,3x3)'s scratch between the two passes of a transform. */
        float[] lines(int n) { return lines.length >= n ? lines : (lines = new float[n]); }
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
