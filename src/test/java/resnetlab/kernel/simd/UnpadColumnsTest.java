package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link VectorConv3x3#unpadColumns} at this run's vector width (the per-width Surefire runs force 128, 256 and 512
 * bits): the first w of every wv columns of each row land in dense rows, and nothing before or after them is written.
 * Rows of half a vector take the two-rows-per-vector path (an odd last row the scalar one), other widths the default.
 */
@ExtendWith(SupportedSpecies.class)
class UnpadColumnsTest {
    static final int L = SimdSpecies.FLOAT.length();

    /** w is given relative to half a vector (0: exactly L/2), wv relative to w. */
    @ParameterizedTest(name = "rows {0}, w = L/2 + {1}, wv = w + {2}")
    @CsvSource({"1, 0, 2", "2, 0, 2", "3, 0, 2", "7, 0, 0", "64, 0, 2", "2049, 0, 2", "640, 0, 8", "33, 0, 24",
            "10, -1, 3", "10, 1, 2", "5, 2, 0"})
    void rowsLandDenseAndNothingElseIsWritten(int rows, int wDelta, int wvExtra) {
        int w = Math.max(1, L / 2 + wDelta), wv = w + wvExtra, dstOff = 5;
        SplittableRandom random = new SplittableRandom(rows * 31L + w);
        float[] src = new float[rows * wv];
        for (int i = 0; i < src.length; i++) src[i] = (float) random.nextDouble();
        float[] dst = new float[dstOff + rows * w + 2 * L];
        Arrays.fill(dst, Float.NaN);
        new VectorConv3x3().unpadColumns(src, rows, wv, w, dst, dstOff);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                assertThat(dst[dstOff + r * w + j]).as("row %d column %d", r, j).isEqualTo(src[r * wv + j]);
            }
        }
        for (int i = 0; i < dstOff; i++) assertThat(dst[i]).as("before, %d", i).isNaN();
        for (int i = dstOff + rows * w; i < dst.length; i++) assertThat(dst[i]).as("after, %d", i).isNaN();
    }
}
