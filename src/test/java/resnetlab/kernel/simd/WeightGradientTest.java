package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetlab.kernel.Conv3x3;
import resnetlab.kernel.simd.VectorConv3x3.Lanes;

/**
 * The weight gradients of {@link VectorConv3x3} (pixels in the lanes, output channels in the lanes
 * {@link ChannelLaneGradient}, with F(4,3)'s adjoint down the columns where the inputs fill whole vectors and the height
 * divides by four (at 16 lanes; 16→16 32x32 and 32→16 8x8 in several blocks of row groups, the last one partial),
 * Winograd's {@link WinogradGradient}), each forced, and the automatic choice, against
 * the definition summed in double:
 * {@code dw[o][i][ky][kx] = Σ_n Σ_{oy,ox} dy[n][o][oy][ox] · x[n][i][s·oy + ky − 1][s·ox + kx − 1]}, on channel
 * counts that are not multiples of the tile or the lanes, odd image sizes, both strides, on buffers that an
 * earlier call of another shape left dirty (the kernels keep per-thread workspaces).
 */
@ExtendWith(SupportedSpecies.class)
class WeightGradientTest {
    static final double TOLERANCE = 2e-6;

    @ParameterizedTest(name = "{0}→{1} on {2}x{3}, {4} images, stride {5}")
    @CsvSource({
            "8, 16, 4, 4, 70, 1", "32, 32, 4, 4, 33, 1", "16, 16, 8, 8, 9, 1", "8, 8, 16, 16, 3, 1",
            "64, 64, 8, 8, 5, 1", "13, 17, 9, 16, 6, 1", "9, 33, 5, 7, 4, 1", "1, 3, 6, 6, 2, 1", "3, 16, 32, 32, 2, 1",
            "20, 40, 3, 3, 11, 1", "8, 16, 1, 1, 7, 1", "16, 5, 2, 17, 3, 1", "16, 16, 16, 16, 9, 1", "48, 20, 6, 10, 7, 1",
            "16, 32, 8, 8, 21, 2", "32, 64, 4, 4, 19, 2", "8, 16, 16, 16, 3, 2", "13, 21, 7, 9, 5, 2",
            "11, 48, 5, 5, 4, 2", "8, 16, 1, 1, 3, 2", "16, 16, 32, 32, 3, 1", "16, 8, 12, 20, 5, 1", "32, 16, 8, 8, 40, 1"})
    void bothLayoutsMatchTheDefinition(int cin, int cout, int h, int w, int images, int stride) {
        SplittableRandom random = new SplittableRandom(31L * cin + 7L * cout + h * 3L + w + images + stride);
        int ho = Conv3x3.outSize(h, stride), wo = Conv3x3.outSize(w, stride);
        float[] x = gaussians(random, images * cin * h * w), dy = gaussians(random, images * cout * ho * wo);
        double[] expected = definition(x, dy, cin, cout, h, w, images, stride);
        double scale = 1;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (Lanes mode : Lanes.values()) {
            VectorConv3x3 conv = new VectorConv3x3(mode);
            assertThat(conv.denseWeightGradient(cin, cout, w, stride)).isEqualTo(mode == Lanes.CHANNEL_LANES
                    || mode == Lanes.WINOGRAD || mode == Lanes.AUTO && (ChannelLaneGradient.suits(cin, cout, stride, wo)
                    || WinogradGradient.suits(cin, cout, stride, wo)));
            dirty(conv); // a larger layer first: workspaces hold its values where this call does not write
            gradient(conv, x, dy, cin, cout, h, w, 1, stride); // one image of this shape, then all: pads re-zeroed
            for (int round = 0; round < 2; round++) { // the second on the workspaces as this shape left them
                float[] got = gradient(conv, x, dy, cin, cout, h, w, images, stride);
                double worst = 0;
                for (int j = 0; j < got.length; j++) worst = Math.max(worst, Math.abs(got[j] - expected[j]));
                boolean rows4 = (mode == Lanes.CHANNEL_LANES || mode == Lanes.AUTO) && ChannelLaneGradient.rowWinograd(cin, stride, h);
                assertThat(worst / scale).as(mode + " round " + round + " at " + SimdSpecies.describe())
                        .isLessThan(rows4 ? ForwardMapTest.ROW_WINOGRAD_4_TOLERANCE : TOLERANCE);
            }
        }
    }

    /** The weight gradient summed in double from its definition (the class javadoc's formula). */
    private static double[] definition(float[] x, float[] dy, int cin, int cout, int h, int w, int images, int stride) {
        int ho = Conv3x3.outSize(h, stride), wo = Conv3x3.outSize(w, stride);
        double[] expected = new double[cout * cin * 9];
        for (int n = 0; n < images; n++) {
            for (int o = 0; o < cout; o++) {
                for (int i = 0; i < cin; i++) {
                    for (int t = 0; t < 9; t++) {
                        double s = 0;
                        for (int oy = 0; oy < ho; oy++) {
                            for (int ox = 0; ox < wo; ox++) {
                                int y = stride * oy + t / 3 - 1, c = stride * ox + t % 3 - 1;
                                if (y < 0 || y >= h || c < 0 || c >= w) continue;
                                s += (double) dy[((n * cout + o) * ho + oy) * wo + ox] * x[((n * cin + i) * h + y) * w + c];
                            }
                        }
                        expected[(o * cin + i) * 9 + t] += s;
                    }
                }
            }
        }
        return expected;
    }

