package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetlab.kernel.EngineSwitch;
import resnetlab.kernel.simd.VectorConv3x3.Lanes;

/**
 * {@link PlaneForward}, the pixel-lane map on shifted copies of the planes, at this run's vector width (it runs with
 * the eight-row tile only: at 8 and 4 lanes these tests are skipped, and {@link ForwardMapTest} checks that the
 * mode falls back to the padded grid there). The copies: every pixel of each of the three copies in place, the zero
 * columns where the shift leaves a row, the zero rows, and nothing written more than a vector past the last copy.
 * The map: the same bits as the padded grid's (the same products in the same order), forward and input gradient,
 * and at stride 2 the pixel lanes' panels' bits;
 * {@link ForwardMapTest} checks it against the definition on its shapes.
 */
@ExtendWith(SupportedSpecies.class)
class PlaneForwardTest {
    static final int L = SimdSpecies.FLOAT.length();

    /** w is L/wDiv (wDiv 2: two rows a vector, 4: four) or, with wDiv 0, wFixed. */
    @ParameterizedTest(name = "{0} planes of {1} rows, w = L/{2} or {3}")
    @CsvSource({"1, 2, 2, 0", "5, 8, 2, 0", "3, 7, 2, 0", "4, 4, 4, 0", "3, 5, 4, 0", "6, 3, 0, 2", "3, 4, 0, 1", "2, 1, 2, 0"})
    void theThreeCopiesHoldTheShiftedPixelsBetweenZeroRows(int planes, int h, int wDiv, int wFixed) {
        int w = wDiv > 0 ? L / wDiv : wFixed;
        assumeTrue(PlaneForward.fits(w, 1), "the shifted planes run with the eight-row tile (16 lanes or more)");
        int xOff = 5, planeStride = (h + 2) * w, size = 3 * planes * planeStride;
        SplittableRandom random = new SplittableRandom(planes * 31L + h * 7L + w);
        float[] x = new float[xOff + planes * h * w];
        for (int i = 0; i < x.length; i++) x[i] = 1 + (float) random.nextDouble();
        float[] p = new float[size + 3 * L];
        Arrays.fill(p, Float.NaN);
        PlaneForward.build(x, xOff, planes, h, w, p);
        for (int q = 0; q < planes; q++) {
            for (int kx = 0; kx < 3; kx++) {
                for (int r = 0; r < h + 2; r++) {
                    for (int c = 0; c < w; c++) {
                        int y = r - 1, col = c + kx - 1;
                        boolean pixel = y >= 0 && y < h && col >= 0 && col < w;
                        float want = pixel ? x[xOff + (q * h + y) * w + col] : 0f;
                        assertThat(p[(3 * q + kx) * planeStride + r * w + c])
                                .as("plane %d, copy kx %d, row %d, column %d", q, kx, r, c).isEqualTo(want);
                    }
                }
            }
        }
        for (int i = size + L; i < p.length; i++) assertThat(p[i]).as("more than a vector past the copies, %d", i).isNaN();
    }

    /** Stride 2: each of the nine tap planes holds its input pixel or zero, rows of one vector (by shuffles) and others. */
    @ParameterizedTest(name = "{0} planes of {1}x{2}")
    @CsvSource({"1, 3, 16, 16", "2, 1, 15, 16", "1, 2, 1, 16", "3, 1, 8, 8", "2, 3, 9, 7"})
    void theTapPlanesHoldTheStridedPixels(int images, int ins, int h, int wFor16) {
        int w = wFor16 * L / 16;
        assumeTrue(w > 0 && PlaneForward.fits(w, 2), "the shifted planes run with the eight-row tile (16 lanes or more)");
        int planes = images * ins, xOff = 7, ho = (h - 1) / 2 + 1, wo = (w - 1) / 2 + 1, size = ho * wo;
        SplittableRandom random = new SplittableRandom(planes * 17L + h * 5L + w);
        float[] x = new float[xOff + planes * h * w];
        for (int i = 0; i < x.length; i++) x[i] = 1 + (float) random.nextDouble();
        float[] p = new float[9 * planes * size + 2 * L];
        Arrays.fill(p, Float.NaN);
        PlaneForward.buildTaps(x, xOff, images, ins, h, w, p);
        for (int n = 0; n < images; n++) {
            for (int i = 0; i < ins; i++) {
                for (int t = 0; t < 9; t++) {
                    int at = ((9 * n + 3 * (t / 3)) * ins + 3 * i + t % 3) * size; // taps[n][ky][i][kx]
                    for (int o = 0; o < size; o++) {
                        int iy = 2 * (o / wo) + t / 3 - 1, ix = 2 * (o % wo) + t % 3 - 1;
                        float want = iy >= 0 && iy < h && ix >= 0 && ix < w ? x[xOff + ((n * ins + i) * h + iy) * w + ix] : 0f;
                        assertThat(p[at + o]).as("image %d, channel %d, tap %d, output %d", n, i, t, o).isEqualTo(want);
                    }
                }
            }
        }
        for (int i = 9 * planes * size; i < p.length; i++) assertThat(p[i]).as("past the planes, %d", i).isNaN();
    }

