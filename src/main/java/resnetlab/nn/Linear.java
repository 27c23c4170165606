package resnetlab.nn;

import java.util.List;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import resnetlab.tensor.Tensor;

/**
 * Fully connected layer on EJML matrices: x (N, in) → y (N, out), {@code y = x·Wᵀ + b}, W (out, in).
 * Backward: {@code dW += dyᵀ·x}, {@code db += Σ_n dy}, {@code dx = dy·W}. Small (64×10 in the CIFAR nets),
 * so the reference EJML product is fast enough.
 */
public final class Linear implements Layer {
    private final String name;
    private final int in, out;
    private final Parameter weight, bias;
    private Tensor x, y, dx;

    public Linear(String name, int in, int out) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.weight = new Parameter(name + ".weight", new Tensor(out, in), true);
        this.bias = new Parameter(name + ".bias", new Tensor(out), false);
    }

    public Parameter weight() { return weight; }
    public Parameter bias() { return bias; }

    @Override public List<Parameter> parameters() { return List.of(weight, bias); }
    @Override public String describe() { return "FC(" + in + "→" + out + ")"; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rank() != 2 || x.dim(1) != in) {
            throw new IllegalArgumentException(name + ": expected (N, " + in + "), got " + x.shapeString());
        }
        this.x = x;
        int n = x.dim(0);
        y = Tensor.reuse(y, n, out);
        CommonOps_FDRM.multTransB(mat(x.data, n, in), mat(weight.value.data, out, in), mat(y.data, n, out));
        for (int i = 0; i < n; i++) for (int j = 0; j < out; j++) y.data[i * out + j] += bias.value.data[j];
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = x.dim(0);
        dx = Tensor.reuse(dx, n, in);
        CommonOps_FDRM.multAddTransA(mat(dy.data, n, out), mat(x.data, n, in), mat(weight.grad.data, out, in));
        for (int i = 0; i < n; i++) for (int j = 0; j < out; j++) bias.grad.data[j] += dy.data[i * out + j];
        CommonOps_FDRM.mult(mat(dy.data, n, out), mat(weight.value.data, out, in), mat(dx.data, n, in));
        return dx;
    }

    private static FMatrixRMaj mat(float[] data, int rows, int cols) {
        return FMatrixRMaj.wrap(rows, cols, data);
    }
}
