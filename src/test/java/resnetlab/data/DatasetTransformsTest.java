package resnetlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import resnetlab.tensor.Tensor;

/** Resizing and subset selection. */
class DatasetTransformsTest {
    private static Dataset of(Tensor t, int... labels) {
        return new Dataset("t", "test", List.of("a", "b", "c"), t, labels);
    }

    @Test
    void areaShrinkByTwoAveragesBlocks() {
        var t = new Tensor(1, 1, 4, 4);
        for (int i = 0; i < 16; i++) t.data[i] = i;
        Dataset r = of(t, 0).resized(2);
        // blocks {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15}
        assertThat(r.images().data).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
    }

    @Test
    void areaShrinkByAFractionKeepsTheMeanAndConstants() {
        var t = new Tensor(2, 2, 28, 28);
        var rng = new java.util.SplittableRandom(1);
        for (int i = 0; i < t.size(); i++) t.data[i] = i < 2 * 784 ? rng.nextFloat() : 0.25f;
        Dataset r = of(t, 0, 1).resized(16);
        assertThat(r.images().shape()).containsExactly(2, 2, 16, 16);
        double in = 0, out = 0;
        for (int j = 0; j < 784; j++) in += t.data[j];
        for (int j = 0; j < 256; j++) out += r.images().data[j];
        assertThat(out / 256).isCloseTo(in / 784, within(1e-5));       // area weights preserve the mean
        for (int j = 2 * 256; j < 4 * 256; j++) assertThat(r.images().data[j]).isCloseTo(0.25f, within(1e-6f));
    }

    @Test
    void bilinearEnlargeUsesHalfPixelCentres() {
        var t = new Tensor(new float[] {0, 1, 2, 3}, 1, 1, 2, 2);
        Dataset r = of(t, 0).resized(4);
        // along one axis 2 → 4: positions -0.25, 0.25, 0.75, 1.25 → clamp, so weights give 0, .25, .75, 1 of the step
        float[] row0 = {0f, 0.25f, 0.75f, 1f};
        for (int x = 0; x < 4; x++) assertThat(r.images().get(0, 0, 0, x)).isCloseTo(row0[x], within(1e-6f));
        for (int y = 0; y < 4; y++) assertThat(r.images().get(0, 0, y, 0)).isCloseTo(2 * row0[y], within(1e-6f));
        assertThat(r.images().get(0, 0, 3, 3)).isEqualTo(3f);
        assertThat(r.description()).contains("(bilinear)");
    }

    @Test
    void sameSizeIsTheSameDataset() {
        Dataset d = of(new Tensor(1, 1, 3, 3), 0);
        assertThat(d.resized(3)).isSameAs(d);
    }

    @Test
    void firstPerClassTakesTheEarliestInFileOrder() {
        int[] labels = {2, 0, 0, 1, 2, 0, 1, 1, 2, 0};
        assertThat(Subsets.firstPerClass(labels, 3, 6)).containsExactly(0, 1, 2, 3, 4, 6);
        // 7 = 3 + 2 + 2: class 0 gets the extra one
        assertThat(Subsets.firstPerClass(labels, 3, 7)).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(Subsets.quota(3, 7)).containsExactly(3, 2, 2);
    }

    @Test
    void randomPerClassIsBalancedAndSeeded() {
        int[] labels = new int[300];
        for (int i = 0; i < 300; i++) labels[i] = (i * 7) % 3;
        int[] a = Subsets.randomPerClass(labels, 3, 30, 1), b = Subsets.randomPerClass(labels, 3, 30, 1);
        int[] c = Subsets.randomPerClass(labels, 3, 30, 2);
        assertThat(a).isEqualTo(b).isNotEqualTo(c).isSorted().doesNotHaveDuplicates();
        int[] counts = new int[3];
        for (int i : a) counts[labels[i]]++;
        assertThat(counts).containsExactly(10, 10, 10);
        assertThat(a).isNotEqualTo(Subsets.firstPerClass(labels, 3, 30));
    }

    @Test
    void selectCopiesImagesAndLabels() {
        Dataset d = ProceduralShapes.generate(40, 8, 1);
        Dataset s = d.randomPerClass(20, 4);
        assertThat(s.classCounts()).containsOnly(2);
        Dataset picked = d.select(new int[] {5, 5, 17});
        assertThat(picked.labels()).containsExactly(5, 5, 7);
        assertThat(picked.image(2).data).isEqualTo(d.image(17).data);
        assertThatThrownBy(() -> d.select(new int[] {40})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void datasetChecksItsLabels() {
        assertThatThrownBy(() -> of(new Tensor(2, 1, 2, 2), 0, 3))
                .hasMessage("label 3 at index 1 is out of range 0..2");
        assertThatThrownBy(() -> of(new Tensor(2, 1, 2, 2), 0)).hasMessage("2 images but 1 labels");
    }
}
