package resnetlab.nn;

import resnetlab.kernel.Elementwise;
import resnetlab.kernel.Parallel;

/**
 * A residual block's backward join, {@code dx = dxBranch + dxSkip}, with the three norms the block records (branch,
 * shortcut, sum), run by the convolution that writes dxBranch (the branch's first layer), image group by image group
 * while each is in cache ({@link Conv2d#backwardJoined}), instead of a pass of the block's over three tensors (6-11 ms
 * of a 220 ms ResNet-20 training step on one thread). The sums are kept per chunk of images and added in chunk order,
 * so they depend on the thread count, never on timing; the values of dx are those of the block's own pass bit for bit.
 */
public final class GradientJoin {
    private final double[][] partials;
    private float[] skip;
    private int chunks;

    /** For a Compute of {@code threads} threads. */
    public GradientJoin(int threads) { this.partials = Parallel.separateSums(threads, 3); }

    /** Sets the shortcut's input gradient to add, of the shape of the convolution's input; returns this join. */
    public GradientJoin with(float[] skip) {
        this.skip = skip;
        return this;
    }

    /** Before the convolution's chunks start: {@code chunks} of them, each summing into its own zeroed partials. */
    void begin(int chunks) {
        if (chunks > partials.length) throw new IllegalArgumentException(chunks + " chunks for " + partials.length + " partial sums");
        this.chunks = chunks;
        for (int t = 0; t < chunks; t++) java.util.Arrays.fill(partials[t], 0, 3, 0);
    }

    /**
     * dx[off, off + len) += skip there, on chunk {@code chunk}'s thread, adding the three sums of squares: a block of
     * {@link #BLOCK} floats at a time, so that the three passes over it read it from L1 (a group of images' gradient,
     * 64 KB for one 16x32x32 image, is larger).
     */
    void add(Elementwise ew, int chunk, float[] dx, int off, int len) {
        double[] p = partials[chunk];
        for (int i = off, end = off + len; i < end; i += BLOCK) {
            int n = Math.min(BLOCK, end - i);
            p[0] += ew.sumSquares(dx, i, n);
            p[1] += ew.sumSquares(skip, i, n);
            ew.axpby(1f, dx, 1f, skip, dx, i, n);
            p[2] += ew.sumSquares(dx, i, n);
        }
    }

    /** Floats of the blocks {@link #add} runs its passes over (8 KB each of dx and skip). */
    static final int BLOCK = 2048;

    /** Of the last call, k = 0: Σ dxBranch², 1: Σ dxSkip², 2: Σ dx²; the chunks' sums added in chunk order. */
    public double squares(int k) {
        double s = 0;
        for (int t = 0; t < chunks; t++) s += partials[t][k];
        return s;
    }
}
