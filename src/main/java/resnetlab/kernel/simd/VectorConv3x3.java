package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import resnetlab.kernel.Conv3x3;
import resnetlab.kernel.EngineSwitch;
import resnetlab.kernel.OutputMap;

/**
 * {@link Conv3x3} on the Vector API: direct convolution from padded images, no im2col and no packing of
 * the image. The nine taps of the tiles are written out (generated code: keep the tiles in step).
 *
 * <p>Padded layout: stride 1 keeps each padded row as it is, {@code wp = w + 2} long (at least L/2, see
 * {@link #paddedWidth}). Stride 2 splits each padded row into its even and its odd columns,
 * {@code [x̃0 x̃2 x̃4 … | x̃1 x̃3 …]}, each half {@code wv + 1} long: output column ox then reads padded
 * columns 2ox, 2ox + 1 and 2ox + 2 as the contiguous runs E[ox], O[ox] and E[ox + 1], so both strides
 * run the same tiles with other tap offsets.
 *
 * <p>Forward and stride-1 input gradient, two layouts: where it measured faster (outputs up to 8 wide at 16
 * lanes, up to 4 wide at 8 lanes; {@link ChannelLaneForward#suits}), {@link ChannelLaneForward} (output channels
 * in the lanes, from and to dense tensors: {@link #forwardDense}); otherwise pixels in the lanes on padded
 * images, as follows (both tested against the definition in ForwardMapTest, timed by {@link ForwardBenchmark}).
 * Stride-1 layers of many channels on small images take {@link WinogradForward} instead (F(2x2,3x3), channels in
 * the lanes: 16 multiplications per 2x2 outputs and input channel instead of 36, or where both sizes divide by four
 * F(4x4,3x3), 36 per 4x4 outputs instead of 144; {@link WinogradForward#suits}:
 * from 32 channels, on images up to 8 wide at 16 lanes and up to 16 wide at 8 and 4). The other stride-1 layers on
 * images whose rows are narrower than a vector and divide it (8x8 and 4x4 at 16 lanes) take {@link PlaneForward}
 * (pixels in the lanes on three shifted copies of each plane: every lane an output, no unpadding; the same bits as
 * the padded grid below; {@link #shiftedPlanes}: 16→16 8x8 110 -> 155 GFLOP/s, {@link ForwardBenchmark}, 2026-12-06).
 * Pixels in the lanes: the output is cut into tiles of two "slots", a slot being one vector
 * of L consecutive output pixels of one row, or, for a stride-1 image narrower than a vector, of the flat
 * run of padded rows (so a 4x4 image does not compute 16 columns per row; {@link #computedWidth}); a call maps a
 * group of images and pairs their slots in sequence, so an image with an odd number of slots shares a tile with
 * the next (a flat 8x8 image at 16 lanes has five: 16→16 8x8 went from 77-79 to 89-90 GFLOP/s, 64→64 8x8 from
 * 115-121 to 135-140).
 * Each tile is multiplied by {@link MicroKernel}'s register tiles with each six-channel block of packed weights (the
 * A panels; {@link #pack}), the last channels of a layer in a four-channel block ({@link #blockSize}); with 512-bit
 * vectors eight-channel blocks. The B operand, the nine shifted input vectors of every input channel: at stride 1
 * read straight from the padded image ({@link MicroKernel#multiply8Padded}: 3·ins steps, one per kernel row and
 * input channel, its three taps written out; the six- and four-row tiles count the taps); at stride 2 first copied
 * into a B panel ({@link #packPanel}: im2col for 2L pixels in the packed layout; the padded rows are split into even
 * and odd columns there, so the taps do not lie side by side). Stride 1 packed panels too until 2026-12-05; in
 * place, interleaved in one JVM (one thread, CPU time, GFLOP/s, the kernel on groups of padded images): 16→16 8x8
 * 130-135 against 110-117, 1→8 16x16 77 against 67, 8→16 4x4 76-77 against 65-66, 32→32 4x4 89-92 against 83-85 at
 * 512 bits; 1.00-1.09 of the panel's rate at a forced 256 and 0.93-1.13 at a forced 128 (the 0.93: 32→32 4x4, which
 * Winograd takes at that width). An earlier in-place kernel, one loop over the nine taps, had measured ~15% slower
 * than the panel (C2 kept a range check per load and spilled three of twelve accumulators). Stride-1 layers whose
 * rows are whole vectors sweep the image in columns of tiles ({@link #forwardRows}); from 16 channels, where the
 * height is even, with Winograd's F(4,3) or F(2,3) down the columns instead ({@link #forwardRowsWinograd}: six one-row
 * products per four output rows, or four per two, instead of the direct twelve or six; the 16→16 32x32 and 32→32
 * 16x16 layers of the paper nets; {@link WinogradF43}).
 *
 * <p>Weight gradient, three layouts: stride-1 layers of 16 channels and more on images up to 16 wide take
 * {@link WinogradGradient} (the adjoint of F(2x2,3x3): sixteen GEMMs over the tiles, the filter transform once per
 * layer in {@link #reduceWeightGradient}; {@link WinogradGradient#suits}), except where {@link ChannelLaneGradient}
 * runs the adjoint of F(4,3) down the columns (inputs in the lanes, a height that divides by four and at least 8:
 * {@link ChannelLaneGradient#rowWinogradFirst}; with 16 lanes also the 16→16 32x32 layers); other layers where it
 * measured faster (small images, stride 2, wide layers) {@link ChannelLaneGradient} (output channels or a kernel row's
 * inputs in the lanes, a GEMM over pixels; {@link ChannelLaneGradient#suits}); otherwise pixels in the lanes, as
 * follows (all three tested against
 * the definition in WeightGradientTest, timed by {@link WeightGradientBenchmark}).
 * Pixels in the lanes: a tile of four output channels × the three horizontal taps of one (input channel,
 * ky); per vector of output pixels, four output-gradient loads and three shifted input loads feed twelve
 * FMAs, accumulated over every pixel of every image given and only then added, lane by lane, into the layer's
 * vector sums, which are reduced across lanes once per layer ({@link #reduceWeightGradient}). The loop
 * over images, rows and vectors is flattened into one loop: C2 keeps vectors in registers across one
 * loop level but boxes them when they live across nested loops (measured: 25x slower). Both operands are
 * read in place: the three shifted input loads share their cache lines, and copying the operands into
 * contiguous streams first (which frees the loop of its row bookkeeping) measured slower, the copies
 * costing more L2 traffic than the bookkeeping costs instructions.
 */
public final class VectorConv3x3 implements Conv3x3 {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();
    /** Output channels per forward tile with {@link MicroKernel}'s tile. */
    static final int MR = 6;
    /**
     * Output channels per block of the packed weights: the GEMM tile's rows, {@link MicroKernel#MR} (eight where
     * a vector holds 16 floats or more, AVX-512's 32 registers; then 8, 16, 32 and 64 channels need no
     * four-channel edge block), else six.
     */
    static final int BR = MicroKernel.MR;
    /**
     * Input channels from which a stride-1 layer with whole vectors per row runs {@link #forwardRows}; below, its
     * tiles go in sequence as the other layouts' do. Chosen when the rows path still packed three bands per tile
     * (1→8 16x16: 46 against 78 GFLOP/s for one panel of nine taps, {@link ForwardBenchmark}, 512 bits, 2026-12-04);
     * both paths now read the image in place and differ only in the order of their tiles (1→8 16x16: 93 GFLOP/s).
     */
    static final int ROWS_MIN_INS = 3;
    /** The upper half of the lanes ({@link #unpadColumns}, the stride-2 padding, {@link PlaneForward}'s tap planes). */
    static final VectorMask<Float> UPPER_HALF = upperHalf();
    /** Output channels per weight-gradient tile. */
    static final int WR = 4;
    /** Pixels per forward tile: two vectors, the micro-kernel's NR. */
    static final int NR = MicroKernel.NR;

