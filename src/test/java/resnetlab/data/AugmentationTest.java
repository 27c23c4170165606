package resnetlab.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import resnetlab.tensor.Tensor;

class AugmentationTest {
    /** A batch whose values are all distinct and non-zero, so every moved pixel can be traced. */
    private static Tensor ramp(int n, int c, int h, int w) {
        var t = new Tensor(n, c, h, w);
        for (int i = 0; i < t.size(); i++) t.data[i] = i + 1;
        return t;
    }

    /** Oracle: pad with zeros, crop at (pad + dy, pad + dx), via an explicit padded copy. */
    private static float[] padCrop(float[] plane, int h, int w, int pad, int dy, int dx) {
        int ph = h + 2 * pad, pw = w + 2 * pad;
        float[] padded = new float[ph * pw];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) padded[(y + pad) * pw + x + pad] = plane[y * w + x];
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[y * w + x] = padded[(y + pad + dy) * pw + x + pad + dx];
        return out;
    }

    @Test
    void inPlaceShiftEqualsPadAndCropForEveryOffset() {
        int h = 5, w = 7, pad = 4;
        for (int dy = -pad; dy <= pad; dy++) {
            for (int dx = -pad; dx <= pad; dx++) {
                float[] p = ramp(1, 1, h, w).data;
                float[] expected = padCrop(p.clone(), h, w, pad, dy, dx);
                Augmentation.shift(p, 0, h, w, dy, dx);
                assertThat(p).as("dy=%d dx=%d", dy, dx).isEqualTo(expected);
            }
        }
    }

    @Test
    void mirrorReversesRows() {
        float[] p = {1, 2, 3, 4, 5, 6};
        Augmentation.mirror(p, 0, 2, 3);
        assertThat(p).containsExactly(3, 2, 1, 6, 5, 4);
    }

    @Test
    void keepsShapeAndIsSeeded() {
        Tensor a = ramp(16, 3, 8, 8), b = ramp(16, 3, 8, 8), c = ramp(16, 3, 8, 8), orig = ramp(16, 3, 8, 8);
        Augmentation.STANDARD.apply(a, 16, new SplittableRandom(5));
        Augmentation.STANDARD.apply(b, 16, new SplittableRandom(5));
        Augmentation.STANDARD.apply(c, 16, new SplittableRandom(6));
        assertThat(a.shape()).containsExactly(16, 3, 8, 8);
        assertThat(a.data).isEqualTo(b.data);
        assertThat(a.data).isNotEqualTo(c.data);
        assertThat(a.data).isNotEqualTo(orig.data);
        // every value is padding (0) or a pixel of the same image and channel
        int plane = 64;
        for (int i = 0; i < 16 * 3; i++) {
            for (int j = 0; j < plane; j++) {
                float v = a.data[i * plane + j];
                assertThat(v == 0 || (v >= i * plane + 1 && v <= (i + 1) * plane)).isTrue();
            }
        }
    }

    @Test
    void channelsOfAnImageMoveTogether() {
        Tensor t = ramp(8, 3, 6, 6);
        Augmentation.STANDARD.apply(t, 8, new SplittableRandom(1));
        int plane = 36;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < plane; j++) {
                float r = t.data[(i * 3) * plane + j], g = t.data[(i * 3 + 1) * plane + j];
                // channel 1 of the ramp is channel 0 plus one plane, at the same place
                assertThat(g).isEqualTo(r == 0 ? 0 : r + plane);
            }
        }
    }

    @Test
    void onlyTheFirstCountImagesChangeAndNoneChangesNothing() {
        Tensor t = ramp(4, 1, 6, 6), orig = ramp(4, 1, 6, 6);
        Augmentation.STANDARD.apply(t, 2, new SplittableRandom(3));
        for (int j = 2 * 36; j < 4 * 36; j++) assertThat(t.data[j]).isEqualTo(orig.data[j]);
        Augmentation.NONE.apply(orig, 4, new SplittableRandom(3));
        assertThat(orig.data).isEqualTo(ramp(4, 1, 6, 6).data);
    }

    @Test
    void flipHappensAboutHalfTheTime() {
        var aug = new Augmentation(0, true);
        Tensor t = ramp(2000, 1, 1, 2);
        aug.apply(t, 2000, new SplittableRandom(9));
        int flipped = 0;
        for (int i = 0; i < 2000; i++) if (t.data[2 * i] > t.data[2 * i + 1]) flipped++;
        assertThat(flipped).isBetween(900, 1100);
    }
}
