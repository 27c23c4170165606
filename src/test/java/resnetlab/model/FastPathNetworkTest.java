package resnetlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetlab.kernel.Compute;
import resnetlab.nn.GradCheck;
import resnetlab.nn.Parameter;
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
        for (int step = 0; step < 2; step++) {
            boolean training = step == 0;
            fast.zeroGrad();
            ref.zeroGrad();
            Tensor lf = fast.forward(x, training), lr = ref.forward(x, training);
            worst = Math.max(worst, check("logits", lf.data, lr.data));
            Tensor dLogits = GradCheck.randn(2 + step, lr.shape());
            Tensor df = fast.backward(dLogits), dr = ref.backward(dLogits);
            worst = Math.max(worst, check("image gradient", df.data, dr.data));
            List<Parameter> pf = fast.parameters(), pr = ref.parameters();
            for (int i = 0; i < pr.size(); i++) worst = Math.max(worst, check(pr.get(i).name, pf.get(i).grad.data, pr.get(i).grad.data));
            List<Tensor> bf = fast.buffers(), br = ref.buffers();
            for (int i = 0; i < br.size(); i++) worst = Math.max(worst, check("BN buffer " + i, bf.get(i).data, br.get(i).data));
            for (int b = 0; b < ref.blocks().size(); b++) {
                ResidualBlock a = fast.blocks().get(b), e = ref.blocks().get(b);
                assertThat(a.outGradNorm()).isCloseTo(e.outGradNorm(), org.assertj.core.data.Percentage.withPercentage(0.05));
                assertThat(a.branchGradNorm()).isCloseTo(e.branchGradNorm(), org.assertj.core.data.Percentage.withPercentage(0.05));
                assertThat(a.skipGradNorm()).isCloseTo(e.skipGradNorm(), org.assertj.core.data.Percentage.withPercentage(0.05));
            }
            for (int p = 0; p < ref.probes().size(); p++) {
                assertThat(fast.probes().get(p).responseStd())
                        .isCloseTo(ref.probes().get(p).responseStd(), org.assertj.core.data.Percentage.withPercentage(0.05));
            }
        }
        System.out.printf("%s fast vs reference: max scaled error %.2e%n", spec.displayName(), worst);
    }

    private static double check(String what, float[] fast, float[] ref) {
        double e = scaledError(fast, ref);
        assertThat(e).as(what).isLessThan(TOLERANCE);
        return e;
    }
}
