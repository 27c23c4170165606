package resnetlab.nn;

import resnetlab.tensor.Tensor;

/** y = s·x with a constant s (He 2016's constant scaling, λ on the shortcut or 1−λ on the branch). */
public final class Scale implements Layer {
    private final float s;
    private Tensor y, dx;

    public Scale(float s) { this.s = s; }

    public float factor() { return s; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        y = Tensor.reuse(y, x.shape());
        for (int i = 0; i < x.data.length; i++) y.data[i] = s * x.data[i];
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        dx = Tensor.reuse(dx, dy.shape());
        for (int i = 0; i < dy.data.length; i++) dx.data[i] = s * dy.data[i];
        return dx;
    }

    @Override public String describe() { return "×" + s; }
}
