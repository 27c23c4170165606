package resnetlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import resnetlab.kernel.Compute;
import resnetlab.nn.Parameter;
import resnetlab.tensor.Tensor;

/**
 * The SGD step against PyTorch's formula written out here, on the reference path, the fastest kernels on one thread
 * and on two (where the run of all parameters is cut into two ranges, one of them inside the first parameter), with
 * and without weight decay, and with velocities that fall below the smallest normal float. Values must agree bit for
 * bit; the gradient norms it takes on the way must equal the gradients' own.
 */
class SgdTest {
    /** Sizes: 19,020 values in all, so two threads cut the run at 9,472, inside the first parameter. */
    static final int[] SIZES = {10_000, 7, 9_000, 13};
    static final float MU = 0.9f, WD = 1e-4f;
    static final double[] RATES = {0.1, 0.05, 0.02};

    static List<Parameter> parameters(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Parameter> ps = new ArrayList<>();
        for (int p = 0; p < SIZES.length; p++) {
            Parameter param = new Parameter("p" + p, new Tensor(SIZES[p]), p % 2 == 0);
            for (int i = 0; i < SIZES[p]; i++) param.value.data[i] = (float) r.nextGaussian();
            ps.add(param);
        }
        return ps;
    }

    /** The gradients of step s: random, and in parameter 3 zero, so that its velocity decays into subnormals. */
    static void setGradients(List<Parameter> ps, int step) {
        SplittableRandom r = new SplittableRandom(100 + step);
        for (int p = 0; p < ps.size(); p++) {
            float[] g = ps.get(p).grad.data;
            for (int i = 0; i < g.length; i++) g[i] = p == 3 ? 0f : (float) (r.nextGaussian() * 1e-2);
        }
    }

    @Test void stepsAreTorchsFormulaOnEveryPathBitForBit() {
        List<Parameter> expected = parameters(1);
        float[][] v = new float[SIZES.length][];
        for (int p = 0; p < SIZES.length; p++) v[p] = new float[SIZES[p]];
        // a velocity just above the smallest normal float: one step of μ = 0.9 with a zero gradient takes it below
        v[3][0] = Float.MIN_NORMAL * 1.05f;
        for (int s = 0; s < RATES.length; s++) {
            setGradients(expected, s);
            for (int p = 0; p < SIZES.length; p++) {
                Parameter param = expected.get(p);
                float[] w = param.value.data, g = param.grad.data;
                float decay = param.decay ? WD : 0f, rate = (float) RATES[s];
                for (int i = 0; i < w.length; i++) {
                    float vi = MU * v[p][i] + (g[i] + decay * w[i]);
                    v[p][i] = Math.abs(vi) < Float.MIN_NORMAL ? 0f : vi;
                    w[i] -= rate * v[p][i];
                }
            }
        }
        for (Compute c : new Compute[] {Compute.reference(), Compute.best(1), Compute.best(2)}) {
            try (c) {
                List<Parameter> ps = parameters(1);
                Sgd sgd = new Sgd(ps, MU, WD, c);
                sgd.velocity()[3].data[0] = Float.MIN_NORMAL * 1.05f;
                for (int s = 0; s < RATES.length; s++) {
                    setGradients(ps, s);
                    sgd.step(RATES[s]);
                }
                for (int p = 0; p < SIZES.length; p++) {
                    assertThat(ps.get(p).value.data).as("%s, values of parameter %d", c.threads() + " thread(s)", p)
                            .containsExactly(expected.get(p).value.data);
                    assertThat(sgd.velocity()[p].data).as("velocity of parameter %d", p).containsExactly(v[p]);
                }
                assertThat(sgd.velocity()[3].data[0]).as("flushed below the smallest normal").isZero();
            }
        }
    }

    @Test void gradientNormsAreTheGradientsOwn() {
        for (Compute c : new Compute[] {Compute.reference(), Compute.best(1), Compute.best(2)}) {
            try (c) {
                List<Parameter> ps = parameters(2);
                Sgd sgd = new Sgd(ps, MU, WD, c);
                setGradients(ps, 0);
                sgd.step(0.1);
                for (int p = 0; p < SIZES.length; p++) {
                    double s = 0;
                    for (float g : ps.get(p).grad.data) s += (double) g * g;
                    assertThat(sgd.gradientSumSquares(p)).as("%d thread(s), parameter %d", c.threads(), p)
                            .isCloseTo(s, within(1e-6 * s + 1e-30));
                }
            }
        }
    }
}
