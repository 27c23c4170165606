package resnetlab.nn;

import resnetlab.kernel.Compute;
import resnetlab.kernel.Elementwise;
import resnetlab.tensor.Tensor;

/** y = max(0, x), any shape. Backward passes dy where the output was positive. */
public final class Relu implements Layer {
    private Compute compute = Compute.SERIAL_REFERENCE;
    private Tensor y, dx;

    @Override public void useCompute(Compute compute) { this.compute = compute; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        y = Tensor.reuse(y, x.shape());
        float[] xs = x.data, ys = y.data;
        Elementwise ew = compute.elementwise();
        compute.parallel().forRanges(xs.length, (from, to) -> ew.relu(xs, ys, from, to - from));
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        dx = Tensor.reuse(dx, dy.shape());
        float[] ys = y.data, g = dy.data, out = dx.data;
        Elementwise ew = compute.elementwise();
        compute.parallel().forRanges(g.length, (from, to) -> ew.reluBackward(ys, g, out, from, to - from));
        return dx;
    }

    /**
     * The buffer this layer's forward writes, shaped like {@code x}, for a layer before it that applies this ReLU in
     * its own pass ({@link BatchNorm2d}, the residual join): it writes {@code max(0, ·)} here, and this layer's
     * backward then reads it as if its own forward had run.
     */
    public Tensor fusedOutput(Tensor x) {
        y = Tensor.reuse(y, x.shape());
        return y;
    }

    /** The output of the last forward (a reused buffer). */
    public Tensor lastOutput() { return y; }

    @Override public String describe() { return "ReLU"; }
}
