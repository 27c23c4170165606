package resnetlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetlab.kernel.Compute;
import resnetlab.tensor.Tensor;

/**
 * The passes {@link Sequential} fuses give exactly what the layers give one by one: BN → ReLU as one pass in
 * forward (training and eval) with the ReLU's backward reading the fused output, and conv → BN → ReLU in
 * inference. Two threads with tensors of several chunks, and the reference path.
 */
class FusedPassesTest {

    @ParameterizedTest(name = "fast path {0}, training {1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void batchNormThenReluIsTheTwoLayersBitForBit(boolean fast, boolean training) {
        try (Compute c = fast ? Compute.best(2) : Compute.reference()) {
            BatchNorm2d fusedBn = batchNorm(c), aloneBn = batchNorm(c);
            Relu fusedRelu = new Relu(), aloneRelu = new Relu();
            aloneRelu.useCompute(c);
            Sequential fused = new Sequential(List.of(fusedBn, fusedRelu));
            fused.useCompute(c);
            Tensor x = GradCheck.randn(3, 16, 6, 12, 12), dy = GradCheck.randn(4, 16, 6, 12, 12);

            float[] expected = aloneRelu.forward(aloneBn.forward(x, training), training).data.clone();
            assertThat(fused.forward(x, training).data).as("forward").containsExactly(expected);
            assertThat(fusedRelu.lastOutput().data).as("the ReLU's own output").containsExactly(expected);

            float[] dxExpected = aloneBn.backward(aloneRelu.backward(dy)).data.clone();
            assertThat(fused.backward(dy).data).as("backward").containsExactly(dxExpected);
            assertThat(fusedBn.gamma().grad.data).containsExactly(aloneBn.gamma().grad.data);
            assertThat(fusedBn.beta().grad.data).containsExactly(aloneBn.beta().grad.data);
            assertThat(fusedBn.runningVar().data).containsExactly(aloneBn.runningVar().data);
        }
    }

    @ParameterizedTest(name = "fast path {0}")
    @CsvSource({"true", "false"})
    void inferenceOfConvBatchNormReluIsTheThreeEvalForwardsBitForBit(boolean fast) {
        try (Compute c = fast ? Compute.best(2) : Compute.reference()) {
            Conv2d conv = new Conv2d("conv", 4, 6, 3, 1, 1, false, c), convAlone = new Conv2d("conv", 4, 6, 3, 1, 1, false, c);
            Tensor w = GradCheck.randn(8, 6, 4, 3, 3);
            System.arraycopy(w.data, 0, conv.weight().value.data, 0, w.size());
            System.arraycopy(w.data, 0, convAlone.weight().value.data, 0, w.size());
            BatchNorm2d bn = batchNorm(c), bnAlone = batchNorm(c);
            Relu relu = new Relu();
            Sequential fused = new Sequential(List.of(conv, bn, relu));
            Tensor x = GradCheck.randn(9, 16, 4, 12, 12);
            Relu reluAlone = new Relu();
            reluAlone.useCompute(c);
            float[] expected = reluAlone.forward(bnAlone.forward(convAlone.forward(x, false), false), false).data.clone();
            assertThat(fused.infer(x).data).containsExactly(expected);
            assertThat(fused.forward(x, false).data).containsExactly(expected);
        }
    }

    /** A BN with statistics and affine parameters away from their initial values (the same for every call). */
    private static BatchNorm2d batchNorm(Compute c) {
        BatchNorm2d bn = new BatchNorm2d("bn", 6);
        bn.useCompute(c);
        for (int ch = 0; ch < 6; ch++) {
            bn.gamma().value.data[ch] = 0.5f + 0.2f * ch;
            bn.beta().value.data[ch] = 0.3f * ch - 0.6f;
            bn.runningMean().data[ch] = 0.1f * ch - 0.2f;
            bn.runningVar().data[ch] = 0.5f + 0.3f * ch;
        }
        return bn;
    }
}
