package resnetlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetlab.kernel.Compute;
import resnetlab.nn.GradCheck;
import resnetlab.nn.Parameter;
import resnetlab.nn.Relu;
import resnetlab.tensor.Tensor;
import org.junit.jupiter.api.extension.ExtendWith;
import resnetlab.kernel.simd.SupportedSpecies;

/**
 * A whole network on the fast path ({@link Compute#best}(2): direct 3x3 convolutions, SIMD elementwise
 * kernels, two threads) against the same network on the reference path ({@link Compute#reference}: im2col +
 * EJML, scalar loops with double sums, one thread): logits, every parameter gradient, the image gradient, the
 * block gradient norms and the BN statistics, over two training steps' worth of forward and backward (the
 * second on warm buffers), in training and eval mode. Image sizes 16 (whole vectors) and 28 → 14 → 7 (partial
 * vectors) both run. Errors are scaled by the largest reference value of each tensor.
 */
@ExtendWith(SupportedSpecies.class)
class FastPathNetworkTest {
    static final Compute FAST = Compute.best(2);
    static final Compute REFERENCE = Compute.reference();
    /** float32 through ~20 layers whose sums run in different orders; BN renormalises every layer. */
    static final double TOLERANCE = 2e-4;
    /**
     * ReLU units allowed to take different sides of the kink in one forward (their inputs within rounding of zero).
     * Twelve inputs of seed 1-12 on the FULL_PREACT case flipped one unit in two of 24 forwards, on the build
     * before the rolling convolution as on the one with it.
     */
    static final int MAX_FLIPS = 3;

    @AfterAll static void close() { FAST.close(); }

    /**
     * max |a − b| / max(1e-2, max |b|). The floor matters where the exact value is zero and only rounding is
     * left: a BN directly before another BN (BN after addition) gets Σ dy = 0 per channel, so its β gradient is
     * pure rounding noise on both paths.
     */
    static double scaledError(float[] a, float[] b) {
        double worst = 0, scale = 1e-2;
        for (float v : b) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        return worst / scale;
    }

    @ParameterizedTest(name = "{0} {1} {2} λ={3}, {4} channels of {5}x{5}")
    @CsvSource({
            "20, IDENTITY, ORIGINAL, 1, 3, 16",
            "20, IDENTITY, ORIGINAL, 1, 1, 28",
            "14, SCALED, ORIGINAL, 0.5, 3, 16",
            "14, EXCLUSIVE_GATE, ORIGINAL, 1, 3, 12",
            "14, IDENTITY, FULL_PREACT, 1, 3, 16",
            "14, CONV1X1, BN_AFTER_ADD, 1, 2, 10",
            "8, NONE, RELU_BEFORE_ADD, 1, 3, 9"})
    void networkMatchesReference(int depth, ShortcutType type, UnitOrder unit, double lambda, int channels, int size) {
        NetworkSpec spec = NetworkSpec.of(depth, 8, channels, size, 10, type).withUnit(unit).withLambda(lambda);
        Network fast = NetworkBuilder.build(spec, FAST, 5), ref = NetworkBuilder.build(spec, REFERENCE, 5);
        Tensor x = GradCheck.randn(1, 12, channels, size, size);
        double worst = 0;
        int gradientSteps = 0;
        for (int step = 0; step < 2; step++) {
            boolean training = step == 0;
            fast.zeroGrad();
            ref.zeroGrad();
            Tensor lf = fast.forward(x, training), lr = ref.forward(x, training);
            worst = Math.max(worst, check("logits", lf.data, lr.data));
            Tensor dLogits = GradCheck.randn(2 + step, lr.shape());
            Tensor df = fast.backward(dLogits), dr = ref.backward(dLogits);
            int flips = reluMaskDifferences(fast, ref);
            if (flips > 0) {
                // a ReLU input within rounding of zero went different ways on the two paths (the forward sums in
                // another order): the gradients then differ by O(1) in that unit's receptive field, in one image,
                // and legitimately; the forward above still matched. A bug would flip far more than a few.
                assertThat(flips).as("ReLU outputs whose sign differs between the paths").isLessThanOrEqualTo(MAX_FLIPS);
                System.out.printf("%s step %d: %d ReLU input(s) at a kink took different sides; gradients not compared%n",
                        spec.displayName(), step, flips);
            }
            List<Tensor> bf = fast.buffers(), br = ref.buffers();
            for (int i = 0; i < br.size(); i++) worst = Math.max(worst, check("BN buffer " + i, bf.get(i).data, br.get(i).data));
            for (int p = 0; p < ref.probes().size(); p++) {
                assertThat(fast.probes().get(p).responseStd())
                        .isCloseTo(ref.probes().get(p).responseStd(), org.assertj.core.data.Percentage.withPercentage(0.05));
            }
            if (flips > 0) continue;
            gradientSteps++;
            worst = Math.max(worst, check("image gradient", df.data, dr.data));
            List<Parameter> pf = fast.parameters(), pr = ref.parameters();
            for (int i = 0; i < pr.size(); i++) worst = Math.max(worst, check(pr.get(i).name, pf.get(i).grad.data, pr.get(i).grad.data));
            for (int b = 0; b < ref.blocks().size(); b++) {
                ResidualBlock a = fast.blocks().get(b), e = ref.blocks().get(b);
                assertThat(a.outGradNorm()).isCloseTo(e.outGradNorm(), org.assertj.core.data.Percentage.withPercentage(0.05));
                assertThat(a.branchGradNorm()).isCloseTo(e.branchGradNorm(), org.assertj.core.data.Percentage.withPercentage(0.05));
                assertThat(a.skipGradNorm()).isCloseTo(e.skipGradNorm(), org.assertj.core.data.Percentage.withPercentage(0.05));
            }
        }
        assertThat(gradientSteps).as("steps whose gradients were compared").isGreaterThanOrEqualTo(1);
        System.out.printf("%s fast vs reference: max scaled error %.2e%n", spec.displayName(), worst);
    }

