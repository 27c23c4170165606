package resnetlab.kernel.simd;

import static resnetlab.kernel.simd.VectorConv3x3.EVEN_LANES;
import static resnetlab.kernel.simd.VectorConv3x3.ODD_LANES;
import static resnetlab.kernel.simd.VectorConv3x3.UPPER_HALF;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 3x3 forward map (and, at stride 1 with the adjoint weights, the input gradient) with pixels in the lanes, for
 * outputs whose rows are narrower than a vector and divide it: 8x8 and 4x4 images at 16 lanes, where a vector holds
 * two or four whole rows. {@link VectorConv3x3}'s padded layout computes such an image on its padded grid (an
 * 8x8 image in five vectors of 16, 80 outputs for 64, then unpadded); here each input plane is copied three times,
 * shifted by a column to the right, as it is, and shifted to the left, with zeros where the shift leaves the row
 * and a zero row above and below:
 * <pre>
 *   planes[n][i][kx][1 + y][x] = x[n][i][y][x + kx − 1]   (zero outside the image), kx = 0, 1, 2
 * </pre>
 * Then the L outputs of rows r … r + L/w − 1 read, for the tap (ky, kx), the L floats of plane (i, kx) from row
 * r + ky on: one vector load, whatever the tap, and consecutive steps (i, kx) are one plane apart
 * ({@link MicroKernel#multiply8Planes}). Every lane computes an output, the outputs go
 * straight to the dense tensor, and the products are those of the padded layout in the same order, so the results
 * are the same bits.
 * The copies are made per group of images by one-vector shuffles ({@link #build}), and the tiles pair an image's
 * slots (vectors of outputs) in sequence as {@link VectorConv3x3#forward} does. The weights are packed as for the
 * padded layout ({@link VectorConv3x3#pack}).
 *
 * <p>Stride 2 (outputs narrower than a vector, as above): one plane per tap instead, {@code taps[ky][i][kx][oy][ox]
 * = x[i][2·oy + ky − 1][2·ox + kx − 1]} ({@link #buildTaps}: im2col with the pixels in the lanes; from input rows of
 * one vector, 16x16 at 16 lanes, by the even and odd lanes of two input rows per vector of two output rows). The same
 * kernel reads them with a step of one plane and kernel rows 3·ins planes apart; the products are the pixel lanes'
 * stride-2 panels' in the same order.
 *
 * <p>Only with the eight-row tile (32 vector registers and 16 lanes or more): at 8 lanes an image narrower than a
 * vector is at most 4 wide, and those layers take Winograd's or the channel lanes.
 */
final class PlaneForward {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();
    /**
     * Floats of the copies per group of images (at least one image): 32 KB, in L1 while the tiles read them nine times.
     * In one JVM, 16→16 8x8, 64 images, 15 rounds (2026-12-06): 171-174 GFLOP/s for groups of one and two images,
     * 167-170 for four, 165-167 for eight.
     */
    static final int GROUP_FLOATS = 8192;
    /** Lane i takes lane i − 1 (lane 0 itself, then zeroed): the right-shifted plane, tap kx = 0. */
    private static final VectorShuffle<Float> FROM_LEFT = VectorShuffle.fromOp(S, i -> Math.max(i - 1, 0));
    /** Lane i takes lane i + 1: the left-shifted plane, tap kx = 2. */
    private static final VectorShuffle<Float> FROM_RIGHT = VectorShuffle.fromOp(S, i -> Math.min(i + 1, L - 1));
    /** The lanes of a row's first and last columns, for rows of L/2 and of L/4. */
    private static final VectorMask<Float> FIRST2 = columns(L / 2, 0), LAST2 = columns(L / 2, L / 2 - 1);
    private static final VectorMask<Float> FIRST4 = columns(L / 4, 0), LAST4 = columns(L / 4, L / 4 - 1);
    /** Stride 2: lane i takes the odd lane 2i − 1 of its half's row (lane 0 of each half zeroed after). */
    private static final VectorShuffle<Float> ODD_SHIFTED = VectorShuffle.fromOp(S, i -> Math.max(2 * (i % (L / 2)) - 1, 0));

    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    /** Whether this map can run a layer on w-wide images with this stride: outputs narrower than a vector that divide it. */
    static boolean fits(int w, int stride) {
        int wo = stride == 1 ? w : (w - 1) / 2 + 1;
        return VectorConv3x3.BR == 8 && (stride == 1 || stride == 2) && wo < L && L % wo == 0;
    }

    /** Whether a stride-2 layer's tap planes go by vectors ({@link #buildTaps}): input rows of one vector. */
    static boolean tapsByVectors(int w) { return w == L; }

    private static VectorMask<Float> columns(int w, int column) {
        boolean[] bits = new boolean[L];
        for (int i = 0; i < L; i++) bits[i] = i % w == column;
        return VectorMask.fromArray(S, bits, 0);
    }

    /**
     * {@code images} consecutive outputs (outs, h, w) at {@code y[yOff]}, overwritten, from the dense inputs
     * (ins, h, w) at {@code x[xOff]}, with the weights {@link VectorConv3x3#pack} packed for this map.
     */
    void forward(float[] x, int xOff, int ins, int h, int w, int stride, float[] packed, int outs, int images, float[] y,
                 int yOff) {
        if (!fits(w, stride)) throw new IllegalArgumentException("shifted planes need output rows that divide a vector, not " + w);
        int ho = (h - 1) / stride + 1, wo = (w - 1) / stride + 1, plane = ho * wo, imageOut = outs * plane;
        // stride 1: three planes a channel, with zero rows (kernel row ky one image row down); stride 2: nine a
        // channel, one per tap, kernel row ky's 3·ins at 3·ky·ins planes. Either way a kernel row's steps are a plane apart.
        int planeStride = stride == 1 ? (h + 2) * w : plane, imageIn = (stride == 1 ? 3 : 9) * ins * planeStride;
        int rowStep = stride == 1 ? w : 3 * ins * planeStride;
        int slots = (plane + L - 1) / L, kk = ins * 9, group = Math.max(1, GROUP_FLOATS / imageIn);
        Workspace ws = workspaces.get();
        float[] p = ws.planes(group * imageIn + L), tile = ws.tile;
        for (int first = 0; first < images; first += group) {
            int count = Math.min(group, images - first), total = count * slots;
            if (stride == 1) build(x, xOff + first * ins * h * w, count * ins, h, w, p);
            else buildTaps(x, xOff + first * ins * h * w, count, ins, h, w, p);
            int out = yOff + first * imageOut;
            for (int g = 0; g < total; g += 2) {
                int g1 = g + 1 < total ? g + 1 : g;
                int n0 = g / slots, s0 = g - n0 * slots, n1 = g1 / slots, s1 = g1 - n1 * slots;
                int a0 = n0 * imageIn + s0 * L, d1 = n1 * imageIn + s1 * L - a0;
                int o0 = out + n0 * imageOut + s0 * L, o1 = out + n1 * imageOut + s1 * L;
                int valid0 = Math.min(L, plane - s0 * L), valid1 = g1 == g ? 0 : Math.min(L, plane - s1 * L);
                boolean whole = valid0 == L && valid1 == L;
                for (int ob = 0, q = 0; ob < outs; ob += VectorConv3x3.BR, q++) {
                    int rows = Math.min(VectorConv3x3.BR, outs - ob), ao = q * VectorConv3x3.BR * kk;
                    if (whole) {
                        MicroKernel.multiply8Planes(ins, packed, ao, p, a0, d1, rowStep, planeStride, y, o0 + ob * plane, o1 - o0,
                                plane, rows);
                        continue;
                    }
                    MicroKernel.multiply8Planes(ins, packed, ao, p, a0, d1, rowStep, planeStride, tile, 0, L, 2 * L, 8);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(tile, r * 2 * L, y, o0 + (ob + r) * plane, valid0);
                        if (valid1 > 0) System.arraycopy(tile, r * 2 * L + L, y, o1 + (ob + r) * plane, valid1);
                    }
                }
            }
        }
    }

    /**
     * The three shifted copies of each of {@code planes} consecutive h×w planes at {@code x[xOff]}, with their zero
     * rows, into {@code p[0 …]} (plane k's copies at {@code 3k·(h + 2)·w}); writes up to L floats past the last.
     * Rows of L/2 and L/4 go by whole vectors (a load, two shuffles, three stores, the zero rows by one store per
     * plane: a plane's bottom row and the next one's top row are adjacent); others, and the rest of a plane that
     * is not whole vectors, float by float.
     */
    static void build(float[] x, int xOff, int planes, int h, int w, float[] p) {
        int planeStride = (h + 2) * w, size = h * w, whole = w == L / 2 || w == L / 4 ? size / L * L : 0;
        for (int k = 0; k <= 3 * planes; k++) { // the bottom row of plane k - 1 and the top row of plane k
            FloatVector.zero(S).intoArray(p, k == 0 ? 0 : k * planeStride - w);
        }
        for (int q = 0; q < planes; q++) {
            int src = xOff + q * size, left = 3 * q * planeStride + w, mid = left + planeStride, right = mid + planeStride;
            // one loop per row width, each with its masks as constants (a mask chosen into a local and used in
            // the inner loop is boxed, as vectors are)
            if (w == L / 2) {
                for (int j = 0; j < whole; j += L) {
                    FloatVector v = FloatVector.fromArray(S, x, src + j);
                    v.intoArray(p, mid + j);
                    v.rearrange(FROM_LEFT).blend(FloatVector.zero(S), FIRST2).intoArray(p, left + j);
                    v.rearrange(FROM_RIGHT).blend(FloatVector.zero(S), LAST2).intoArray(p, right + j);
                }
            } else if (w == L / 4) {
                for (int j = 0; j < whole; j += L) {
                    FloatVector v = FloatVector.fromArray(S, x, src + j);
                    v.intoArray(p, mid + j);
                    v.rearrange(FROM_LEFT).blend(FloatVector.zero(S), FIRST4).intoArray(p, left + j);
                    v.rearrange(FROM_RIGHT).blend(FloatVector.zero(S), LAST4).intoArray(p, right + j);
                }
            }
            for (int j = whole; j < size; j++) {
                int c = j % w;
                p[mid + j] = x[src + j];
                p[left + j] = c == 0 ? 0f : x[src + j - 1];
                p[right + j] = c == w - 1 ? 0f : x[src + j + 1];
            }
        }
    }

    /**
     * Stride 2: the nine tap planes of each of the {@code ins} h×w planes of {@code images} consecutive images at
     * {@code x[xOff]} into {@code p[0 …]}, {@code taps[n][ky][i][kx][oy][ox] = x[n][i][2·oy + ky − 1][2·ox + kx − 1]}
     * (zero outside the image), Ho·Wo floats a plane: im2col with the pixels in the lanes, a kernel row's planes in
     * the A panel's order (channel, then tap), so the tiles step one plane at a time. Rows of one vector (Wo = L/2) go
     * a pair of output rows at a time: the even, odd and odd-shifted lanes of the two input rows, halves blended;
     * others float by float.
     */
    static void buildTaps(float[] x, int xOff, int images, int ins, int h, int w, float[] p) {
        int ho = (h - 1) / 2 + 1, wo = (w - 1) / 2 + 1, size = ho * wo, pairs = tapsByVectors(w) ? ho / 2 : 0;
        for (int q = 0; q < images * ins; q++) {
            int n = q / ins, src = xOff + q * h * w, base = (9 * n * ins + 3 * (q - n * ins)) * size;
            for (int ky = 0; ky < 3; ky++) {
                int dst = base + 3 * ky * ins * size;
                for (int j = 0; j < pairs; j++) {
                    int ra = 4 * j + ky - 1, rb = ra + 2; // the input rows of output rows 2j and 2j + 1
                    FloatVector va = ra >= 0 && ra < h ? FloatVector.fromArray(S, x, src + ra * w) : FloatVector.zero(S);
                    FloatVector vb = rb < h ? FloatVector.fromArray(S, x, src + rb * w) : FloatVector.zero(S);
                    va.rearrange(ODD_SHIFTED).blend(vb.rearrange(ODD_SHIFTED), UPPER_HALF).blend(FloatVector.zero(S), FIRST2)
                            .intoArray(p, dst + j * L);
                    va.rearrange(EVEN_LANES).blend(vb.rearrange(EVEN_LANES), UPPER_HALF).intoArray(p, dst + size + j * L);
                    va.rearrange(ODD_LANES).blend(vb.rearrange(ODD_LANES), UPPER_HALF).intoArray(p, dst + 2 * size + j * L);
                }
                for (int kx = 0; kx < 3; kx++) {
                    for (int o = 2 * pairs * wo; o < size; o++) {
                        int iy = 2 * (o / wo) + ky - 1, ix = 2 * (o % wo) + kx - 1;
                        p[dst + kx * size + o] = iy >= 0 && iy < h && ix >= 0 && ix < w ? x[src + iy * w + ix] : 0f;
                    }
                }
            }
        }
    }

    /** Per thread: the planes of a group and a tile for slots that are not whole vectors. */
    private static final class Workspace {
        private float[] planes = new float[0];
        final float[] tile = new float[8 * 2 * L];

        float[] planes(int size) {
            if (planes.length < size) planes = new float[size];
            return planes;
        }
    }
}