    /**
     * Which layout the passes of a layer get: chosen per layer and pass ({@link ChannelLaneForward#suits},
     * {@link WinogradForward#suits}, {@link ChannelLaneGradient#suits}), or forced for every pass (tests,
     * benchmarks; forced Winograd runs the channel lanes where it cannot map a shape, and the weight gradient in
     * pixel lanes). {@code ROW_WINOGRAD} is the pixel lanes with {@link #forwardRowsWinograd} wherever it can map a
     * forward (stride 1, rows of whole vectors, an even height), the direct tiles elsewhere and for the weight
     * gradient.
     */
    enum Lanes { AUTO, PIXEL_LANES, CHANNEL_LANES, WINOGRAD, ROW_WINOGRAD, SHIFTED_PLANES }

    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);
    private final ChannelLaneGradient channelLanes = new ChannelLaneGradient();
    private final ChannelLaneForward channelLaneForward = new ChannelLaneForward();
    private final WinogradForward winograd = new WinogradForward();
    private final WinogradGradient winogradGradient = new WinogradGradient();
    private final PlaneForward planeForward = new PlaneForward();
    private final Lanes lanes;

    public VectorConv3x3() { this(Lanes.AUTO); }

    VectorConv3x3(Lanes lanes) { this.lanes = lanes; }

    @Override public String name() { return "simd-direct"; }

    /** {@code n} rounded up to whole vectors. */
    private static int vectors(int n) { return (n + L - 1) / L * L; }

    /**
     * Stride 2, and stride 1 when Wo is a multiple of L: whole vectors per output row ("rows"). Otherwise stride 1
     * computes the output on the padded grid, Ho rows of {@link #paddedWidth} columns read as one flat run of
     * vectors ("flat": output q = oy·wp + ox reads the input at q + ky·wp + kx for every pixel alike), when
     * that is fewer columns: a 4-wide image at 16 lanes computes 8 columns per row instead of 16, an 8-wide
     * one 10 instead of 16.
     */
    @Override
    public int computedWidth(int wo, int stride) {
        checkStride(stride);
        int rows = vectors(wo);
        return stride == 1 && paddedWidth(wo, 1) < rows ? paddedWidth(wo, 1) : rows;
    }

    /**
     * Stride 1: {@code w + 2}, but at least L/2, so that the weight gradient's runs, which read up to L − 1
     * floats past an image's last pixel, read only zeros there (the rest of its last row, its bottom row and
     * the next plane's top row: 2·wp + 1 zeros ≥ L − 1). Stride 2: even and odd columns, {@code wv + 1} each.
     */
    @Override
    public int paddedWidth(int w, int stride) {
        checkStride(stride);
        return stride == 1 ? Math.max(w + 2, L / 2) : 2 * (vectors(Conv3x3.outSize(w, 2)) + 1);
    }

    /**
     * Stride 1: the layout of a stride-1 input (the input gradient is the forward map on it). Stride 2: whole
     * vectors per row plus two zero columns, since {@link #weightTile} reads whole vectors of every row and the
     * columns past Wo must be zero there.
     */
    @Override
    public int gradientPaddedWidth(int wo, int stride) {
        checkStride(stride);
        return stride == 1 ? paddedWidth(wo, 1) : vectors(wo) + 2;
    }

    @Override
    public void pad(float[] x, int xOff, int images, int c, int h, int w, int stride, float[] p, int pOff) {
        int wp = paddedWidth(w, stride), planes = images * c;
        if (stride == 1) {
            padRows(x, xOff, planes, h, w, wp, p, pOff);
            return;
        }
        int half = wp / 2;
        boolean vectors = EngineSwitch.VECTOR_PAD.on(), one = vectors && w == L, pairs = vectors && w % (2 * L) == 0;
        FloatVector zero = FloatVector.zero(S);
        for (int q = 0; q < planes; q++) {
            int src = xOff + q * h * w, dst = pOff + q * (h + 2) * wp + wp;
            for (int row = 0; row < h; row++, src += w, dst += wp) {
                // pixel column c is padded column c + 1: odd c goes to the even half, even c to the odd half
                if (one) { // the row's L/2 even and odd pixels, each half of a vector stored with zeros after it
                    FloatVector v = FloatVector.fromArray(S, x, src);
                    v.rearrange(EVEN_LANES).blend(zero, UPPER_HALF).intoArray(p, dst + half);
                    v.rearrange(ODD_LANES).blend(zero, UPPER_HALF).intoArray(p, dst + 1);
                } else if (pairs) { // two vectors of the row give a vector of even and one of odd pixels
                    for (int col = 0; col < w; col += 2 * L) {
                        FloatVector v0 = FloatVector.fromArray(S, x, src + col), v1 = FloatVector.fromArray(S, x, src + col + L);
                        v0.rearrange(EVEN_LANES).blend(v1.rearrange(EVEN_LANES), UPPER_HALF).intoArray(p, dst + half + col / 2);
                        v0.rearrange(ODD_LANES).blend(v1.rearrange(ODD_LANES), UPPER_HALF).intoArray(p, dst + 1 + col / 2);
                    }
                } else {
                    for (int col = 0; col < w; col += 2) p[dst + half + col / 2] = x[src + col];
                    for (int col = 1; col < w; col += 2) p[dst + (col + 1) / 2] = x[src + col];
                }
            }
        }
    }

    /** Lane i takes lane 2i mod L: a vector's even lanes in its lower half, and again in its upper half. */
    static final VectorShuffle<Float> EVEN_LANES = VectorShuffle.fromOp(S, i -> 2 * i % L);
    /** Lane i takes lane (2i + 1) mod L: the odd lanes, likewise. */
    static final VectorShuffle<Float> ODD_LANES = VectorShuffle.fromOp(S, i -> (2 * i + 1) % L);

    @Override
    public void padGradient(float[] dy, int off, int images, int c, int ho, int wo, int stride, float[] p, int pOff) {
        padRows(dy, off, images * c, ho, wo, gradientPaddedWidth(wo, stride), p, pOff);
    }

    /**
     * Planes of h×w pixels into planes of h + 2 rows of wp floats, each pixel one row and one column in. Rows of whole
     * vectors (16 and 32 wide at 16 lanes) are copied a vector at a time; rows of half a vector (8x8 images at 16
     * lanes) with one vector store each, the lanes past the row zeroed: they fall on the row's right pad, the next
     * row's left pad and the start of the next row, which that row's own store then covers (the last row's reach the
     * bottom pad row, never the next plane: 2·wp = L + 4). Other widths, and rows whose load would run past {@code x},
     * one {@code System.arraycopy} each, which costs about twice as much on these short rows (a probe, 512 planes of
     * 16x16: 21.4 against 10.7 µs; 1024 planes of 8x8: 23 against 18). {@link EngineSwitch#VECTOR_PAD} off: every row
     * by {@code System.arraycopy}.
     */
    private static void padRows(float[] x, int xOff, int planes, int h, int w, int wp, float[] p, int pOff) {
        boolean vectors = EngineSwitch.VECTOR_PAD.on();
        if (vectors && w == L / 2 && wp == w + 2) {
            FloatVector zero = FloatVector.zero(S);
            int safe = x.length - L; // a row starting past this is copied: its load would leave x
            for (int q = 0; q < planes; q++) {
                int src = xOff + q * h * w, dst = pOff + q * (h + 2) * wp + wp + 1;
                for (int row = 0; row < h; row++, src += w, dst += wp) {
                    if (src <= safe) FloatVector.fromArray(S, x, src).blend(zero, UPPER_HALF).intoArray(p, dst);
                    else System.arraycopy(x, src, p, dst, w);
                }
            }
            return;
        }
        int whole = vectors ? w / L * L : 0;
        for (int q = 0; q < planes; q++) {
            int src = xOff + q * h * w, dst = pOff + q * (h + 2) * wp + wp + 1;
            for (int row = 0; row < h; row++, src += w, dst += wp) {
                int j = 0;
                for (; j < whole; j += L) FloatVector.fromArray(S, x, src + j).intoArray(p, dst + j);
                if (j < w) System.arraycopy(x, src + j, p, dst + j, w - j);
            }
        }
    }

    /**
     * {@inheritDoc} Rows of half a vector (8x8 outputs at 16 lanes, computed in rows of 10) go two at a time: the
     * first row's w floats and the next row's, as the upper lanes of a load w floats before it, blended into one
     * vector and stored as one (the dense rows are consecutive). One {@code System.arraycopy} per 32-byte row had been 5.6% of
     * the classroom net's one-thread inference (JFR); a probe copying 16 channels of 64 such images: 15.4 -> 6.7 µs. Not
     * as two half-width vectors: C2 boxed those in the net (996 MB a training step), as it does not with one species.
     * {@link EngineSwitch#UNPAD_PAIRS} off: a row at a time.
     */
    @Override
    public void unpadColumns(float[] src, int rows, int wv, int w, float[] dst, int dstOff) {
        if (w != L / 2 || !EngineSwitch.UNPAD_PAIRS.on()) {
            Conv3x3.super.unpadColumns(src, rows, wv, w, dst, dstOff);
            return;
        }
        int r = 0;
        for (int a = 0; r + 1 < rows; r += 2, a += 2 * wv) {
            FloatVector.fromArray(S, src, a).blend(FloatVector.fromArray(S, src, a + wv - w), UPPER_HALF)
                    .intoArray(dst, dstOff + r * w);
        }
        if (r < rows) System.arraycopy(src, r * wv, dst, dstOff + r * w, w);
    }

    private static VectorMask<Float> upperHalf() {
        boolean[] upper = new boolean[L];
        for (int i = L / 2; i < L; i++) upper[i] = true;
        return VectorMask.fromArray(S, upper, 0);
    }

    /**
     * The direct tiles' weights ({@link #pack}), then room for the row-Winograd tiles' ({@link #packRowWinograd}):
     * F(2,3)'s four transformed kernel rows and F(4,3)'s six, three taps each.
     */
    @Override public int packedSize(int outs, int ins) { return blockCount(outs) * BR * ins * (9 + 12 + 18); }

    /**
     * Output channels of the block that starts with {@code remaining} channels left: six while that leaves no
     * remainder of one or two, four otherwise (16 = 6 + 6 + 4, 32 = 6·4 + 4 + 4, 64 = 6·10 + 4), so the
     * four-channel tile takes the ends and no tile computes more than one channel of zeros.
     */
    static int blockSize(int remaining) {
        if (BR == 8) return Math.min(BR, remaining); // 8, 16, 32, 64: whole blocks
        return remaining == 7 || remaining == 8 ? 4 : Math.min(MR, remaining);
    }

    static int blockCount(int outs) {
        int count = 0;
        for (int o = 0; o < outs; o += blockSize(outs - o)) count++;
        return count;
    }

    /**
     * Block q of the channels holds {@code packed[q*BR*K + ((ky*ins + i)*3 + kx)*BR + r]}, r &lt; its size, the rest
     * zero: kernel row by kernel row, so that the part of one row ky (3·ins steps) is a contiguous A panel of its own
     * (see {@link #forwardRows}); then the same weights transformed for {@link #forwardRowsWinograd}
     * ({@link #packRowWinograd}) where it may run them ({@link #rowWinogradWeights}), for either choice of
     * {@link EngineSwitch#ROW_WINOGRAD_4}.
     */
    @Override
    public void pack(float[] w, int cout, int cin, boolean adjoint, float[] packed) {
        pack(w, cout, cin, adjoint, packed, true, true);
    }

    /**
     * {@inheritDoc} Only the row-Winograd weights that {@link #forward} runs for this size, if any: F(4,3)'s or F(2,3)'s
     * ({@link #rowWinogradOutputs}). Packing both, and both for the layers that never run them (the 16→16 8x8 layers at
     * 16 lanes take {@link PlaneForward}), had been a third of the classroom net's packing time.
     */
    @Override
    public void pack(float[] w, int cout, int cin, boolean adjoint, int h, int width, int stride, float[] packed) {
        int outs = adjoint ? cin : cout, ins = adjoint ? cout : cin;
        int m = runsRowWinograd(ins, outs, h, width, stride) ? rowWinogradOutputs(h) : 0;
        pack(w, cout, cin, adjoint, packed, m == 2, m == 4);
    }

    private void pack(float[] w, int cout, int cin, boolean adjoint, float[] packed, boolean f23, boolean f43) {
        int outs = adjoint ? cin : cout, ins = adjoint ? cout : cin, kk = ins * 9;
        for (int ob = 0, q = 0; ob < outs; ob += blockSize(outs - ob), q++) {
            int size = blockSize(outs - ob);
            float[] src = ChannelLaneForward.block(w, adjoint, ins, ob, size);
            for (int i = 0; i < ins; i++) {
                ChannelLaneForward.taps(src, adjoint, ins, outs, ChannelLaneForward.blockStart(adjoint, ob), size, BR, i, packed,
                        q * BR * kk + i * 3 * BR, 3 * ins * BR, BR);
            }
        }
        if (rowWinogradWeights(ins, outs)) packRowWinograd(packed, outs, ins, f23, f43);
    }

    /**
     * The row-Winograd tiles' weights ({@link #forwardRowsWinograd}) after the direct ones, from them: for each
     * transformed row k, {@code U_k = Σ_ky G[k][ky]·g_ky} of the kernel rows g_ky (three horizontal taps each), first
     * with F(2,3)'s {@code G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]]} (four parts), then with F(4,3)'s
     * ({@link WinogradF43#filterLine}, six parts, {@link #rowWinogradBase}); part k holds every block in the direct
     * layout of one kernel row: {@code [k][block q][(i·3 + kx)·BR + r]}. A vector of taps at a time; only the parts
     * asked for ({@code f23}, {@code f43}).
     */
    private static void packRowWinograd(float[] packed, int outs, int ins, boolean f23, boolean f43) {
        int blocks = blockCount(outs), band = BR * 3 * ins, kk = 3 * band, part = blocks * band;
        int base2 = rowWinogradBase(2, blocks, band), base4 = rowWinogradBase(4, blocks, band);
        for (int q = 0; q < blocks; q++) {
            int j = 0;
            for (int end = S.loopBound(band); j < end; j += L) {
                int src = q * kk + j;
                FloatVector g0 = FloatVector.fromArray(S, packed, src), g1 = FloatVector.fromArray(S, packed, src + band);
                FloatVector g2 = FloatVector.fromArray(S, packed, src + 2 * band);
                if (f23) {
                    int dst = base2 + q * band + j;
                    g0.intoArray(packed, dst);
                    g0.add(g1).add(g2).mul(0.5f).intoArray(packed, dst + part);
                    g0.sub(g1).add(g2).mul(0.5f).intoArray(packed, dst + 2 * part);
                    g2.intoArray(packed, dst + 3 * part);
                }
                if (f43) WinogradF43.filterLine(g0, g1, g2, packed, base4 + q * band + j, part);
            }
            for (; j < band; j++) { // the same operations, float by float
                float g0 = packed[q * kk + j], g1 = packed[q * kk + band + j], g2 = packed[q * kk + 2 * band + j];
                if (f23) {
                    int dst = base2 + q * band + j;
                    packed[dst] = g0;
                    packed[dst + part] = (g0 + g1 + g2) * 0.5f;
                    packed[dst + 2 * part] = (g0 - g1 + g2) * 0.5f;
                    packed[dst + 3 * part] = g2;
                }
                if (f43) WinogradF43.filterLine(g0, g1, g2, packed, base4 + q * band + j, part);
            }
        }
    }

    /** Where the row-Winograd weights of F(m,3) (m = 2 or 4) start in a packing ({@link #packRowWinograd}). */
    private static int rowWinogradBase(int m, int blocks, int band) {
        return blocks * band * (m == 2 ? 3 : 3 + 4);
    }

    @Override
    public void forward(float[] p, int pOff, int images, int ins, int h, int w, int stride, float[] packed, int outs,
                        float[] y, int yOff, int ldy) {
        int wp = paddedWidth(w, stride), ho = Conv3x3.outSize(h, stride), wo = Conv3x3.outSize(w, stride);
        int wv = computedWidth(wo, stride);
        if (ldy != wv) throw new IllegalArgumentException("ldy " + ldy + " != computed width " + wv);
        // a slot is L consecutive outputs of an image's Ho×wv grid; "rows" slots start at a row's vectors, "flat"
        // ones anywhere in the run (wv = wp: the grid is the padded image's, see computedWidth)
        boolean flat = stride == 1 && wv == wp;
        int chStride = (h + 2) * wp, imageIn = ins * chStride, plane = ho * wv, imageOut = outs * plane;
        if (stride == 1 && !flat && ins >= ROWS_MIN_INS) {
            boolean winograd = runsRowWinograd(ins, outs, h, w, stride);
            for (int n = 0; n < images; n++) {
                if (winograd) forwardRowsWinograd(p, pOff + n * imageIn, ins, h, wp, packed, outs, y, yOff + n * imageOut, wv);
                else forwardRows(p, pOff + n * imageIn, ins, h, wp, packed, outs, y, yOff + n * imageOut, wv);
            }
            return;
        }
        int spr = wv / L, slots = (plane + L - 1) / L, total = images * slots;
        int kk = ins * 9, rowStep = stride * wp;
        int t1 = stride == 1 ? 1 : wp / 2, t2 = stride == 1 ? 2 : 1;
        boolean direct = stride == 1; // stride 1 reads the inputs in place (see the class comment); stride 2 packs
        Workspace ws = workspaces.get();
        float[] panel = direct ? null : ws.panel(kk * NR), tile = ws.tile;
        // tiles pair slots g and g + 1 of all the images' slots in sequence, so an image with an odd number of slots
        // (a flat 8x8 image at 16 lanes has five) shares its last tile with the next image; only an odd last slot
        // of the call is computed twice, and a slot shorter than a vector goes through the scratch tile
        for (int g = 0; g < total; g += 2) {
            int g1 = g + 1 < total ? g + 1 : g;
            int n0 = g / slots, s0 = g - n0 * slots, n1 = g1 / slots, s1 = g1 - n1 * slots;
            int r0 = flat ? s0 * L : s0 / spr * rowStep + s0 % spr * L, r1 = flat ? s1 * L : s1 / spr * rowStep + s1 % spr * L;
            int a0 = pOff + n0 * imageIn + r0, d1 = pOff + n1 * imageIn + r1 - a0;
            if (!direct) packPanel(p, a0, a0 + d1, chStride, wp, t1, t2, ins, panel);
            int o0 = yOff + n0 * imageOut + s0 * L, o1 = yOff + n1 * imageOut + s1 * L;
            int valid0 = Math.min(L, plane - s0 * L), valid1 = g1 == g ? 0 : Math.min(L, plane - s1 * L);
            // the tile is written straight into y where both slots are whole: at stride 1 wherever they lie (the
            // kernel stores slot 1 at its own offset), at stride 2 when they are neighbours in one image (ldy = wv)
            boolean inPlace = direct ? valid0 == L && valid1 == L : n1 == n0 && s1 == s0 + 1 && valid1 == L;
            for (int ob = 0, q = 0; ob < outs; ob += blockSize(outs - ob), q++) {
                int rows = blockSize(outs - ob), ao = q * BR * kk;
                if (inPlace) {
                    if (direct) paddedKernel(ins, packed, ao, p, a0, d1, chStride, wp, y, o0 + ob * plane, o1 - o0, plane, rows);
                    else panelKernel(kk, packed, ao, panel, y, o0 + ob * plane, plane, rows);
                    continue;
                }
                if (direct) paddedKernel(ins, packed, ao, p, a0, d1, chStride, wp, tile, 0, L, NR, BR);
                else panelKernel(kk, packed, ao, panel, tile, 0, NR, BR); // all rows: the A panel's rows past `rows` are zero
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(tile, r * NR, y, o0 + (ob + r) * plane, valid0);
                    if (valid1 > 0) System.arraycopy(tile, r * NR + L, y, o1 + (ob + r) * plane, valid1);
                }
            }
        }
    }

    /** The micro-kernel on a whole panel for a block of {@code rows} channels: eight-, six- or four-row tile. */
    private static void panelKernel(int kk, float[] packed, int ao, float[] panel, float[] c, int co, int ldc, int rows) {
        if (BR == 8) MicroKernel.multiply8(kk, packed, ao, panel, 0, NR, c, co, ldc, rows, false);
        else if (rows > 4) MicroKernel.multiply(kk, packed, ao, panel, 0, NR, c, co, ldc, rows, false);
        else MicroKernel.multiply4(kk, packed, ao, panel, 0, NR, c, co, ldc, rows, false);
    }

    /**
     * The B panel of the GEMM micro-kernel for two slots: {@code panel[((ky*ins + i)*3 + kx)*NR + j]} holds the
     * input that tap (ky, kx) of channel i brings to pixel j of the slots (j &lt; L: first slot), read as whole
     * vectors from the padded image at {@code r + ky·rs + (0, t1, t2)[kx]}. This is im2col for 2L pixels,
     * written straight into the packed layout and reused by every channel block: three bands, one per kernel row.
     */
    private static void packPanel(float[] p, int r0, int r1, int chStride, int rs, int t1, int t2, int ins, float[] panel) {
        for (int ky = 0; ky < 3; ky++) packBand(p, r0 + ky * rs, r1 + ky * rs, chStride, t1, t2, ins, panel, ky * 3 * ins * NR);
    }

    /**
     * One kernel row's band of a B panel at {@code panel[d..]}: {@code ((i*3 + kx)*NR + j)}, the inputs at
     * {@code r + (0, t1, t2)[kx]} of channel i, slot 0 from r0 and slot 1 from r1.
     */
    private static void packBand(float[] p, int r0, int r1, int chStride, int t1, int t2, int ins, float[] panel, int d) {
        for (int i = 0; i < ins; i++, r0 += chStride, r1 += chStride, d += 3 * NR) {
            FloatVector.fromArray(S, p, r0).intoArray(panel, d);
            FloatVector.fromArray(S, p, r1).intoArray(panel, d + L);
            FloatVector.fromArray(S, p, r0 + t1).intoArray(panel, d + NR);
            FloatVector.fromArray(S, p, r1 + t1).intoArray(panel, d + NR + L);
            FloatVector.fromArray(S, p, r0 + t2).intoArray(panel, d + 2 * NR);
            FloatVector.fromArray(S, p, r1 + t2).intoArray(panel, d + 2 * NR + L);
        }
    }

    /**
     * Stride 1 with whole vectors per output row (Wo a multiple of L, or wider than the flat run pays for): tiles of
     * two slots, and no B panel: the micro-kernel reads its B vectors straight from the padded image
     * ({@link MicroKernel#multiply8Padded}: a step per kernel row and input channel, the A panel read straight
     * through in {@link #pack}'s order). The two slots of a tile are the neighbouring vectors v, v + 1 of a row;
     * where a row has an odd number of vectors (one, for 16-wide images at 16 lanes) its last one is paired with the
     * same vector half the image further down. Both are stored straight into y, the kernel storing the second slot at
     * its own offset: the classroom's 8→8 16x16 forward went from 145-147 to 123-124 µs (64 images, one thread;
     * 79-81 to 68-71 on two) when those pairs stopped going through a scratch tile (2026-12-05, interleaved in one JVM).
     *
     * <p>Until 2026-12-05 these tiles packed a band per tile row into a per-thread panel, reusing two of the three bands
     * of the tile above (a third of {@link #packPanel}'s copies). Reading in place measured faster at 512 bits, the
     * layer's forward interleaved in one JVM (best of 25 rounds each): 8→8 16x16 (64 images) 137-163 against 159-180
     * µs on one thread, 77-84 against 95-109 on two; 16→16 32x32 (128) 3.48-3.92 against 3.72-4.14 ms on one thread,
     * 2.33-2.54 against 2.99-3.25 on two; 32→32 16x16 level (0.99-1.06). At a forced 256 bits (six- and four-row
     * tiles) on the same CPU the two were even (0.98-1.06). Two threads gain more than one: on 8→8 the packed
     * bands' forward ran 1.5-1.7x faster on two threads than on one, in place 1.6-2.0x (why is not known).
     */
    private void forwardRows(float[] p, int pOff, int ins, int h, int wp, float[] packed, int outs,
                             float[] y, int yOff, int wv) {
        int spr = wv / L, plane = h * wv, chStride = (h + 2) * wp, kk = ins * 9, half = (h + 1) / 2;
        for (int v = 0; v < spr; v += 2) {
            boolean paired = v + 1 < spr; // slots v and v + 1 of one row, else v of rows y and y + half
            int rows = paired ? h : half;
            for (int yy = 0; yy < rows; yy++) {
                int down = yy + half < h ? half : 0; // the last tile of an odd height computes its second slot twice
                int r0 = pOff + yy * wp + v * L, d1 = paired ? L : down * wp; // d1: from slot 0's inputs to slot 1's
                int o = yOff + yy * wv + v * L;
                int e1 = paired ? L : down * wv; // from slot 0's outputs to slot 1's (0: the same slot twice)
                for (int ob = 0, q = 0; ob < outs; ob += blockSize(outs - ob), q++) {
                    int size = blockSize(outs - ob), ao = q * BR * kk;
                    paddedKernel(ins, packed, ao, p, r0, d1, chStride, wp, y, o + ob * plane, e1, plane, size);
                }
            }
        }
    }

    /** The micro-kernel on the padded image for a block of {@code rows} channels: eight-, six- or four-row tile. */
    private static void paddedKernel(int ins, float[] packed, int ao, float[] p, int r0, int d1, int chStride, int wp,
                                     float[] c, int co, int e1, int ldc, int rows) {
        if (BR == 8) MicroKernel.multiply8Padded(ins, packed, ao, p, r0, d1, chStride, wp, c, co, e1, ldc, rows);
        else if (rows > 4) MicroKernel.multiplyPadded(ins, packed, ao, p, r0, d1, chStride, wp, c, co, e1, ldc, rows);
        else MicroKernel.multiply4Padded(ins, packed, ao, p, r0, d1, chStride, wp, c, co, e1, ldc, rows);
    }

    /**
     * Whether a stride-1 layer whose rows are whole vectors runs {@link #forwardRowsWinograd}: an even height, and
     * {@link #rowWinogradSuits} (or forced).
     */
    boolean rowWinograd(int ins, int outs, int h) {
        if (h % 2 != 0 || !rowWinogradWeights(ins, outs)) return false;
        return lanes == Lanes.ROW_WINOGRAD || EngineSwitch.ROW_WINOGRAD.on();
    }

    /** Whether {@link #forward} runs {@link #forwardRowsWinograd} for this map, image size and stride. */
    private boolean runsRowWinograd(int ins, int outs, int h, int w, int stride) {
        boolean flat = stride == 1 && computedWidth(w, stride) == paddedWidth(w, stride);
        if (stride != 1 || flat || ins < ROWS_MIN_INS || !rowWinograd(ins, outs, h)) return false;
        return lanes != Lanes.AUTO || rowWinogradSuits(ins, outs) || denseRows(h, w);
    }

    /**
     * Whether rows of h×w images go to the dense row tiles ({@link #forwardRowsWinogradDense}) where row Winograd runs:
     * F(4,3)'s heights, rows of one or two vectors, {@link EngineSwitch#DENSE_ROW_WINOGRAD} on.
     */
    private static boolean denseRows(int h, int w) {
        return EngineSwitch.DENSE_ROW_WINOGRAD.on() && rowWinogradOutputs(h) == 4 && (w == L || w == 2 * L);
    }

    /**
     * Whether {@link #pack} writes the row-Winograd weights: wherever {@link #rowWinograd} can choose the tiles,
     * whichever way {@link EngineSwitch#ROW_WINOGRAD} stands (a kept packing must serve the switch both ways), and not
     * for the layers that never take them (the stems), which a training step repacks. The packing itself is sized by
     * the layer's image ({@link #pack(float[], int, int, boolean, int, int, int, float[])}): 8-channel layers whose
     * rows are not dense-eligible ({@link #denseRows}) get none.
     */
    private boolean rowWinogradWeights(int ins, int outs) {
        return lanes == Lanes.ROW_WINOGRAD || lanes == Lanes.AUTO && (rowWinogradSuits(ins, outs) || denseRowWinogradSuits(ins, outs));
    }

    /**
     * Where the dense row tiles measured faster than the direct ones ({@link #runsRowWinograd} takes them for such
     * layers where the rows are dense-eligible, {@link #denseRows}): from 8 channels in and out. {@link ForwardBenchmark}
     * (Intel Xeon, 16 lanes, 2026-12-07, one thread, GFLOP/s of the direct method's work, three rounds): the classroom's
     * 8→8 16x16 forward 139.5 (pixel lanes) against 227.0 (row Winograd, dense), input gradient 114.9 against 162.8;
     * before the dense rows the padded copy and its transforms had made the two level at 8 channels.
     */
    static boolean denseRowWinogradSuits(int ins, int outs) {
        return ins >= 8 && outs >= 8;
    }

    /**
     * Where the row-Winograd tiles measured faster than the direct ones: from 16 channels in and out. Row Winograd
     * against direct, one thread, CPU time (2026-12-06): forward on padded images, medians of 11-15 rounds interleaved
     * in one JVM, and {@link ForwardBenchmark} (FB: forward and input gradient as {@code Conv2d} runs them):
     * <ul>
     * <li>512 bits: 16→16 32x32 1.14-1.18 (FB 1.14-1.15), 32→32 16x16 1.19-1.23 (FB 1.19); 8→8 16x16 0.98-1.03;
     *     3→16 32x32 0.74-0.81;</li>
     * <li>a forced 256 bits: 16→16 32x32 1.11-1.14, 32→32 16x16 1.16-1.18, 16→16 8x8 1.11-1.13; 8→8 16x16 1.01 (FB
     *     1.25), 3→16 32x32 0.88;</li>
     * <li>a forced 128 bits: 16→16 32x32 1.10-1.12, 32→32 16x16 1.12-1.15, 16→16 8x8 1.07-1.11; 8→8 16x16 1.07 (FB
     *     1.29), 3→16 32x32 0.90.</li>
     * </ul>
     * The whole nets ({@code bench --ab row-winograd}, the switch off and on in turns in one JVM, medians of 10 rounds):
     * ResNet-20 training 0.956 of the time on one thread and 0.961 on two, inference 0.924 and 0.952; the classroom net
     * with its 8-channel layers switched too level at 512 bits (0.996) and at a forced 256 (0.998, 0.997), hence 16
     * channels at every width. The fewer multiplications (12 per output pixel pair and channel pair against 18) are
     * partly spent on the transform's two loads per B vector and the tiles' combine; with few channels there is too
     * little to share them. The forced widths ran on an AVX-512 machine (32 vector registers); an AVX2 machine has 16.
     * {@link EngineSwitch#ROW_WINOGRAD} off: never ({@link #rowWinograd}).
     */
    static boolean rowWinogradSuits(int ins, int outs) {
        return ins >= 16 && outs >= 16;
    }

    /**
     * Stride 1, rows of whole vectors, an even height: Winograd's F(4,3) down the columns where the height divides by
     * four ({@link #rowWinogradOutputs}), else F(2,3), the three horizontal taps direct. With F(2,3), output rows 2j
     * and 2j + 1 of a channel are {@code y₀ = M₀ + M₁ + M₂} and {@code y₁ = M₁ − M₂ − M₃}, where {@code M_k} is the
     * one-row convolution (three taps, summed over the input channels) of the transformed input rows {@code V_k} with
     * the transformed kernel rows {@code U_k} ({@link #packRowWinograd}), and from the padded rows d₀..d₃ (2j to
     * 2j + 3): {@code V₀ = d₀ − d₂, V₁ = d₁ + d₂, V₂ = d₂ − d₁, V₃ = d₁ − d₃}. Per pair of output rows that is four
     * one-row products instead of the direct method's six: 12 multiplications per output pixel pair and channel pair
     * against 18. F(4,3) makes four output rows from six padded rows with six products ({@link #transformRows4},
     * {@link #combineRows4}): 9 multiplications against 18, for transforms of about twice the additions. Measured
     * against F(2,3) (Intel Xeon, AVX-512, 2026-12-07, one thread, {@link ForwardBenchmark}, GFLOP/s of the direct
     * method's work): 16→16 32x32 forward 138 -> 161, input gradient 139 -> 150-156; 32→32 16x16 175 -> 189-193 and
     * 166 -> 192-195; ResNet-20 ({@code bench --ab row-winograd-4}, 8 rounds) training 0.973 of the time and inference
     * 0.938 at 16 lanes, 0.940 and 0.885 under {@code -XX:UseAVX=2}. It rounds more (the transforms multiply by up
     * to 8, the kernel rows by sixths: ForwardMapTest's worst 2.8e-6 of the outputs' scale against 0.9e-6).
     * With the eight-row tile a tile's V rows are formed once ({@link #transformRows}) and
     * multiplied by {@link MicroKernel#multiply8Row} for every block of output channels, as by the six- and four-row
     * tiles of 16-register machines ({@link MicroKernel#multiplyRow}, {@link MicroKernel#multiply4Row}). A tile's
     * products go to a scratch tile and are combined into y while it is in L1. The tiles are {@link #forwardRows}'s:
     * two neighbouring vectors of a row group, or where a row has an odd number of vectors, its last one with the same
     * vector of the next group (the last group of an odd count with itself).
     */
    private void forwardRowsWinograd(float[] p, int pOff, int ins, int h, int wp, float[] packed, int outs,
                                     float[] y, int yOff, int wv) {
        int m = rowWinogradOutputs(h), parts = m + 2, groups = h / m;
        int chStride = (h + 2) * wp, plane = h * wv, spr = wv / L;
        int blocks = blockCount(outs), band = BR * 3 * ins, base = rowWinogradBase(m, blocks, band), kStride = blocks * band;
        int part = BR * NR, vk = ins * 2 * V_SLOT; // vk: one transformed row V_k of every channel and both slots
        Workspace ws = workspaces.get();
        float[] products = ws.products(parts * part), v = ws.transformed(parts * vk);
        for (int vv = 0; vv < spr; vv += 2) {
            boolean paired = vv + 1 < spr;
            for (int j = 0; j < groups; j += paired ? 1 : 2) {
                int down = paired || j + 1 == groups ? 0 : m; // rows from slot 0 to slot 1 (0: the same slot twice)
                int r = pOff + m * j * wp + vv * L, d1 = paired ? L : down * wp; // padded row m·j: d₀
                int o = yOff + m * j * wv + vv * L, e1 = paired ? L : down * wv;
                if (m == 4) transformRows4(p, r, wp, d1, chStride, ins, v, vk);
                else transformRows(p, r, wp, d1, chStride, ins, v, vk);
                rowTile(m, ins, packed, base, band, kStride, v, vk, products, outs, y, o, e1, plane, wv, null);
            }
        }
    }

    /**
     * A row-Winograd tile after its input transform: for each block of output channels, the m + 2 one-row products of
     * the transformed rows {@code v} (part k at k·vk) into {@code products}, and the output transform of them into
     * the tile's rows of y at {@code o} (slot 1 {@code e1} further; planes {@code plane} apart, rows {@code wv}), mapped
     * by {@code map} as they are stored (F(4,3) only; null: as they are).
     */
    private static void rowTile(int m, int ins, float[] packed, int base, int band, int kStride, float[] v, int vk,
                                float[] products, int outs, float[] y, int o, int e1, int plane, int wv, OutputMap map) {
        int parts = m + 2, part = BR * NR;
        for (int ob = 0, q = 0; ob < outs; ob += blockSize(outs - ob), q++) {
            int size = blockSize(outs - ob), ao = base + q * band;
            for (int k = 0; k < parts; k++) rowKernel(ins, packed, ao + k * kStride, v, k * vk, products, k * part, size);
            if (m == 4) combineRows4(products, size, y, o + ob * plane, e1, plane, wv, map, ob);
            else combineRows(products, size, y, o + ob * plane, e1, plane, wv);
        }
    }

    /**
     * {@link #forwardRowsWinograd}'s F(4,3) tiles on one dense image (ins, h, w), h a multiple of four and a row one
     * vector (w = L) or two (w = 2L), without the padded copy: the input transform reads the dense rows and takes the
     * zero padding itself, and gives the same transformed rows, so the same outputs bit for bit. The zero rows above
     * and below the image are read from a zero row (the first and last row group's); the columns are
     * transformed a whole, aligned vector at a time into the transformed rows one float in, whose pad columns are zero
     * (set once per image: a transform of zeros is zero). Rows of two vectors make a tile's two slots (columns [0, L + 2)
     * and [L, 2L + 2) of the padded row): two transforms where the padded copy's tiles made four of overlapping
     * vectors, and the float each slot takes from the other's vector copied. Rows of one vector pair row group j with
     * j + 1 as {@link #forwardRowsWinograd} does. Measured against the padded copy and its transform (one thread, 128
     * images in one JVM, a probe, 2026-12-07, Intel Xeon at 16 lanes): 16→16 32x32 3.51-3.54 -> 2.87-2.95 ms, 32→32
     * 16x16 2.64-2.75 -> 2.36-2.60. {@link EngineSwitch#DENSE_ROW_WINOGRAD} off: the padded copy.
     */
    private void forwardRowsWinogradDense(float[] x, int xOff, int ins, int h, int w, float[] packed, int outs,
                                          float[] y, int yOff, OutputMap map) {
        int groups = h / 4, plane = h * w;
        int blocks = blockCount(outs), band = BR * 3 * ins, base = rowWinogradBase(4, blocks, band), kStride = blocks * band;
        int vk = ins * 2 * V_SLOT;
        boolean paired = w == 2 * L;
        Workspace ws = workspaces.get();
        float[] products = ws.products(6 * BR * NR), v = ws.transformed(6 * vk);
        for (int q = 0; q < 6 * vk; q += V_SLOT) { // each slot's pad columns: left, and right of the L + 2 read
            v[q] = 0f;
            v[q + L + 1] = 0f;
        }
        for (int j = 0; j < groups; j += paired ? 1 : 2) {
            int down = paired || j + 1 == groups ? 0 : 4; // rows from slot 0 to slot 1, as forwardRowsWinograd's
            int a = xOff + (4 * j - 1) * w; // the dense row of padded row 4j (d₀)
            boolean first = j == 0, last = j + 1 == groups;
            if (paired) {
                transformPair(x, a, plane, w, first, last, ins, v, vk);
            } else {
                boolean last1 = down == 0 ? last : j + 2 == groups;
                transformSingles(x, a, down * w, plane, w, first, last, down == 0 && first, last1, ins, v, vk);
            }
            rowTile(4, ins, packed, base, band, kStride, v, vk, products, outs, y, yOff + 4 * j * w, paired ? L : down * w, plane,
                    w, map);
        }
    }

    /**
     * The transformed rows of a tile of two-vector rows from the dense rows at {@code x[a]} (channel i
     * {@code plane} further): slot 0's padded columns [0, L + 2) and slot 1's [L, 2L + 2). Each vector of columns is
     * transformed once, one float into its slot ({@link #transformColumns}, a vector per step: a loop body of more
     * loads and stores has made C2 give up the intrinsics and box the vectors), then slot 0's column L + 1 is set to
     * slot 1's first transformed column and slot 1's column 0 to slot 0's last.
     */
    private static void transformPair(float[] x, int a, int plane, int w, boolean first, boolean last, int ins,
                                      float[] v, int vk) {
        for (int q = 0, n = 2 * ins; q < n; q++) {
            transformColumns(x, a + (q >> 1) * plane + (q & 1) * L, w, first, last, v, q * V_SLOT + 1, vk);
        }
        for (int i = 0, o = 0; i < ins; i++, o += 2 * V_SLOT) {
            for (int k = 0, q = o; k < 6; k++, q += vk) {
                v[q + V_SLOT] = v[q + L];
                v[q + L + 1] = v[q + V_SLOT + 1];
            }
        }
    }

    /**
     * The transformed rows of a tile of one-vector rows: slot 0 from the dense rows at {@code x[a]}, slot 1 from those
     * {@code d1} further (the next row group, or the same), each with its own zero rows.
     */
    private static void transformSingles(float[] x, int a, int d1, int plane, int w, boolean first0, boolean last0,
                                         boolean first1, boolean last1, int ins, float[] v, int vk) {
        for (int q = 0, n = 2 * ins; q < n; q++) {
            boolean one = (q & 1) != 0;
            transformColumns(x, a + (q >> 1) * plane + (one ? d1 : 0), w, one ? first1 : first0, one ? last1 : last0,
                    v, q * V_SLOT + 1, vk);
        }
    }

    /** L zeros: the pad rows above and below an image, read as the dense rows are ({@link #transformColumns}). */
    private static final float[] ZERO_ROW = new float[L];

    /**
     * F(4,3)'s input transform ({@link WinogradF43#inputLine}) of a vector of columns down six dense rows from
     * {@code x[a]} ({@code w} apart) into {@code v[out + k·vk]}: the first row a zero pad row when {@code first}, the
     * last when {@code last} (those rows are not read: {@link #ZERO_ROW} is, so that no vector value depends on a
     * branch, which C2 may box).
     */
    private static void transformColumns(float[] x, int a, int w, boolean first, boolean last, float[] v, int out, int vk) {
        WinogradF43.inputLine(first ? ZERO_ROW : x, first ? 0 : a, x, a, w, last ? ZERO_ROW : x, last ? 0 : a + 5 * w,
                v, out, vk);
    }

    /**
     * Output rows per column of a row-Winograd tile: 4 (F(4,3)) where the height divides by four and
     * {@link EngineSwitch#ROW_WINOGRAD_4} is on, else 2 (F(2,3)).
     */
    static int rowWinogradOutputs(int h) {
        return h % 4 == 0 && EngineSwitch.ROW_WINOGRAD_4.on() ? 4 : 2;
    }

    /**
     * One product of a tile's transformed rows ({@link #transformRows}): the eight-row tile, or the six- and four-row
     * ones of 16-register machines by the block's rows.
     */
    private static void rowKernel(int ins, float[] packed, int ao, float[] v, int b, float[] m, int co, int rows) {
        if (BR == 8) MicroKernel.multiply8Row(ins, packed, ao, v, b, m, co, L, NR, rows);
        else if (rows > 4) MicroKernel.multiplyRow(ins, packed, ao, v, b, V_SLOT, 2 * V_SLOT, m, co, L, NR, rows);
        else MicroKernel.multiply4Row(ins, packed, ao, v, b, V_SLOT, 2 * V_SLOT, m, co, L, NR, rows);
    }

    /** Floats per channel and slot of a tile's transformed rows: the L + 2 a slot's three taps read, and two more. */
    private static final int V_SLOT = MicroKernel.ROW_SLOT;

    /**
     * A tile's transformed rows for the row tiles ({@link #rowKernel}): from the padded rows d₀..d₃
     * (2j to 2j + 3) at {@code p[r + i·chStride]} (slot 1 {@code d1} further), {@code V₀ = d₀ − d₂, V₁ = d₁ + d₂,
     * V₂ = d₂ − d₁, V₃ = d₁ − d₃} over the L + 2 columns the taps read, into {@code v[k·vk + (2i + slot)·V_SLOT]},
     * once per tile for every block of output channels. Two overlapping vectors per row, columns [0, L) and [2, L + 2).
     */
    private static void transformRows(float[] p, int r, int wp, int d1, int chStride, int ins, float[] v, int vk) {
        for (int i = 0; i < ins; i++) {
            for (int slot = 0; slot < 2; slot++) {
                int a = r + i * chStride + slot * d1, o = (2 * i + slot) * V_SLOT;
                for (int t = 0; t <= 2; t += 2) {
                    FloatVector x0 = FloatVector.fromArray(S, p, a + t), x1 = FloatVector.fromArray(S, p, a + t + wp);
                    FloatVector x2 = FloatVector.fromArray(S, p, a + t + 2 * wp), x3 = FloatVector.fromArray(S, p, a + t + 3 * wp);
                    x0.sub(x2).intoArray(v, o + t);
                    x1.add(x2).intoArray(v, o + t + vk);
                    x2.sub(x1).intoArray(v, o + t + 2 * vk);
                    x1.sub(x3).intoArray(v, o + t + 3 * vk);
                }
            }
        }
    }

    /**
     * F(2,3)'s output transform for a tile: {@code m} holds the four products (part k at k·BR·NR, row r of a part at
     * r·NR, slot 1 at L); rows 2j and 2j + 1 (wv apart) of channel r go to {@code y[o + r·plane]}, slot 1 {@code e1}
     * further.
     */
    private static void combineRows(float[] m, int rows, float[] y, int o, int e1, int plane, int wv) {
        int part = BR * NR, n = 2 * rows;
        for (int t = 0; t < n; t++) {
            int r = t >> 1, s = (t & 1) * L, a = r * NR + s, d = o + r * plane + (t & 1) * e1;
            FloatVector m0 = FloatVector.fromArray(S, m, a), m1 = FloatVector.fromArray(S, m, a + part);
            FloatVector m2 = FloatVector.fromArray(S, m, a + 2 * part), m3 = FloatVector.fromArray(S, m, a + 3 * part);
            m0.add(m1).add(m2).intoArray(y, d);
            m1.sub(m2).sub(m3).intoArray(y, d + wv);
        }
    }

    /**
     * F(4,3)'s input transform for a tile ({@link WinogradF43#inputLine}), as {@link #transformRows} does F(2,3)'s:
     * from the padded rows d₀..d₅ (4j to 4j + 5) into {@code v[k·vk + (2i + slot)·V_SLOT]}.
     */
    private static void transformRows4(float[] p, int r, int wp, int d1, int chStride, int ins, float[] v, int vk) {
        for (int i = 0; i < ins; i++) {
            for (int slot = 0; slot < 2; slot++) {
                int a = r + i * chStride + slot * d1, o = (2 * i + slot) * V_SLOT;
                WinogradF43.inputLine(p, a, wp, v, o, vk);
                WinogradF43.inputLine(p, a + 2, wp, v, o + 2, vk);
            }
        }
    }

    /**
     * F(4,3)'s output transform for a tile ({@link WinogradF43#outputLine}), as {@link #combineRows} does F(2,3)'s:
     * the six products (part k at k·BR·NR) into rows 4j to 4j + 3, row r of the block being channel c0 + r of
     * {@code map} (null: none).
     */
    private static void combineRows4(float[] m, int rows, float[] y, int o, int e1, int plane, int wv, OutputMap map, int c0) {
        int part = BR * NR, n = 2 * rows;
        for (int t = 0; t < n; t++) {
            int r = t >> 1, a = r * NR + (t & 1) * L, d = o + r * plane + (t & 1) * e1;
            WinogradF43.outputLine(m, a, part, y, d, wv);
        }
        if (map == null) return;
        // mapped after the tile's stores, not after each row's: reading back a vector just stored had cost more (one
        // thread, 8→8 16x16, batch 64, AMD EPYC Zen 4, 2026-12-07: the map and ReLU 0.036 -> 0.030 ms, with the join
        // 0.048 -> 0.041); a slot 1 on slot 0's rows (e1 = 0, the last row group of one-vector rows) is mapped once
        for (int t = 0, step = e1 == 0 ? 2 : 1; t < n; t += step) {
            int r = t >> 1;
            VectorElementwise.mapStored(y, o + r * plane + (t & 1) * e1, 4, wv, map, c0 + r);
        }
    }

    /** This thread's workspace: tests fill it with garbage, as other layers could leave it. */
    Workspace workspace() { return workspaces.get(); }

    /** Per-thread panels and edge tile, grown on demand and then reused. */
    static final class Workspace {
        private float[] panel = new float[0], products = new float[0], transformed = new float[0];
        final float[] tile = new float[BR * NR];

        float[] panel(int size) {
            if (panel.length < size) panel = new float[size];
            return panel;
        }

        float[] transformed(int size) {
            if (transformed.length < size) transformed = new float[size];
            return transformed;
        }

        float[] products(int size) {
            if (products.length < size) products = new float[size];
            return products;
        }
    }

    @Override
    public boolean denseWeightGradient(int cin, int cout, int w, int stride) {
        checkStride(stride);
        int wo = Conv3x3.outSize(w, stride);
        return lanes == Lanes.CHANNEL_LANES || lanes == Lanes.WINOGRAD || lanes == Lanes.AUTO
                && (ChannelLaneGradient.suits(cin, cout, stride, wo) || WinogradGradient.suits(cin, cout, stride, wo));
    }

    @Override
    public boolean denseForward(int ins, int outs, int h, int w, int stride) {
        return channelLaneDense(ins, outs, w, stride) || rowWinogradDense(ins, outs, h, w, stride);
    }

    /** Whether the dense forward is the channel lanes', Winograd's (2-D) or the shifted planes'. */
    private boolean channelLaneDense(int ins, int outs, int w, int stride) {
        checkStride(stride);
        int wo = Conv3x3.outSize(w, stride);
        return lanes == Lanes.CHANNEL_LANES || lanes == Lanes.WINOGRAD || shiftedPlanes(ins, outs, w, stride)
                || lanes == Lanes.AUTO && (ChannelLaneForward.suits(ins, outs, stride, wo) || WinogradForward.suits(ins, outs, stride, wo));
    }

    /**
     * Whether the dense forward is {@link #forwardRowsWinogradDense}: where the padded forward would run F(4,3)'s row
     * tiles on rows of one or two vectors, and {@link EngineSwitch#DENSE_ROW_WINOGRAD} is on.
     */
    boolean rowWinogradDense(int ins, int outs, int h, int w, int stride) {
        return denseRows(h, w) && !channelLaneDense(ins, outs, w, stride) && runsRowWinograd(ins, outs, h, w, stride);
    }

    /** The dense row-Winograd forward goes image by image: {@link Conv2d} calls it per group, as the padded one. */
    @Override
    public boolean denseForwardInGroups(int ins, int outs, int h, int w, int stride) {
        return rowWinogradDense(ins, outs, h, w, stride);
    }

    /**
     * Whether a map runs {@link PlaneForward} (pixel lanes on shifted copies of the planes, or at stride 2 on one plane
     * per tap): forced where it fits ({@link PlaneForward#fits}), or chosen while {@link EngineSwitch#SHIFTED_PLANES} is
     * on for the stride-1 layers it fits (8x8 and 4x4 images at 16 lanes) that neither Winograd's nor the channel lanes
     * take, and for the stride-2 layers whose input rows are one vector (16x16 -> 8x8 at 16 lanes), whose tap planes
     * go by vector shuffles ({@link ForwardBenchmark}, 2026-12-06: 8→16 16x16 stride 2 109 against 44 GFLOP/s for
     * the channel lanes, 32→64 16x16 stride 2 133 against 106; from 8x8 inputs, float by float, 25 against 111).
     */
    boolean shiftedPlanes(int ins, int outs, int w, int stride) {
        if (!PlaneForward.fits(w, stride)) return false;
        if (lanes == Lanes.SHIFTED_PLANES) return true;
        if (lanes != Lanes.AUTO || !EngineSwitch.SHIFTED_PLANES.on()) return false;
        if (stride == 2) return PlaneForward.tapsByVectors(w);
        int wo = Conv3x3.outSize(w, stride);
        return !ChannelLaneForward.suits(ins, outs, stride, wo) && !WinogradForward.suits(ins, outs, stride, wo);
    }

    @Override
    public int denseWeightsSize(int ins, int outs, int h, int w, int stride) {
        if (shiftedPlanes(ins, outs, w, stride) || rowWinogradDense(ins, outs, h, w, stride)) return packedSize(outs, ins);
        int outsP = (outs + L - 1) / L * L;
        return transformsForward(ins, outs, h, w, stride) ? WinogradForward.packedSize(ins, outsP, h, w)
                : ChannelLaneForward.packedSize(ins, outsP);
    }

    @Override
    public void packDense(float[] weights, boolean adjoint, int ins, int outs, int h, int w, int stride, float[] packed) {
        if (adjoint && stride != 1) throw new IllegalArgumentException("the input gradient is a convolution only for stride 1");
        if (shiftedPlanes(ins, outs, w, stride)) {
            pack(weights, adjoint ? ins : outs, adjoint ? outs : ins, adjoint, packed, false, false); // PlaneForward: direct tiles
            return;
        }
        if (rowWinogradDense(ins, outs, h, w, stride)) {
            pack(weights, adjoint ? ins : outs, adjoint ? outs : ins, adjoint, packed, false, true); // F(4,3)'s rows
            return;
        }
        int outsP = (outs + L - 1) / L * L;
        if (transformsForward(ins, outs, h, w, stride)) winograd.pack(weights, adjoint, ins, outs, outsP, h, w, packed);
        else ChannelLaneForward.pack(weights, adjoint, ins, outs, outsP, packed);
    }

    @Override
    public void forwardDense(float[] x, int xOff, int ins, int h, int w, int stride, float[] packed, int outs,
                             int images, float[] y, int yOff) {
        if (shiftedPlanes(ins, outs, w, stride)) planeForward.forward(x, xOff, ins, h, w, stride, packed, outs, images, y, yOff);
        else if (rowWinogradDense(ins, outs, h, w, stride)) forwardDense(x, xOff, ins, h, w, stride, packed, outs, images, y, yOff, null);
        else if (transformsForward(ins, outs, h, w, stride) && WinogradForward.fourByFour(h, w)) {
            winograd.forward4(x, xOff, ins, h, w, packed, outs, images, y, yOff);
        } else if (transformsForward(ins, outs, h, w, stride)) winograd.forward(x, xOff, ins, h, w, packed, outs, images, y, yOff);
        else channelLaneForward.forward(x, xOff, ins, h, w, stride, packed, outs, images, y, yOff);
    }

    /**
     * The dense row tiles map their outputs right after writing them ({@link VectorElementwise#mapStored}, from
     * {@link #combineRows4}): an inference's BN map, join and ReLU without a pass over each image after. Measured
     * against that pass (one thread, 128 images a call in groups of 16 in one JVM, a probe, 2026-12-07, Intel Xeon at 16
     * lanes): the pass had added 0.50 ms (map and ReLU) and 0.55 ms (with the join) to 2.69 ms of 16→16 32x32, 0.14 and
     * 0.28 ms to 2.00 of 32→32 16x16. {@link EngineSwitch#ROW_TILE_OUTPUT_MAP} off: the pass.
     */
    @Override
    public boolean denseForwardMaps(int ins, int outs, int h, int w, int stride) {
        return EngineSwitch.ROW_TILE_OUTPUT_MAP.on() && rowWinogradDense(ins, outs, h, w, stride);
    }

    @Override
    public void forwardDense(float[] x, int xOff, int ins, int h, int w, int stride, float[] packed, int outs,
                             int images, float[] y, int yOff, OutputMap map) {
        if (!rowWinogradDense(ins, outs, h, w, stride) || map != null && !denseForwardMaps(ins, outs, h, w, stride)) {
            throw new IllegalStateException("no dense row tiles for " + ins + "→" + outs + " on " + h + "x" + w + " (stride " + stride + ")");
        }
        int imageIn = ins * h * w, imageOut = outs * h * w;
        for (int n = 0; n < images; n++) {
            forwardRowsWinogradDense(x, xOff + n * imageIn, ins, h, w, packed, outs, y, yOff + n * imageOut, map);
        }
    }

    /** Whether this map's dense forward is Winograd's ({@link WinogradForward}): chosen or forced, and possible. */
    private boolean transformsForward(int ins, int outs, int h, int w, int stride) {
        if (!channelLaneDense(ins, outs, w, stride)) throw new IllegalStateException("pixel-lane forward reads padded images");
        boolean chosen = lanes == Lanes.WINOGRAD
                || lanes == Lanes.AUTO && WinogradForward.suits(ins, outs, stride, Conv3x3.outSize(w, stride));
        return chosen && WinogradForward.handles(ins, outs, stride, h, w);
    }

    @Override
    public void weightGradientDense(float[] x, int xOff, int cin, int h, int w, int stride, float[] dy, int dyOff,
                                    int cout, int images, float[] sums) {
        if (!denseWeightGradient(cin, cout, w, stride)) throw new IllegalStateException("pixel-lane weight gradient reads padded images");
        if (transformsGradient(cin, cout, h, w, stride)) {
            winogradGradient.weightGradient(x, xOff, cin, h, w, dy, dyOff, cout, images, sums);
        } else {
            channelLanes.weightGradient(x, xOff, cin, h, w, stride, dy, dyOff, cout, images, sums);
        }
    }

    /** Whether this layer's weight gradient is Winograd's ({@link WinogradGradient}): chosen or forced, and possible. */
    private boolean transformsGradient(int cin, int cout, int h, int w, int stride) {
        boolean chosen = lanes == Lanes.WINOGRAD || lanes == Lanes.AUTO
                && WinogradGradient.suits(cin, cout, stride, Conv3x3.outSize(w, stride)) && !ChannelLaneGradient.rowWinogradFirst(cin, stride, h);
        return chosen && WinogradGradient.handles(cin, cout, stride, h, w);
    }

    /**
     * The pixel-lane weight gradient keeps its sums as vectors, {@code sums[(((o*cin + i)*3 + ky)*3 + kx)*L + lane]},
     * so that a layer reduces across lanes once, not once per group of images: the reductions measured 7-12% of
     * the pixel-lane weight gradient (8→8 16x16, 16→16 32x32, {@link WeightGradientBenchmark}). Winograd's keeps the
     * sixteen transformed sums per filter ({@link WinogradGradient#sums}) and turns them into taps once per layer;
     * the channel lanes add the gradient itself.
     */
    @Override
    public int weightGradientSums(int cin, int cout, int h, int w, int stride) {
        if (!denseWeightGradient(cin, cout, w, stride)) return cout * cin * 9 * L;
        if (transformsGradient(cin, cout, h, w, stride)) return WinogradGradient.sums(cin, cout);
        return ChannelLaneGradient.rowWinograd(cin, stride, h) ? ChannelLaneGradient.rowWinogradSums(cin, cout) : cout * cin * 9;
    }

    @Override
    public void reduceWeightGradient(float[] sums, int cin, int cout, int h, int w, int stride) {
        if (denseWeightGradient(cin, cout, w, stride)) {
            if (transformsGradient(cin, cout, h, w, stride)) winogradGradient.reduce(sums, cin, cout);
            else if (ChannelLaneGradient.rowWinograd(cin, stride, h)) channelLanes.reduceRowWinograd(sums, cin, cout);
            return;
        }
        // element e reads floats [e·L, e·L + L) and writes float e, which no later element reads
        for (int e = 0, n = cout * cin * 9; e < n; e++) sums[e] = FloatVector.fromArray(S, sums, e * L).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void weightGradient(float[] p, int pOff, int cin, int h, int w, int stride, float[] dyp, int dypOff, int cout,
                               int images, float[] sums) {
        int wp = paddedWidth(w, stride), ho = Conv3x3.outSize(h, stride), wo = Conv3x3.outSize(w, stride);
        int wv = vectors(wo), dwp = gradientPaddedWidth(wo, stride), chStride = (h + 2) * wp, dch = (ho + 2) * dwp;
        int t1 = stride == 1 ? 1 : wp / 2, t2 = stride == 1 ? 2 : 1;
        // stride 1: input and gradient rows have the same length, so whole images are walked as one run of
        // vectors (the pad columns in between meet zero gradients) and only the image boundary jumps
        boolean runs = stride == 1;
        int perImage = runs ? (ho * wp + L - 1) / L : ho * (wv / L);
        int count = images * perImage;
        int xNext = cin * chStride - perImage * L, dNext = cout * dch - perImage * L;
        for (int ob = 0; ob < cout; ob += WR) {
            int rows = Math.min(WR, cout - ob);
            int d = dypOff + ob * dch + dwp + 1; // dy(ob, 0, 0) in the padded gradient
            if (runs && PAIRED_ROWS) {
                // the 3·cin kernel rows (i, ky) in sequence, two at a time; their sums are consecutive
                for (int k = 0, kRows = 3 * cin; k < kRows; k += 2) {
                    int x = pOff + k / 3 * chStride + k % 3 * wp, at = (ob * cin * 3 + k) * 3;
                    if (k + 1 < kRows) {
                        int second = pOff + (k + 1) / 3 * chStride + (k + 1) % 3 * wp - x;
                        weightRuns2(p, x, second, xNext, dyp, d, dNext, dch, rows, count, perImage, sums, at, cin * 9);
                    } else {
                        weightRuns(p, x, xNext, dyp, d, dNext, dch, rows, count, perImage, sums, at, cin * 9);
                    }
                }
                continue;
            }
            for (int i = 0; i < cin; i++) {
                for (int ky = 0; ky < 3; ky++) {
                    int x = pOff + i * chStride + ky * wp;
                    int at = ((ob * cin + i) * 3 + ky) * 3;
                    if (runs) {
                        weightRuns(p, x, xNext, dyp, d, dNext, dch, rows, count, perImage, sums, at, cin * 9);
                    } else {
                        weightTile(p, x, t1, t2, stride * wp - wv, cin * chStride - ho * stride * wp,
                                dyp, d, dwp - wv, cout * dch - ho * dwp, dch, rows, count, wv / L, ho, sums, at, cin * 9);
                    }
                }
            }
        }
    }

    /**
     * Whether the stride-1 weight gradient takes kernel rows two at a time ({@link #weightRuns2}): with 16 lanes,
     * whose machines have 32 vector registers for its 24 accumulators. At a forced 256 bits it measured 0.95-0.99 of
     * one row at a time, and AVX2 has only 16 registers.
     */
    static final boolean PAIRED_ROWS = L >= 16;

    /**
     * {@link #weightRuns} for two kernel rows at once, the second {@code second} floats after the first (the next ky
     * of the channel, or ky 0 of the next channel), their sums the next three taps: 24 accumulators, 10 loads per 24
     * FMAs instead of 7 per 12, each gradient vector loaded once for six taps. The same sums in the same order as two
     * calls of {@link #weightRuns}. Layer weight gradient, one thread, 512 bits, interleaved in one JVM (2026-12-05):
     * 8→8 16x16 1.05-1.11x, 16→16 32x32 1.08-1.12x, 3→16 32x32 1.06-1.14x, 1→8 16x16 1.03-1.05x.
     */
    private static void weightRuns2(float[] p, int x, int second, int xNext, float[] dyp, int d, int dNext, int dch, int rows,
                                    int count, int perImage, float[] sums, int at, int oStride) {
        int d1 = rows > 1 ? dch : 0, d2 = rows > 2 ? 2 * dch : 0, d3 = rows > 3 ? 3 * dch : 0;
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
        FloatVector b00 = a00, b01 = a00, b02 = a00, b10 = a00, b11 = a00, b12 = a00;
        FloatVector b20 = a00, b21 = a00, b22 = a00, b30 = a00, b31 = a00, b32 = a00;
        for (int t = 0, left = perImage; t < count; t++) {
            FloatVector g0 = FloatVector.fromArray(S, dyp, d), g1 = FloatVector.fromArray(S, dyp, d + d1);
            FloatVector g2 = FloatVector.fromArray(S, dyp, d + d2), g3 = FloatVector.fromArray(S, dyp, d + d3);
            FloatVector v;
            v = FloatVector.fromArray(S, p, x);              a00 = g0.fma(v, a00); a10 = g1.fma(v, a10); a20 = g2.fma(v, a20); a30 = g3.fma(v, a30);
            v = FloatVector.fromArray(S, p, x + 1);          a01 = g0.fma(v, a01); a11 = g1.fma(v, a11); a21 = g2.fma(v, a21); a31 = g3.fma(v, a31);
            v = FloatVector.fromArray(S, p, x + 2);          a02 = g0.fma(v, a02); a12 = g1.fma(v, a12); a22 = g2.fma(v, a22); a32 = g3.fma(v, a32);
            v = FloatVector.fromArray(S, p, x + second);     b00 = g0.fma(v, b00); b10 = g1.fma(v, b10); b20 = g2.fma(v, b20); b30 = g3.fma(v, b30);
            v = FloatVector.fromArray(S, p, x + second + 1); b01 = g0.fma(v, b01); b11 = g1.fma(v, b11); b21 = g2.fma(v, b21); b31 = g3.fma(v, b31);
            v = FloatVector.fromArray(S, p, x + second + 2); b02 = g0.fma(v, b02); b12 = g1.fma(v, b12); b22 = g2.fma(v, b22); b32 = g3.fma(v, b32);
            x += L;
            d += L;
            if (--left == 0) {
                left = perImage;
                x += xNext;
                d += dNext;
            }
        }
        a00.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a01.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a02.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        b00.add(FloatVector.fromArray(S, sums, (at + 3) * L)).intoArray(sums, (at + 3) * L);
        b01.add(FloatVector.fromArray(S, sums, (at + 4) * L)).intoArray(sums, (at + 4) * L);
        b02.add(FloatVector.fromArray(S, sums, (at + 5) * L)).intoArray(sums, (at + 5) * L);
        if (rows == 1) return;
        at += oStride;
        a10.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a11.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a12.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        b10.add(FloatVector.fromArray(S, sums, (at + 3) * L)).intoArray(sums, (at + 3) * L);
        b11.add(FloatVector.fromArray(S, sums, (at + 4) * L)).intoArray(sums, (at + 4) * L);
        b12.add(FloatVector.fromArray(S, sums, (at + 5) * L)).intoArray(sums, (at + 5) * L);
        if (rows == 2) return;
        at += oStride;
        a20.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a21.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a22.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        b20.add(FloatVector.fromArray(S, sums, (at + 3) * L)).intoArray(sums, (at + 3) * L);
        b21.add(FloatVector.fromArray(S, sums, (at + 4) * L)).intoArray(sums, (at + 4) * L);
        b22.add(FloatVector.fromArray(S, sums, (at + 5) * L)).intoArray(sums, (at + 5) * L);
        if (rows == 3) return;
        at += oStride;
        a30.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a31.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a32.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        b30.add(FloatVector.fromArray(S, sums, (at + 3) * L)).intoArray(sums, (at + 3) * L);
        b31.add(FloatVector.fromArray(S, sums, (at + 4) * L)).intoArray(sums, (at + 4) * L);
        b32.add(FloatVector.fromArray(S, sums, (at + 5) * L)).intoArray(sums, (at + 5) * L);
    }

    /**
     * Stride 1: as {@link #weightTile} over runs of {@code perImage} vectors that cross row ends. The vectors
     * over pad columns (2 of wp per row, at most one vector past the last row) read zero gradients: fewer
     * instructions per FMA than the row bookkeeping, for 6% (32 wide) to 20% (8 wide) more FMAs. The last
     * vector of a run reads up to L − 1 gradients past the image's last pixel, all zeros by the choice of
     * {@link #paddedWidth}, and inputs up to L + 1 floats past its image ({@link Conv3x3#SLACK}). A tile of eight
     * output channels (24 accumulators, 11 loads per 24 FMAs instead of 7 per 12) measured a third slower with 16
     * lanes (16→16 32x32: 67-74 against 107-108 GFLOP/s, 8→8 16x16: 58-62 against 89-94; 2026-12-04).
     */
    private static void weightRuns(float[] p, int x, int xNext, float[] dyp, int d, int dNext, int dch, int rows,
                                   int count, int perImage, float[] sums, int at, int oStride) {
        int d1 = rows > 1 ? dch : 0, d2 = rows > 2 ? 2 * dch : 0, d3 = rows > 3 ? 3 * dch : 0;
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
        for (int t = 0, left = perImage; t < count; t++) {
            FloatVector x0 = FloatVector.fromArray(S, p, x), x1 = FloatVector.fromArray(S, p, x + 1);
            FloatVector x2 = FloatVector.fromArray(S, p, x + 2), g;
            g = FloatVector.fromArray(S, dyp, d);      a00 = g.fma(x0, a00); a01 = g.fma(x1, a01); a02 = g.fma(x2, a02);
            g = FloatVector.fromArray(S, dyp, d + d1); a10 = g.fma(x0, a10); a11 = g.fma(x1, a11); a12 = g.fma(x2, a12);
            g = FloatVector.fromArray(S, dyp, d + d2); a20 = g.fma(x0, a20); a21 = g.fma(x1, a21); a22 = g.fma(x2, a22);
            g = FloatVector.fromArray(S, dyp, d + d3); a30 = g.fma(x0, a30); a31 = g.fma(x1, a31); a32 = g.fma(x2, a32);
            x += L;
            d += L;
            if (--left == 0) {
                left = perImage;
                x += xNext;
                d += dNext;
            }
        }
        a00.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a01.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a02.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        if (rows == 1) return;
        at += oStride;
        a10.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a11.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a12.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        if (rows == 2) return;
        at += oStride;
        a20.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a21.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a22.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        if (rows == 3) return;
        at += oStride;
        a30.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a31.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a32.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
    }

    /**
     * dw[o][i][ky][0..2] for four output channels o, added lane by lane into their vector sums (element
     * {@code at} of dw at {@code sums[at·L..]}): Σ over {@code count} pixel vectors (images × rows × vectors
     * per row) of dy[o]·p[i][row·stride + ky][col + (0, t1, t2)[kx]]. After {@code perRow} vectors the input
     * and the gradient skip {@code xSkip} and {@code dSkip} to their next row, after {@code rowsPerImage} rows
     * {@code xNext} and {@code dNext} to their next image. Missing channels (rows &lt; 4) reuse channel ob's
     * gradient and are not stored.
     */
    private static void weightTile(float[] p, int x, int t1, int t2, int xSkip, int xNext,
                                   float[] dyp, int d, int dSkip, int dNext, int dch, int rows,
                                   int count, int perRow, int rowsPerImage, float[] sums, int at, int oStride) {
        int d1 = rows > 1 ? dch : 0, d2 = rows > 2 ? 2 * dch : 0, d3 = rows > 3 ? 3 * dch : 0;
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
        for (int t = 0, v = 0, row = 0; t < count; t++) {
            FloatVector x0 = FloatVector.fromArray(S, p, x), x1 = FloatVector.fromArray(S, p, x + t1);
            FloatVector x2 = FloatVector.fromArray(S, p, x + t2), g;
            g = FloatVector.fromArray(S, dyp, d);      a00 = g.fma(x0, a00); a01 = g.fma(x1, a01); a02 = g.fma(x2, a02);
            g = FloatVector.fromArray(S, dyp, d + d1); a10 = g.fma(x0, a10); a11 = g.fma(x1, a11); a12 = g.fma(x2, a12);
            g = FloatVector.fromArray(S, dyp, d + d2); a20 = g.fma(x0, a20); a21 = g.fma(x1, a21); a22 = g.fma(x2, a22);
            g = FloatVector.fromArray(S, dyp, d + d3); a30 = g.fma(x0, a30); a31 = g.fma(x1, a31); a32 = g.fma(x2, a32);
            x += L;
            d += L;
            if (++v == perRow) {
                v = 0;
                x += xSkip;
                d += dSkip;
                if (++row == rowsPerImage) {
                    row = 0;
                    x += xNext;
                    d += dNext;
                }
            }
        }
        a00.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a01.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a02.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        if (rows == 1) return;
        at += oStride;
        a10.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a11.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a12.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        if (rows == 2) return;
        at += oStride;
        a20.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a21.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a22.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
        if (rows == 3) return;
        at += oStride;
        a30.add(FloatVector.fromArray(S, sums, at * L)).intoArray(sums, at * L);
        a31.add(FloatVector.fromArray(S, sums, (at + 1) * L)).intoArray(sums, (at + 1) * L);
        a32.add(FloatVector.fromArray(S, sums, (at + 2) * L)).intoArray(sums, (at + 2) * L);
    }

    private static void checkStride(int stride) {
        if (stride != 1 && stride != 2) throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
    }
}
