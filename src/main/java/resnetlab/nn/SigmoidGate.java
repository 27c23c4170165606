package resnetlab.nn;

import java.util.List;
import resnetlab.kernel.Compute;
import resnetlab.tensor.Tensor;

/**
 * He 2016's gate: g(x) = σ(W_g x + b_g), W_g a 1x1 convolution on the block input (stride and width of the
 * block's output). x (N, Cin, H, W) → g (N, Cout, Ho, Wo), each value in (0, 1). W_g starts at zero, so
 * every gate starts at σ(b_g): with b_g = −6 the shortcut gate 1 − g is 0.99753, with b_g = 0 it is 0.5.
 */
public final class SigmoidGate implements Layer {
    private final Conv2d conv;
    private Tensor g, dpre;

    public SigmoidGate(String name, int cin, int cout, int stride, float bias, Compute compute) {
        this.conv = new Conv2d(name + ".gate", cin, cout, 1, stride, 0, true, compute);
        conv.bias().value.fill(bias);
    }

    public Conv2d conv() { return conv; }
    /** The last gate values g. */
    public Tensor values() { return g; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor pre = conv.forward(x, training);
        g = Tensor.reuse(g, pre.shape());
        for (int i = 0; i < pre.data.length; i++) g.data[i] = (float) (1.0 / (1.0 + Math.exp(-pre.data[i])));
        return g;
    }

    /** dy is dL/dg; returns dL/dx through the gate's convolution. */
    @Override
    public Tensor backward(Tensor dy) {
        dpre = Tensor.reuse(dpre, dy.shape());
        for (int i = 0; i < dy.data.length; i++) {
            float v = g.data[i];
            dpre.data[i] = dy.data[i] * v * (1 - v);
        }
        return conv.backward(dpre);
    }

    @Override public List<Parameter> parameters() { return conv.parameters(); }
    @Override public String describe() { return "σ(" + conv.describe() + ")"; }
}
