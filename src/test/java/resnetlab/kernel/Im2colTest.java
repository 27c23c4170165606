package resnetlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The lowering of convolutions to GEMMs: col2im must be the adjoint of im2col (what makes {@code Wᵀ·dY}
 * followed by col2im the input gradient), and the gather form of the stride-2 layers must give col2im's
 * result bit for bit, on even and odd image sizes and on columns that sit among other images' columns.
 */
class Im2colTest {
    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        SplittableRandom r = new SplittableRandom(1);
        int[][] cases = {{2, 5, 7, 3, 1, 1}, {3, 8, 8, 3, 2, 1}, {1, 7, 6, 3, 2, 1}, {2, 6, 6, 1, 2, 0}, {2, 5, 5, 3, 1, 0}};
        for (int[] t : cases) {
            int c = t[0], h = t[1], w = t[2], k = t[3], stride = t[4], pad = t[5];
            int plane = Im2col.outSize(h, k, stride, pad) * Im2col.outSize(w, k, stride, pad);
            float[] x = random(r, c * h * w), cols = random(r, c * k * k * plane);
            float[] lowered = new float[cols.length], back = new float[x.length];
            Im2col.im2col(x, 0, c, h, w, k, stride, pad, lowered);
            Im2col.col2im(cols, c, h, w, k, stride, pad, back, 0);
            double left = 0, right = 0;
            for (int i = 0; i < cols.length; i++) left += (double) lowered[i] * cols[i];
            for (int i = 0; i < x.length; i++) right += (double) x[i] * back[i];
            assertThat(left).as("<im2col(x), C> = <x, col2im(C)> for %s", Arrays.toString(t)).isCloseTo(right, within(1e-4));
        }
    }

    @Test
    void stride2GatherEqualsTheScatterBitForBit() {
        SplittableRandom r = new SplittableRandom(2);
        for (int h : new int[] {1, 2, 3, 4, 7, 8, 16}) {
            for (int w : new int[] {1, 2, 5, 8, 9}) {
                int c = 3, plane = Im2col.outSize(h, 3, 2, 1) * Im2col.outSize(w, 3, 2, 1);
                int images = 3, ld = images * plane + 5, colsOff = 2;
                float[] cols = random(r, colsOff + 9 * c * ld);
                for (int j = 0; j < images; j++) {
                    float[] scatter = random(r, 4 + c * h * w), gather = random(r, scatter.length);
                    Im2col.col2im(cols, colsOff + j * plane, ld, c, h, w, 3, 2, 1, scatter, 4);
                    Im2col.col2imStride2(cols, colsOff + j * plane, ld, c, h, w, gather, 4);
                    for (int i = 4; i < scatter.length; i++) {
                        assertThat(Float.floatToRawIntBits(gather[i])).as("%dx%d image %d element %d", h, w, j, i - 4)
                                .isEqualTo(Float.floatToRawIntBits(scatter[i]));
                    }
                }
            }
        }
    }
}
