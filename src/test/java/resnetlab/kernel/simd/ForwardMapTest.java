package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetlab.kernel.Conv3x3;
import resnetlab.kernel.EngineSwitch;
import resnetlab.kernel.OutputMap;
import resnetlab.kernel.simd.VectorConv3x3.Lanes;

/**
 * The forward maps of {@link VectorConv3x3} (pixels in the lanes on padded images, direct and with F(2,3) down the
 * columns; output channels in the lanes {@link ChannelLaneForward}; Winograd F(4x4,3x3) where both sizes divide by
 * four, else F(2x2,3x3), {@link WinogradForward}),
 * each forced and as chosen,
 * against the definition summed in double: the forward
 * {@code y[n][o][oy][ox] = Σ_i Σ_{ky,kx} w[o][i][ky][kx] · x[n][i][s·oy + ky − 1][s·ox + kx − 1]}
 * and, for stride 1, the input-gradient map (the adjoint weights {@code w[i][o][2 − ky][2 − kx]}, cout → cin),
 * on channel counts that are not multiples of the tiles or the lanes, odd image sizes and image counts that
 * leave a partial tile, both strides, on workspaces that a larger layer left dirty. Forced Winograd runs the
 * channel lanes where it cannot map a shape (stride 2, odd sizes, input channels not whole vectors), forced row
 * Winograd the direct tiles (odd heights, rows not whole vectors); its shapes include odd counts of vectors per row
 * and of row pairs (a tile then pairs a row's last vector with the next pair's, or the last pair's with itself).
 */
@ExtendWith(SupportedSpecies.class)
class ForwardMapTest {
    static final double TOLERANCE = 2e-6;
    static final int L = SimdSpecies.FLOAT.length();
    /**
     * F(4,3) down the columns ({@link VectorConv3x3#rowWinogradOutputs}, and its adjoint for the weight gradient in
     * WeightGradientTest) rounds more than the direct sums: its transforms multiply by up to 8 and its kernel rows by
     * sixths and 24ths (worst 2.8e-6 of the outputs' scale here, 64 input channels, and 2.75e-6 in WeightGradientTest,
     * against the direct tiles' 0.9e-6 and F(2x2,3x3)'s less).
     */
    static final double ROW_WINOGRAD_4_TOLERANCE = 5e-6;
    /**
     * F(4x4,3x3) ({@link WinogradForward#fourByFour}) applies F(4,3)'s transforms in both directions (worst 6.8e-6 of
     * the outputs' scale here, 64→64 8x8).
     */
    static final double WINOGRAD_4X4_TOLERANCE = 1.5e-5;

    @ParameterizedTest(name = "{0}→{1} on {2}x{3}, {4} images, stride {5}")
    @CsvSource({
            "32, 32, 4, 4, 7, 1", "16, 16, 8, 8, 3, 1", "8, 16, 4, 4, 5, 1", "16, 32, 8, 8, 3, 2", "8, 16, 16, 16, 2, 2",
            "64, 64, 8, 8, 2, 1", "13, 17, 9, 16, 3, 1", "9, 33, 5, 7, 3, 1", "1, 3, 6, 6, 2, 1", "20, 40, 3, 3, 5, 1",
            "8, 16, 1, 1, 3, 1", "16, 5, 2, 17, 2, 1", "32, 64, 4, 4, 3, 2", "13, 21, 7, 9, 2, 2", "11, 48, 5, 5, 3, 2",
            "8, 16, 1, 1, 3, 2", "3, 16, 32, 32, 1, 1", "8, 8, 16, 16, 2, 1", "5, 12, 7, 40, 2, 1", "16, 16, 11, 33, 1, 1",
            "7, 9, 1, 48, 2, 1", "12, 20, 2, 16, 3, 1", "16, 8, 6, 10, 3, 1", "32, 20, 2, 2, 3, 1",
            "48, 16, 4, 6, 5, 1", "16, 16, 32, 32, 1, 1", "32, 32, 16, 16, 2, 1", "6, 10, 6, 48, 2, 1",
            "4, 8, 10, 16, 3, 1", "8, 8, 2, 32, 2, 1", "9, 6, 4, 16, 3, 1", "13, 17, 7, 8, 3, 1", "5, 9, 5, 4, 3, 1",
            "16, 24, 12, 16, 3, 1", "24, 17, 8, 32, 2, 1", "17, 16, 4, 16, 3, 1", "16, 16, 4, 8, 2, 1", "20, 16, 12, 4, 2, 1",
            "16, 16, 4, 4, 70, 1", "16, 32, 4, 4, 67, 1"})
    void everyLayoutMatchesTheDefinition(int cin, int cout, int h, int w, int images, int stride) {
        SplittableRandom random = new SplittableRandom(17L * cin + 5L * cout + h * 3L + w + images + stride);
        float[] weights = gaussians(random, cout * cin * 9);
        check(random, weights, cin, cout, h, w, images, stride, false);
        if (stride == 1) check(random, weights, cout, cin, h, w, images, 1, true);
    }

