package resnetlab.kernel;

/**
 * Direct 3x3 stride-1 convolution of zero-padded images, without im2col: the kernel reads the shifted image
 * rows in place, so no column matrix is written or packed. {@link Kernels#bestConv3x3()} gives the Vector API
 * implementation or null, in which case {@code Conv2d} lowers to im2col + GEMM (the reference path).
 *
 * <p>Padded layout of one image with C channels and H×W pixels: {@code p[off + (c*(H+2) + yy)*wp + xx]}
 * holds pixel (yy−1, xx−1), zero outside the image; {@code wp = }{@link #paddedWidth}(W) leaves room for
 * the whole vectors the kernel reads past the right edge (they must be zero). Outputs are computed in rows of
 * {@link #computedWidth}(W) columns; the columns past W are garbage unless the caller's buffer absorbs them.
 *
 * <pre>
 *   forward      y[o][oy][ox] = Σ_i Σ_{ky,kx} w[o][i][ky][kx] · p[i][oy+ky][ox+kx]
 *   input grad   the same map on the padded output gradient with the adjoint weights
 *                w'[i][o][ky][kx] = w[o][i][2−ky][2−kx] ({@link #pack} with adjoint = true)
 *   weight grad  dw[o][i][ky][kx] += Σ_images Σ_{oy,ox} dy[o][oy][ox] · p[i][oy+ky][ox+kx]
 * </pre>
 */
public interface Conv3x3 {
    /** Row length of a padded image whose rows hold {@code w} pixels. */
    int paddedWidth(int w);

    /** Columns computed per output row: {@code w} rounded up to whole vectors. */
    int computedWidth(int w);

    /** Floats {@link #pack} writes for {@code outs} output and {@code ins} input channels. */
    int packedSize(int outs, int ins);

    /**
     * Packs a weight tensor (cout, cin, 3, 3) for {@link #forward}: as it is ({@code adjoint} false: cout
     * outputs from cin inputs), or transposed with its taps reversed ({@code adjoint} true: cin outputs from
     * cout inputs, the input-gradient map).
     */
    void pack(float[] w, int cout, int cin, boolean adjoint, float[] packed);

    /**
     * One image: {@code y[yOff + (o*h + oy)*ldy + ox]} for o &lt; outs, oy &lt; h, ox &lt; computedWidth(w),
     * from the padded input at {@code p[pOff]} (ins channels, h rows, row length {@code paddedWidth(w)}).
     * {@code ldy} is at least computedWidth(w), or exactly w when w is a multiple of the vector length.
     */
    void forward(float[] p, int pOff, int ins, int h, int w, float[] packed, int outs, float[] y, int yOff, int ldy);

    /**
     * Adds the weight gradient of {@code images} consecutive images into {@code dw} (cout, cin, 3, 3): padded
     * inputs {@code p} (cin channels each, image stride cin·(h+2)·wp) and padded output gradients {@code dyp}
     * (cout channels each, same layout; the zero margins make the columns past w contribute nothing).
     */
    void weightGradient(float[] p, int pOff, int cin, float[] dyp, int dypOff, int cout, int images, int h, int w,
                        float[] dw);

    /** Short name for logs and benchmarks. */
    String name();

    /**
     * Copies {@code images} consecutive images (c, h, w) from {@code x[xOff]} into the interior of padded images
     * at {@code p[pOff]} (c, h+2, wp each); the margins are left as they are (zero when the buffer is reused).
     */
    static void pad(float[] x, int xOff, int images, int c, int h, int w, int wp, float[] p, int pOff) {
        int planes = images * c;
        for (int q = 0; q < planes; q++) {
            int src = xOff + q * h * w, dst = pOff + q * (h + 2) * wp + wp + 1;
            for (int row = 0; row < h; row++, src += w, dst += wp) System.arraycopy(x, src, p, dst, w);
        }
    }
}
