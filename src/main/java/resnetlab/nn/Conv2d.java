package resnetlab.nn;

import java.util.ArrayList;
import java.util.List;
import resnetlab.kernel.Compute;
import resnetlab.kernel.Gemm;
import resnetlab.kernel.Im2col;
import resnetlab.tensor.Tensor;

/**
 * 2-D convolution as im2col + GEMM.
 *
 * <p>x (N, Cin, H, W) → y (N, Cout, Ho, Wo), Ho = (H + 2p − k)/s + 1; weight (Cout, Cin, k, k), optional bias (Cout).
 * Per image: {@code cols = im2col(x_i)} of shape (Cin·k·k) × (Ho·Wo), {@code Y_i = W · cols}.
 * Backward per image: {@code dW += dY_i · colsᵀ}, {@code dcols = Wᵀ · dY_i}, {@code dx_i = col2im(dcols)}.
 *
 * <p>Images are split into one contiguous chunk per thread; each chunk sums its own weight-gradient partial
 * and the partials are added in chunk order, so results depend only on the thread count. Columns are
 * recomputed in backward instead of being kept (a batch of columns would cost k² times the activations).
 */
public final class Conv2d implements Layer {
    private final String name;
    private final int cin, cout, k, stride, pad;
    private final Parameter weight;
    private final Parameter bias; // null when the layer has none (a BN follows)
    private final Compute compute;

    private Tensor x, y, dx;
    private float[][] colsBuf = new float[0][], dcolsBuf = new float[0][], dwPartial = new float[0][];

    public Conv2d(String name, int cin, int cout, int k, int stride, int pad, boolean withBias, Compute compute) {
        this.name = name;
        this.cin = cin;
        this.cout = cout;
        this.k = k;
        this.stride = stride;
        this.pad = pad;
        this.compute = compute;
        this.weight = new Parameter(name + ".weight", new Tensor(cout, cin, k, k), true);
        this.bias = withBias ? new Parameter(name + ".bias", new Tensor(cout), false) : null;
    }

    public Parameter weight() { return weight; }
    public Parameter bias() { return bias; }
    public int inChannels() { return cin; }
    public int outChannels() { return cout; }
    public int kernel() { return k; }
    public int stride() { return stride; }
    /** The output of the last forward (a buffer reused by the next call). */
    public Tensor lastOutput() { return y; }

    @Override public List<Parameter> parameters() { return bias == null ? List.of(weight) : List.of(weight, bias); }

    @Override
    public String describe() {
        return "conv" + k + "x" + k + "(" + cin + "→" + cout + (stride != 1 ? ", stride " + stride : "") + ")";
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rank() != 4 || x.c() != cin) {
            throw new IllegalArgumentException(name + ": expected (N, " + cin + ", H, W), got " + x.shapeString());
        }
        this.x = x;
        int n = x.n(), h = x.h(), w = x.w();
        int ho = Im2col.outSize(h, k, stride, pad), wo = Im2col.outSize(w, k, stride, pad);
        y = Tensor.reuse(y, n, cout, ho, wo);
        int kk = cin * k * k, plane = ho * wo;
        int chunks = chunks(n);
        ensureBuffers(chunks, kk * plane);
        Gemm gemm = compute.serialGemm();
        float[] wd = weight.value.data;
        compute.parallel().forEach(chunks, chunk -> {
            float[] cols = colsBuf[chunk];
            for (int i = first(chunk, n, chunks); i < first(chunk + 1, n, chunks); i++) {
                Im2col.im2col(x.data, i * cin * h * w, cin, h, w, k, stride, pad, cols);
                gemm.gemm(false, false, cout, plane, kk, wd, 0, kk, cols, 0, plane, 0f, y.data, i * cout * plane, plane);
                if (bias != null) {
                    for (int c = 0; c < cout; c++) {
                        float b = bias.value.data[c];
                        int off = (i * cout + c) * plane;
                        for (int j = 0; j < plane; j++) y.data[off + j] += b;
                    }
                }
            }
        });
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = x.n(), h = x.h(), w = x.w();
        int ho = y.h(), wo = y.w(), kk = cin * k * k, plane = ho * wo;
        dx = Tensor.reuse(dx, n, cin, h, w);
        int chunks = chunks(n);
        ensureBuffers(chunks, kk * plane);
        Gemm gemm = compute.serialGemm();
        float[] wd = weight.value.data;
        compute.parallel().forEach(chunks, chunk -> {
            float[] cols = colsBuf[chunk], dcols = dcolsBuf[chunk], dw = dwPartial[chunk];
            java.util.Arrays.fill(dw, 0f);
            for (int i = first(chunk, n, chunks); i < first(chunk + 1, n, chunks); i++) {
                int dyOff = i * cout * plane;
                Im2col.im2col(x.data, i * cin * h * w, cin, h, w, k, stride, pad, cols);
                gemm.gemm(false, true, cout, kk, plane, dy.data, dyOff, plane, cols, 0, plane, 1f, dw, 0, kk);
                gemm.gemm(true, false, kk, plane, cout, wd, 0, kk, dy.data, dyOff, plane, 0f, dcols, 0, plane);
                Im2col.col2im(dcols, cin, h, w, k, stride, pad, dx.data, i * cin * h * w);
            }
        });
        float[] gw = weight.grad.data;
        for (int chunk = 0; chunk < chunks; chunk++) {
            float[] dw = dwPartial[chunk];
            for (int j = 0; j < gw.length; j++) gw[j] += dw[j];
        }
        if (bias != null) {
            float[] gb = bias.grad.data;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < cout; c++) {
                    int off = (i * cout + c) * plane;
                    double s = 0;
                    for (int j = 0; j < plane; j++) s += dy.data[off + j];
                    gb[c] += (float) s;
                }
            }
        }
        return dx;
    }

    private int chunks(int n) { return Math.max(1, Math.min(n, compute.threads())); }

    /** First image of a chunk: chunks split [0, n) into near-equal contiguous ranges. */
    private static int first(int chunk, int n, int chunks) { return (int) ((long) chunk * n / chunks); }

    private void ensureBuffers(int chunks, int colsSize) {
        if (colsBuf.length != chunks || colsBuf[0].length != colsSize) {
            colsBuf = new float[chunks][colsSize];
            dcolsBuf = new float[chunks][colsSize];
            List<float[]> parts = new ArrayList<>();
            for (int i = 0; i < chunks; i++) parts.add(new float[weight.value.size()]);
            dwPartial = parts.toArray(new float[0][]);
        }
    }
}