    /** The engine switch turns the automatic choice of the row-Winograd tiles off and on; a forced mode ignores it. */
    @Test
    void theRowWinogradSwitchTurnsTheAutomaticChoiceOffAndOn() {
        VectorConv3x3 auto = new VectorConv3x3(), forced = new VectorConv3x3(Lanes.ROW_WINOGRAD);
        assertThat(auto.rowWinograd(16, 16, 32)).isTrue();
        assertThat(auto.rowWinograd(16, 16, 31)).as("odd height").isFalse();
        try {
            EngineSwitch.ROW_WINOGRAD.set(false);
            assertThat(auto.rowWinograd(16, 16, 32)).isFalse();
            assertThat(forced.rowWinograd(16, 16, 32)).isTrue();
        } finally {
            EngineSwitch.ROW_WINOGRAD.set(true);
        }
        assertThat(auto.rowWinograd(16, 16, 32)).isTrue();
    }

    /**
     * Row Winograd takes F(4,3) where the height divides by four and F(2,3) elsewhere; its switch puts F(2,3)
     * everywhere (both are checked against the definition above: heights 32, 16, 8 and 4, and 10, 6 and 2).
     */
    @Test
    void theRowWinograd4SwitchChoosesBetweenFourAndTwoRowsPerTile() {
        assertThat(VectorConv3x3.rowWinogradOutputs(32)).isEqualTo(4);
        assertThat(VectorConv3x3.rowWinogradOutputs(8)).isEqualTo(4);
        assertThat(VectorConv3x3.rowWinogradOutputs(10)).isEqualTo(2);
        try {
            EngineSwitch.ROW_WINOGRAD_4.set(false);
            assertThat(VectorConv3x3.rowWinogradOutputs(32)).isEqualTo(2);
        } finally {
            EngineSwitch.ROW_WINOGRAD_4.set(true);
        }
    }

    /**
     * F(4,3)'s row tiles on the dense rows (rows of one or two vectors, the padding taken in the transform) give the
     * padded copy's values bit for bit, forward and input gradient, row groups odd and even in number and a single one;
     * the automatic choice takes them for such rows, and not with {@link EngineSwitch#DENSE_ROW_WINOGRAD} off.
     */
    @ParameterizedTest(name = "{0}→{1} on {2} rows of {3} vectors, {4} images")
    @CsvSource({"16, 16, 8, 1, 3", "16, 16, 8, 2, 2", "32, 16, 12, 1, 2", "16, 24, 12, 2, 3", "24, 19, 4, 1, 2", "16, 16, 4, 2, 1",
            "64, 64, 8, 1, 2"})
    void theDenseRowTilesGiveThePaddedCopysValues(int cin, int cout, int h, int vectors, int images) {
        int w = vectors * L;
        SplittableRandom random = new SplittableRandom(31L * cin + cout + h + w);
        float[] weights = gaussians(random, cout * cin * 9);
        VectorConv3x3 auto = new VectorConv3x3();
        for (boolean adjoint : new boolean[] {false, true}) {
            int ins = adjoint ? cout : cin, outs = adjoint ? cin : cout;
            float[] x = gaussians(random, images * ins * h * w);
            assertThat(auto.rowWinogradDense(ins, outs, h, w, 1)).isTrue();
            dirty(auto);
            float[] dense = map(auto, x, weights, ins, outs, h, w, images, 1, adjoint), padded;
            try {
                EngineSwitch.DENSE_ROW_WINOGRAD.set(false);
                assertThat(auto.denseForward(ins, outs, h, w, 1)).isFalse();
                padded = map(auto, x, weights, ins, outs, h, w, images, 1, adjoint);
            } finally {
                EngineSwitch.DENSE_ROW_WINOGRAD.set(true);
            }
            for (int j = 0; j < dense.length; j++) {
                assertThat(Float.floatToRawIntBits(dense[j])).as("adjoint %s, output %d", adjoint, j)
                        .isEqualTo(Float.floatToRawIntBits(padded[j]));
            }
        }
        assertThat(auto.rowWinogradDense(cin, cout, h + 2, w, 1)).as("F(2,3)'s heights stay padded").isFalse();
        assertThat(auto.rowWinogradDense(cin, cout, h, 3 * L, 1)).as("rows of three vectors stay padded").isFalse();
    }