    /**
     * Training steps whose weights change between them, as the optimizer's do: the two-thread net packs every layer's
     * weights for the step side by side before its forward ({@link Network#packWeights}, the layers shared out among
     * the threads), and its logits, input gradients and weight gradients must still follow the reference path's on
     * the same weights, step after step. ResNet-20 at width 16 on 32x32 images takes every packing there is at 16
     * lanes (row Winograd, F(4x4,3x3) for the 64→64 layers, the stride-2 layers' direct ones, the adjoints).
     */
    @ParameterizedTest(name = "{0}, width {1}, {2}x{2}")
    @CsvSource({"20, 16, 32", "14, 8, 16"})
    void trainingStepsWithChangingWeightsFollowTheReference(int depth, int width, int size) {
        NetworkSpec spec = NetworkSpec.of(depth, width, 3, size, 10, ShortcutType.IDENTITY);
        Network fast = NetworkBuilder.build(spec, FAST, 7), ref = NetworkBuilder.build(spec, REFERENCE, 7);
        Tensor x = GradCheck.randn(4, 4, 3, size, size);
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        List<Parameter> pf = fast.parameters(), pr = ref.parameters();
        double worst = 0;
        for (int step = 0; step < 4; step++) {
            for (int i = 0; i < pr.size(); i++) { // a step of the same size on both nets' weights
                float[] a = pf.get(i).value.data, b = pr.get(i).value.data;
                for (int j = 0; j < b.length; j++) a[j] = b[j] += (float) (0.02 * random.nextGaussian());
            }
            fast.zeroGrad();
            ref.zeroGrad();
            worst = Math.max(worst, check("logits, step " + step, fast.forward(x, true).data, ref.forward(x, true).data));
            Tensor dLogits = GradCheck.randn(20 + step, 4, 10);
            Tensor df = fast.backward(dLogits), dr = ref.backward(dLogits);
            int flips = reluMaskDifferences(fast, ref);
            assertThat(flips).as("ReLU outputs whose sign differs between the paths").isLessThanOrEqualTo(MAX_FLIPS);
            if (flips > 0) continue; // see networkMatchesReference
            worst = Math.max(worst, check("image gradient, step " + step, df.data, dr.data));
            for (int i = 0; i < pr.size(); i++) {
                worst = Math.max(worst, check(pr.get(i).name + ", step " + step, pf.get(i).grad.data, pr.get(i).grad.data));
            }
        }
        System.out.printf("%s, four training steps, fast vs reference: max scaled error %.2e%n", spec.displayName(), worst);
    }

    /** ReLU units whose outputs are zero on one path and positive on the other, over every ReLU of the nets. */
    static int reluMaskDifferences(Network fast, Network ref) {
        List<Relu> a = BlockGradientTest.relus(fast), b = BlockGradientTest.relus(ref);
        assertThat(a).hasSameSizeAs(b);
        int flips = 0;
        for (int i = 0; i < a.size(); i++) {
            Tensor ya = a.get(i).lastOutput(), yb = b.get(i).lastOutput();
            if (ya == null || yb == null) continue; // a ReLU this forward did not run
            for (int j = 0; j < yb.data.length; j++) if (ya.data[j] > 0 != yb.data[j] > 0) flips++;
        }
        return flips;
    }

