package resnetlab.train;

import java.util.List;
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
 *
 * <p>The step is a scalar loop on purpose. A Vector API version ran 4x faster on warm caches (the classroom net:
 * 177 → 40 µs; in a training step, with cold caches, it took 0.15 ms), but with it the kernels boxed their vectors
 * (5 MB a step, half the speed) in 10 of 24 fresh JVMs timed after a 3 s warm-up, against 2 of 57 without it
 * (2026-12-05). Later the same day {@code -XX:+LogCompilation} showed two causes, both made likelier by more
 * vector code in the warm-up: steps timed before C2 had compiled every kernel (passing; {@code bench} now waits for
 * a quiet JIT), and C2 giving up its class checks for a whole compile once the inlined methods' trap counts reach
 * {@code -XX:PerMethodTrapLimit} (lasting; the launchers now raise it, see {@link resnetlab.kernel.JitFlags}). With
 * both fixed the vector step may be worth its 0.1 ms again; not measured since.
 */
public final class Sgd {
    private final List<Parameter> params;
    private final Tensor[] velocity;
    private final double momentum, weightDecay;

    public Sgd(List<Parameter> params, double momentum, double weightDecay) {
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
            float decay = param.decay ? wd : 0f;
            for (int i = 0; i < w.length; i++) {
                float grad = g[i] + decay * w[i];
                float vi = mu * v[i] + grad;
                if (Math.abs(vi) < Float.MIN_NORMAL) vi = 0f;
                v[i] = vi;
                w[i] -= rate * vi;
            }
        }
        LayerProfile.add(LayerProfile.Kind.OPTIMIZER, t);
    }

    /** Momentum buffers, in parameter order (saved with checkpoints so training can resume). */
    public Tensor[] velocity() { return velocity; }
}
