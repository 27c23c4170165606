package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward map of a 3x3 convolution (and, with the adjoint weights, the stride-1 input gradient) with the
 * output channels in the vector lanes, a GEMM over the pixels of a group of images:
 * <pre>
 *   y[n][o][oy][ox] = Σ_{ky, kx, i} x̃[n][s·oy + ky][s·ox + kx][i] · Wᵀ[ky][kx][i][o]
 * </pre>
 * (x̃ the zero-padded input, channel-last, {@link ChannelLastImages}). For one kernel row ky the 3·ins
 * inputs (kx, i) of an output pixel are consecutive floats, and so are the rows of Wᵀ, so a register tile of
 * {@link #PIXELS} output pixels × two vectors of output channels (16 accumulators) runs one loop of 3·ins
 * steps per kernel row: two weight loads, eight input broadcasts and sixteen FMAs per step, no lane
 * reductions, and no lane computes a pad column. Where the output channels fill one vector (16 at 16 lanes)
 * the tile is eight pixels × one vector × two partial sums (even and odd steps, {@link #tilePairs}); with 8 lanes
 * (16-register machines: AVX2) four pixels × two vectors ({@link #tile4}), or eight pixels × one vector where the
 * channels fill one vector.
 *
 * <p>This is what small images need: {@link VectorConv3x3}'s own forward puts pixels in the lanes, and a
 * 4x4 image computes 8 columns per row for 4 (16 lanes), a stride-2 layer with 8 output columns fills half
 * of each vector. Here every lane does useful work; the price is the channel-last copy of the input and
 * the copy of the channel-last output back to (outs, Ho, Wo) planes, both scalar, about one load and store
 * per input and output value against 9·ins multiply-adds per output value.
 *
 * <p>Layouts: the weights are packed ({@link #pack}, once per layer and call: {@code Conv2d} keeps them while the
 * weights stay the same) into blocks of the tile's width bw (2L or L output channels),
 * {@code wt[ob·9·ins + (t·ins + i)·bw + (o − ob)]}, t = 3·ky + kx, channels past outs zero, so a tile's
 * loads advance by the constant bw. Outputs go to {@code yh[pixel·outsP + o]} (outsP = outs rounded up to
 * whole vectors), zeroed per group and summed into by the three kernel rows' calls: accumulators live
 * across one loop only (C2 boxes vectors that live across nested loops; see {@link VectorConv3x3}). The
 * pixel count of a group is rounded up to whole tiles; the extra tiles read the first image's top-left
 * inputs and their outputs are dropped.
 */
final class ChannelLaneForward {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();
    /** Output pixels per register tile. */
    static final int PIXELS = 8;
    /**
     * Vectors of output channels per block of packed weights and per tile: two. Where there are 32 vector registers
     * (16 lanes) a tile is {@link #PIXELS} pixels × two vectors ({@link #tile2}, 16 accumulators); with 8 lanes it is
     * run as two tiles of four pixels × two vectors ({@link #tile4}, 8 accumulators), since AVX2 has 16 registers.
     */
    static final int WIDE = L >= 8 ? 2 : 1;
    /** Output pixels per group of images: a group's channel-last input and output stay in L2. */
    static final int GROUP_PIXELS = 1024;

    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    /**
     * Whether this layout pays for a layer's map ins → outs with output width wo (the stride-1 input gradient
     * asks with ins = the layer's cout, outs = its cin), by {@link ForwardBenchmark} (one thread, CPU time,
     * 2026-12-04, GFLOP/s channel lanes against pixel lanes). Never below eight input channels (the stems: 1→8
     * 12 against 84, 3→16 40 against 140) or one vector of output channels (8→8 at 16 lanes: 42 against 105).
     * At 16 lanes for outputs up to 8 wide: 32→32 4x4 118 against 70, 16→32 8x8 stride 2 77 against 33,
     * 64→64 8x8 161 against 121, 32→64 16x16 stride 2 119 against 75, 8→16 16x16 stride 2 52 against 40,
     * not for 16 wide (32→32 16x16 139 against 169, 16→32 32x32 stride 2 93 against 100), and at stride 1
     * not below 32 input channels since the pixel lanes read their inputs in place (2026-12-05: 16→16 8x8 89.1 / 90.8
     * against 112.1 / 113.8; before, 88 against 83). At 8 lanes up to 4 wide, and 8 wide at stride 2 (the Zen 4
     * EPYC under {@code -XX:UseAVX=2}, 2026-12-07, with {@link #tile4}: 16→32 8x8 stride 2 69 against 29, 8→16 16x16
     * stride 2 54 against 48, 32→64 16x16 stride 2 73 against 72; not 16→16 8x8, 76 against 94 and Winograd's 108;
     * before, at a forced 256 bits, 32→32 4x4 66 against 36, 16→32 8x8 stride 2 49 against 29); at 4 lanes never
     * (a 4x4 image fills the pixel lanes: 32→32 4x4 32 against 37).
     */
    static boolean suits(int ins, int outs, int stride, int wo) {
        if (ins < PIXELS || outs < L || L < 8 || L >= 16 && stride == 1 && ins < 32) return false;
        return L >= 16 ? wo <= 8 : wo <= 4 || stride == 2 && wo <= 8;
    }

    /**
     * {@code images} consecutive outputs (outs, Ho, Wo) at {@code y[yOff]}, overwritten, from the dense inputs
     * (ins, h, w) at {@code x[xOff]}, with the weights {@link #pack} packed for this map.
     */
    void forward(float[] x, int xOff, int ins, int h, int w, int stride, float[] wt, int outs, int images,
                 float[] y, int yOff) {
        int ho = (h - 1) / stride + 1, wo = (w - 1) / stride + 1, plane = ho * wo, outsP = (outs + L - 1) / L * L;
        int tile = PIXELS, row = (w + 2) * ins, k3 = 3 * ins;
        int group = Math.max(1, GROUP_PIXELS / plane);
        Workspace ws = workspaces.get();
        for (int g = 0; g < images; g += group) {
            int n = Math.min(group, images - g), pixels = n * plane, padded = (pixels + tile - 1) / tile * tile;
            float[] xh = ws.inputs.copy(x, xOff + g * ins * h * w, ins, h, w, n, 0);
            int[] offs = ws.inputs.offsets(n, ins, h, w, stride, padded);
            float[] yh = ws.outputs(padded * outsP);
            for (int ob = 0; ob < outsP; ) {
                int bw = blockWidth(outsP, ob);
                for (int p = 0; p < padded; p += tile) {
                    for (int ky = 0; ky < 3; ky++) {
                        int wi = ob * 9 * ins + ky * k3 * bw, at = p * outsP + ob;
                        boolean add = ky > 0; // the first kernel row's call starts the sums
                        tile(outsP, bw, xh, offs, p, ky * row, k3, wt, wi, yh, at, outsP, add);
                    }
                }
                ob += bw;
            }
            unpack(yh, outsP, n, outs, plane, y, yOff + g * outs * plane);
        }
    }

    /**
     * Output channels of the block starting at {@code ob} of {@code outsP}: two vectors where the tiles are two wide
     * and two are left, else one. The packed weights and the tiles of this class and {@link WinogradForward} cut alike.
     */
    static int blockWidth(int outsP, int ob) { return WIDE == 2 && outsP - ob >= 2 * L ? 2 * L : L; }

    /**
     * Copies n images of channel-last outputs {@code yh[pixel·outsP + o]} to (outs, plane) planes at {@code y[yOff]}:
     * L×L blocks through {@link Transpose} where the channels and the plane are whole vectors, else float by float.
     */
    static void unpack(float[] yh, int outsP, int n, int outs, int plane, float[] y, int yOff) {
        if (Transpose.available() && outs == outsP && plane % L == 0) { // L×L blocks in registers
            for (int q = 0; q < n; q++) {
                for (int k = 0; k < plane; k += L) {
                    for (int o = 0; o < outs; o += L) {
                        Transpose.block(yh, (q * plane + k) * outsP + o, outsP, y, yOff + (q * outs + o) * plane + k, plane, 0, 0);
                    }
                }
            }
            return;
        }
        for (int q = 0; q < n; q++) {
            for (int o = 0; o < outs; o++) {
                int dst = yOff + (q * outs + o) * plane;
                for (int k = 0, s = q * plane * outsP + o; k < plane; k++, s += outsP) y[dst + k] = yh[s];
            }
        }
    }

    /** Floats of the packed weights of {@link #pack}. */
    static int packedSize(int ins, int outsP) { return 9 * ins * outsP; }

    /**
     * Packs Wᵀ into blocks of the tiles' widths, as the class javadoc says. {@code weights} is the layer's (cout, cin,
     * 3, 3) tensor: with {@code adjoint} false ins = cin and outs = cout; with {@code adjoint} true (the stride-1 input
     * gradient) ins = cout, outs = cin and the map uses w'[o][i][ky][kx] = w[i][o][2 − ky][2 − kx].
     */
    static void pack(float[] weights, boolean adjoint, int ins, int outs, int outsP, float[] wt) {
        for (int ob = 0; ob < outsP; ) {
            int bw = blockWidth(outsP, ob), count = Math.min(bw, outs - ob);
            float[] src = block(weights, adjoint, ins, ob, count);
            for (int i = 0; i < ins; i++) {
                taps(src, adjoint, ins, outs, blockStart(adjoint, ob), count, bw, i, wt, ob * 9 * ins + i * bw, 3 * ins * bw, ins * bw);
            }
            ob += bw;
        }
    }

    /**
     * Per thread: the forward map's block of weights {@link #block} copies, sized for the paper nets' largest block (two
     * vectors of 64-channel filters) and grown, once, for wider layers.
     */
    private static final ThreadLocal<float[][]> BLOCKS = ThreadLocal.withInitial(() -> new float[][] {new float[2 * L * 9 * 64]});

    /**
     * What {@link #taps} reads for a block of output channels [ob, ob + count) of the map: for the adjoint the layer's
     * weights, for the forward map a copy of the block's filters (count·9·ins consecutive floats of the (cout, cin, 3,
     * 3) tensor, read once in order) in a per-thread buffer, for {@link #taps} with ob = 0 ({@link #blockStart}). The
     * forward's taps read a tap of each filter in turn, 9·ins floats apart: straight from the weights, which the
     * optimizer has just written and the step's activations have pushed out of the caches, the 64→64 layers' F(4x4,3x3)
     * packing took 0.8-1.0 ms in a ResNet-20 step (one thread, Intel Xeon, 2026-12-07; the adjoint's, reading in
     * order, 0.12), 5 ms of the step's 5.4-5.9 ms of packing; from the copy 0.10-0.15 ms, the step's packing 1.7-1.8 ms.
     */
    static float[] block(float[] weights, boolean adjoint, int ins, int ob, int count) {
        if (adjoint) return weights;
        int size = count * 9 * ins;
        float[][] holder = BLOCKS.get();
        if (holder[0].length < size) holder[0] = new float[size];
        System.arraycopy(weights, ob * 9 * ins, holder[0], 0, size);
        return holder[0];
    }

    /** The ob to pass {@link #taps} with what {@link #block} returned: ob for the adjoint, 0 for the copied block. */
    static int blockStart(boolean adjoint, int ob) { return adjoint ? ob : 0; }

    /**
     * The nine taps of input channel i for the output channels ob + r, r &lt; width, of the map ins → outs (weights and
     * adjoint as in {@link #pack}): tap (ky, kx) of ob + r to {@code dst[at + ky·kyStep + kx·kxStep + r]}, zero for r at
     * or past {@code count}. The packings of the convolution kernels all start from this: a block of output channels
     * at a time, each channel's nine taps read in order (the adjoint's are consecutive across the block too), the writes
     * staying in a few cache lines. Reading a tap of every channel of a block, 9·ins floats apart, per line of packed
     * output (as the packings did until 2026-12-07) and writing 9·ins lines per channel made them miss L1 on most
     * accesses: the 64→64 layers' planes of taps are 8 KiB apart, so those lines fell into half of L1's sets.
     */
    static void taps(float[] weights, boolean adjoint, int ins, int outs, int ob, int count, int width, int i,
                     float[] dst, int at, int kyStep, int kxStep) {
        for (int r = 0; r < width; r++) {
            int d = at + r;
            if (r >= count) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) dst[d + ky * kyStep + kx * kxStep] = 0f;
                }
                continue;
            }
            int o = ob + r;
            if (adjoint) { // w'[o][i][ky][kx] = w[i][o][2 − ky][2 − kx]
                int src = (i * outs + o) * 9 + 8;
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) dst[d + ky * kyStep + kx * kxStep] = weights[src - 3 * ky - kx];
                }
            } else {
                int src = (o * ins + i) * 9;
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) dst[d + ky * kyStep + kx * kxStep] = weights[src + 3 * ky + kx];
                }
            }
        }
    }

    /**
     * yh[at + r·ld + j] += Σ_{k &lt; steps} xh[offs[p + r] + x + k] · wt[wi + k·2L + j] for r &lt; 8, j &lt; 2L (= where
     * {@code add} is false): eight pixels × two vectors, sixteen accumulators, loaded from yh before the loop (or zero)
     * and stored after it. Written
     * out (see {@link MicroKernel#multiply}). The loop runs on pixel 0's input index, the other pixels' at fixed
     * distances from it: one index and its limit instead of a step counter and eight indices, which left C2 short
     * of general registers and keeping three values in vector ones (four moves back per step, on the ports that also
     * run FMAs on Intel's cores). In L1 on the Intel Xeon of 2026-12-06 (Winograd's products, one JVM): 110-113
     * GFLOP/s for 32 input channels against 103, 123-129 for 64 (108-113), 93-95 for 16 (88).
     */
    static void tile2(float[] xh, int[] offs, int p, int x, int steps, float[] wt, int wi, float[] yh,
                              int at, int ld, boolean add) {
        int o0 = offs[p], d1 = offs[p + 1] - o0, d2 = offs[p + 2] - o0, d3 = offs[p + 3] - o0;
        int d4 = offs[p + 4] - o0, d5 = offs[p + 5] - o0, d6 = offs[p + 6] - o0, d7 = offs[p + 7] - o0;
        // the accumulators start from what is there (or from zero: a tile's first call, so that no caller zeroes its
        // output first; Winograd's 32→32 4x4 forward 216 -> 250 GFLOP/s on the Zen 4 EPYC, 16→16 8x8 119 -> 128,
        // 2026-12-07) and are stored back: 32 vector operations fewer than adding
        // at the end (a load, an add and a store each). In 4 of 30 `bench` runs (fresh JVMs), C2 compiled this method
        // with the adds of its last rows left as calls (the Vector API's Java fallback, a new object per vector:
        // 75-380 MB a step, training half as fast); a shorter method leaves it less to give up on. (The weight
        // gradient's tiles keep their adds: they sum hundreds of pixels, and a sum begun in registers from zero
        // and added at the end rounds less.)
        FloatVector c00 = load(yh, at, add), c01 = load(yh, at + L, add), c10 = load(yh, at + ld, add), c11 = load(yh, at + ld + L, add);
        FloatVector c20 = load(yh, at + 2 * ld, add), c21 = load(yh, at + 2 * ld + L, add);
        FloatVector c30 = load(yh, at + 3 * ld, add), c31 = load(yh, at + 3 * ld + L, add);
        FloatVector c40 = load(yh, at + 4 * ld, add), c41 = load(yh, at + 4 * ld + L, add);
        FloatVector c50 = load(yh, at + 5 * ld, add), c51 = load(yh, at + 5 * ld + L, add);
        FloatVector c60 = load(yh, at + 6 * ld, add), c61 = load(yh, at + 6 * ld + L, add);
        FloatVector c70 = load(yh, at + 7 * ld, add), c71 = load(yh, at + 7 * ld + L, add);
        for (int q = o0 + x, end = q + steps; q < end; q++, wi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, wt, wi), b1 = FloatVector.fromArray(S, wt, wi + L), v;
            v = FloatVector.broadcast(S, xh[q]);      c00 = v.fma(b0, c00); c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, xh[q + d1]); c10 = v.fma(b0, c10); c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, xh[q + d2]); c20 = v.fma(b0, c20); c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, xh[q + d3]); c30 = v.fma(b0, c30); c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, xh[q + d4]); c40 = v.fma(b0, c40); c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, xh[q + d5]); c50 = v.fma(b0, c50); c51 = v.fma(b1, c51);
            v = FloatVector.broadcast(S, xh[q + d6]); c60 = v.fma(b0, c60); c61 = v.fma(b1, c61);
            v = FloatVector.broadcast(S, xh[q + d7]); c70 = v.fma(b0, c70); c71 = v.fma(b1, c71);
        }
        c00.intoArray(yh, at);
        c01.intoArray(yh, at + L);
        c10.intoArray(yh, at += ld);
        c11.intoArray(yh, at + L);
        c20.intoArray(yh, at += ld);
        c21.intoArray(yh, at + L);
        c30.intoArray(yh, at += ld);
        c31.intoArray(yh, at + L);
        c40.intoArray(yh, at += ld);
        c41.intoArray(yh, at + L);
        c50.intoArray(yh, at += ld);
        c51.intoArray(yh, at + L);
        c60.intoArray(yh, at += ld);
        c61.intoArray(yh, at + L);
        c70.intoArray(yh, at += ld);
        c71.intoArray(yh, at + L);
    }

    /**
     * The register tile for {@link #PIXELS} pixels and the block of output channels {@code bw} wide ({@link #blockWidth})
     * of {@code outsP}, for this channel-lane forward and Winograd's products alike: two vectors, {@link #tile2} with 16
     * lanes and two {@link #tile4} with fewer (16-register machines); one vector, {@link #tilePairs} with 16 lanes where
     * the channels fill just that vector and the steps are even, else {@link #tile1}. With 8 lanes under
     * {@code -XX:UseAVX=2} (16 registers; the Zen 4 EPYC, 2026-12-07, a probe in L1, 32 input channels) eight pixels ×
     * one vector, which the 8-lane path had for two vectors too, ran at 32 GFLOP/s and four pixels × two vectors at 98:
     * the eight broadcasts of a step left too few registers for eight accumulators. At a forced 256 bits with AVX-512's
     * 32 registers, 73 against 97.
     */
    static void tile(int outsP, int bw, float[] xh, int[] offs, int p, int x, int steps, float[] wt, int wi, float[] yh,
                     int at, int ld, boolean add) {
        if (bw == 2 * L) {
            if (L >= 16) {
                tile2(xh, offs, p, x, steps, wt, wi, yh, at, ld, add);
            } else {
                tile4(xh, offs, p, x, steps, wt, wi, yh, at, ld, add);
                tile4(xh, offs, p + 4, x, steps, wt, wi, yh, at + 4 * ld, ld, add);
            }
        } else if (L >= 16 && outsP == L && steps % 2 == 0) {
            tilePairs(xh, offs, p, x, steps, wt, wi, yh, at, ld, add);
        } else {
            tile1(xh, offs, p, x, steps, wt, wi, yh, at, ld, add);
        }
    }

    /** As {@link #tile2} for four pixels: eight accumulators. */
    static void tile4(float[] xh, int[] offs, int p, int x, int steps, float[] wt, int wi, float[] yh, int at, int ld,
                      boolean add) {
        int o0 = offs[p], d1 = offs[p + 1] - o0, d2 = offs[p + 2] - o0, d3 = offs[p + 3] - o0;
        FloatVector c00 = load(yh, at, add), c01 = load(yh, at + L, add), c10 = load(yh, at + ld, add), c11 = load(yh, at + ld + L, add);
        FloatVector c20 = load(yh, at + 2 * ld, add), c21 = load(yh, at + 2 * ld + L, add);
        FloatVector c30 = load(yh, at + 3 * ld, add), c31 = load(yh, at + 3 * ld + L, add);
        for (int q = o0 + x, end = q + steps; q < end; q++, wi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, wt, wi), b1 = FloatVector.fromArray(S, wt, wi + L), v;
            v = FloatVector.broadcast(S, xh[q]);      c00 = v.fma(b0, c00); c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, xh[q + d1]); c10 = v.fma(b0, c10); c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, xh[q + d2]); c20 = v.fma(b0, c20); c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, xh[q + d3]); c30 = v.fma(b0, c30); c31 = v.fma(b1, c31);
        }
        c00.intoArray(yh, at);
        c01.intoArray(yh, at + L);
        c10.intoArray(yh, at += ld);
        c11.intoArray(yh, at + L);
        c20.intoArray(yh, at += ld);
        c21.intoArray(yh, at + L);
        c30.intoArray(yh, at += ld);
        c31.intoArray(yh, at + L);
    }

    /** A tile's sum so far: what is at {@code a[i]} if {@code add}, else zero (the tile's first call). */
    private static FloatVector load(float[] a, int i, boolean add) { return add ? FloatVector.fromArray(S, a, i) : FloatVector.zero(S); }

    /** As {@link #tile2} for one vector of output channels: eight accumulators. */
    static void tile1(float[] xh, int[] offs, int p, int x, int steps, float[] wt, int wi, float[] yh,
                              int at, int ld, boolean add) {
        int o0 = offs[p], d1 = offs[p + 1] - o0, d2 = offs[p + 2] - o0, d3 = offs[p + 3] - o0;
        int d4 = offs[p + 4] - o0, d5 = offs[p + 5] - o0, d6 = offs[p + 6] - o0, d7 = offs[p + 7] - o0;
        FloatVector c0 = load(yh, at, add), c1 = load(yh, at + ld, add), c2 = load(yh, at + 2 * ld, add), c3 = load(yh, at + 3 * ld, add);
        FloatVector c4 = load(yh, at + 4 * ld, add), c5 = load(yh, at + 5 * ld, add), c6 = load(yh, at + 6 * ld, add), c7 = load(yh, at + 7 * ld, add);
        for (int q = o0 + x, end = q + steps; q < end; q++, wi += L) {
            FloatVector b = FloatVector.fromArray(S, wt, wi);
            c0 = FloatVector.broadcast(S, xh[q]).fma(b, c0);
            c1 = FloatVector.broadcast(S, xh[q + d1]).fma(b, c1);
            c2 = FloatVector.broadcast(S, xh[q + d2]).fma(b, c2);
            c3 = FloatVector.broadcast(S, xh[q + d3]).fma(b, c3);
            c4 = FloatVector.broadcast(S, xh[q + d4]).fma(b, c4);
            c5 = FloatVector.broadcast(S, xh[q + d5]).fma(b, c5);
            c6 = FloatVector.broadcast(S, xh[q + d6]).fma(b, c6);
            c7 = FloatVector.broadcast(S, xh[q + d7]).fma(b, c7);
        }
        c0.intoArray(yh, at);
        c1.intoArray(yh, at += ld);
        c2.intoArray(yh, at += ld);
        c3.intoArray(yh, at += ld);
        c4.intoArray(yh, at += ld);
        c5.intoArray(yh, at += ld);
        c6.intoArray(yh, at += ld);
        c7.intoArray(yh, at += ld);
    }

    /**
     * As {@link #tile2} for one vector of output channels, eight pixels × two partial sums (even and odd steps;
     * {@code steps} even), sixteen accumulators: a tile of sixteen pixels would need sixteen offsets in
     * general registers, which spill (measured 59 against 72 GFLOP/s of the pixel lanes on 16→16 8x8).
     */
    static void tilePairs(float[] xh, int[] offs, int p, int x, int steps, float[] wt, int wi, float[] yh,
                                  int at, int ld, boolean add) {
        int o0 = offs[p], d1 = offs[p + 1] - o0, d2 = offs[p + 2] - o0, d3 = offs[p + 3] - o0;
        int d4 = offs[p + 4] - o0, d5 = offs[p + 5] - o0, d6 = offs[p + 6] - o0, d7 = offs[p + 7] - o0;
        // the even sums start from what is there (as in tile2), the odd ones from zero
        FloatVector c01 = FloatVector.zero(S), c11 = c01, c21 = c01, c31 = c01, c41 = c01, c51 = c01, c61 = c01, c71 = c01;
        FloatVector c00 = load(yh, at, add), c10 = load(yh, at + ld, add), c20 = load(yh, at + 2 * ld, add), c30 = load(yh, at + 3 * ld, add);
        FloatVector c40 = load(yh, at + 4 * ld, add), c50 = load(yh, at + 5 * ld, add), c60 = load(yh, at + 6 * ld, add), c70 = load(yh, at + 7 * ld, add);
        for (int q = o0 + x, end = q + steps; q < end; q += 2, wi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, wt, wi), b1 = FloatVector.fromArray(S, wt, wi + L);
            c00 = FloatVector.broadcast(S, xh[q]).fma(b0, c00);      c01 = FloatVector.broadcast(S, xh[q + 1]).fma(b1, c01);
            c10 = FloatVector.broadcast(S, xh[q + d1]).fma(b0, c10); c11 = FloatVector.broadcast(S, xh[q + d1 + 1]).fma(b1, c11);
            c20 = FloatVector.broadcast(S, xh[q + d2]).fma(b0, c20); c21 = FloatVector.broadcast(S, xh[q + d2 + 1]).fma(b1, c21);
            c30 = FloatVector.broadcast(S, xh[q + d3]).fma(b0, c30); c31 = FloatVector.broadcast(S, xh[q + d3 + 1]).fma(b1, c31);
            c40 = FloatVector.broadcast(S, xh[q + d4]).fma(b0, c40); c41 = FloatVector.broadcast(S, xh[q + d4 + 1]).fma(b1, c41);
            c50 = FloatVector.broadcast(S, xh[q + d5]).fma(b0, c50); c51 = FloatVector.broadcast(S, xh[q + d5 + 1]).fma(b1, c51);
            c60 = FloatVector.broadcast(S, xh[q + d6]).fma(b0, c60); c61 = FloatVector.broadcast(S, xh[q + d6 + 1]).fma(b1, c61);
            c70 = FloatVector.broadcast(S, xh[q + d7]).fma(b0, c70); c71 = FloatVector.broadcast(S, xh[q + d7 + 1]).fma(b1, c71);
        }
        c00.add(c01).intoArray(yh, at);
        c10.add(c11).intoArray(yh, at += ld);
        c20.add(c21).intoArray(yh, at += ld);
        c30.add(c31).intoArray(yh, at += ld);
        c40.add(c41).intoArray(yh, at += ld);
        c50.add(c51).intoArray(yh, at += ld);
        c60.add(c61).intoArray(yh, at += ld);
        c70.add(c71).intoArray(yh, at += ld);
    }

    /** Per-thread buffers, grown on demand and then reused. */
    private static final class Workspace {
        final ChannelLastImages inputs = new ChannelLastImages();
        private float[] yh = new float[0];

        float[] outputs(int n) { return yh.length >= n ? yh : (yh = new float[n]); }
    }
}
