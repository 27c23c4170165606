package resnetlab.kernel.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import resnetlab.kernel.EngineSwitch;

/**
 * The weight gradient of a 3x3 convolution as a GEMM that reduces over the pixels of a group of images, with
 * the output channels in the vector lanes:
 * <pre>
 *   dWᵀ[t][i][o] = Σ_{n, oy, ox} x̃[n][s·oy + ky][s·ox + kx][i] · dy[n][oy][ox][o]      tap t = 3·ky + kx
 * </pre>
 * (x̃ the zero-padded input). The rows of a kernel row ky, (kx, i) for kx &lt; 3 and i &lt; cin, are 3·cin
 * consecutive floats of the channel-last input (tap kx + 1 is the next pixel), so a register tile takes
 * {@link #ROWS} consecutive rows of them × two vectors of output channels (16 accumulators), or, where the
 * output channels fill one vector, sixteen rows × one vector; on 16-register machines eight rows × one
 * vector. Per pixel a tile broadcasts its rows' inputs, loads one or two gradient vectors and does sixteen
 * FMAs (eight), so nothing is reduced across lanes and no lane computes a pad column. This is what
 * small images need: {@link VectorConv3x3}'s own weight gradient puts pixels in the lanes, and a 4x4 image
 * fills half of a 16-lane vector with pad columns and needs a lane reduction per 64 vector steps.
 *
 * <p>Where the inputs fill whole vectors (cin a multiple of L, 32-register machines) the tile is turned around
 * ({@link #tapLanes}, {@link #tapTile}): a kernel row's 3·cin inputs of a pixel are the B vectors and eight output
 * channels' gradients are broadcast, 8 broadcasts and 3 loads per 24 FMAs. Where the height also divides by four,
 * Winograd's F(4,3) down the columns halves the FMAs ({@link #rowWinogradGradient}): the same tile over transformed
 * rows.
 *
 * <p>Operands are read dense (no padded copy, whose per-row copies cost as much as the FMAs on 4x4 images) and
 * transposed once per call into channel-last buffers, so that both are read with constant offsets from one
 * per-pixel index: the padded inputs as {@code xh[((n·(h+2) + y)·(w+2) + x)·cin + i]} ({@link ChannelLastImages}) and the output
 * gradients as {@code dyh[pixel·coutP + o]}, coutP = cout rounded up to whole vectors (lanes past cout zero).
 * An index table gives each output pixel's top-left input, so stride 2 and row ends cost nothing in the loop.
 * Pixels are taken in blocks of {@link #BLOCK} so that a block's gradients stay in L1 while every tile of
 * the block reads them; sums go to {@code acc} (tap, input channel, output channel) and are added into dw
 * (output channel, input channel, tap) at the end of the call. Rows past 3·cin read the next pixels' channels
 * (or up to 2·{@link #ROWS} floats past the last pixel) and are dropped.
 */
final class ChannelLaneGradient {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();
    /** Rows (kx, i) of a kernel row per register tile (sixteen in {@link #tile16}). */
    static final int ROWS = 8;
    /** Vectors of output channels per tile: two (16 accumulators) where there are 32 vector registers. */
    static final int WIDE = L >= 16 ? 2 : 1;
    /** Pixels per block. */
    static final int BLOCK = 256;

    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    /**
     * Whether this layout pays for a layer, by {@link WeightGradientBenchmark} (one thread, CPU time, 2026-12-04):
     * never below eight input channels (the stems 1→8, 3→16: a tile of 3·cin rows is mostly empty) or one
     * vector of output channels (8 channels at 16 lanes would leave half of every lane idle). With 16 lanes it
     * pays for stride 2 (8→16 16x16 50 against 25 GFLOP/s, 32→64 16x16 78 against 25), for two vectors of
     * channels (32→32 4x4 110 against 37, 64→64 8x8 91 against 60, 32→32 16x16 125 against 106), and for
     * one vector on small images (16→16 8x8 94 against 77) but not on 32x32 ones (97 against 109). Since
     * 2026-12-06 also wherever the inputs take the lanes ({@link #tapLanes}): on the Intel Xeon (AVX-512) 16→16
     * 32x32 80.7 against 67.3 in pixel lanes (the tile of sixteen rows had 77.2). The eight-row single-vector tile of
     * 16-register machines (measured at a forced 256 bits) pays only on 4x4 images (39 against 30) and stride-2
     * layers down to 8x8 outputs (16→32 8x8 31 against 15). At 8 lanes with AVX2's 16 registers ({@code
     * -XX:UseAVX=2} on the Intel Xeon, 2026-12-06; six-row tiles, {@link #tile62}) every stride-2 layer: 16→32 32x32
     * 41-45 against 29-33 in pixel lanes, 32→64 16x16 43-47 against 29.
     */
    static boolean suits(int cin, int cout, int stride, int wo) {
        if (cin < ROWS || cout < L) return false;
        if (WIDE == 2) return stride == 2 || cout >= 2 * L || wo <= 8 || tapLanes(cin);
        return wo <= 4 || stride == 2 && (wo <= 8 || L == 8);
    }

