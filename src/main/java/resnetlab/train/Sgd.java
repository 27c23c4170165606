package resnetlab.train;

import java.util.List;
import resnetlab.kernel.Compute;
import resnetlab.kernel.Elementwise;
import resnetlab.kernel.Parallel;
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
 * <p>The step runs on the net's {@link Compute}: all parameters are seen as one run of values, cut into the
 * contiguous ranges of {@link Parallel#sums} (one per thread), each range stepped by the vector kernel
 * ({@link Elementwise#momentumStep}). The new values are the same bit for bit on every path and for every thread
 * count (each value's update involves that value only). On the way, each range adds up the squares of the
 * gradients it reads, so the layer statistics get their gradient norms ({@link #gradientSumSquares}) without
 * another pass over them; those sums depend on the thread count through their order only.
 *
 * <p>History: this step was a scalar loop outside the parallel passes, about a quarter of the 1.3-1.5 ms that a
 * two-thread step of the classroom net spent outside them (JFR samples, 2026-12-05). A vector version had been tried and
 * dropped the same day because kernels then boxed their vectors in some JVMs; the cause was a HotSpot trap limit
 * that the launchers now raise (see {@link resnetlab.kernel.JitFlags}), not the step.
 */
public final class Sgd {
    private final List<Parameter> params;
    private final Tensor[] velocity;
    private final double momentum, weightDecay;
    private final Compute compute;
    /** Parameter p holds values [starts[p], starts[p + 1]) of the run of all parameters. */
    private final int[] starts;
    /** Σ g² per parameter, of the gradients the last step read. */
    private final double[] gradSquares;
    private final double[][] partials;

    /** @param compute the threads and the elementwise kernel of the step: the net's ({@link Compute#SERIAL_REFERENCE} if none) */
    public Sgd(List<Parameter> params, double momentum, double weightDecay, Compute compute) {
        this.params = List.copyOf(params);
        this.velocity = new Tensor[params.size()];
        for (int i = 0; i < velocity.length; i++) velocity[i] = new Tensor(params.get(i).value.shape());
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.compute = compute;
        this.starts = new int[velocity.length + 1];
        for (int p = 0; p < velocity.length; p++) starts[p + 1] = Math.addExact(starts[p], velocity[p].size());
        this.gradSquares = new double[velocity.length];
        this.partials = compute.parallel().partialSums(velocity.length);
    }

    public void step(double lr) {
        long t = LayerProfile.begin();
        float mu = (float) momentum, wd = (float) weightDecay, rate = (float) lr;
        Elementwise ew = compute.elementwise();
        compute.parallel().sums(starts[velocity.length], gradSquares, partials, (from, to, sums) -> {
            for (int p = 0; p < velocity.length && starts[p] < to; p++) {
                int off = Math.max(from, starts[p]) - starts[p], end = Math.min(to, starts[p + 1]) - starts[p];
                if (end <= off) continue; // before the range, or empty
                Parameter param = params.get(p);
                float[] w = param.value.data, g = param.grad.data, v = velocity[p].data;
                sums[p] += ew.sumSquares(g, off, end - off);
                ew.momentumStep(w, g, v, off, end - off, mu, param.decay ? wd : 0f, rate);
            }
        });
        LayerProfile.add(LayerProfile.Kind.OPTIMIZER, t);
    }

    /** Σ g² of parameter {@code p}'s gradient (in the order of the list given), as the last {@link #step} read it. */
    public double gradientSumSquares(int p) { return gradSquares[p]; }

    /** Momentum buffers, in parameter order (saved with checkpoints so training can resume). */
    public Tensor[] velocity() { return velocity; }
}
