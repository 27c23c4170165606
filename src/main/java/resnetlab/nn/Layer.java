package resnetlab.nn;

import java.util.List;
import resnetlab.kernel.Compute;
import resnetlab.tensor.Tensor;

/**
 * A differentiable function with a forward/backward pair.
 *
 * <p>Contract (as in llm.c): {@code forward} keeps what {@code backward} needs; {@code backward(dy)} takes
 * dL/dy for the most recent forward, <em>adds</em> dL/dθ into each {@link Parameter#grad} and returns dL/dx.
 * Backward may be called several times after one forward (the path-gradient experiments do). Returned
 * tensors may be buffers the layer reuses on its next call: copy them to keep them.
 */
public interface Layer {
    /** @param training batch statistics and random masks in training; running statistics and expectations in eval */
    Tensor forward(Tensor x, boolean training);

    Tensor backward(Tensor dy);

    /**
     * The eval forward when no backward follows (test error, lesions, loss landscapes, inference benchmarks):
     * the same values as {@code forward(x, false)}, bit for bit, but a layer may fuse passes and keep less
     * state. {@link Sequential} lets a convolution apply the next BN's affine map and ReLU to each image while it
     * is still in cache, and the residual block applies its ReLU in the join's pass. After it, the layer's
     * {@link #backward} is undefined until the next {@link #forward}; the path-gradient experiments, which
     * call backward after an eval pass, use {@code forward(x, false)}.
     */
    default Tensor infer(Tensor x) { return forward(x, false); }

    /**
     * {@link #backward(Tensor)} for a caller that may not need dL/dx: with {@code inputGradient} false the layer
     * still adds every parameter gradient but may skip computing dL/dx and return null. Training passes false to
     * a network's first layer, whose input is the image (the stem convolution then skips its input gradient).
     */
    default Tensor backward(Tensor dy, boolean inputGradient) { return backward(dy); }

    default List<Parameter> parameters() { return List.of(); }

    /** Non-trainable state saved with checkpoints (BN running mean and variance), with names. */
    default List<Buffer> namedBuffers() { return List.of(); }

    /** The tensors of {@link #namedBuffers()}, in the same order. */
    default List<Tensor> buffers() { return namedBuffers().stream().map(Buffer::value).toList(); }

    /**
     * Runs this layer's own passes with {@code compute}'s kernels and threads. Layers built without a Compute
     * (BN, ReLU, ...) start on {@link Compute#SERIAL_REFERENCE}; {@link Sequential} and the residual block hand
     * them the Compute of their convolutions. Layers with nothing to compute ignore it.
     */
    default void useCompute(Compute compute) {}

    /** Short, human-readable description, e.g. "conv3x3(16→32, stride 2)". */
    String describe();
}
