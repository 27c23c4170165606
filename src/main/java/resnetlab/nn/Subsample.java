package resnetlab.nn;

import java.util.Arrays;
import resnetlab.kernel.Compute;
import resnetlab.kernel.Parallel;
import resnetlab.tensor.Tensor;

/**
 * He 2015's option-A shortcut where dimensions change: subsample x[:, :, ::s, ::s] and pad the new channels
 * with zeros. Parameter-free. x (N, Cin, H, W) → y (N, Cout, ⌈H/s⌉, ⌈W/s⌉), Cout ≥ Cin; channels
 * 0..Cin−1 hold the subsampled input, Cin..Cout−1 are exactly zero. Backward scatters dy of the old
 * channels back to the sampled positions; the rest of dx is zero.
 */
public final class Subsample implements Layer {
    private final int cout, stride;
    private Tensor y, dx;
    private int[] inShape;
    private Compute compute = Compute.SERIAL_REFERENCE;

    public Subsample(int cout, int stride) {
        this.cout = cout;
        this.stride = stride;
    }

    public int outChannels() { return cout; }
    public int stride() { return stride; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        int n = x.n(), cin = x.c(), h = x.h(), w = x.w();
        if (cin > cout) throw new IllegalArgumentException("option A cannot reduce channels " + cin + " → " + cout);
        int ho = (h + stride - 1) / stride, wo = (w + stride - 1) / stride;
        inShape = x.shape();
        y = Tensor.reuse(y, n, cout, ho, wo);
        float[] xd = x.data, yd = y.data;
        forImages(n, y.size(), (from, to) -> {
            Arrays.fill(yd, from * cout * ho * wo, to * cout * ho * wo, 0f);
            for (int i = from; i < to; i++) {
                for (int c = 0; c < cin; c++) {
                    int src = (i * cin + c) * h * w, dst = (i * cout + c) * ho * wo;
                    for (int oy = 0; oy < ho; oy++) {
                        for (int ox = 0; ox < wo; ox++) yd[dst + oy * wo + ox] = xd[src + oy * stride * w + ox * stride];
                    }
                }
            }
        });
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = inShape[0], cin = inShape[1], h = inShape[2], w = inShape[3];
        int ho = dy.h(), wo = dy.w();
        dx = Tensor.reuse(dx, inShape);
        float[] dxd = dx.data, dyd = dy.data;
        forImages(n, dx.size(), (from, to) -> {
            Arrays.fill(dxd, from * cin * h * w, to * cin * h * w, 0f);
            for (int i = from; i < to; i++) {
                for (int c = 0; c < cin; c++) {
                    int dst = (i * cin + c) * h * w, src = (i * cout + c) * ho * wo;
                    for (int oy = 0; oy < ho; oy++) {
                        for (int ox = 0; ox < wo; ox++) dxd[dst + oy * stride * w + ox * stride] = dyd[src + oy * wo + ox];
                    }
                }
            }
        });
        return dx;
    }

    @Override public void useCompute(Compute compute) { this.compute = compute; }

    /**
     * Runs {@code body} over the n images in one contiguous range per thread of the Compute (one range when the
     * tensor written is too small to pay for a hand-off): the images a thread copies are those its convolutions
     * worked on.
     */
    private void forImages(int n, int size, Parallel.RangeBody body) {
        int chunks = compute.parallel().imageChunks(n, size);
        if (chunks == 1) {
            body.run(0, n);
        } else {
            compute.parallel().forEach(chunks, t -> body.run(Parallel.part(t, n, chunks), Parallel.part(t + 1, n, chunks)));
        }
    }

    @Override public String describe() { return "subsample/" + stride + "+zero-pad→" + cout; }
}
