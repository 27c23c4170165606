package resnetlab.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import resnetlab.tensor.Tensor;

/**
 * The CIFAR augmentation of He et al. (2016, Sec. 4.2): pad each side by {@code pad} pixels, take a random
 * crop of the original size, and flip left-right with probability 1/2. Done in place on a batch, with no
 * padded copy: a crop at offset (dy, dx) in [-pad, pad]² is a shift, {@code out(y, x) = in(y + dy, x + dx)},
 * with 0 where that falls in the padding. The padding value is 0 in the batch's own units, which after
 * {@link Normalization} is the training-set mean, as with the paper's mean-subtracted images.
 *
 * <p>Random draws per image, in this order: dy, dx (each {@code nextInt(2*pad + 1) - pad}, only if pad > 0),
 * then the flip ({@code nextBoolean()}, only if flip is on). The same random stream gives the same batch.
 */
public record Augmentation(int pad, boolean flip) {
    /** No change. */
    public static final Augmentation NONE = new Augmentation(0, false);
    /** Pad 4, random crop, random horizontal flip. */
    public static final Augmentation STANDARD = new Augmentation(4, true);

    public Augmentation {
        if (pad < 0) throw new IllegalArgumentException("pad must not be negative, got " + pad);
    }

    public boolean isNone() { return pad == 0 && !flip; }

    /** Augments images 0..count-1 of an NCHW batch in place. */
    public void apply(Tensor batch, int count, SplittableRandom rng) {
        if (isNone()) return;
        int c = batch.c(), h = batch.h(), w = batch.w();
        for (int i = 0; i < count; i++) {
            int dy = 0, dx = 0;
            if (pad > 0) {
                dy = rng.nextInt(2 * pad + 1) - pad;
                dx = rng.nextInt(2 * pad + 1) - pad;
            }
            boolean mirror = flip && rng.nextBoolean();
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * h * w;
                if (dy != 0 || dx != 0) shift(batch.data, off, h, w, dy, dx);
                if (mirror) mirror(batch.data, off, h, w);
            }
        }
    }

    /**
     * {@code p(y, x) = p(y + dy, x + dx)}, 0 outside, in place: rows and columns are visited in the order that
     * reads every source before it is overwritten (ascending for a positive offset, descending for a negative).
     */
    static void shift(float[] p, int off, int h, int w, int dy, int dx) {
        for (int yi = 0; yi < h; yi++) {
            int y = dy >= 0 ? yi : h - 1 - yi;
            int sy = y + dy;
            int row = off + y * w;
            if (sy < 0 || sy >= h) {
                Arrays.fill(p, row, row + w, 0f);
                continue;
            }
            int src = off + sy * w;
            for (int xi = 0; xi < w; xi++) {
                int x = dx >= 0 ? xi : w - 1 - xi;
                int sx = x + dx;
                p[row + x] = sx >= 0 && sx < w ? p[src + sx] : 0f;
            }
        }
    }

    static void mirror(float[] p, int off, int h, int w) {
        for (int y = 0; y < h; y++) {
            int a = off + y * w, b = a + w - 1;
            while (a < b) {
                float t = p[a]; p[a] = p[b]; p[b] = t;
                a++; b--;
            }
        }
    }
}