    /**
     * {@link Network#infer} (conv-BN-ReLU and BN-ReLU fused, the ReLU in the join) against an eval
     * {@link Network#forward}: the same logits bit for bit, for every unit ordering and the shortcut types, intact,
     * with a block deleted and with two blocks swapped, on the fast and the reference path. The BN statistics
     * and affine parameters are moved away from their initial values, so that a map left out or applied twice
     * shows. Image sizes 8 and 12 take the convolution's dense path, 32 its per-image one; 16 with width 8 is the
     * classroom net's shape (at 16 lanes its 16- and 32-channel layers run Winograd F(4x4,3x3)).
     */
    @ParameterizedTest(name = "{0} {1} {2}, {3} channels of {4}x{4}, width {5}")
    @CsvSource({
            "14, IDENTITY, ORIGINAL, 3, 32, 16",
            "14, IDENTITY, ORIGINAL, 1, 12, 8",
            "14, IDENTITY, ORIGINAL, 1, 16, 8",
            "14, CONV1X1, BN_AFTER_ADD, 2, 8, 8",
            "14, IDENTITY, RELU_BEFORE_ADD, 3, 12, 8",
            "14, IDENTITY, RELU_PREACT, 3, 12, 8",
            "14, IDENTITY, FULL_PREACT, 3, 32, 16",
            "14, SCALED, ORIGINAL, 3, 12, 8",
            "14, EXCLUSIVE_GATE, ORIGINAL, 3, 12, 8",
            "14, NONE, ORIGINAL, 3, 12, 8"})
    void inferenceIsTheEvalForwardBitForBit(int depth, ShortcutType type, UnitOrder unit, int channels, int size, int width) {
        NetworkSpec spec = NetworkSpec.of(depth, width, channels, size, 10, type).withUnit(unit).withLambda(0.5);
        Tensor x = GradCheck.randn(7, 6, channels, size, size);
        for (Compute compute : List.of(FAST, REFERENCE)) {
            Network net = NetworkBuilder.build(spec, compute, 5);
            moveBatchNorms(net, 13);
            String path = compute == FAST ? "fast path: " : "reference path: ";
            assertInferIsEvalForward(net, x, path + "intact");
            net.blocks().get(1).setDeleted(true);
            assertInferIsEvalForward(net, x, path + "block 1 deleted");
            net.restoreAll();
            int[] order = net.order();
            order[0] = 1;
            order[1] = 0;
            net.setOrder(order);
            assertInferIsEvalForward(net, x, path + "blocks 0 and 1 swapped");
            net.resetOrder();
            net.measureEvalResponses(true); // a measuring BN runs its own pass; the values stay the same
            assertInferIsEvalForward(net, x, path + "measuring the BN responses");
            assertThat(net.probes().get(1).responseStd()).as(path + "response measured by infer").isPositive();
        }
    }

    private static void assertInferIsEvalForward(Network net, Tensor x, String what) {
        float[] expected = net.forward(x, false).data.clone();
        assertThat(net.infer(x).data).as(what).containsExactly(expected);
    }

    /** Running means in ±0.5, running variances in [0.25, 2.25], γ in [0.5, 1.5], β in ±0.5, from a seed. */
    static void moveBatchNorms(Network net, long seed) {
        java.util.Random r = new java.util.Random(seed);
        for (resnetlab.nn.Buffer b : net.namedBuffers()) {
            float[] d = b.value().data;
            boolean variance = b.name().endsWith("running_var");
            for (int i = 0; i < d.length; i++) d[i] = variance ? 0.25f + 2f * r.nextFloat() : r.nextFloat() - 0.5f;
        }
        for (Parameter p : net.parameters()) {
            float[] d = p.value.data;
            if (p.name.endsWith(".gamma")) for (int i = 0; i < d.length; i++) d[i] = 0.5f + r.nextFloat();
            if (p.name.endsWith(".beta")) for (int i = 0; i < d.length; i++) d[i] = r.nextFloat() - 0.5f;
        }
    }

    private static double check(String what, float[] fast, float[] ref) {
        double e = scaledError(fast, ref);
        assertThat(e).as(what).isLessThan(TOLERANCE);
        return e;
    }
}