    /**
     * One kernel's workspaces through layers whose F(4,3) blocks differ in length for the same input width and
     * channels (32→32 and 32→16 on 12x12, the first after a layer that left a longer table of block offsets, 16→16 on
     * 8x8; six images, so that 32→16 fills its block of 17 four-row groups): each layer must find every offset it reads
     * computed for its own shape (a table computed for 156 positions and read for 204 failed here).
     */
    @Test
    void blockTablesFollowTheShapeOfEachLayer() {
        VectorConv3x3 conv = new VectorConv3x3();
        int[][] layers = {{16, 16, 8}, {32, 32, 12}, {32, 16, 12}, {16, 16, 8}};
        for (int[] l : layers) {
            int cin = l[0], cout = l[1], h = l[2], images = 6;
            SplittableRandom random = new SplittableRandom(cin * 31L + cout + h);
            float[] x = gaussians(random, images * cin * h * h), dy = gaussians(random, images * cout * h * h);
            double[] expected = definition(x, dy, cin, cout, h, h, images, 1);
            double scale = 1, worst = 0;
            for (double v : expected) scale = Math.max(scale, Math.abs(v));
            float[] got = gradient(conv, x, dy, cin, cout, h, h, images, 1);
            for (int j = 0; j < got.length; j++) worst = Math.max(worst, Math.abs(got[j] - expected[j]));
            assertThat(worst / scale).as(cin + "→" + cout + " " + h + "x" + h + " at " + SimdSpecies.describe())
                    .isLessThan(ForwardMapTest.ROW_WINOGRAD_4_TOLERANCE);
        }
    }

    /** The kernel's weight gradient of the first {@code images} images, through the entry it asks for. */
    private static float[] gradient(VectorConv3x3 conv, float[] x, float[] dy, int cin, int cout, int h, int w,
                                    int images, int stride) {
        int ho = Conv3x3.outSize(h, stride), wo = Conv3x3.outSize(w, stride);
        float[] dw = new float[cout * cin * 9];
        // the kernels add into their sums: the images in two groups (the first image, then the rest), as Conv2d
        // adds group after group, then one reduction
        float[] sums = new float[conv.weightGradientSums(cin, cout, h, w, stride)];
        if (conv.denseWeightGradient(cin, cout, w, stride)) {
            conv.weightGradientDense(x, 0, cin, h, w, stride, dy, 0, cout, 1, sums);
            if (images > 1) {
                conv.weightGradientDense(x, cin * h * w, cin, h, w, stride, dy, cout * ho * wo, cout, images - 1, sums);
            }
            conv.reduceWeightGradient(sums, cin, cout, h, w, stride);
            System.arraycopy(sums, 0, dw, 0, dw.length);
            return dw;
        }
        float[] p = new float[images * cin * (h + 2) * conv.paddedWidth(w, stride) + Conv3x3.SLACK];
        float[] dp = new float[images * cout * (ho + 2) * conv.gradientPaddedWidth(wo, stride) + Conv3x3.SLACK];
        conv.pad(x, 0, images, cin, h, w, stride, p, 0);
        conv.padGradient(dy, 0, images, cout, ho, wo, stride, dp, 0);
        int xImage = cin * (h + 2) * conv.paddedWidth(w, stride), dyImage = cout * (ho + 2) * conv.gradientPaddedWidth(wo, stride);
        conv.weightGradient(p, 0, cin, h, w, stride, dp, 0, cout, 1, sums);
        if (images > 1) conv.weightGradient(p, xImage, cin, h, w, stride, dp, dyImage, cout, images - 1, sums);
        conv.reduceWeightGradient(sums, cin, cout, h, w, stride);
        System.arraycopy(sums, 0, dw, 0, dw.length);
        return dw;
    }

    /** Runs a 40→48 channel layer on 12x12 images with large values through the kernel's workspaces. */
    private static void dirty(VectorConv3x3 conv) {
        int cin = 40, cout = 48, h = 12, images = 3;
        SplittableRandom random = new SplittableRandom(5);
        float[] x = gaussians(random, images * cin * h * h), dy = gaussians(random, images * cout * h * h);
        for (int j = 0; j < x.length; j++) x[j] *= 1000;
        gradient(conv, x, dy, cin, cout, h, h, images, 1);
    }

    private static float[] gaussians(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int j = 0; j < n; j++) a[j] = (float) (random.nextDouble() * 2 - 1);
        return a;
    }
}
