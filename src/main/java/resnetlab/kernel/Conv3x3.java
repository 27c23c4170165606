package resnetlab.kernel;

/**
 * Direct 3x3 convolution with padding 1 and stride 1 or 2, on zero-padded images, without im2col: the
 * kernel reads the shifted image rows in place, so no column matrix is written or packed.
 * {@link Kernels#bestConv3x3()} gives the Vector API implementation or null, in which case {@code Conv2d}
 * lowers to im2col + GEMM (the reference path).
 *
 * <p>Padded layout of one image with C channels and H×W pixels: C planes of H+2 rows of
 * {@link #paddedWidth}(W, stride) floats each, written by {@link #pad}; how pixels sit in a row is the
 * implementation's business, but everything outside the pixels must stay zero (buffers are zeroed once and
 * {@link #pad} writes pixels, and nothing but zeros outside them), and a buffer holds {@link #SLACK} floats more. Outputs are Ho×Wo with Ho = (H − 1)/stride + 1, computed in rows of
 * {@link #computedWidth}(Wo, stride) columns.
 *
 * <pre>
 *   forward      y[o][oy][ox] = Σ_i Σ_{ky,kx} w[o][i][ky][kx] · x[i][s·oy + ky − 1][s·ox + kx − 1]
 *   input grad   (stride 1) the same map on the padded output gradient with the adjoint weights
 *                w'[i][o][ky][kx] = w[o][i][2−ky][2−kx] ({@link #pack} with adjoint = true)
 *   weight grad  dw[o][i][ky][kx] += Σ_images Σ_{oy,ox} dy[o][oy][ox] · x[i][s·oy + ky − 1][s·ox + kx − 1]
 * </pre>
 */
public interface Conv3x3 {
    /** Floats a buffer of padded images needs after its last image: kernels may read a few vectors past it. */
    int SLACK = 64;

    /** Output size of a 3x3 convolution with padding 1: (n − 1)/stride + 1. */
    static int outSize(int n, int stride) { return (n - 1) / stride + 1; }

    /**
     * Columns computed per output row of a layer of this stride: at least {@code wo}; those past it are
     * dropped (or, where {@link #forward} is given a dense output, never written there).
     */
    int computedWidth(int wo, int stride);

    /** Floats per padded row of an input image {@code w} pixels wide, for the given stride (1 or 2). */
    int paddedWidth(int w, int stride);

    /**
     * Floats per padded row of the output gradient (Ho×Wo pixels) of a layer of this stride, as
     * {@link #weightGradient} reads it and, for stride 1, as {@link #forward} reads it for the input gradient
     * (then it equals {@code paddedWidth(wo, 1)}).
     */
    int gradientPaddedWidth(int wo, int stride);

    /** Copies {@code images} consecutive images (c, h, w) from {@code x[xOff]} into padded images at {@code p[pOff]}. */
    void pad(float[] x, int xOff, int images, int c, int h, int w, int stride, float[] p, int pOff);

    /**
     * Copies {@code images} consecutive output gradients (c, ho, wo) of a layer of this stride from
     * {@code dy[off]} into padded images of {@link #gradientPaddedWidth} at {@code p[pOff]}.
     */
    void padGradient(float[] dy, int off, int images, int c, int ho, int wo, int stride, float[] p, int pOff);

    /** Floats {@link #pack} writes for {@code outs} output and {@code ins} input channels. */
    int packedSize(int outs, int ins);

    /**
     * Packs a weight tensor (cout, cin, 3, 3) for {@link #forward}: as it is ({@code adjoint} false: cout
     * outputs from cin inputs), or transposed with its taps reversed ({@code adjoint} true: cin outputs from
     * cout inputs, the stride-1 input-gradient map).
     */
    void pack(float[] w, int cout, int cin, boolean adjoint, float[] packed);

    /**
     * {@link #pack} for {@link #forward} on h×width inputs of this stride only (the input gradient's: the layer's
     * input size and stride 1): a kernel may then leave out what other sizes would read. {@link #packedSize} floats.
     */
    default void pack(float[] w, int cout, int cin, boolean adjoint, int h, int width, int stride, float[] packed) {
        pack(w, cout, cin, adjoint, packed);
    }

    /**
     * {@code images} consecutive images: {@code y[yOff + ((n*outs + o)*Ho + oy)*ldy + ox]} for n &lt; images, o &lt; outs,
     * oy &lt; Ho, ox &lt; computedWidth(Wo, stride), from the padded input images at {@code p[pOff]} (as {@link #pad}
     * writes them: ins channels, h×w pixels); {@code ldy} must be computedWidth(Wo, stride) (that is Wo itself when
     * Wo is a multiple of the vector length). Several images in one call let a kernel fill its tiles across image
     * boundaries.
     */
    void forward(float[] p, int pOff, int images, int ins, int h, int w, int stride, float[] packed, int outs,
                 float[] y, int yOff, int ldy);

    /**
     * Copies the first {@code w} of every {@code wv} columns of {@code rows} rows at {@code src[0]} into dense rows of
     * {@code w} at {@code dst[dstOff]}: the outputs {@link #forward} computed in rows of {@link #computedWidth}, where that
     * is not Wo.
     */
    default void unpadColumns(float[] src, int rows, int wv, int w, float[] dst, int dstOff) {
        for (int r = 0; r < rows; r++) System.arraycopy(src, r * wv, dst, dstOff + r * w, w);
    }