    /**
     * The dense row tiles with an output map ({@link OutputMap}: an inference's BN, join and ReLU applied as the outputs
     * are written) give the values of the plain map followed by the elementwise pass over each image, bit for bit,
     * with and without the join and the ReLU; with {@link EngineSwitch#ROW_TILE_OUTPUT_MAP} off they do not offer it.
     */
    @ParameterizedTest(name = "{0}→{1} on {2} rows of {3} vectors, {4} images")
    @CsvSource({"16, 16, 8, 1, 3", "16, 24, 12, 2, 2", "24, 19, 4, 1, 2", "16, 16, 32, 2, 1"})
    void theDenseRowTilesMapTheirOutputsAsTheElementwisePassDoes(int ins, int outs, int h, int vectors, int images) {
        int w = vectors * L, plane = h * w;
        SplittableRandom random = new SplittableRandom(7L * ins + outs + h + w);
        float[] weights = gaussians(random, outs * ins * 9), x = gaussians(random, images * ins * plane);
        float[] join = gaussians(random, images * outs * plane), mean = gaussians(random, outs);
        float[] scale = gaussians(random, outs), shift = gaussians(random, outs);
        VectorConv3x3 auto = new VectorConv3x3();
        assertThat(auto.denseForwardMaps(ins, outs, h, w, 1)).isTrue();
        float[] packed = new float[auto.denseWeightsSize(ins, outs, h, w, 1)];
        auto.packDense(weights, false, ins, outs, h, w, 1, packed);
        float[] plain = new float[images * outs * plane];
        auto.forwardDense(x, 0, ins, h, w, 1, packed, outs, images, plain, 0);
        VectorElementwise ew = new VectorElementwise();
        for (boolean joined : new boolean[] {false, true}) {
            for (boolean relu : new boolean[] {false, true}) {
                float[] expected = plain.clone(), got = new float[expected.length];
                for (int n = 0; n < images; n++) {
                    int off = n * outs * plane;
                    if (joined) ew.channelAffineJoin(expected, expected, off, outs, plane, mean, scale, shift, join, 0.5f, relu);
                    else ew.channelAffine(expected, expected, off, outs, plane, mean, scale, shift, relu);
                }
                auto.forwardDense(x, 0, ins, h, w, 1, packed, outs, images, got, 0,
                        new OutputMap(mean, scale, shift, joined ? join : null, 0.5f, relu));
                for (int j = 0; j < got.length; j++) {
                    assertThat(Float.floatToRawIntBits(got[j])).as("join %s, relu %s, output %d", joined, relu, j)
                            .isEqualTo(Float.floatToRawIntBits(expected[j]));
                }
            }
        }
        try {
            EngineSwitch.ROW_TILE_OUTPUT_MAP.set(false);
            assertThat(auto.denseForwardMaps(ins, outs, h, w, 1)).isFalse();
        } finally {
            EngineSwitch.ROW_TILE_OUTPUT_MAP.set(true);
        }
    }

    /** Winograd's channel-lane map takes F(4x4,3x3) where both sizes divide by four, unless its switch is off. */
    @Test
    void theWinograd4x4SwitchChoosesBetweenTheTileSizes() {
        assertThat(WinogradForward.fourByFour(8, 8)).isTrue();
        assertThat(WinogradForward.fourByFour(4, 4)).isTrue();
        assertThat(WinogradForward.fourByFour(6, 8)).isFalse();
        assertThat(WinogradForward.fourByFour(8, 10)).isFalse();
        try {
            EngineSwitch.WINOGRAD_4X4.set(false);
            assertThat(WinogradForward.fourByFour(8, 8)).isFalse();
        } finally {
            EngineSwitch.WINOGRAD_4X4.set(true);
        }
    }

