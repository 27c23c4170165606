package resnetlab.nn;

import resnetlab.tensor.Tensor;

/**
 * A trainable tensor and its gradient. Backward passes <em>add</em> into {@link #grad}; the optimiser zeroes it.
 * {@code decay} says whether weight decay applies (conv and FC weights: yes; biases and BN: no).
 */
public final class Parameter {
    public final String name;
    public final Tensor value;
    public final Tensor grad;
    public final boolean decay;

    public Parameter(String name, Tensor value, boolean decay) {
        this.name = name;
        this.value = value;
        this.grad = new Tensor(value.shape());
        this.decay = decay;
    }

    @Override public String toString() { return name + value.shapeString(); }
}
