package resnetlab.nn;

import resnetlab.tensor.Tensor;

/** y = max(0, x), any shape. Backward passes dy where the output was positive. */
public final class Relu implements Layer {
    private Tensor y, dx;

    @Override
    public Tensor forward(Tensor x, boolean training) {
        y = Tensor.reuse(y, x.shape());
        float[] xs = x.data, ys = y.data;
        for (int i = 0; i < xs.length; i++) ys[i] = xs[i] > 0f ? xs[i] : 0f;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        dx = Tensor.reuse(dx, dy.shape());
        float[] ys = y.data, g = dy.data, out = dx.data;
        for (int i = 0; i < g.length; i++) out[i] = ys[i] > 0f ? g[i] : 0f;
        return dx;
    }

    /** The output of the last forward (a reused buffer). */
    public Tensor lastOutput() { return y; }

    @Override public String describe() { return "ReLU"; }
}
