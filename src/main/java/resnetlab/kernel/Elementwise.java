package resnetlab.kernel;

/**
 * The memory-bound passes of a network, over a range {@code [off, off + len)} of float arrays: ReLU, the
 * per-channel sums and affine maps of batch normalisation, the residual join and squared norms.
 *
 * <p>Two implementations: {@link ScalarElementwise}, the reference (plain loops, every sum accumulated in
 * double), and {@code resnetlab.kernel.simd.VectorElementwise} (Vector API; sums accumulate in float lanes
 * over blocks of at most {@link #SUM_BLOCK} values and the block sums are added in double, so the relative
 * error of a sum stays near 1e-6 whatever its length). {@link Kernels#bestElementwise()} picks one at run
 * time. Sums are <em>added</em> into {@code sums[at]} and {@code sums[at + 1]} so that the caller can keep
 * one slot per channel and nothing is allocated. Results depend only on the inputs, never on timing.
 */
public interface Elementwise {
    /** Values per float-lane partial sum of the vector implementation. */
    int SUM_BLOCK = 1024;

    /** {@code y = x > 0 ? x : 0} (NaN gives 0). */
    void relu(float[] x, float[] y, int off, int len);

    /** {@code dx = y > 0 ? dy : 0}, with y the ReLU's output. */
    void reluBackward(float[] y, float[] dy, float[] dx, int off, int len);

    /** {@code sums[at] += Σ(x − shift)}, {@code sums[at+1] += Σ(x − shift)²}; a shift near the mean avoids cancellation. */
    void moments(float[] x, int off, int len, float shift, double[] sums, int at);

    /**
     * {@link #moments} over {@code planes} runs of {@code len} values, {@code stride} apart from {@code off}:
     * one channel of consecutive images in an (n, c, h, w) tensor. An implementation may sum the runs together
     * instead of one by one (blocks of at most {@link #SUM_BLOCK} values still), which is what makes the 4x4 and
     * 8x8 planes of a small net's last stages cheap: one reduction per block, not one per plane.
     */
    default void planeMoments(float[] x, int off, int planes, int stride, int len, float shift, double[] sums, int at) {
        for (int p = 0; p < planes; p++) moments(x, off + p * stride, len, shift, sums, at);
    }

    /** {@link #gradientMoments} over {@code planes} runs laid out as in {@link #planeMoments}. */
    default void planeGradientMoments(float[] dy, float[] x, int off, int planes, int stride, int len, float m,
                                      double[] sums, int at) {
        for (int p = 0; p < planes; p++) gradientMoments(dy, x, off + p * stride, len, m, sums, at);
    }

    /** {@code y = a·(x − m) + b}: batch normalisation's forward map for one channel. */
    void affine(float[] x, float[] y, int off, int len, float m, float a, float b);

    /**
     * {@link #affine} on each of {@code channels} consecutive planes of {@code plane} values from {@code off} (one
     * image of an (n, c, h, w) tensor), plane c with {@code m[c], a[c], b[c]}, then {@link #relu} if asked: the values
     * of those calls plane by plane. One call per image instead of two per plane: the planes of a small net's last
     * stages are a vector or a few long, and the calls cost more than the arithmetic.
     */
    default void channelAffine(float[] x, float[] y, int off, int channels, int plane, float[] m, float[] a, float[] b,
                               boolean relu) {
        for (int c = 0, o = off; c < channels; c++, o += plane) {
            affine(x, y, o, plane, m[c], a[c], b[c]);
            if (relu) relu(y, y, o, plane);
        }
    }

    /**
     * {@link #channelAffine} without the ReLU, then the residual join {@code y = y + s·h} ({@link #axpby} with a = 1),
     * then {@link #relu} if asked, over one image of {@code channels} planes from {@code off}: the values of those three
     * calls. A block's last batch norm, its join with the shortcut and its ReLU, as one pass where a kernel can.
     */
    default void channelAffineJoin(float[] x, float[] y, int off, int channels, int plane, float[] m, float[] a, float[] b,
                                   float[] h, float s, boolean relu) {
        int size = channels * plane;
        channelAffine(x, y, off, channels, plane, m, a, b, false);
        axpby(1f, y, s, h, y, off, size);
        if (relu) relu(y, y, off, size);
    }

    /** {@code sums[at] += Σ dy}, {@code sums[at+1] += Σ dy·(x − m)}: the two sums of batch normalisation's backward. */
    void gradientMoments(float[] dy, float[] x, int off, int len, float m, double[] sums, int at);

    /**
     * {@code dx = p·dy + q·(x − m) + r}: batch normalisation's input gradient for one channel, where
     * p = γ/σ, q = −γ/σ · Σdy(x−μ)/(Mσ²) and r = −γ/σ · Σdy/M (σ² including ε).
     */
    void batchNormBackward(float[] dy, float[] x, float[] dx, int off, int len, float m, float p, float q, float r);

    /**
     * {@link #batchNormBackward} on each of {@code channels} consecutive planes of {@code plane} values from
     * {@code off} (one image), plane c with {@code m[c], p[c], q[c], r[c]}: the values of those calls plane by plane.
     */
    default void channelBatchNormBackward(float[] dy, float[] x, float[] dx, int off, int channels, int plane,
                                          float[] m, float[] p, float[] q, float[] r) {
        for (int c = 0, o = off; c < channels; c++, o += plane) batchNormBackward(dy, x, dx, o, plane, m[c], p[c], q[c], r[c]);
    }

    /** {@code out = a·x + b·y}. */
    void axpby(float a, float[] x, float b, float[] y, float[] out, int off, int len);

    /** {@code out = a·x} (out may be x). */
    void scale(float a, float[] x, float[] out, int off, int len);

    /** {@code Σ x²}. */
    double sumSquares(float[] x, int off, int len);

    /**
     * One SGD step with momentum on {@code [off, off + len)} of a parameter's values, in PyTorch's form: per value
     * {@code g' = g + decay·w}, {@code v ← μ·v + g'} (set to zero when below {@link Float#MIN_NORMAL} in magnitude),
     * {@code w ← w − rate·v}. Every implementation gives these values bit for bit: separate multiplies and adds, no
     * fused multiply-add.
     */
    default void momentumStep(float[] w, float[] g, float[] v, int off, int len, float mu, float decay, float rate) {
        for (int i = off; i < off + len; i++) {
            float grad = g[i] + decay * w[i];
            float vi = mu * v[i] + grad;
            if (Math.abs(vi) < Float.MIN_NORMAL) vi = 0f;
            v[i] = vi;
            w[i] -= rate * vi;
        }
    }

    /** Sets values whose magnitude is below {@link Float#MIN_NORMAL} (subnormals) to zero; returns how many were. */
    int flushSubnormals(float[] x, int off, int len);

    /** Short name for logs and benchmarks: "scalar" or "simd". */
    String name();
}