    /** Forced, the shifted planes give the padded grid's bits, forward and input gradient, whole and ragged slots. */
    @ParameterizedTest(name = "{0}→{1} on {2}x{3}, {4} images, stride {5}")
    @CsvSource({"16, 16, 8, 8, 5, 1", "32, 32, 4, 4, 7, 1", "13, 17, 7, 8, 3, 1", "8, 24, 5, 4, 2, 1", "6, 9, 3, 2, 3, 1",
            "16, 16, 8, 8, 40, 1", "8, 16, 16, 16, 6, 2", "5, 11, 15, 16, 3, 2", "16, 32, 8, 8, 5, 2", "3, 8, 16, 15, 2, 2"})
    void theMapGivesThePaddedGridsBits(int cin, int cout, int h, int w, int images, int stride) {
        assumeTrue(PlaneForward.fits(w, stride), "the shifted planes run with the eight-row tile (16 lanes or more)");
        SplittableRandom random = new SplittableRandom(cin * 13L + cout * 5L + h + w);
        float[] weights = new float[cout * cin * 9];
        for (int i = 0; i < weights.length; i++) weights[i] = (float) random.nextGaussian();
        for (boolean adjoint : new boolean[] {false, true}) {
            if (adjoint && stride != 1) continue; // a strided layer's input gradient is not a convolution
            int ins = adjoint ? cout : cin, outs = adjoint ? cin : cout;
            float[] x = new float[images * ins * h * w];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            VectorConv3x3 planes = new VectorConv3x3(Lanes.SHIFTED_PLANES), grid = new VectorConv3x3(Lanes.PIXEL_LANES);
            assertThat(planes.denseForward(ins, outs, h, w, stride)).isTrue();
            assertThat(grid.denseForward(ins, outs, h, w, stride)).isFalse();
            float[] got = ForwardMapTest.map(planes, x, weights, ins, outs, h, w, images, stride, adjoint);
            float[] want = ForwardMapTest.map(grid, x, weights, ins, outs, h, w, images, stride, adjoint);
            for (int j = 0; j < want.length; j++) {
                assertThat(Float.floatToRawIntBits(got[j])).as("adjoint %s, output %d", adjoint, j)
                        .isEqualTo(Float.floatToRawIntBits(want[j]));
            }
        }
    }

    /**
     * The automatic choice takes the shifted planes for the layers they fit that Winograd's and the channel lanes do
     * not take (16→16 4x4; the classroom net's 16→16 8x8 where the CPU's 512-bit FMA is whole, or with
     * {@link EngineSwitch#WINOGRAD_16} off; Winograd's where it runs in halves), and the padded grid with
     * {@link EngineSwitch#SHIFTED_PLANES} off.
     */
    @Test
    void theAutomaticChoiceAndItsSwitch() {
        assumeTrue(PlaneForward.fits(L / 2, 1), "the shifted planes run with the eight-row tile (16 lanes or more)");
        VectorConv3x3 auto = new VectorConv3x3();
        assertThat(auto.shiftedPlanes(16, 16, L / 4, 1)).as("16→16 4x4").isTrue();
        boolean halves = CpuModel.current().halvesWideVectors();
        assertThat(auto.shiftedPlanes(16, 16, L / 2, 1)).as("16→16 8x8 on " + CpuModel.current()).isEqualTo(!halves);
        String before = System.getProperty(CpuModel.HALF_RATE_PROPERTY);
        try {
            System.setProperty(CpuModel.HALF_RATE_PROPERTY, "true");
            assertThat(auto.shiftedPlanes(16, 16, L / 2, 1)).as("16→16 8x8, 512-bit FMAs in halves: Winograd's").isFalse();
            assertThat(auto.denseForward(16, 16, L / 2, L / 2, 1)).as("Winograd's reads dense images").isTrue();
            EngineSwitch.WINOGRAD_16.set(false);
            assertThat(auto.shiftedPlanes(16, 16, L / 2, 1)).as("16→16 8x8, winograd-16 off").isTrue();
            EngineSwitch.WINOGRAD_16.set(true);
            System.setProperty(CpuModel.HALF_RATE_PROPERTY, "false");
            assertThat(auto.shiftedPlanes(16, 16, L / 2, 1)).as("16→16 8x8, whole 512-bit FMAs").isTrue();
        } finally {
            EngineSwitch.WINOGRAD_16.set(true);
            if (before == null) System.clearProperty(CpuModel.HALF_RATE_PROPERTY);
            else System.setProperty(CpuModel.HALF_RATE_PROPERTY, before);
        }
        assertThat(auto.shiftedPlanes(8, 16, L, 2)).as("stride 2 from rows of one vector").isTrue();
        assertThat(auto.shiftedPlanes(16, 32, L / 2, 2)).as("stride 2 from shorter rows: the channel lanes").isFalse();
        assertThat(auto.shiftedPlanes(16, 16, L, 1)).as("whole-vector rows").isFalse();
        assertThat(auto.shiftedPlanes(64, 64, L / 2, 1)).as("Winograd's layer").isFalse();
        try {
            EngineSwitch.SHIFTED_PLANES.set(false);
            assertThat(auto.shiftedPlanes(16, 16, L / 4, 1)).isFalse();
            assertThat(auto.shiftedPlanes(8, 16, L, 2)).isFalse();
            assertThat(auto.denseForward(16, 16, L / 4, L / 4, 1)).isFalse();
            assertThat(new VectorConv3x3(Lanes.SHIFTED_PLANES).shiftedPlanes(16, 16, L / 2, 1)).as("forced").isTrue();
        } finally {
            EngineSwitch.SHIFTED_PLANES.set(true);
        }
    }
}
