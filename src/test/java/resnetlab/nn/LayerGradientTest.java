package resnetlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import resnetlab.kernel.Compute;
import resnetlab.tensor.Tensor;

/** Every layer's backward against central finite differences; the max relative error is printed. */
class LayerGradientTest {
    private static final double TOL = 2e-2;
    private final Compute compute = Compute.reference();

    private static void expectOk(String what, GradCheck.Result r) {
        System.out.printf("grad check %-34s max rel error %.2e  (%s)%n", what, r.maxRelError(), r.where());
        assertThat(r.maxRelError()).as(what + " at " + r.where()).isLessThan(TOL);
    }

    @Test void conv3x3Stride1() {
        Conv2d c = new Conv2d("c", 3, 4, 3, 1, 1, false, compute);
        GradCheck.randomize(c.parameters(), 1, 0.3);
        expectOk("conv3x3 s1", GradCheck.check(c, GradCheck.randn(2, 2, 3, 5, 6), true, 3));
    }

    @Test void conv3x3Stride2WithBias() {
        Conv2d c = new Conv2d("c", 2, 3, 3, 2, 1, true, compute);
        GradCheck.randomize(c.parameters(), 4, 0.3);
        expectOk("conv3x3 s2 + bias", GradCheck.check(c, GradCheck.randn(5, 3, 2, 7, 6), true, 6));
    }

    @Test void conv1x1Stride2() {
        Conv2d c = new Conv2d("c", 3, 5, 1, 2, 0, false, compute);
        GradCheck.randomize(c.parameters(), 7, 0.3);
        expectOk("conv1x1 s2", GradCheck.check(c, GradCheck.randn(8, 2, 3, 6, 6), true, 9));
    }

    @Test void convWithTwoThreadsMatchesOneThread() {
        try (Compute two = Compute.best(2)) {
            Conv2d a = new Conv2d("a", 3, 4, 3, 1, 1, false, compute), b = new Conv2d("b", 3, 4, 3, 1, 1, false, two);
            GradCheck.randomize(a.parameters(), 1, 0.3);
            GradCheck.randomize(b.parameters(), 1, 0.3);
            Tensor x = GradCheck.randn(2, 5, 3, 8, 8);
            Tensor ya = a.forward(x, true).copy(), yb = b.forward(x, true);
            for (int i = 0; i < ya.size(); i++) assertThat(yb.data[i]).isCloseTo(ya.data[i], org.assertj.core.data.Offset.offset(1e-4f));
            Tensor dy = GradCheck.randn(3, ya.shape());
            Tensor da = a.backward(dy).copy(), db = b.backward(dy);
            for (int i = 0; i < da.size(); i++) assertThat(db.data[i]).isCloseTo(da.data[i], org.assertj.core.data.Offset.offset(1e-4f));
            for (int i = 0; i < a.weight().grad.size(); i++) {
                assertThat(b.weight().grad.data[i]).isCloseTo(a.weight().grad.data[i], org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }

    @Test void batchNormTraining() {
        BatchNorm2d bn = new BatchNorm2d("bn", 3);
        GradCheck.randomize(bn.parameters(), 2, 1.0);
        Tensor x = GradCheck.randn(11, 4, 3, 3, 3);
        expectOk("BN train", GradCheck.check(() -> bn.forward(x, true), bn::backward, x, bn.parameters(), 12, 30, 1e-2));
    }

    @Test void batchNormEval() {
        BatchNorm2d bn = new BatchNorm2d("bn", 3);
        GradCheck.randomize(bn.parameters(), 2, 1.0);
        bn.runningMean().fill(0.3f);
        bn.runningVar().fill(2f);
        expectOk("BN eval", GradCheck.check(bn, GradCheck.randn(13, 2, 3, 4, 4), false, 14));
    }

    @Test void relu() {
        Tensor x = GradCheck.randn(15, 2, 3, 4, 4);
        for (int i = 0; i < x.size(); i++) if (Math.abs(x.data[i]) < 0.05f) x.data[i] = 0.5f; // keep away from the kink
        expectOk("ReLU", GradCheck.check(new Relu(), x, true, 16));
    }

    @Test void scale() { expectOk("scale λ=0.5", GradCheck.check(new Scale(0.5f), GradCheck.randn(17, 2, 2, 3, 3), true, 18)); }

    @Test void subsampleOptionA() {
        expectOk("option A subsample", GradCheck.check(new Subsample(6, 2), GradCheck.randn(19, 2, 3, 5, 5), true, 20));
    }

    @Test void dropoutMaskTrainingAndEval() {
        DropoutMask d = new DropoutMask(0.5f, 1);
        Tensor x = GradCheck.randn(21, 2, 2, 4, 4);
        GradCheck.Result train = GradCheck.check(() -> { d.reseed(5); return d.forward(x, true); }, d::backward, x, List.of(), 22, 30);
        expectOk("dropout mask (train)", train);
        expectOk("dropout mask (eval)", GradCheck.check(d, x, false, 23));
    }

    @Test void sigmoidGate() {
        SigmoidGate g = new SigmoidGate("g", 3, 4, 2, -1f, compute);
        GradCheck.randomize(List.of(g.conv().weight()), 24, 0.5);
        expectOk("sigmoid gate (1x1 s2 conv)", GradCheck.check(g, GradCheck.randn(25, 2, 3, 6, 6), true, 26));
    }

    @Test void globalAvgPool() { expectOk("global avg pool", GradCheck.check(new GlobalAvgPool(), GradCheck.randn(27, 2, 3, 4, 5), true, 28)); }

    @Test void linear() {
        Linear l = new Linear("fc", 6, 4);
        GradCheck.randomize(l.parameters(), 29, 0.5);
        expectOk("linear", GradCheck.check(l, GradCheck.randn(30, 3, 6), true, 31));
    }

    @Test void softmaxCrossEntropy() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        Tensor z = GradCheck.randn(32, 4, 5);
        int[] labels = {0, 3, 4, 1};
        ce.forward(z, labels);
        Tensor g = ce.gradient().copy();
        double worst = 0;
        for (int i = 0; i < z.size(); i++) {
            float old = z.data[i];
            z.data[i] = (float) (old + GradCheck.EPS);
            double plus = ce.forward(z, labels);
            z.data[i] = (float) (old - GradCheck.EPS);
            double minus = ce.forward(z, labels);
            z.data[i] = old;
            double num = (plus - minus) / (2 * GradCheck.EPS);
            worst = Math.max(worst, Math.abs(num - g.data[i]) / Math.max(1e-2, Math.abs(num) + Math.abs(g.data[i])));
        }
        System.out.printf("grad check %-34s max rel error %.2e%n", "softmax cross-entropy", worst);
        assertThat(worst).isLessThan(TOL);
    }

    @Test void softmaxCrossEntropyValueAndErrors() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        Tensor z = new Tensor(new float[] {0, 0, 0, 5, 0, 0}, 2, 3);
        double loss = ce.forward(z, new int[] {1, 0});
        // sample 0: uniform over 3 → log 3; sample 1: right with margin 5.
        double expected = (Math.log(3) + Math.log(1 + 2 * Math.exp(-5))) / 2;
        assertThat(loss).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ce.errors()).isEqualTo(1); // ties at sample 0 resolve to class 0 ≠ 1
    }
}
