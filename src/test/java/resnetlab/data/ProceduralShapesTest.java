package resnetlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProceduralShapesTest {
    @Test
    void sameSeedSameImagesOtherSeedOtherImages() {
        Dataset a = ProceduralShapes.generate(300, 16, 7), b = ProceduralShapes.generate(300, 16, 7);
        Dataset c = ProceduralShapes.generate(300, 16, 8);
        assertThat(a.images().data).isEqualTo(b.images().data);
        assertThat(a.labels()).isEqualTo(b.labels());
        int same = 0;
        for (int i = 0; i < 300; i++) if (Arrays.equals(a.image(i).data, c.image(i).data)) same++;
        assertThat(same).isZero();
    }

    @Test
    void imageIDoesNotDependOnTheCount() {
        Dataset small = ProceduralShapes.generate(30, 12, 3), large = ProceduralShapes.generate(1000, 12, 3);
        for (int i = 0; i < 30; i++) assertThat(large.image(i).data).isEqualTo(small.image(i).data);
        float[] one = new float[3 * 12 * 12];
        assertThat(ProceduralShapes.draw(777, 3, 12, one, 0)).isEqualTo(7);
        assertThat(one).isEqualTo(large.image(777).data);
    }

    @Test
    void tenBalancedClassesRgbInTheUnitInterval() {
        for (int size : new int[] {8, 16, 32}) {
            Dataset d = ProceduralShapes.generate(1000, size, 11);
            assertThat(d.images().shape()).containsExactly(1000, 3, size, size);
            assertThat(d.numClasses()).isEqualTo(10);
            assertThat(d.classCounts()).containsOnly(100);
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float v : d.images().data) { min = Math.min(min, v); max = Math.max(max, v); }
            assertThat(min).isGreaterThanOrEqualTo(0f);
            assertThat(max).isLessThanOrEqualTo(1f);
            assertThat(max - min).isGreaterThan(0.9f);
        }
        assertThatThrownBy(() -> ProceduralShapes.generate(10, 7, 1)).hasMessageContaining("at least 8");
    }

    /** Colour carries no class information: every class has about the mean colour of the whole set. */
    @Test
    void classesCannotBeToldApartByMeanColour() {
        Dataset d = ProceduralShapes.generate(5000, 16, 21);
        int plane = 16 * 16;
        double[][] classMean = new double[10][3];
        double[] overall = new double[3];
        for (int i = 0; i < d.size(); i++) {
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int j = 0; j < plane; j++) s += d.images().data[(i * 3 + c) * plane + j];
                classMean[d.label(i)][c] += s / plane / 500;
                overall[c] += s / plane / 5000;
            }
        }
        for (int k = 0; k < 10; k++) for (int c = 0; c < 3; c++) assertThat(classMean[k][c]).isCloseTo(overall[c], within(0.04));
    }

    /** Each image has a shape on a background, not a blank: within-image contrast well above the noise. */
    @Test
    void everyImageShowsSomething() {
        Dataset d = ProceduralShapes.generate(500, 16, 4);
        int len = d.imageLength();
        for (int i = 0; i < d.size(); i++) {
            float[] px = Arrays.copyOfRange(d.images().data, i * len, (i + 1) * len);
            Arrays.sort(px);
            // spread between the 10th and 90th percentile of the image's values
            assertThat(px[len * 9 / 10] - px[len / 10]).as("image %d (%s)", i, d.classNames().get(d.label(i))).isGreaterThan(0.1f);
        }
    }
}
