package resnetlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import resnetlab.tensor.Tensor;

class BatchesTest {
    /** 103 images of 1x2x2 whose pixels all equal the image index; labels i % 10. */
    private static Dataset indexed(int n) {
        var t = new Tensor(n, 1, 2, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(t.data, i * 4, i * 4 + 4, i);
            labels[i] = i % 10;
        }
        return new Dataset("indexed", "", ProceduralShapes.CLASS_NAMES, t, labels);
    }

    private static List<Integer> epochOrder(Batches b) {
        List<Integer> seen = new ArrayList<>();
        while (b.next()) for (int k = 0; k < b.count(); k++) seen.add(b.indices()[k]);
        return seen;
    }

    @Test
    void everyIndexOncePerEpochWithMatchingImagesAndLabels() {
        Dataset d = indexed(103);
        Batches b = Batches.shuffled(d, 10, false, Augmentation.NONE, 42);
        assertThat(b.batchesPerEpoch()).isEqualTo(11);
        for (int epoch = 0; epoch < 3; epoch++) {
            b.startEpoch(epoch);
            boolean[] seen = new boolean[103];
            int batches = 0;
            while (b.next()) {
                batches++;
                assertThat(b.images().n()).isEqualTo(b.count());
                for (int k = 0; k < b.count(); k++) {
                    int i = b.indices()[k];
                    assertThat(seen[i]).as("index %d twice", i).isFalse();
                    seen[i] = true;
                    assertThat(b.labels()[k]).isEqualTo(i % 10);
                    assertThat(b.images().get(k, 0, 1, 1)).isEqualTo((float) i);
                }
            }
            assertThat(batches).isEqualTo(11);
            assertThat(seen).containsOnly(true);
            assertThat(b.count()).isEqualTo(3); // the kept last batch
        }
    }

    @Test
    void dropLastLeavesOutThePartialBatch() {
        Batches b = Batches.shuffled(indexed(103), 10, true, Augmentation.NONE, 42);
        assertThat(b.batchesPerEpoch()).isEqualTo(10);
        List<Integer> order = epochOrder(b);
        assertThat(order).hasSize(100).doesNotHaveDuplicates();
        assertThatThrownBy(() -> Batches.shuffled(indexed(5), 10, true, Augmentation.NONE, 1))
                .hasMessageContaining("not one full batch of 10");
    }

    @Test
    void sameSeedSameOrderOtherSeedOrEpochOtherOrder() {
        Dataset d = indexed(103);
        List<Integer> a0 = epochOrder(Batches.shuffled(d, 16, false, Augmentation.NONE, 7));
        List<Integer> b0 = epochOrder(Batches.shuffled(d, 16, false, Augmentation.NONE, 7));
        List<Integer> c0 = epochOrder(Batches.shuffled(d, 16, false, Augmentation.NONE, 8));
        Batches a = Batches.shuffled(d, 16, false, Augmentation.NONE, 7);
        a.startEpoch(1);
        List<Integer> a1 = epochOrder(a);
        assertThat(a0).isEqualTo(b0);
        assertThat(a0).isNotEqualTo(c0);
        assertThat(a0).isNotEqualTo(a1);
        // a shuffled order, not the identity
        List<Integer> identity = new ArrayList<>();
        for (int i = 0; i < 103; i++) identity.add(i);
        assertThat(a0).isNotEqualTo(identity).containsExactlyInAnyOrderElementsOf(identity);
    }

    @Test
    void advanceRollsOverAndMatchesJumpingToTheEpoch() {
        Dataset d = ProceduralShapes.generate(50, 8, 1);
        Batches rolling = Batches.shuffled(d, 8, true, Augmentation.STANDARD, 3);
        for (int it = 0; it < 6 * 2 + 1; it++) rolling.advance();      // 6 batches per epoch: now batch 0 of epoch 2
        assertThat(rolling.epoch()).isEqualTo(2);
        Batches jumped = Batches.shuffled(d, 8, true, Augmentation.STANDARD, 3);
        jumped.startEpoch(2);
        jumped.next();
        assertThat(rolling.indices()).isEqualTo(jumped.indices());
        assertThat(rolling.images().data).isEqualTo(jumped.images().data);
    }

    @Test
    void augmentedBatchesAreSeededAndDifferFromTheRawImages() {
        Dataset d = ProceduralShapes.generate(40, 8, 1);
        Batches a = Batches.shuffled(d, 40, false, Augmentation.STANDARD, 5), b = Batches.shuffled(d, 40, false, Augmentation.STANDARD, 5);
        a.next();
        b.next();
        assertThat(a.images().data).isEqualTo(b.images().data);
        float[] raw = new float[d.imageLength() * 40];
        for (int k = 0; k < 40; k++) System.arraycopy(d.image(a.indices()[k]).data, 0, raw, k * d.imageLength(), d.imageLength());
        assertThat(a.images().data).isNotEqualTo(raw);
    }

    @Test
    void tensorsAreReusedOnceWarm() {
        Batches b = Batches.shuffled(indexed(103), 10, false, Augmentation.NONE, 1);
        b.next();
        Tensor full = b.images();
        int[] labels = b.labels();
        while (b.next()) if (b.count() == 10) {
            assertThat(b.images()).isSameAs(full);
            assertThat(b.labels()).isSameAs(labels);
        }
        Tensor tail = b.images();
        b.startEpoch(1);
        while (b.next()) assertThat(b.images()).isSameAs(b.count() == 10 ? full : tail);
    }

    @Test
    void evaluationBatchesFollowTheDatasetOrder() {
        Batches b = Batches.inOrder(indexed(25), 10);
        List<Integer> first = epochOrder(b);
        b.startEpoch(5);
        assertThat(epochOrder(b)).isEqualTo(first);
        for (int i = 0; i < 25; i++) assertThat(first.get(i)).isEqualTo(i);
    }
}