    /**
     * Which 8-wide layers Winograd and the channel-lane tiles take, by the vector width ({@link ForwardBenchmark} and
     * the nets): Winograd 64→64 8x8 at 16 lanes only, never 32→32 16x16; the channel lanes a stride-2 16→32 8x8 layer at
     * 16 and 8 lanes (at 8 since the tiles run four pixels × two vectors), never the stride-1 16→16 8x8; neither at 4.
     */
    @Test
    void winogradAndTheChannelLanesTakeEightWideLayersByWidth() {
        assertThat(WinogradForward.suits(64, 64, 1, 8)).isEqualTo(L >= 16);
        assertThat(WinogradForward.suits(32, 32, 1, 16)).isFalse();
        assertThat(ChannelLaneForward.suits(16, 32, 2, 8)).isEqualTo(L >= 8);
        assertThat(ChannelLaneForward.suits(16, 16, 1, 8)).isFalse();
    }

    /** The map ins → outs (the forward, or with {@code adjoint} the stride-1 input gradient) in every mode. */
    private static void check(SplittableRandom random, float[] weights, int ins, int outs, int h, int w, int images,
                              int stride, boolean adjoint) {
        int ho = Conv3x3.outSize(h, stride), wo = Conv3x3.outSize(w, stride);
        float[] x = gaussians(random, images * ins * h * w);
        double[] expected = new double[images * outs * ho * wo];
        double scale = 1;
        for (int n = 0; n < images; n++) {
            for (int o = 0; o < outs; o++) {
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++) {
                        double s = 0;
                        for (int i = 0; i < ins; i++) {
                            for (int t = 0; t < 9; t++) {
                                int y = stride * oy + t / 3 - 1, c = stride * ox + t % 3 - 1;
                                if (y < 0 || y >= h || c < 0 || c >= w) continue;
                                float wt = adjoint ? weights[(i * outs + o) * 9 + 8 - t] : weights[(o * ins + i) * 9 + t];
                                s += (double) wt * x[((n * ins + i) * h + y) * w + c];
                            }
                        }
                        expected[((n * outs + o) * ho + oy) * wo + ox] = s;
                        scale = Math.max(scale, Math.abs(s));
                    }
                }
            }
        }
        for (Lanes mode : Lanes.values()) {
            VectorConv3x3 conv = new VectorConv3x3(mode);
            boolean fits = PlaneForward.fits(w, stride), autoPlanes = fits && (stride == 1 || PlaneForward.tapsByVectors(w));
            boolean channelLanes = mode == Lanes.CHANNEL_LANES || mode == Lanes.WINOGRAD
                    || mode == Lanes.SHIFTED_PLANES && fits || mode == Lanes.AUTO && (autoPlanes
                    || ChannelLaneForward.suits(ins, outs, stride, wo) || WinogradForward.suits(ins, outs, stride, wo));
            boolean denseRows = !channelLanes && (mode == Lanes.ROW_WINOGRAD || mode == Lanes.AUTO
                    && (VectorConv3x3.rowWinogradSuits(ins, outs) || VectorConv3x3.denseRowWinogradSuits(ins, outs)))
                    && stride == 1 && h % 4 == 0 && (w == L || w == 2 * L) && ins >= VectorConv3x3.ROWS_MIN_INS;
            assertThat(conv.denseForward(ins, outs, h, w, stride)).as(mode + " dense").isEqualTo(channelLanes || denseRows);
            dirty(conv); // a larger layer first: workspaces hold its values where this call does not write
            map(conv, x, weights, ins, outs, h, w, 1, stride, adjoint); // one image of this shape, then all
            for (int round = 0; round < 2; round++) { // the second on the workspaces as this shape left them
                float[] got = map(conv, x, weights, ins, outs, h, w, images, stride, adjoint);
                double worst = 0;
                for (int j = 0; j < got.length; j++) worst = Math.max(worst, Math.abs(got[j] - expected[j]));
                boolean rows4 = (mode == Lanes.ROW_WINOGRAD || mode == Lanes.AUTO) && h % 4 == 0;
                boolean fourByFour = (mode == Lanes.WINOGRAD || mode == Lanes.AUTO) && stride == 1 && WinogradForward.fourByFour(h, w);
                assertThat(worst / scale).as(mode + (adjoint ? " input gradient" : " forward") + " round " + round
                        + " at " + SimdSpecies.describe()).isLessThan(fourByFour ? WINOGRAD_4X4_TOLERANCE
                                : rows4 ? ROW_WINOGRAD_4_TOLERANCE : TOLERANCE);
            }
        }
    }

    /**
     * The kernel's map of the first {@code images} images into a dense output (Ho·Wo per plane), through the
     * entry it asks for; the output starts full of NaN, so a value it does not write fails the comparison.
     */
    static float[] map(VectorConv3x3 conv, float[] x, float[] weights, int ins, int outs, int h, int w,
                               int images, int stride, boolean adjoint) {
        int ho = Conv3x3.outSize(h, stride), wo = Conv3x3.outSize(w, stride), plane = ho * wo;
        float[] y = new float[images * outs * plane];
        Arrays.fill(y, Float.NaN);
        if (conv.denseForward(ins, outs, h, w, stride)) {
            float[] packed = new float[conv.denseWeightsSize(ins, outs, h, w, stride)];
            Arrays.fill(packed, Float.NaN); // a weight the packing leaves out but the map reads fails the comparison
            conv.packDense(weights, adjoint, ins, outs, h, w, stride, packed);
            conv.forwardDense(x, 0, ins, h, w, stride, packed, outs, images, y, 0);
            return y;
        }
        int cout = adjoint ? ins : outs, cin = adjoint ? outs : ins, wv = conv.computedWidth(wo, stride);
        float[] packed = new float[conv.packedSize(outs, ins)], out = new float[images * outs * ho * wv];
        float[] p = new float[images * ins * (h + 2) * conv.paddedWidth(w, stride) + Conv3x3.SLACK];
        // the packing for this size only (VectorConv3x3.pack: the row-Winograd weights it runs, if any); a
        // weight it leaves out but the map reads fails the comparison
        Arrays.fill(packed, Float.NaN);
        conv.pack(weights, cout, cin, adjoint, h, w, stride, packed);
        // the first image alone, then all of them in one call (tiles then pair slots across images)
        conv.pad(x, 0, 1, ins, h, w, stride, p, 0);
        conv.forward(p, 0, 1, ins, h, w, stride, packed, outs, out, 0, wv);
        for (int r = 0; r < outs * ho; r++) System.arraycopy(out, r * wv, y, r * wo, wo);
        if (images == 1) return y;
        Arrays.fill(y, Float.NaN);
        Arrays.fill(out, Float.NaN);
        conv.pad(x, 0, images, ins, h, w, stride, p, 0);
        conv.forward(p, 0, images, ins, h, w, stride, packed, outs, out, 0, wv);
        for (int r = 0; r < images * outs * ho; r++) System.arraycopy(out, r * wv, y, r * wo, wo);
        return y;
    }

    /** Runs a 40→48 channel layer on 12x12 images, then a 4→12 one on images half a vector wide, with large values through the kernel's workspaces. */
    private static void dirty(VectorConv3x3 conv) {
        dirty(conv, 40, 48, 12, 3);
        // and the shifted planes' workspace, filled whole (17 images of 4x8x8: more than a group at 16 lanes)
        dirty(conv, 4, 12, SimdSpecies.FLOAT.length() / 2, 17);
        // and the row tiles' transformed rows with NaN: a column the tiles read but no layer's values set (the dense
        // tiles' zero pad columns) fails the comparison
        Arrays.fill(conv.workspace().transformed(1 << 16), Float.NaN);
    }

    private static void dirty(VectorConv3x3 conv, int cin, int cout, int h, int images) {
        SplittableRandom random = new SplittableRandom(5);
        float[] x = gaussians(random, images * cin * h * h), weights = gaussians(random, cout * cin * 9);
        for (int j = 0; j < x.length; j++) x[j] *= 1000;
        map(conv, x, weights, cin, cout, h, h, images, 1, false);
    }

    private static float[] gaussians(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int j = 0; j < n; j++) a[j] = (float) (random.nextDouble() * 2 - 1);
        return a;
    }
}
