package resnetlab.train;

import java.util.List;
import resnetlab.kernel.Elementwise;
import resnetlab.kernel.ScalarElementwise;
import resnetlab.nn.LayerProfile;
import resnetlab.nn.Parameter;
import resnetlab.tensor.Tensor;

/**
 * SGD with momentum and weight decay, in PyTorch's form:
 * {@code g ← ∇ + wd·θ (decayed parameters only); v ← μ·v + g; θ ← θ − lr·v}.
 * Call order per iteration: zero grads, forward, backward, {@link #step}.
 *
 * <p>A velocity whose gradient stays zero (a dead ReLU's weights) decays by μ each step and would become a
 * subnormal float after ~800 steps, which CPUs handle 10-100x slower; such values are flushed to zero.
 */
public final class Sgd {
    private final List<Parameter> params;
    private final Tensor[] velocity;
    private final double momentum, weightDecay;
    private final Elementwise elementwise;

    public Sgd(List<Parameter> params, double momentum, double weightDecay) {
        this(params, momentum, weightDecay, ScalarElementwise.INSTANCE);
    }

    /** @param elementwise the kernel of the step ({@link Elementwise#momentumStep}: the same values on every path) */
    public Sgd(List<Parameter> params, double momentum, double weightDecay, Elementwise elementwise) {
        this.elementwise = elementwise;
        this.params = List.copyOf(params);
        this.velocity = new Tensor[params.size()];
        for (int i = 0; i < velocity.length; i++) velocity[i] = new Tensor(params.get(i).value.shape());
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    public void step(double lr) {
        long t = LayerProfile.begin();
        float mu = (float) momentum, wd = (float) weightDecay, rate = (float) lr;
        for (int p = 0; p < velocity.length; p++) {
            Parameter param = params.get(p);
            float[] w = param.value.data, g = param.grad.data, v = velocity[p].data;
            elementwise.momentumStep(w, g, v, 0, w.length, mu, param.decay ? wd : 0f, rate);
        }
        LayerProfile.add(LayerProfile.Kind.OPTIMIZER, t);
    }

    /** Momentum buffers, in parameter order (saved with checkpoints so training can resume). */
    public Tensor[] velocity() { return velocity; }
}
