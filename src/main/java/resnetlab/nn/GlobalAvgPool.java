package resnetlab.nn;

import resnetlab.tensor.Tensor;

/** Global average pooling: x (N, C, H, W) → y (N, C); backward spreads dy/(H·W) over the plane. */
public final class GlobalAvgPool implements Layer {
    private Tensor y, dx;
    private int[] inShape;

    @Override
    public Tensor forward(Tensor x, boolean training) {
        inShape = x.shape();
        int n = x.n(), c = x.c(), plane = x.h() * x.w();
        y = Tensor.reuse(y, n, c);
        for (int i = 0; i < n * c; i++) {
            double s = 0;
            for (int j = 0; j < plane; j++) s += x.data[i * plane + j];
            y.data[i] = (float) (s / plane);
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        dx = Tensor.reuse(dx, inShape);
        int plane = inShape[2] * inShape[3];
        float inv = 1f / plane;
        for (int i = 0; i < dy.size(); i++) {
            float g = dy.data[i] * inv;
            java.util.Arrays.fill(dx.data, i * plane, (i + 1) * plane, g);
        }
        return dx;
    }

    @Override public String describe() { return "global avg pool"; }
}
