package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Transpose} and the three copies that use it, at this run's vector width (the per-width Surefire runs force
 * 128, 256 and 512 bits): every float lands where the layouts' definitions say, nothing else is written, and shapes
 * the blocks cannot take (channels or pixels not whole vectors, widths that split a block unevenly) go through the
 * float-by-float copies with the same result.
 */
@ExtendWith(SupportedSpecies.class)
class TransposeTest {
    static final int L = Transpose.L;

    @Test
    void aBlockIsTransposedIntoItsRowsAndRuns() {
        assertThat(Transpose.available()).isTrue();
        SplittableRandom random = new SplittableRandom(7);
        int[][] cases = {{L, L, 0, 0}, {L + 3, 2 * L + 5, 0, 0}, {3 * L, L, 2, 2 * L}, {L, L, 1, 7}};
        for (int[] k : cases) {
            int as = k[0], bs = k[1], runShift = k[2], jump = k[3];
            int ao = 5, bo = 11;
            float[] a = new float[ao + L * as + L];
            for (int i = 0; i < a.length; i++) a[i] = (float) random.nextDouble();
            float[] b = new float[bo + L * bs + (L >> runShift) * jump + 2 * L];
            Arrays.fill(b, Float.NaN);
            Transpose.block(a, ao, as, b, bo, bs, runShift, jump);
            int written = 0;
            for (int r = 0; r < L; r++) {
                for (int j = 0; j < L; j++) {
                    int at = bo + r * bs + (r >> runShift) * jump + j;
                    assertThat(b[at]).as("as %d bs %d run 2^%d jump %d: column %d, float %d", as, bs, runShift, jump, r, j)
                            .isEqualTo(a[ao + j * as + r]);
                }
            }
            for (float v : b) if (!Float.isNaN(v)) written++;
            assertThat(written).as("floats written").isEqualTo(L * L);
        }
    }

    /** The blocks move through int and long lanes (bit selects, shifts): every bit pattern must arrive as it was. */
    @Test
    void everyBitPatternArrivesUnchanged() {
        SplittableRandom random = new SplittableRandom(11);
        int as = L + 1, bs = L + 2;
        float[] a = new float[L * as + L], b = new float[L * bs + L];
        for (int i = 0; i < a.length; i++) a[i] = Float.intBitsToFloat(random.nextInt()); // NaN payloads, −0, subnormals
        a[0] = -0f;
        a[1] = Float.intBitsToFloat(0x7fc0_1234);
        Transpose.block(a, 0, as, b, 0, bs, 0, 0);
        for (int r = 0; r < L; r++) {
            for (int j = 0; j < L; j++) {
                assertThat(Float.floatToRawIntBits(b[r * bs + j])).as("column %d, float %d", r, j)
                        .isEqualTo(Float.floatToRawIntBits(a[j * as + r]));
            }
        }
    }

    @ParameterizedTest(name = "{0} channels of {1}x{2}, {3} images")
    @CsvSource({"16, 4, 4, 3", "32, 8, 8, 2", "16, 16, 16, 1", "64, 8, 8, 2", "16, 32, 32, 1", "32, 4, 4, 5",
            "8, 8, 8, 2", "16, 2, 2, 3", "12, 8, 8, 2", "16, 6, 6, 2", "16, 3, 16, 2", "32, 1, 16, 2"})
    void channelLastCopiesMatchTheirLayout(int c, int h, int w, int images) {
        SplittableRandom random = new SplittableRandom(31L * c + h + 7L * w + images);
        float[] x = new float[3 + images * c * h * w];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble() + 0.5f;
        ChannelLastImages buffer = new ChannelLastImages();
        // a larger shape first leaves the buffer dirty: the pad must still read zero
        float[] dirty = new float[(images + 1) * (c + 1) * (h + 3) * (w + 3)];
        Arrays.fill(dirty, 9f);
        buffer.copy(dirty, 0, c + 1, h + 1, w + 1, images + 1, 0);
        int slack = 2 * L;
        float[] xh = buffer.copy(x, 3, c, h, w, images, slack);
        int wq = w + 2, size = images * (h + 2) * wq * c;
        for (int n = 0; n < images; n++) {
            for (int y = -1; y <= h; y++) {
                for (int col = -1; col <= w; col++) {
                    for (int i = 0; i < c; i++) {
                        boolean pad = y < 0 || y >= h || col < 0 || col >= w;
                        float expected = pad ? 0f : x[3 + ((n * c + i) * h + y) * w + col];
                        assertThat(xh[((n * (h + 2) + y + 1) * wq + col + 1) * c + i])
                                .as("image %d, row %d, column %d, channel %d", n, y, col, i).isEqualTo(expected);
                    }
                }
            }
        }
        for (int s = size; s < size + slack; s++) assertThat(xh[s]).as("slack %d", s - size).isZero();
    }

    @ParameterizedTest(name = "{0} of {1} channel lanes, {2} pixels, {3} images")
    @CsvSource({"16, 16, 16, 3", "32, 32, 64, 2", "64, 64, 16, 2", "32, 32, 256, 1", "12, 16, 16, 2", "16, 16, 9, 2",
            "8, 16, 64, 2"})
    void planesAndChannelLastRowsConvertBothWays(int channels, int padded, int plane, int images) {
        // the padded width must be whole vectors, as the kernels allocate it
        int channelsP = (padded + L - 1) / L * L;
        SplittableRandom random = new SplittableRandom(13L * channels + plane + images);
        // channel-last rows to planes (the forward's outputs)
        float[] yh = new float[images * plane * channelsP];
        for (int i = 0; i < yh.length; i++) yh[i] = (float) random.nextDouble();
        int yOff = 4;
        float[] y = new float[yOff + images * channels * plane + L];
        Arrays.fill(y, Float.NaN);
        ChannelLaneForward.unpack(yh, channelsP, images, channels, plane, y, yOff);
        for (int n = 0; n < images; n++) {
            for (int o = 0; o < channels; o++) {
                for (int k = 0; k < plane; k++) {
                    assertThat(y[yOff + (n * channels + o) * plane + k]).as("unpack: image %d, channel %d, pixel %d", n, o, k)
                            .isEqualTo(yh[(n * plane + k) * channelsP + o]);
                }
            }
        }
        assertThat(y[0]).isNaN();
        assertThat(y[yOff + images * channels * plane]).isNaN();
        // planes to channel-last rows (the weight gradient's output gradients), lanes past the channels zero
        float[] dy = new float[yOff + images * channels * plane];
        for (int i = 0; i < dy.length; i++) dy[i] = (float) random.nextDouble() + 1f;
        float[] dyh = new float[images * plane * channelsP];
        Arrays.fill(dyh, Float.NaN);
        ChannelLaneGradient.transposeGradients(dy, yOff, channels, plane, channelsP, images, dyh);
        for (int n = 0; n < images; n++) {
            for (int k = 0; k < plane; k++) {
                for (int o = 0; o < channelsP; o++) {
                    float expected = o < channels ? dy[yOff + (n * channels + o) * plane + k] : 0f;
                    assertThat(dyh[(n * plane + k) * channelsP + o]).as("gradients: image %d, pixel %d, lane %d", n, k, o)
                            .isEqualTo(expected);
                }
            }
        }
    }
}