    /**
     * Adds the weight gradient of {@code images} images into {@code dw} (cout, cin, 3, 3) from the dense inputs
     * (images, cin, h, w) at {@code x[xOff]} and output gradients (images, cout, Ho, Wo) at {@code dy[dyOff]}.
     */
    void weightGradient(float[] x, int xOff, int cin, int h, int w, int stride, float[] dy, int dyOff, int cout,
                        int images, float[] dw) {
        int ho = (h - 1) / stride + 1, wo = (w - 1) / stride + 1;
        int wq = w + 2, coutP = (cout + L - 1) / L * L, pixels = images * ho * wo;
        Workspace ws = workspaces.get();
        float[] xh = ws.inputs.copy(x, xOff, cin, h, w, images, 2 * ROWS), dyh = ws.dyh(pixels * coutP);
        transposeGradients(dy, dyOff, cout, ho * wo, coutP, images, dyh);
        if (rowWinograd(cin, stride, h)) {
            rowWinogradGradient(xh, images, h, w, cin, dyh, cout, coutP, ws, dw);
            return;
        }
        int[] offs = ws.inputs.offsets(images, cin, h, w, stride, pixels);
        if (tapLanes(cin)) {
            tapLaneGradient(xh, offs, pixels, cin, wq, dyh, cout, coutP, ws, dw);
            return;
        }
        float[] acc = ws.acc(9 * cin * coutP);
        Arrays.fill(acc, 0, 9 * cin * coutP, 0f);
        for (int k0 = 0; k0 < pixels; k0 += BLOCK) {
            int k1 = Math.min(pixels, k0 + BLOCK);
            for (int ky = 0; ky < 3; ky++) {
                int row = ky * wq * cin; // taps (ky, 0..2) of channels 0..cin-1: 3·cin floats side by side
                tiles(xh, offs, k0, k1, row, 3 * cin, dyh, k0 * coutP, coutP, acc, ky * 3 * cin * coutP, ws.tile);
            }
        }
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                int d = (o * cin + i) * 9;
                for (int t = 0; t < 9; t++) dw[d + t] += acc[(t * cin + i) * coutP + o];
            }
        }
    }

    /**
     * Whether the weight gradient puts a kernel row's inputs (kx, i) in the lanes instead of the output channels
     * ({@link #tapTile}): where they fill whole vectors (cin a multiple of L) and the machine has the 32 vector
     * registers its 24 accumulators need.
     */
    static boolean tapLanes(int cin) {
        return WIDE == 2 && cin % L == 0 && EngineSwitch.TAP_LANES.on();
    }

    /**
     * The weight gradient with the inputs in the lanes: per block of pixels, kernel row ky and eight output channels,
     * {@link #tapTile}s over the row's 3·cin inputs (kx, i), three vectors at a time, summed into
     * {@code taps[(o·3 + ky)·3·cin + kx·cin + i]} and added into dw (o, i, ky, kx) at the end.
     */
    private static void tapLaneGradient(float[] xh, int[] offs, int pixels, int cin, int wq, float[] dyh, int cout,
                                        int coutP, Workspace ws, float[] dw) {
        int row = 3 * cin, perO = 3 * row;
        float[] taps = ws.acc(cout * perO), tile = ws.tile;
        Arrays.fill(taps, 0, cout * perO, 0f);
        for (int k0 = 0; k0 < pixels; k0 += BLOCK) {
            int k1 = Math.min(pixels, k0 + BLOCK);
            for (int ky = 0; ky < 3; ky++) {
                for (int ob = 0; ob < cout; ob += TAP_ROWS) {
                    for (int j = 0; j < row; j += 3 * L) {
                        tapTile(xh, offs, k0, k1, ky * wq * cin + j, dyh, k0 * coutP + ob, coutP, tile);
                        addRows(tile, 3 * L, taps, ob * perO + ky * row + j, perO, Math.min(TAP_ROWS, cout - ob));
                    }
                }
            }
        }
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                int d = (o * cin + i) * 9, t = o * perO + i;
                for (int k = 0; k < 9; k++) dw[d + k] += taps[t + k * cin];
            }
        }
    }

    /**
     * Whether the inputs-in-the-lanes weight gradient ({@link #tapLanes}) runs F(4,3)'s adjoint down the columns
     * ({@link #rowWinogradGradient}): stride 1, a height that divides by four, {@link EngineSwitch#ROW_WINOGRAD_4} on.
     */
    static boolean rowWinograd(int cin, int stride, int h) {
        return tapLanes(cin) && stride == 1 && h % 4 == 0 && EngineSwitch.ROW_WINOGRAD_4.on();
    }

    /**
     * Whether {@link #rowWinogradGradient} is chosen over {@link WinogradGradient} where both could run: from 8 rows
     * (two four-row groups). By {@link WeightGradientBenchmark} (Intel Xeon, 16 lanes, 2026-12-07, one thread, GFLOP/s
     * of the direct method's work, F(4,3) down the columns against F(2x2,3x3)): 16→16 8x8 132 against 103, 32→32
     * 16x16 165 against 140, 64→64 8x8 188 against 179; not 32→32 4x4 (123 against 136).
     */
    static boolean rowWinogradFirst(int cin, int stride, int h) {
        return rowWinograd(cin, stride, h) && h >= 8;
    }

    /**
     * Floats of a block's transforms in {@link #rowWinogradGradient} (whole four-row groups, at least one): 256 KiB, in
     * L2. Probed on the Intel Xeon (16 lanes, one thread, GFLOP/s, medians of 20 rounds), 32, 64 and 128 Ki floats:
     * 64→64 8x8 193 / 216 / 205, 32→32 16x16 165 / 199 / 175, 16→16 32x32 133 / 133 / 139.
     */
    static final int TRANSFORM_FLOATS = 64 * 1024;

    /**
     * The weight gradient by the adjoint of Winograd's F(4,3) down the columns (the forward's,
     * {@code VectorConv3x3.forwardRowsWinograd}): for output rows 4q..4q + 3 of an image and the padded input rows
     * d₀..d₅ (4q to 4q + 5) the three kernel rows' sums {@code Σ_r dy_r·d_{r+ky}} are {@code G^T (E ⊙ V)} with
     * {@code V = Bᵀ d} (the forward's input transform, on the channel-last rows: every column and input channel)
     * and {@code E = A dy} ({@link WinogradF43}). So six products {@code dU_k += E_k ⊗ V_k}
     * per four output rows, each a {@link #tapTile} GEMM over the block's pixels (a transformed row's 3·cin inputs
     * (kx, i) in the lanes, as the direct taps), instead of twelve; {@code dg_ky = Σ_k G[k][ky]·dU_k} once per layer.
     * The transforms of a block of four-row groups ({@link #TRANSFORM_FLOATS}) go to scratch that stays in L2. The
     * sums {@code dU_k} (k, o, kx, i) are added into {@code sums} ({@link #rowWinogradSums} floats) over every call of
     * a layer and turned into the gradient once ({@link #reduceRowWinograd}).
     */
    private static void rowWinogradGradient(float[] xh, int images, int h, int w, int cin, float[] dyh, int cout,
                                            int coutP, Workspace ws, float[] sums) {
        int row = 3 * cin, wq = w + 2, groups = images * (h / 4);
        int vRow = wq * cin, eRow = w * coutP, quads = Math.max(1, TRANSFORM_FLOATS / (6 * (vRow + eRow)));
        int vPart = quads * vRow, ePart = quads * eRow;
        float[] tile = ws.tile, v = ws.transformedInputs(6 * vPart), e = ws.transformedGradients(6 * ePart);
        int[] offs = ws.blockOffsets(quads * w, w, cin);
        for (int g0 = 0; g0 < groups; g0 += quads) {
            int count = Math.min(quads, groups - g0);
            for (int b = 0; b < count; b++) {
                int g = g0 + b, n = g / (h / 4), q = g % (h / 4);
                int xRow = (n * (h + 2) + 4 * q) * vRow, dyRow = (n * h + 4 * q) * eRow;
                for (int j = 0; j < vRow; j += L) WinogradF43.inputLine(xh, xRow + j, vRow, v, b * vRow + j, vPart);
                for (int j = 0; j < eRow; j += L) WinogradF43.gradientLine(dyh, dyRow + j, eRow, e, b * eRow + j, ePart);
            }
            int positions = count * w;
            for (int k = 0; k < 6; k++) {
                for (int ob = 0; ob < cout; ob += TAP_ROWS) {
                    for (int j = 0; j < row; j += 3 * L) {
                        tapTile(v, offs, 0, positions, k * vPart + j, e, k * ePart + ob, coutP, tile);
                        addRows(tile, 3 * L, sums, (k * cout + ob) * row + j, row, Math.min(TAP_ROWS, cout - ob));
                    }
                }
            }
        }
    }

    /** Floats of {@link #rowWinogradGradient}'s sums for a layer: six products of cout × 3·cin (k, o, kx, i). */
    static int rowWinogradSums(int cin, int cout) {
        return 6 * cout * 3 * cin;
    }

    /**
     * Turns {@link #rowWinogradGradient}'s sums, added up over every call of a layer, into the weight gradient (cout,
     * cin, 3, 3) at the start of the same array, once per layer: {@code dg_ky = Σ_k G[k][ky]·dU_k} with F(4,3)'s G
     * (as {@code VectorConv3x3.packRowWinograd}).
     */
    void reduceRowWinograd(float[] sums, int cin, int cout) {
        int row = 3 * cin, part = cout * row, n = rowWinogradSums(cin, cout);
        float[] u = workspaces.get().acc(n);
        System.arraycopy(sums, 0, u, 0, n);
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                for (int kx = 0; kx < 3; kx++) {
                    WinogradF43.filterGradientLine(u, o * row + kx * cin + i, part, sums, (o * cin + i) * 9 + kx, 3);
                }
            }
        }
    }

    /** Output channels per {@link #tapTile}. */
    static final int TAP_ROWS = 8;

    /**
     * sums[r·3L + j] = Σ_{k0 ≤ k &lt; k1} dyh[d + (k − k0)·ld + r] · xh[offs[k] + x + j] for r &lt; 8, j &lt; 3L: eight
     * output channels, each broadcast, × three vectors of a kernel row's inputs, 24 accumulators. Per pixel 8
     * broadcasts and 3 loads feed 24 FMAs, where {@link #tile16} needs 16 broadcasts and a load for 16. Channels
     * past cout read the gradient's zero lanes (d + 7 &lt; the row's coutP) and are not added.
     */
    private static void tapTile(float[] xh, int[] offs, int k0, int k1, int x, float[] dyh, int d, int ld, float[] sums) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
        for (int k = k0; k < k1; k++, d += ld) {
            int a = offs[k] + x;
            FloatVector b0 = FloatVector.fromArray(S, xh, a), b1 = FloatVector.fromArray(S, xh, a + L);
            FloatVector b2 = FloatVector.fromArray(S, xh, a + 2 * L), g;
            g = FloatVector.broadcast(S, dyh[d]);     c00 = g.fma(b0, c00); c01 = g.fma(b1, c01); c02 = g.fma(b2, c02);
            g = FloatVector.broadcast(S, dyh[d + 1]); c10 = g.fma(b0, c10); c11 = g.fma(b1, c11); c12 = g.fma(b2, c12);
            g = FloatVector.broadcast(S, dyh[d + 2]); c20 = g.fma(b0, c20); c21 = g.fma(b1, c21); c22 = g.fma(b2, c22);
            g = FloatVector.broadcast(S, dyh[d + 3]); c30 = g.fma(b0, c30); c31 = g.fma(b1, c31); c32 = g.fma(b2, c32);
            g = FloatVector.broadcast(S, dyh[d + 4]); c40 = g.fma(b0, c40); c41 = g.fma(b1, c41); c42 = g.fma(b2, c42);
            g = FloatVector.broadcast(S, dyh[d + 5]); c50 = g.fma(b0, c50); c51 = g.fma(b1, c51); c52 = g.fma(b2, c52);
            g = FloatVector.broadcast(S, dyh[d + 6]); c60 = g.fma(b0, c60); c61 = g.fma(b1, c61); c62 = g.fma(b2, c62);
            g = FloatVector.broadcast(S, dyh[d + 7]); c70 = g.fma(b0, c70); c71 = g.fma(b1, c71); c72 = g.fma(b2, c72);
        }
        c00.intoArray(sums, 0);
        c01.intoArray(sums, L);
        c02.intoArray(sums, 2 * L);
        c10.intoArray(sums, 3 * L);
        c11.intoArray(sums, 4 * L);
        c12.intoArray(sums, 5 * L);
        c20.intoArray(sums, 6 * L);
        c21.intoArray(sums, 7 * L);
        c22.intoArray(sums, 8 * L);
        c30.intoArray(sums, 9 * L);
        c31.intoArray(sums, 10 * L);
        c32.intoArray(sums, 11 * L);
        c40.intoArray(sums, 12 * L);
        c41.intoArray(sums, 13 * L);
        c42.intoArray(sums, 14 * L);
        c50.intoArray(sums, 15 * L);
        c51.intoArray(sums, 16 * L);
        c52.intoArray(sums, 17 * L);
        c60.intoArray(sums, 18 * L);
        c61.intoArray(sums, 19 * L);
        c62.intoArray(sums, 20 * L);
        c70.intoArray(sums, 21 * L);
        c71.intoArray(sums, 22 * L);
        c72.intoArray(sums, 23 * L);
    }

    /**
     * acc[at + r·coutP + o] += Σ_{k0 ≤ k &lt; k1} xh[offs[k] + x + r] · dyh[d + (k − k0)·coutP + o] for r &lt; rows,
     * o &lt; coutP: the register tiles over {@code rows} consecutive rows × the output channels. On 32-register
     * machines sixteen rows × one vector where the channels fill one vector, else eight rows × two vectors or one; on
     * 16-register machines six rows × two vectors where the channels fill pairs of vectors ({@link #tile62}), else
     * eight rows × one.
     * {@link WinogradGradient} runs its sixteen GEMMs through it too (the tiles' transformed inputs as the rows).
     */
    static void tiles(float[] xh, int[] offs, int k0, int k1, int x, int rows, float[] dyh, int d, int coutP,
                      float[] acc, int at, float[] tile) {
        if (WIDE == 1 && coutP % (2 * L) == 0 && EngineSwitch.SIX_ROW_GRADIENT.on()) {
            for (int j0 = 0; j0 < rows; j0 += 6) {
                for (int ob = 0; ob < coutP; ob += 2 * L) {
                    tile62(xh, offs, k0, k1, x + j0, dyh, d + ob, coutP, acc, at + j0 * coutP + ob, coutP, Math.min(6, rows - j0), tile);
                }
            }
            return;
        }
        for (int j0 = 0; j0 < rows; ) {
            int left = rows - j0, a = at + j0 * coutP;
            if (WIDE == 2 && coutP == L && left > ROWS) { // one vector of channels: sixteen rows
                tile16(xh, offs, k0, k1, x + j0, dyh, d, coutP, acc, a, coutP, Math.min(2 * ROWS, left), tile);
                j0 += 2 * ROWS;
                continue;
            }
            for (int ob = 0; ob < coutP; ) {
                if (WIDE == 2 && coutP - ob >= 2 * L) {
                    tile2(xh, offs, k0, k1, x + j0, dyh, d + ob, coutP, acc, a + ob, coutP, Math.min(ROWS, left), tile);
                    ob += 2 * L;
                } else {
                    tile1(xh, offs, k0, k1, x + j0, dyh, d + ob, coutP, acc, a + ob, coutP, Math.min(ROWS, left), tile);
                    ob += L;
                }
            }
            j0 += ROWS;
        }
    }

    /**
     * Gradients (cout, ho·wo) per image into dyh[(n·ho·wo + q)·coutP + o], lanes past cout zero: L×L blocks through
     * {@link Transpose} where the channels and the plane are whole vectors, else float by float.
     */
    static void transposeGradients(float[] dy, int dyOff, int cout, int plane, int coutP, int images,
                                           float[] dyh) {
        if (Transpose.available() && cout == coutP && plane % L == 0) { // L×L blocks in registers
            for (int n = 0; n < images; n++) {
                int dst = n * plane * coutP, src = dyOff + n * cout * plane;
                for (int q = 0; q < plane; q += L) {
                    for (int o = 0; o < cout; o += L) Transpose.block(dy, src + o * plane + q, plane, dyh, dst + q * coutP + o, coutP, 0, 0);
                }
            }
            return;
        }
        for (int n = 0; n < images; n++) {
            int dst = n * plane * coutP, src = dyOff + n * cout * plane;
            for (int o = 0; o < cout; o++, src += plane) {
                for (int q = 0, d = dst + o; q < plane; q++, d += coutP) dyh[d] = dy[src + q];
            }
            if (coutP > cout) {
                for (int q = 0; q < plane; q++) Arrays.fill(dyh, dst + q * coutP + cout, dst + (q + 1) * coutP, 0f);
            }
        }
    }

    /**
     * acc[at + r·ld + j] += Σ_{k0 ≤ k &lt; k1} xh[offs[k] + x + r] · dyh[d + (k − k0)·ld + j] for r &lt; rows,
     * j &lt; 2L: eight rows × two vectors, sixteen accumulators, stored to {@code sums} (2·ROWS·L floats of scratch)
     * and added by {@link #addRows}. Written out (see {@link MicroKernel#multiply}).
     */
    private static void tile2(float[] xh, int[] offs, int k0, int k1, int x, float[] dyh, int d, int ld,
                      float[] acc, int at, int lda, int rows, float[] sums) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int k = k0; k < k1; k++, d += ld) {
            int a = offs[k] + x;
            FloatVector b0 = FloatVector.fromArray(S, dyh, d), b1 = FloatVector.fromArray(S, dyh, d + L), v;
            v = FloatVector.broadcast(S, xh[a]);     c00 = v.fma(b0, c00); c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, xh[a + 1]); c10 = v.fma(b0, c10); c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, xh[a + 2]); c20 = v.fma(b0, c20); c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, xh[a + 3]); c30 = v.fma(b0, c30); c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, xh[a + 4]); c40 = v.fma(b0, c40); c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, xh[a + 5]); c50 = v.fma(b0, c50); c51 = v.fma(b1, c51);
            v = FloatVector.broadcast(S, xh[a + 6]); c60 = v.fma(b0, c60); c61 = v.fma(b1, c61);
            v = FloatVector.broadcast(S, xh[a + 7]); c70 = v.fma(b0, c70); c71 = v.fma(b1, c71);
        }
        c00.intoArray(sums, 0);
        c01.intoArray(sums, 1 * L);
        c10.intoArray(sums, 2 * L);
        c11.intoArray(sums, 3 * L);
        c20.intoArray(sums, 4 * L);
        c21.intoArray(sums, 5 * L);
        c30.intoArray(sums, 6 * L);
        c31.intoArray(sums, 7 * L);
        c40.intoArray(sums, 8 * L);
        c41.intoArray(sums, 9 * L);
        c50.intoArray(sums, 10 * L);
        c51.intoArray(sums, 11 * L);
        c60.intoArray(sums, 12 * L);
        c61.intoArray(sums, 13 * L);
        c70.intoArray(sums, 14 * L);
        c71.intoArray(sums, 15 * L);
        addRows(sums, 2 * L, acc, at, lda, rows);
    }

    /**
     * As {@link #tile2} with six rows, for 16-register machines (AVX2; NEON at 128 bits) where the output channels fill
     * two vectors or more: twelve accumulators, 8 loads per 12 FMAs, where {@link #tile1}, which they had, needs 9
     * per 8. The sums go through {@code sums} (12·L floats of scratch) to {@link #addRows}, as {@link #tile2}'s.
     */
    private static void tile62(float[] xh, int[] offs, int k0, int k1, int x, float[] dyh, int d, int ld,
                               float[] acc, int at, int lda, int rows, float[] sums) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int k = k0; k < k1; k++, d += ld) {
            int a = offs[k] + x;
            FloatVector b0 = FloatVector.fromArray(S, dyh, d), b1 = FloatVector.fromArray(S, dyh, d + L), v;
            v = FloatVector.broadcast(S, xh[a]);     c00 = v.fma(b0, c00); c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, xh[a + 1]); c10 = v.fma(b0, c10); c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, xh[a + 2]); c20 = v.fma(b0, c20); c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, xh[a + 3]); c30 = v.fma(b0, c30); c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, xh[a + 4]); c40 = v.fma(b0, c40); c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, xh[a + 5]); c50 = v.fma(b0, c50); c51 = v.fma(b1, c51);
        }
        c00.intoArray(sums, 0);
        c01.intoArray(sums, L);
        c10.intoArray(sums, 2 * L);
        c11.intoArray(sums, 3 * L);
        c20.intoArray(sums, 4 * L);
        c21.intoArray(sums, 5 * L);
        c30.intoArray(sums, 6 * L);
        c31.intoArray(sums, 7 * L);
        c40.intoArray(sums, 8 * L);
        c41.intoArray(sums, 9 * L);
        c50.intoArray(sums, 10 * L);
        c51.intoArray(sums, 11 * L);
        addRows(sums, 2 * L, acc, at, lda, rows);
    }

    /** As {@link #tile2} for one vector of output channels: eight accumulators. */
    private static void tile1(float[] xh, int[] offs, int k0, int k1, int x, float[] dyh, int d, int ld,
                      float[] acc, int at, int lda, int rows, float[] sums) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int k = k0; k < k1; k++, d += ld) {
            int a = offs[k] + x;
            FloatVector b = FloatVector.fromArray(S, dyh, d);
            c0 = FloatVector.broadcast(S, xh[a]).fma(b, c0);
            c1 = FloatVector.broadcast(S, xh[a + 1]).fma(b, c1);
            c2 = FloatVector.broadcast(S, xh[a + 2]).fma(b, c2);
            c3 = FloatVector.broadcast(S, xh[a + 3]).fma(b, c3);
            c4 = FloatVector.broadcast(S, xh[a + 4]).fma(b, c4);
            c5 = FloatVector.broadcast(S, xh[a + 5]).fma(b, c5);
            c6 = FloatVector.broadcast(S, xh[a + 6]).fma(b, c6);
            c7 = FloatVector.broadcast(S, xh[a + 7]).fma(b, c7);
        }
        c0.intoArray(sums, 0);
        c1.intoArray(sums, 1 * L);
        c2.intoArray(sums, 2 * L);
        c3.intoArray(sums, 3 * L);
        c4.intoArray(sums, 4 * L);
        c5.intoArray(sums, 5 * L);
        c6.intoArray(sums, 6 * L);
        c7.intoArray(sums, 7 * L);
        addRows(sums, L, acc, at, lda, rows);
    }

    /** As {@link #tile2} for one vector of output channels and sixteen rows (32-register machines). */
    private static void tile16(float[] xh, int[] offs, int k0, int k1, int x, float[] dyh, int d, int ld,
                       float[] acc, int at, int lda, int rows, float[] sums) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (int k = k0; k < k1; k++, d += ld) {
            int a = offs[k] + x;
            FloatVector b = FloatVector.fromArray(S, dyh, d);
            c0 = FloatVector.broadcast(S, xh[a]).fma(b, c0);
            c1 = FloatVector.broadcast(S, xh[a + 1]).fma(b, c1);
            c2 = FloatVector.broadcast(S, xh[a + 2]).fma(b, c2);
            c3 = FloatVector.broadcast(S, xh[a + 3]).fma(b, c3);
            c4 = FloatVector.broadcast(S, xh[a + 4]).fma(b, c4);
            c5 = FloatVector.broadcast(S, xh[a + 5]).fma(b, c5);
            c6 = FloatVector.broadcast(S, xh[a + 6]).fma(b, c6);
            c7 = FloatVector.broadcast(S, xh[a + 7]).fma(b, c7);
            c8 = FloatVector.broadcast(S, xh[a + 8]).fma(b, c8);
            c9 = FloatVector.broadcast(S, xh[a + 9]).fma(b, c9);
            c10 = FloatVector.broadcast(S, xh[a + 10]).fma(b, c10);
            c11 = FloatVector.broadcast(S, xh[a + 11]).fma(b, c11);
            c12 = FloatVector.broadcast(S, xh[a + 12]).fma(b, c12);
            c13 = FloatVector.broadcast(S, xh[a + 13]).fma(b, c13);
            c14 = FloatVector.broadcast(S, xh[a + 14]).fma(b, c14);
            c15 = FloatVector.broadcast(S, xh[a + 15]).fma(b, c15);
        }
        c0.intoArray(sums, 0);
        c1.intoArray(sums, 1 * L);
        c2.intoArray(sums, 2 * L);
        c3.intoArray(sums, 3 * L);
        c4.intoArray(sums, 4 * L);
        c5.intoArray(sums, 5 * L);
        c6.intoArray(sums, 6 * L);
        c7.intoArray(sums, 7 * L);
        c8.intoArray(sums, 8 * L);
        c9.intoArray(sums, 9 * L);
        c10.intoArray(sums, 10 * L);
        c11.intoArray(sums, 11 * L);
        c12.intoArray(sums, 12 * L);
        c13.intoArray(sums, 13 * L);
        c14.intoArray(sums, 14 * L);
        c15.intoArray(sums, 15 * L);
        addRows(sums, L, acc, at, lda, rows);
    }

    /**
     * acc[at + r·lda + j] += sums[r·width + j] for r &lt; rows, j &lt; width: a tile's sums, which it stores side by
     * side after its loop. Adding them here, in a loop, rather than with a load, an add and a store per accumulator
     * written out in the tile keeps the tiles 32 (16) vector operations shorter: in 4 of 30 fresh JVMs, C2
     * compiled a tile of that length with the adds of its last rows left as calls to the Vector API's Java
     * fallback, a new object per vector (see ChannelLaneForward#tile2). The sums still start from zero in registers
     * and are added once, which rounds less over hundreds of pixels than accumulating into acc.
     */
    static void addRows(float[] sums, int width, float[] acc, int at, int lda, int rows) {
        for (int r = 0; r < rows; r++, at += lda) {
            for (int j = 0; j < width; j += L) {
                FloatVector.fromArray(S, acc, at + j).add(FloatVector.fromArray(S, sums, r * width + j)).intoArray(acc, at + j);
            }
        }
    }

    /** Per-thread buffers, grown on demand and then reused. */
    private static final class Workspace {
        /** The inputs, with room for the 2·ROWS floats a tile reads past the last pixel. */
        final ChannelLastImages inputs = new ChannelLastImages();
        private float[] dyh = new float[0], acc = new float[0];
        /** A register tile's sums, stored after its loop ({@link #addRows}). */
        final float[] tile = new float[3 * TAP_ROWS * L];

        private float[] transformedInputs = new float[0], transformedGradients = new float[0];
        private int[] blockOffsets = new int[0];
        private int offsetsCount, offsetsW = -1, offsetsC = -1;

        float[] dyh(int n) { return dyh.length >= n ? dyh : (dyh = new float[n]); }
        float[] acc(int n) { return acc.length >= n ? acc : (acc = new float[n]); }
        float[] transformedInputs(int n) { return transformedInputs.length >= n ? transformedInputs : (transformedInputs = new float[n]); }
        float[] transformedGradients(int n) {
            return transformedGradients.length >= n ? transformedGradients : (transformedGradients = new float[n]);
        }

        /** Each position p of a block's transformed rows (w per row): its first input, {@code ((p / w)·(w+2) + p % w)·c}. */
        int[] blockOffsets(int positions, int w, int c) {
            if (offsetsCount < positions || offsetsW != w || offsetsC != c) {
                if (blockOffsets.length < positions) blockOffsets = new int[positions];
                for (int p = 0; p < positions; p++) blockOffsets[p] = ((p / w) * (w + 2) + p % w) * c;
                offsetsCount = positions;
                offsetsW = w;
                offsetsC = c;
            }
            return blockOffsets;
        }
    }
}