    /**
     * Whether {@link #forwardDense} computes the map {@code ins → outs} channels of a layer with these h×w inputs
     * and stride (the forward: cin → cout; the stride-1 input gradient: cout → cin), rather than
     * {@link #forward} on padded images.
     */
    default boolean denseForward(int ins, int outs, int h, int w, int stride) { return false; }

    /**
     * Whether a forward through {@link #forwardDense} should go a group of images at a time (as the padded forward
     * does) rather than a thread's images in one call: where the kernel works image by image anyway, so that each
     * group's epilogue (a BN map, a join) finds the outputs still in cache. Only where {@link #denseForward} says so.
     */
    default boolean denseForwardInGroups(int ins, int outs, int h, int w, int stride) { return false; }

    /** Floats {@link #packDense} writes for the map {@code ins → outs} on h×w inputs of this stride. */
    default int denseWeightsSize(int ins, int outs, int h, int w, int stride) {
        throw new UnsupportedOperationException(name() + " has no dense forward");
    }

    /**
     * Packs the layer's weight tensor (cout, cin, 3, 3) for {@link #forwardDense} of the map {@code ins → outs} on
     * h×w inputs of this stride: as it is ({@code adjoint} false, the forward: ins = cin, outs = cout) or as the
     * stride-1 input gradient's adjoint weights ({@code adjoint} true: ins = cout, outs = cin, as {@link #pack}).
     * Only where {@link #denseForward} says so.
     */
    default void packDense(float[] weights, boolean adjoint, int ins, int outs, int h, int w, int stride, float[] packed) {
        throw new UnsupportedOperationException(name() + " has no dense forward");
    }

    /**
     * As {@link #forward} for {@code images} consecutive images, from the dense inputs (ins, h, w) at
     * {@code x[xOff]} into dense outputs (outs, Ho, Wo) at {@code y[yOff]}, with the weights {@link #packDense}
     * packed for this map. Only where {@link #denseForward} says so.
     */
    default void forwardDense(float[] x, int xOff, int ins, int h, int w, int stride, float[] packed, int outs,
                              int images, float[] y, int yOff) {
        throw new UnsupportedOperationException(name() + " has no dense forward");
    }

    /**
     * Whether {@link #forwardDense(float[], int, int, int, int, int, float[], int, int, float[], int, OutputMap)} applies
     * an output map itself for this map (else the caller maps the outputs after {@link #forwardDense}).
     */
    default boolean denseForwardMaps(int ins, int outs, int h, int w, int stride) { return false; }

    /**
     * {@link #forwardDense}, with {@code map} applied to each output as it is written: the values of forwardDense and
     * then the map's pass over the outputs ({@link Elementwise#channelAffine} or {@link Elementwise#channelAffineJoin},
     * one image at a time), bit for bit. Only where {@link #denseForwardMaps} says so.
     */
    default void forwardDense(float[] x, int xOff, int ins, int h, int w, int stride, float[] packed, int outs,
                              int images, float[] y, int yOff, OutputMap map) {
        throw new UnsupportedOperationException(name() + " does not map the outputs it writes");
    }

    /**
     * Adds the weight gradient of {@code images} consecutive images into {@code sums}, {@link #weightGradientSums}
     * floats in the kernel's own layout that {@link #reduceWeightGradient} turns into the gradient (cout, cin, 3, 3)
     * once the last group is in: padded inputs at {@code p[pOff]} (cin channels, h×w pixels, the given stride) and
     * output gradients at {@code dyp[dypOff]} padded by {@link #padGradient} (cout channels, Ho×Wo pixels), whose
     * zero margins make the computed columns past Wo contribute nothing.
     */
    void weightGradient(float[] p, int pOff, int cin, int h, int w, int stride, float[] dyp, int dypOff, int cout,
                        int images, float[] sums);

    /**
     * Floats of the sums that the weight gradient of this layer ({@link #weightGradient} or
     * {@link #weightGradientDense}, as {@link #denseWeightGradient} says) adds into: at least cout·cin·9.
     */
    default int weightGradientSums(int cin, int cout, int h, int w, int stride) { return cout * cin * 9; }

    /**
     * Turns the sums that the weight gradient of this layer added into the weight gradient (cout, cin, 3, 3), in
     * place in the first cout·cin·9 floats of {@code sums}: once per layer and thread, after the last group.
     */
    default void reduceWeightGradient(float[] sums, int cin, int cout, int h, int w, int stride) {}

    /**
     * Whether the weight gradient of a layer with these channels, input width and stride is {@link #weightGradientDense}, which reads the
     * dense inputs and output gradients (then the caller need not pad them for it), rather than
     * {@link #weightGradient}.
     */
    default boolean denseWeightGradient(int cin, int cout, int w, int stride) { return false; }

    /**
     * As {@link #weightGradient} from dense tensors: {@code images} consecutive inputs (cin, h, w) at
     * {@code x[xOff]} and output gradients (cout, Ho, Wo) at {@code dy[dyOff]}, added into {@code sums}
     * ({@link #weightGradientSums}, then {@link #reduceWeightGradient}). Only where {@link #denseWeightGradient} says so.
     */
    default void weightGradientDense(float[] x, int xOff, int cin, int h, int w, int stride, float[] dy, int dyOff,
                                     int cout, int images, float[] sums) {
        throw new UnsupportedOperationException(name() + " has no dense weight gradient");
    }

    /** Short name for logs and benchmarks. */
    String name();
}
