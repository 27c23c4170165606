package resnetlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import resnetlab.kernel.Compute;
import resnetlab.tensor.Tensor;

class InferenceOutputsTest {

    @Test
    void handsOutTheRingInTurnNeverTheInputOrTheJoinedMap() {
        InferenceOutputs outputs = new InferenceOutputs();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Tensor[] first = new Tensor[InferenceOutputs.RING];
        for (int i = 0; i < InferenceOutputs.RING; i++) {
            first[i] = outputs.take(2, 3, 4, 4, null, null);
            assertThat(first[i].shape()).containsExactly(2, 3, 4, 4);
            seen.add(first[i]);
        }
        assertThat(seen).hasSize(InferenceOutputs.RING);
        assertThat(outputs.take(2, 3, 4, 4, null, null)).isSameAs(first[0]); // in turn: the oldest again
        // the next in turn is first[1]; as the input and first[2] as the joined map, both are skipped
        assertThat(outputs.take(2, 3, 4, 4, first[1], first[2])).isSameAs(first[3]);
        // another shape has a ring of its own
        Tensor other = outputs.take(2, 6, 2, 2, null, null);
        assertThat(other.shape()).containsExactly(2, 6, 2, 2);
        assertThat(seen).doesNotContain(other);
        // another batch size too, and the first ring stays as it was
        Tensor batch5 = outputs.take(5, 3, 4, 4, null, null);
        assertThat(batch5.shape()).containsExactly(5, 3, 4, 4);
        assertThat(outputs.take(2, 3, 4, 4, null, null)).isSameAs(first[0]);
        // past MAX_RINGS shapes, all are dropped and made anew
        for (int c = 10; c < 10 + InferenceOutputs.MAX_RINGS; c++) outputs.take(2, c, 1, 1, null, null);
        assertThat(outputs.take(2, 3, 4, 4, null, null)).isNotIn(seen.toArray());
    }

    @Test
    void aConvolutionWithSharedOutputsInfersIntoThemAndKeepsItsForwardsOutput() {
        for (Compute c : new Compute[] {Compute.best(2), Compute.reference()}) {
            try (c) {
                Conv2d conv = new Conv2d("c", 3, 5, 3, 1, 1, false, c);
                Tensor x = GradCheck.randn(3, 2, 3, 6, 6);
                for (int i = 0; i < conv.weight().value.data.length; i++) conv.weight().value.data[i] = (float) Math.sin(i);
                float[] expected = conv.forward(x, false).data.clone();
                Tensor own = conv.lastOutput();
                InferenceOutputs outputs = new InferenceOutputs();
                conv.shareInferenceOutputs(outputs);
                Tensor a = conv.infer(x), b = conv.infer(x);
                assertThat(a).isNotSameAs(own).isNotSameAs(b);
                assertThat(a.data).containsExactly(expected);
                assertThat(b.data).containsExactly(expected);
                assertThat(conv.lastOutput()).isSameAs(own);
                // a training forward still writes the layer's own tensor, which its backward reads
                assertThat(conv.forward(x, true)).isSameAs(own);
            }
        }
    }
}
