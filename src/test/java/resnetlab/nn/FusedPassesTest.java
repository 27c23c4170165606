package resnetlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetlab.kernel.Compute;
import resnetlab.kernel.EngineSwitch;
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

    /**
     * ReLU → conv goes backward as one call ({@link Conv2d#backwardThroughRelu}): every kind of convolution the
     * layer runs (direct stride 1 on padded images and on dense ones, the channel lanes and Winograd where the
     * shape picks them, stride 2, im2col for 1x1), two threads with groups of several images, and the reference.
     */
    @ParameterizedTest(name = "fast path {0}: {1}→{2}, {3}x{3}, k {4}, stride {5}, batch {6}")
    @CsvSource({
        "true, 8, 8, 16, 3, 1, 9", "true, 16, 16, 8, 3, 1, 21", "true, 32, 32, 4, 3, 1, 70", "true, 64, 64, 8, 3, 1, 5",
        "true, 8, 16, 16, 3, 2, 9", "true, 16, 32, 8, 3, 2, 37", "true, 6, 10, 7, 1, 1, 5", "true, 3, 5, 9, 3, 1, 4",
        "false, 8, 8, 16, 3, 1, 5", "false, 8, 16, 8, 3, 2, 5", "false, 6, 10, 7, 1, 1, 3"})
    void reluThenConvolutionGoBackwardAsTheTwoLayersBitForBit(boolean fast, int cin, int cout, int size, int k, int stride,
                                                              int batch) {
        try (Compute c = fast ? Compute.best(2) : Compute.reference()) {
            int pad = k / 2;
            Conv2d conv = new Conv2d("conv", cin, cout, k, stride, pad, false, c);
            Conv2d convAlone = new Conv2d("conv", cin, cout, k, stride, pad, false, c);
            Tensor w = GradCheck.randn(11, cout, cin, k, k);
            System.arraycopy(w.data, 0, conv.weight().value.data, 0, w.size());
            System.arraycopy(w.data, 0, convAlone.weight().value.data, 0, w.size());
            Relu relu = new Relu(), reluAlone = new Relu();
            reluAlone.useCompute(c);
            Sequential fused = new Sequential(List.of(relu, conv));
            Tensor x = GradCheck.randn(12, batch, cin, size, size);
            Tensor y = fused.forward(x, true);
            Tensor dy = GradCheck.randn(13, y.shape());
            assertThat(y.data).containsExactly(convAlone.forward(reluAlone.forward(x, true), true).data);

            float[] expected = reluAlone.backward(convAlone.backward(dy)).data.clone();
            assertThat(expected).as("the ReLU zeroes some of the gradient").contains(0f);
            assertThat(fused.backward(dy).data).as("input gradient").containsExactly(expected);
            assertThat(conv.weight().grad.data).as("weight gradient").containsExactly(convAlone.weight().grad.data);

            // the net's first layers: no input gradient asked, none computed; the weight gradient as before
            conv.weight().grad.fill(0f);
            assertThat(fused.backward(dy, false)).isNull();
            assertThat(conv.weight().grad.data).as("weight gradient, no input gradient").containsExactly(convAlone.weight().grad.data);
        }
    }

    /**
     * conv → BN → ReLU → conv → BN in training, as {@link Sequential} runs it (each BN's forward sums taken by the
     * convolution before it, the first BN's backward sums by the second convolution, through the ReLU, and each BN's
     * backward pass run by the convolution before it, a group of images at a time; and with that last fusion switched
     * off, {@link EngineSwitch#BN_BACKWARD_IN_CONV}) against the five layers called one by one: outputs, running
     * statistics, every gradient, bit for bit. Batches that split
     * unevenly into chunks and into the BN's groups of images; shapes that take each convolution kernel.
     */
    @ParameterizedTest(name = "fast path {0}: {1}→{2}, {3}x{3}, stride {4}, batch {5}")
    @CsvSource({
        "true, 8, 8, 16, 1, 9", "true, 16, 16, 8, 1, 21", "true, 32, 32, 4, 1, 70", "true, 64, 64, 8, 1, 5",
        "true, 8, 16, 16, 2, 9", "true, 16, 32, 8, 2, 37", "true, 3, 5, 9, 1, 4", "true, 8, 8, 2, 1, 3",
        "false, 8, 8, 16, 1, 5", "false, 8, 16, 8, 2, 5"})
    void convolutionsTakeTheBatchNormSumsBitForBit(boolean fast, int cin, int cout, int size, int stride, int batch) {
        for (boolean bnInConv : new boolean[] {true, false}) {
            try {
                EngineSwitch.BN_BACKWARD_IN_CONV.set(bnInConv);
                branchIsTheLayersBitForBit(fast, cin, cout, size, stride, batch, bnInConv);
            } finally {
                EngineSwitch.BN_BACKWARD_IN_CONV.set(true);
            }
        }
    }

    private static void branchIsTheLayersBitForBit(boolean fast, int cin, int cout, int size, int stride, int batch,
                                                   boolean bnInConv) {
        try (Compute c = fast ? Compute.best(2) : Compute.reference()) {
            Layer[] fusedLayers = branch(c, cin, cout, stride), alone = branch(c, cin, cout, stride);
            Sequential fused = new Sequential(List.of(fusedLayers));
            Tensor x = GradCheck.randn(21, batch, cin, size, size);
            for (int i = 0; i < x.size(); i++) x.data[i] += 3f; // a mean far from 0: the shifted sums matter
            Tensor expected = x;
            for (Layer l : alone) expected = l.forward(expected, true);
            float[] y = fused.forward(x, true).data.clone();
            assertThat(y).as("forward").containsExactly(expected.data);
            Tensor dy = GradCheck.randn(22, expected.shape());
            Tensor dx = dy;
            for (int i = alone.length - 1; i >= 0; i--) dx = alone[i].backward(dx);
            assertThat(fused.backward(dy).data).as("input gradient").containsExactly(dx.data);
            for (int i = 0; i < alone.length; i++) {
                List<Parameter> a = alone[i].parameters(), f = fusedLayers[i].parameters();
                for (int j = 0; j < a.size(); j++) {
                    assertThat(f.get(j).grad.data).as(f.get(j).name + " gradient").containsExactly(a.get(j).grad.data);
                }
                List<Tensor> ab = alone[i].buffers(), fb = fusedLayers[i].buffers();
                for (int j = 0; j < ab.size(); j++) assertThat(fb.get(j).data).containsExactly(ab.get(j).data);
            }
            // the sums were taken where they can be (both forwards, the first BN's backward): where the BN splits
            // the images as the convolutions do, one chunk per thread; tensors too small for a hand-off are one chunk
            int out = size / stride;
            boolean sameChunks = c.threads() == 1 || (long) batch * cout * out * out >= resnetlab.kernel.Parallel.MIN_RANGE;
            assertThat(((BatchNorm2d) fusedLayers[1]).fusedSumCalls()).isEqualTo(sameChunks ? 2 : 0);
            assertThat(((BatchNorm2d) fusedLayers[4]).fusedSumCalls()).isEqualTo(sameChunks ? 1 : 0);
            // both BNs' backward passes ran in the convolutions' (the switch on), or in their own
            assertThat(((BatchNorm2d) fusedLayers[1]).pendingGradients()).isEqualTo(bnInConv ? 1 : 0);
            assertThat(((BatchNorm2d) fusedLayers[4]).pendingGradients()).isEqualTo(bnInConv ? 1 : 0);
        }
    }

    /**
     * BN → join → ReLU in one pass ({@link BatchNorm2d#forwardJoined}) against the BN's forward, the join's
     * {@code axpby(1, ·, λ, h)} and the ReLU's forward: output, running statistics and the backward of the ReLU and
     * the BN after it, bit for bit; in training and eval, with a shortcut scaled by λ and without a shortcut.
     */
    @ParameterizedTest(name = "fast path {0}, training {1}, λ {2}, shortcut {3}")
    @CsvSource({"true, true, 1, true", "true, true, 0.5, true", "true, false, 1, true", "true, true, 1, false",
                "false, true, 0.5, true", "false, false, 1, false"})
    void batchNormJoinAndReluAreTheThreePassesBitForBit(boolean fast, boolean training, float lambda, boolean withShortcut) {
        try (Compute c = fast ? Compute.best(2) : Compute.reference()) {
            BatchNorm2d bn = batchNorm(c), bnAlone = batchNorm(c);
            Relu relu = new Relu(), reluAlone = new Relu();
            relu.useCompute(c);
            reluAlone.useCompute(c);
            Tensor x = GradCheck.randn(41, 16, 6, 12, 12), h = withShortcut ? GradCheck.randn(42, x.shape()) : null;

            Tensor f = bnAlone.forward(x, training);
            Tensor z = new Tensor(x.shape());
            if (h != null) c.elementwise().axpby(1f, f.data, lambda, h.data, z.data, 0, z.size());
            else System.arraycopy(f.data, 0, z.data, 0, z.size());
            float[] expected = reluAlone.forward(z, training).data.clone();
            assertThat(bn.forwardJoined(x, training, h, lambda, relu).data).as("forward").containsExactly(expected);
            assertThat(relu.lastOutput().data).as("the ReLU's own output").containsExactly(expected);
            assertThat(bn.runningMean().data).containsExactly(bnAlone.runningMean().data);
            assertThat(bn.runningVar().data).containsExactly(bnAlone.runningVar().data);

            Tensor dy = GradCheck.randn(43, x.shape());
            float[] dxExpected = bnAlone.backward(reluAlone.backward(dy)).data.clone();
            assertThat(bn.backward(relu.backward(dy)).data).as("backward").containsExactly(dxExpected);
            assertThat(bn.gamma().grad.data).containsExactly(bnAlone.gamma().grad.data);
        }
    }

    /** conv(stride) → BN → ReLU → conv → BN, with the same seeded weights and BN parameters for every call. */
    private static Layer[] branch(Compute c, int cin, int cout, int stride) {
        Conv2d c1 = new Conv2d("c1", cin, cout, 3, stride, 1, false, c), c2 = new Conv2d("c2", cout, cout, 3, 1, 1, false, c);
        Tensor w1 = GradCheck.randn(23, c1.weight().value.shape()), w2 = GradCheck.randn(24, c2.weight().value.shape());
        System.arraycopy(w1.data, 0, c1.weight().value.data, 0, w1.size());
        System.arraycopy(w2.data, 0, c2.weight().value.data, 0, w2.size());
        BatchNorm2d b1 = new BatchNorm2d("b1", cout), b2 = new BatchNorm2d("b2", cout);
        for (BatchNorm2d b : List.of(b1, b2)) {
            b.useCompute(c);
            for (int ch = 0; ch < cout; ch++) {
                b.gamma().value.data[ch] = 0.5f + 0.05f * ch;
                b.beta().value.data[ch] = 0.03f * ch - 0.2f;
            }
        }
        Relu relu = new Relu();
        relu.useCompute(c);
        return new Layer[] {c1, b1, relu, c2, b2};
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
