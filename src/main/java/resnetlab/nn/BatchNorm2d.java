package resnetlab.nn;

import java.util.List;
import resnetlab.tensor.Tensor;

/**
 * Batch normalisation over (N, H, W) per channel (Ioffe & Szegedy 2015).
 *
 * <p>x (N, C, H, W) → y (N, C, H, W). Training: {@code y = γ·(x − μ_B)/√(σ²_B + ε) + β} with the batch's mean and
 * biased variance; running averages move by {@code momentum} towards μ_B and the unbiased σ²_B (as PyTorch).
 * Eval: the running averages replace the batch statistics, so the layer is a per-channel affine map.
 * Backward (training), with x̂ the normalised input and M = N·H·W:
 * {@code dx = γ/(M·√(σ²+ε)) · (M·dy − Σdy − x̂·Σ(dy·x̂))}.
 *
 * <p>The layer also records the standard deviation of its last output ({@link #responseStd()}): He 2015
 * Fig. 7 plots it for each 3x3 layer ("after BN, before ReLU/addition").
 */
public final class BatchNorm2d implements Layer {
    public static final float EPS = 1e-5f;
    public static final float MOMENTUM = 0.1f;

    private final String name;
    private final int channels;
    private final Parameter gamma, beta;
    private final Tensor runningMean, runningVar;

    private Tensor x, y, dx, xhat;
    private float[] invStd;
    private boolean lastTraining;
    private double responseStd;

    public BatchNorm2d(String name, int channels) {
        this.name = name;
        this.channels = channels;
        this.gamma = new Parameter(name + ".gamma", new Tensor(channels), false);
        this.beta = new Parameter(name + ".beta", new Tensor(channels), false);
        this.runningMean = new Tensor(channels);
        this.runningVar = new Tensor(channels);
        gamma.value.fill(1f);
        runningVar.fill(1f);
        invStd = new float[channels];
    }

    public Parameter gamma() { return gamma; }
    public Parameter beta() { return beta; }
    public Tensor runningMean() { return runningMean; }
    public Tensor runningVar() { return runningVar; }
    /** Standard deviation of the last forward output over all its values. */
    public double responseStd() { return responseStd; }

    @Override public List<Parameter> parameters() { return List.of(gamma, beta); }
    @Override public List<Tensor> buffers() { return List.of(runningMean, runningVar); }
    @Override public String describe() { return "BN(" + channels + ")"; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rank() != 4 || x.c() != channels) {
            throw new IllegalArgumentException(name + ": expected (N, " + channels + ", H, W), got " + x.shapeString());
        }
        int n = x.n(), plane = x.h() * x.w();
        long m = (long) n * plane;
        y = Tensor.reuse(y, x.shape());
        lastTraining = training;
        this.x = x;
        if (training) xhat = Tensor.reuse(xhat, x.shape());
        double outSum = 0, outSq = 0;
        for (int c = 0; c < channels; c++) {
            float mean, inv;
            if (training) {
                double s = 0, s2 = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * channels + c) * plane;
                    for (int j = 0; j < plane; j++) { float v = x.data[off + j]; s += v; s2 += (double) v * v; }
                }
                double mu = s / m;
                double var = Math.max(0, s2 / m - mu * mu);
                mean = (float) mu;
                inv = (float) (1.0 / Math.sqrt(var + EPS));
                double unbiased = m > 1 ? var * m / (m - 1) : var;
                runningMean.data[c] = (1 - MOMENTUM) * runningMean.data[c] + MOMENTUM * (float) mu;
                runningVar.data[c] = (1 - MOMENTUM) * runningVar.data[c] + MOMENTUM * (float) unbiased;
            } else {
                mean = runningMean.data[c];
                inv = (float) (1.0 / Math.sqrt(runningVar.data[c] + EPS));
            }
            invStd[c] = inv;
            float g = gamma.value.data[c], b = beta.value.data[c];
            for (int i = 0; i < n; i++) {
                int off = (i * channels + c) * plane;
                for (int j = 0; j < plane; j++) {
                    float xh = (x.data[off + j] - mean) * inv;
                    if (training) xhat.data[off + j] = xh;
                    float out = g * xh + b;
                    y.data[off + j] = out;
                    outSum += out;
                    outSq += (double) out * out;
                }
            }
        }
        double total = (double) m * channels;
        double mu = outSum / total;
        responseStd = Math.sqrt(Math.max(0, outSq / total - mu * mu));
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = dy.n(), plane = dy.h() * dy.w();
        long m = (long) n * plane;
        dx = Tensor.reuse(dx, dy.shape());
        for (int c = 0; c < channels; c++) {
            float g = gamma.value.data[c], inv = invStd[c];
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * channels + c) * plane;
                for (int j = 0; j < plane; j++) {
                    float d = dy.data[off + j];
                    sumDy += d;
                    if (lastTraining) sumDyXhat += (double) d * xhat.data[off + j];
                }
            }
            if (lastTraining) {
                gamma.grad.data[c] += (float) sumDyXhat;
                beta.grad.data[c] += (float) sumDy;
                float scale = g * inv / m;
                float a = (float) sumDy, b = (float) sumDyXhat;
                for (int i = 0; i < n; i++) {
                    int off = (i * channels + c) * plane;
                    for (int j = 0; j < plane; j++) {
                        dx.data[off + j] = scale * (m * dy.data[off + j] - a - xhat.data[off + j] * b);
                    }
                }
            } else {
                // Eval mode: y is a per-channel affine map of x with the running statistics.
                float mean = runningMean.data[c];
                double sumDyXhat2 = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * channels + c) * plane;
                    for (int j = 0; j < plane; j++) sumDyXhat2 += (double) dy.data[off + j] * (x.data[off + j] - mean) * inv;
                }
                gamma.grad.data[c] += (float) sumDyXhat2;
                beta.grad.data[c] += (float) sumDy;
                float scale = g * inv;
                for (int i = 0; i < n; i++) {
                    int off = (i * channels + c) * plane;
                    for (int j = 0; j < plane; j++) dx.data[off + j] = scale * dy.data[off + j];
                }
            }
        }
        return dx;
    }
}
