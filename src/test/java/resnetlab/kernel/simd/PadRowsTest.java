package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetlab.kernel.EngineSwitch;

/**
 * {@link VectorConv3x3#pad} and {@link VectorConv3x3#padGradient} at stride 1 (and {@code pad} at stride 2, below), at this run's vector width (the
 * per-width Surefire runs force 128, 256 and 512 bits), with {@link EngineSwitch#VECTOR_PAD} on and off: every pixel
 * lands one row and one column in, everything else of the padded planes stays zero (the half-vector rows' stores write
 * zeros past each row), and nothing outside the planes is written. Rows of half a vector, of whole vectors and of
 * other widths; {@code x} ends with the last image, so its last rows take the copy that does not read past it.
 */
@ExtendWith(SupportedSpecies.class)
class PadRowsTest {
    static final int L = SimdSpecies.FLOAT.length();

    /** w is given as lanes·wLanes/4 + wDelta (wLanes 2: half a vector, 4: one vector, 8: two). */
    @ParameterizedTest(name = "{0} planes of h {1}, w = L·{2}/4 + {3}, vector pad {4}")
    @CsvSource({"1, 1, 2, 0, true", "3, 2, 2, 0, true", "16, 8, 2, 0, true", "5, 7, 2, 0, true", "7, 4, 4, 0, true",
            "3, 5, 8, 0, true", "4, 3, 4, 3, true", "6, 4, 2, -1, true", "2, 28, 0, 28, true", "9, 3, 1, 0, true",
            "16, 8, 2, 0, false", "3, 5, 8, 0, false"})
    void pixelsLandInsideZerosAroundThemAndNothingElseIsWritten(int planes, int h, int wLanes, int wDelta, boolean vectorPad) {
        int w = Math.max(1, L * wLanes / 4 + wDelta), xOff = 3, pOff = 11;
        VectorConv3x3 conv = new VectorConv3x3();
        int wp = conv.paddedWidth(w, 1), size = planes * (h + 2) * wp;
        SplittableRandom random = new SplittableRandom(planes * 131L + h * 7L + w);
        float[] x = new float[xOff + planes * h * w];
        for (int i = 0; i < x.length; i++) x[i] = 1 + (float) random.nextDouble();
        for (boolean gradient : new boolean[] {false, true}) {
            float[] p = new float[pOff + size + 3 * L];
            Arrays.fill(p, Float.NaN);
            Arrays.fill(p, pOff, pOff + size, 0f);
            try {
                EngineSwitch.VECTOR_PAD.set(vectorPad);
                // as one image of `planes` channels, or as `planes` images of one channel
                if (gradient) conv.padGradient(x, xOff, planes, 1, h, w, 1, p, pOff);
                else conv.pad(x, xOff, 1, planes, h, w, 1, p, pOff);
            } finally {
                EngineSwitch.VECTOR_PAD.set(true);
            }
            for (int q = 0; q < planes; q++) {
                for (int r = 0; r < h + 2; r++) {
                    for (int c = 0; c < wp; c++) {
                        boolean pixel = r >= 1 && r <= h && c >= 1 && c <= w;
                        float want = pixel ? x[xOff + (q * h + r - 1) * w + c - 1] : 0f;
                        assertThat(p[pOff + (q * (h + 2) + r) * wp + c])
                                .as("gradient %s, plane %d, row %d, column %d", gradient, q, r, c).isEqualTo(want);
                    }
                }
            }
            for (int i = 0; i < pOff; i++) assertThat(p[i]).as("before, %d", i).isNaN();
            for (int i = pOff + size; i < p.length; i++) assertThat(p[i]).as("after, %d", i).isNaN();
        }
    }

    /**
     * Stride 2: each padded row holds the even padded columns, then the odd ones ({@code [x̃0 x̃2 … | x̃1 x̃3 …]}, x̃c
     * pixel c − 1 and zero outside the row), by vector shuffles for rows of one vector and of pairs of vectors, float by
     * float otherwise or with the switch off; the rest of the planes zero, nothing outside them written.
     */
    @ParameterizedTest(name = "stride 2: {0} planes of h {1}, w = L·{2}/4 + {3}, vector pad {4}")
    @CsvSource({"3, 4, 4, 0, true", "2, 5, 8, 0, true", "2, 3, 16, 0, true", "3, 4, 4, 2, true", "2, 7, 0, 7, true",
            "2, 3, 2, 0, true", "3, 4, 4, 0, false", "2, 5, 8, 0, false"})
    void strideTwoRowsSplitIntoEvenAndOddColumns(int planes, int h, int wLanes, int wDelta, boolean vectorPad) {
        int w = Math.max(1, L * wLanes / 4 + wDelta), xOff = 3, pOff = 11;
        VectorConv3x3 conv = new VectorConv3x3();
        int wp = conv.paddedWidth(w, 2), half = wp / 2, size = planes * (h + 2) * wp;
        SplittableRandom random = new SplittableRandom(planes * 17L + h * 5L + w);
        float[] x = new float[xOff + planes * h * w];
        for (int i = 0; i < x.length; i++) x[i] = 1 + (float) random.nextDouble();
        float[] p = new float[pOff + size + 3 * L];
        Arrays.fill(p, Float.NaN);
        Arrays.fill(p, pOff, pOff + size, 0f);
        try {
            EngineSwitch.VECTOR_PAD.set(vectorPad);
            conv.pad(x, xOff, 1, planes, h, w, 2, p, pOff);
        } finally {
            EngineSwitch.VECTOR_PAD.set(true);
        }
        for (int q = 0; q < planes; q++) {
            for (int r = 0; r < h + 2; r++) {
                for (int j = 0; j < wp; j++) {
                    int column = j < half ? 2 * j : 2 * (j - half) + 1; // the padded column x̃ this float holds
                    boolean pixel = r >= 1 && r <= h && column >= 1 && column <= w;
                    float want = pixel ? x[xOff + (q * h + r - 1) * w + column - 1] : 0f;
                    assertThat(p[pOff + (q * (h + 2) + r) * wp + j]).as("plane %d, row %d, float %d", q, r, j).isEqualTo(want);
                }
            }
        }
        for (int i = 0; i < pOff; i++) assertThat(p[i]).as("before, %d", i).isNaN();
        for (int i = pOff + size; i < p.length; i++) assertThat(p[i]).as("after, %d", i).isNaN();
    }
}
