package resnetlab.nn;

import java.util.Arrays;
import java.util.List;
import resnetlab.kernel.Compute;
import resnetlab.kernel.Conv3x3;
import resnetlab.kernel.Elementwise;
import resnetlab.kernel.Gemm;
import resnetlab.kernel.Im2col;
import resnetlab.kernel.OutputMap;
import resnetlab.kernel.Parallel;
import resnetlab.tensor.Tensor;

/**
 * 2-D convolution: direct for 3x3 pad-1 layers of stride 1 or 2 when the Compute has a {@link Conv3x3}
 * kernel, im2col + GEMM otherwise (1x1 layers, and every layer on the reference path).
 *
 * <p>x (N, Cin, H, W) → y (N, Cout, Ho, Wo), Ho = (H + 2p − k)/s + 1; weight (Cout, Cin, k, k), optional bias (Cout).
 * <ul>
 *   <li>im2col: per image {@code cols = im2col(x_i)} of shape (Cin·k·k) × (Ho·Wo), {@code Y_i = W · cols}.
 *       Backward per image: {@code dW += dY_i · colsᵀ}, {@code dcols = Wᵀ · dY_i}, {@code dx_i = col2im(dcols)};
 *       columns are recomputed in backward instead of being kept (a batch of columns is k² activations).</li>
 *   <li>direct: a group of images is copied into a zero-padded buffer and convolved in place ({@link Conv3x3}), or,
 *       where the kernel says so ({@link Conv3x3#denseForward}: small images, and the row tiles on rows of one or two
 *       vectors), a thread's images are convolved from and to the dense tensors in one call, or a group at a time
 *       where the kernel asks ({@link Conv3x3#denseForwardInGroups}), which may also apply an inference's BN, join
 *       and ReLU as it writes ({@link Conv3x3#denseForwardMaps}); the input gradient of a stride-1 layer is the same
 *       convolution of the (padded) output gradient with the adjoint weights (transposed, taps reversed),
 *       that of a stride-2 layer {@code Wᵀ·dY} and col2im, one GEMM for the output gradients of a group of
 *       images set side by side (one per image packed the whole weight matrix for a few µs of work); the
 *       weight gradient is accumulated over groups of images whose output pixels add up to about
 *       {@link #WEIGHT_GRADIENT_PIXELS}.</li>
 * </ul>
 *
 * <p>Images are split into one contiguous chunk per thread; each chunk sums its own weight-gradient partial
 * and the partials are added in chunk order, so results depend only on the thread count. All buffers are
 * kept between calls: a warm layer allocates nothing but its parallel tasks. The packed weights are kept too, and packed
 * again only when the weights' values have changed ({@link PackedWeights}): once per call in training, never in
 * repeated inference.
 */
public final class Conv2d implements Layer {
    /** Pixels per weight-gradient group: enough vector steps per lane reduction, few enough to stay in L2. */
    static final int WEIGHT_GRADIENT_PIXELS = 1024;

    private final String name;
    private final int cin, cout, k, stride, pad;
    private final Parameter weight;
    private final Parameter bias; // null when the layer has none (a BN follows)
    private final Compute compute;
    private final Conv3x3 direct; // null: im2col + GEMM

    private Tensor x, y, dx;
    /** Where this layer's inferences write (null: into y). */
    private InferenceOutputs inferenceOutputs;
    /** Whether the running backward masks its input gradient by {@code x > 0} ({@link #backwardThroughRelu}). */
    private boolean reluMask;
    /** Told which images of the running call's output (or input gradient) are final; null: nobody. */
    private ImagesWritten observer;
    /** The running backward's residual join, added into each group of the input gradient once written; null: none. */
    private GradientJoin gradientJoin;
    private long joinedBackwards;
    /** The running {@link #inferJoined}'s shortcut output (null otherwise) and its factor. */
    private Tensor joinWith;
    private float joinScale;
    private long joinedInferences;

    /**
     * A fused pass of a neighbouring layer over the images a call of this layer has just written, run by the thread
     * that wrote them while they are in cache: the forward's output, or the input gradient of a backward.
     */
    interface ImagesWritten {
        /**
         * Called before the chunks start with the tensor to be written and the number of chunks the images are
         * split into ({@link Parallel#part}); false: the observer does not take part in this call.
         */
        boolean begin(Tensor written, int chunks);

        /** Images from chunk {@code chunk}'s first up to {@code written} are final; called on that chunk's thread. */
        void written(int chunk, int written);
    }
    /**
     * The pass that writes the output gradient a backward reads ({@link BatchNorm2d#pendingGradient}: the BN after this
     * layer), a group of images at a time, called on the thread that reads them just before it does.
     */
    interface ImagesNeeded {
        /** Images [from, to) of the output gradient must be written now. */
        void need(int from, int to);
    }

    /** The running backward's pass that writes its output gradient's images, or null: they are written. */
    private ImagesNeeded needed;

    /**
     * Per chunk: im2col columns and their gradient, or padded images and padded output gradients; for a stride-2
     * input gradient, a group's column gradients (bufC) and its output gradients side by side (bufD).
     */
    private float[][] bufA = new float[0][], bufB = new float[0][], bufC = new float[0][], bufD = new float[0][];
    private float[][] outScratch = new float[0][];
    private float[][] dwPartial = new float[0][];
    /** The weights packed for the forward map and for the stride-1 input gradient's adjoint map, kept while unchanged. */
    private final PackedWeights forwardPacking = new PackedWeights(), adjointPacking = new PackedWeights();

    public Conv2d(String name, int cin, int cout, int k, int stride, int pad, boolean withBias, Compute compute) {
        this.name = name;
        this.cin = cin;
        this.cout = cout;
        this.k = k;
        this.stride = stride;
        this.pad = pad;
        this.compute = compute;
        this.direct = k == 3 && pad == 1 && (stride == 1 || stride == 2) ? compute.conv3x3() : null;
        this.weight = new Parameter(name + ".weight", new Tensor(cout, cin, k, k), true);
        this.bias = withBias ? new Parameter(name + ".bias", new Tensor(cout), false) : null;
    }

    public Parameter weight() { return weight; }
    public Parameter bias() { return bias; }
    public int inChannels() { return cin; }
    public int outChannels() { return cout; }
    public int kernel() { return k; }
    public int stride() { return stride; }
    /** The Compute this layer runs on (the layers after it in a {@link Sequential} use it too). */
    public Compute compute() { return compute; }
    /**
     * The output of the last forward (a buffer reused by the next call), or of the last inference where this layer has
     * no shared outputs ({@link #shareInferenceOutputs}).
     */
    public Tensor lastOutput() { return y; }

    @Override public List<Parameter> parameters() { return bias == null ? List.of(weight) : List.of(weight, bias); }

    @Override
    public String describe() {
        return "conv" + k + "x" + k + "(" + cin + "→" + cout + (stride != 1 ? ", stride " + stride : "") + ")";
    }

    @Override
    public Tensor forward(Tensor x, boolean training) { return forward(x, null, false, null, false); }

    /** {@link #forward}, telling {@code observer} each image of the output as soon as it is written. */
    Tensor forward(Tensor x, ImagesWritten observer) { return forward(x, null, false, observer, false); }

    /** The eval forward, into one of the net's shared {@link InferenceOutputs} where it has them. */
    @Override
    public Tensor infer(Tensor x) { return forward(x, null, false, null, true); }

    /**
     * Lets this layer's inferences ({@link #infer}, {@link #inferWith}, {@link #inferJoined}) write into {@code outputs},
     * shared with the other convolutions of its net, instead of its own output tensor (which its training forwards
     * keep, and {@link #lastOutput} returns); null: its own.
     */
    public void shareInferenceOutputs(InferenceOutputs outputs) { inferenceOutputs = outputs; }

    /**
     * Inference of this layer and the BN after it (and a ReLU after that, if {@code relu}): each thread applies
     * the BN's eval map to the images it has just convolved, while they are in cache, instead of two more passes
     * over the batch. The values are those of the three layers' eval forwards, bit for bit. Only for a layer
     * without bias (a BN follows).
     */
    Tensor inferWith(Tensor x, BatchNorm2d.ChannelMap map, boolean relu) {
        if (bias != null) throw new IllegalStateException(name + ": a layer with a bias is not fused with a BN");
        return forward(x, map, relu, null, true);
    }

    /**
     * {@link #inferWith} and the residual join and ReLU after it: each thread computes {@code relu(BN(conv(x)) + scale·h)}
     * for the images it has just convolved, in place in this layer's output, which it returns; the values of the BN's
     * eval map, {@code Elementwise.axpby(1, ·, scale, h)} and the ReLU, bit for bit (the original unit's inference:
     * {@code ResidualBlock#infer}). {@code h} null: no shortcut, as {@link #inferWith} with its ReLU.
     */
    public Tensor inferJoined(Tensor x, BatchNorm2d.ChannelMap map, Tensor h, float scale) {
        if (bias != null) throw new IllegalStateException(name + ": a layer with a bias is not fused with a BN");
        if (h != null) {
            int ho = Im2col.outSize(x.h(), k, stride, pad), wo = Im2col.outSize(x.w(), k, stride, pad);
            if (h.rank() != 4 || h.n() != x.n() || h.c() != cout || h.h() != ho || h.w() != wo) {
                throw new IllegalArgumentException(name + ": the shortcut's " + h.shapeString() + " does not match the output ("
                        + x.n() + ", " + cout + ", " + ho + ", " + wo + ")");
            }
        }
        joinWith = h;
        joinScale = scale;
        joinedInferences++;
        try {
            return forward(x, map, true, null, true);
        } finally {
            joinWith = null;
        }
    }

    /** How many times {@link #inferJoined} ran (tests check that the blocks take it). */
    public long joinedInferences() { return joinedInferences; }

    /** With {@code infer}, into a shared output where the net has them ({@link #shareInferenceOutputs}). */
    private Tensor forward(Tensor x, BatchNorm2d.ChannelMap map, boolean relu, ImagesWritten observer, boolean infer) {
        if (x.rank() != 4 || x.c() != cin) {
            throw new IllegalArgumentException(name + ": expected (N, " + cin + ", H, W), got " + x.shapeString());
        }
        this.x = x;
        int n = x.n(), h = x.h(), w = x.w();
        int ho = Im2col.outSize(h, k, stride, pad), wo = Im2col.outSize(w, k, stride, pad);
        if (!infer || inferenceOutputs == null) return forwardInto(Tensor.reuse(y, n, cout, ho, wo), map, relu, observer);
        Tensor own = y; // the kernels write into y: the shared tensor stands in for it during this call
        try {
            return forwardInto(inferenceOutputs.take(n, cout, ho, wo, x, joinWith), map, relu, null);
        } finally {
            y = own;
        }
    }

    private Tensor forwardInto(Tensor out, BatchNorm2d.ChannelMap map, boolean relu, ImagesWritten observer) {
        y = out;
        int n = x.n(), h = x.h(), w = x.w(), ho = y.h(), wo = y.w();
        this.observer = observer != null && bias == null && observer.begin(y, chunks(n)) ? observer : null;
        if (direct != null) forwardDirect(n, h, w, map, relu);
        else forwardLowered(n, h, w, ho * wo, map, relu);
        if (bias != null) {
            int plane = ho * wo;
            float[] yd = y.data, b = bias.value.data;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < cout; c++) {
                    int off = (i * cout + c) * plane;
                    for (int j = 0; j < plane; j++) yd[off + j] += b[c];
                }
            }
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) { return backward(dy, true); }

    /** With {@code inputGradient} false only the weight (and bias) gradient is computed, and null returned. */
    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) { return backward(dy, inputGradient, false, null); }

    /**
     * This layer's backward and that of the ReLU before it in one: the input gradient comes back as the ReLU's,
     * {@code dx ⊙ (x > 0)} (x, this layer's input, is that ReLU's output), each thread masking the images whose
     * input gradient it has just written, while they are in cache, instead of another pass (and thread hand-off)
     * over the batch. The values of the ReLU's backward after this layer's, bit for bit.
     */
    Tensor backwardThroughRelu(Tensor dy) { return backward(dy, true, true, null); }

    /** {@link #backwardThroughRelu}, telling {@code observer} each image of the ReLU's input gradient once written. */
    Tensor backwardThroughRelu(Tensor dy, ImagesWritten observer) { return backward(dy, true, true, observer); }

    /**
     * This layer's backward with a residual block's join: the input gradient comes back as {@code dxBranch + skip}
     * ({@link GradientJoin}), each thread adding the shortcut's gradient to the images it has just written, while
     * they are in cache, and summing the squares the block records; then, with {@code throughRelu}, the backward of
     * the ReLU whose output is this layer's input (the post-join ReLU of the block before):
     * {@code (dxBranch + skip) ⊙ (x > 0)}, the join's sums taken before the mask. The values of the blocks' own
     * passes, bit for bit.
     */
    public Tensor backwardJoined(Tensor dy, GradientJoin join, boolean throughRelu) {
        joinedBackwards++;
        return backward(dy, true, throughRelu, null, join);
    }

    /** How many times {@link #backwardJoined} ran (tests check that the blocks take it). */
    public long joinedBackwards() { return joinedBackwards; }

    private Tensor backward(Tensor dy, boolean inputGradient, boolean reluMask, ImagesWritten observer) {
        return backward(dy, inputGradient, reluMask, observer, null);
    }

    /**
     * Makes the next backward call's output gradient the one {@code needed} writes: the backward asks it for each group
     * of images just before it reads them, on the thread that reads them ({@link BatchNorm2d#pendingGradient}), so the
     * BN's pass over the batch and its hand-off to the threads are saved and the images are read again while in cache.
     * Returns this layer.
     */
    Conv2d backwardReading(ImagesNeeded needed) {
        this.needed = needed;
        return this;
    }

    private Tensor backward(Tensor dy, boolean inputGradient, boolean reluMask, ImagesWritten observer, GradientJoin join) {
        try {
            return backwardOnce(dy, inputGradient, reluMask, observer, join);
        } finally {
            needed = null;
        }
    }

    private Tensor backwardOnce(Tensor dy, boolean inputGradient, boolean reluMask, ImagesWritten observer, GradientJoin join) {
        this.reluMask = reluMask;
        int n = x.n(), h = x.h(), w = x.w();
        if (inputGradient) dx = Tensor.reuse(dx, n, cin, h, w);
        int chunks = chunks(n);
        this.observer = inputGradient && observer != null && observer.begin(dx, chunks) ? observer : null;
        this.gradientJoin = inputGradient ? join : null;
        if (gradientJoin != null) gradientJoin.begin(chunks);
        if (direct != null) backwardDirect(dy, n, h, w, chunks, inputGradient);
        else backwardLowered(dy, n, h, w, chunks, inputGradient);
        long t = LayerProfile.begin();
        float[] gw = weight.grad.data;
        for (int chunk = 0; chunk < chunks; chunk++) {
            float[] dw = dwPartial[chunk];
            for (int j = 0; j < gw.length; j++) gw[j] += dw[j];
        }
        if (bias != null) {
            int plane = y.h() * y.w();
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
        LayerProfile.add(LayerProfile.Kind.CONV_BACKWARD_WEIGHTS, t);
        return inputGradient ? dx : null;
    }

    // ---- direct 3x3 -------------------------------------------------------------------------------

    /**
     * Applies a fused BN's map (and ReLU) to images [from, to) of y, with the join of {@link #inferJoined} between
     * them where one runs; nothing without a BN.
     */
    private void epilogue(BatchNorm2d.ChannelMap map, boolean relu, int from, int to) {
        if (map == null) return;
        Elementwise ew = compute.elementwise();
        float[] yd = y.data, hd = joinWith == null ? null : joinWith.data;
        int plane = y.h() * y.w(), size = cout * plane;
        for (int i = from; i < to; i++) {
            if (hd == null) map.applyImage(ew, yd, yd, i * size, cout, plane, relu);
            else map.applyJoinedImage(ew, yd, yd, i * size, cout, plane, hd, joinScale, relu);
        }
    }

    private void forwardDirect(int n, int h, int w, BatchNorm2d.ChannelMap map, boolean relu) {
        int ho = y.h(), wo = y.w(), wp = direct.paddedWidth(w, stride), wv = direct.computedWidth(wo, stride);
        int plane = ho * wo, chunks = chunks(n);
        float[] xd = x.data, yd = y.data;
        if (direct.denseForward(cin, cout, h, w, stride)) { // dense in, dense out: one call per chunk, or per group
            float[] packed = forwardPacked(h, w);
            int step = direct.denseForwardInGroups(cin, cout, h, w, stride) ? group(ho, wv) : n;
            // the kernel maps the outputs itself where it can (an inference's BN, join and ReLU), else a pass after
            OutputMap inKernel = map != null && direct.denseForwardMaps(cin, cout, h, w, stride)
                    ? new OutputMap(map.mean(), map.scale(), map.shift(), joinWith == null ? null : joinWith.data, joinScale, relu)
                    : null;
            compute.parallel().forEach(chunks, chunk -> {
                int end = first(chunk + 1, n, chunks);
                for (int i = first(chunk, n, chunks); i < end; i += step) {
                    int to = Math.min(end, i + step), xOff = i * cin * h * w, yOff = i * cout * plane;
                    if (inKernel != null) {
                        direct.forwardDense(xd, xOff, cin, h, w, stride, packed, cout, to - i, yd, yOff, inKernel);
                    } else {
                        direct.forwardDense(xd, xOff, cin, h, w, stride, packed, cout, to - i, yd, yOff);
                        epilogue(map, relu, i, to);
                    }
                    tell(chunk, to);
                }
            });
            return;
        }
        float[] packed = forwardPacked(h, w);
        int group = group(ho, wv);
        bufA = ensureEach(bufA, chunks, group * cin * (h + 2) * wp + Conv3x3.SLACK); // as in backward: one buffer
        boolean exact = wv == wo;
        if (!exact) outScratch = ensureEach(outScratch, chunks, outScratchSize(group, h, ho, wv));
        compute.parallel().forEach(chunks, chunk -> {
            float[] p = bufA[chunk];
            int end = first(chunk + 1, n, chunks);
            for (int i = first(chunk, n, chunks); i < end; i += group) {
                int images = Math.min(group, end - i);
                direct.pad(xd, i * cin * h * w, images, cin, h, w, stride, p, 0);
                if (exact) {
                    direct.forward(p, 0, images, cin, h, w, stride, packed, cout, yd, i * cout * plane, wo);
                } else {
                    float[] out = outScratch[chunk];
                    direct.forward(p, 0, images, cin, h, w, stride, packed, cout, out, 0, wv);
                    direct.unpadColumns(out, images * cout * ho, wv, wo, yd, i * cout * plane);
                }
                epilogue(map, relu, i, i + images);
                tell(chunk, i + images);
            }
        });
    }

    /** The forward map's weights packed for h×w inputs, as the direct kernel reads them (packed anew when they changed). */
    private float[] forwardPacked(int h, int w) {
        float[] wd = weight.value.data;
        if (direct.denseForward(cin, cout, h, w, stride)) {
            return forwardPacking.get(wd, packingKey(true, h, w), direct.denseWeightsSize(cin, cout, h, w, stride),
                    into -> direct.packDense(wd, false, cin, cout, h, w, stride, into));
        }
        return forwardPacking.get(wd, packingKey(false, h, w), direct.packedSize(cout, cin),
                into -> direct.pack(wd, cout, cin, false, h, w, stride, into));
    }

    /**
     * The stride-1 input gradient's adjoint map cout → cin packed for h×w output gradients (dense, or on padded ones, as
     * the kernel asks), packed anew when the weights changed; null for stride 2, whose input gradient is no convolution.
     */
    private float[] adjointPacked(int h, int w) {
        if (stride != 1) return null;
        float[] wd = weight.value.data;
        if (direct.denseForward(cout, cin, h, w, 1)) {
            return adjointPacking.get(wd, packingKey(true, h, w), direct.denseWeightsSize(cout, cin, h, w, 1),
                    into -> direct.packDense(wd, true, cout, cin, h, w, 1, into));
        }
        return adjointPacking.get(wd, packingKey(false, h, w), direct.packedSize(cin, cout),
                into -> direct.pack(wd, cout, cin, true, h, w, 1, into));
    }

    /**
     * Packs the weights for the next forward, and with {@code adjoint} for the input gradient of the next backward, on
     * inputs of the last forward's size, where they changed since they were last packed (the optimizer's step): what
     * those calls would otherwise do on their calling thread while the other threads wait. {@link
     * resnetlab.model.Network} runs it for all its convolutions side by side before a training step's forward (on the
     * Intel Xeon, 2026-12-07: ResNet-20's 38 packings took 1.7-1.8 ms of a step, the classroom net's 114 took 1.0 ms
     * of a 20 ms two-thread step). Nothing before a first forward, or for a layer on the lowered path, which packs
     * nothing.
     */
    public void packWeights(boolean adjoint) {
        if (x == null || direct == null) return;
        forwardPacked(x.h(), x.w());
        if (adjoint) adjointPacked(x.h(), x.w());
    }

    /**
     * Weight gradient by groups of images (dense or padded operands, as the kernel asks); the input gradient by
     * the forward kernel with the adjoint weights (stride 1; per group from the dense gradient, or per image
     * from the padded one, as the kernel asks), or for stride 2 by {@code dcols = Wᵀ·dY} and col2im per image
     * (a strided layer's adjoint is not a convolution of the same form). Without {@code input}, the weight
     * gradient only.
     */
    private void backwardDirect(Tensor dy, int n, int h, int w, int chunks, boolean input) {
        int ho = y.h(), wo = y.w(), wp = direct.paddedWidth(w, stride), wv = direct.computedWidth(wo, stride);
        int dwp = direct.gradientPaddedWidth(wo, stride), plane = h * w, planeOut = ho * wo, kk = cin * 9;
        int group = group(ho, wv), xImage = cin * (h + 2) * wp, dyImage = cout * (ho + 2) * dwp;
        boolean denseData = stride == 1 && direct.denseForward(cout, cin, h, w, 1);
        float[] wd = weight.value.data, packedAdjoint = input ? adjointPacked(h, w) : null;
        if (input && stride != 1) {
            bufC = ensureEach(bufC, chunks, kk * group * planeOut);
            bufD = ensureEach(bufD, chunks, cout * group * planeOut);
        }
        // dense: the weight gradient reads x and dy as they are; then x needs no padded copy, and dy one only
        // for a stride-1 input gradient on padded images
        boolean dense = direct.denseWeightGradient(cin, cout, w, stride);
        boolean padDy = !dense || input && stride == 1 && !denseData;
        if (!dense) bufA = ensureEach(bufA, chunks, group * xImage + Conv3x3.SLACK);
        if (padDy) bufB = ensureEach(bufB, chunks, group * dyImage + Conv3x3.SLACK);
        boolean exact = wv == wo;
        if (input && !exact) outScratch = ensureEach(outScratch, chunks, outScratchSize(group, h, ho, wv));
        // per chunk: the kernel's sums, reduced to the gradient (cout, cin, 3, 3) at the end
        dwPartial = ensureEach(dwPartial, chunks, direct.weightGradientSums(cin, cout, h, w, stride));
        Gemm gemm = compute.serialGemm();
        float[] xd = x.data, dyd = dy.data, dxd = input ? dx.data : null;
        compute.parallel().forEach(chunks, chunk -> {
            float[] p = dense ? null : bufA[chunk], dp = padDy ? bufB[chunk] : null, dw = dwPartial[chunk];
            Arrays.fill(dw, 0f);
            int end = first(chunk + 1, n, chunks);
            for (int g = first(chunk, n, chunks); g < end; g += group) {
                int images = Math.min(group, end - g);
                if (needed != null) needed.need(g, g + images);
                long t = LayerProfile.begin();
                if (padDy) direct.padGradient(dyd, g * cout * planeOut, images, cout, ho, wo, stride, dp, 0);
                if (dense) {
                    direct.weightGradientDense(xd, g * cin * plane, cin, h, w, stride, dyd, g * cout * planeOut, cout,
                            images, dw);
                } else {
                    direct.pad(xd, g * cin * plane, images, cin, h, w, stride, p, 0);
                    direct.weightGradient(p, 0, cin, h, w, stride, dp, 0, cout, images, dw);
                }
                LayerProfile.add(LayerProfile.Kind.CONV_BACKWARD_WEIGHTS, t);
                if (!input) continue;
                if (denseData) {
                    direct.forwardDense(dyd, g * cout * planeOut, cout, h, w, 1, packedAdjoint, cin, images, dxd, g * cin * plane);
                    maskInputGradient(chunk, g, images, plane);
                    continue;
                }
                if (stride != 1) {
                    // the group's output gradients side by side, cout × (images·planeOut); then one GEMM
                    // dcols = Wᵀ·dY for them all, and col2im per image from its columns
                    float[] dyGroup = bufD[chunk], dcols = bufC[chunk];
                    int cols = images * planeOut;
                    for (int o = 0; o < cout; o++) {
                        for (int j = 0; j < images; j++) {
                            System.arraycopy(dyd, ((g + j) * cout + o) * planeOut, dyGroup, o * cols + j * planeOut, planeOut);
                        }
                    }
                    gemm.gemm(true, false, kk, cols, cout, wd, 0, kk, dyGroup, 0, cols, 0f, dcols, 0, cols);
                    for (int j = 0; j < images; j++) {
                        Im2col.col2imStride2(dcols, j * planeOut, cols, cin, h, w, dxd, (g + j) * cin * plane);
                    }
                    maskInputGradient(chunk, g, images, plane);
                    continue;
                }
                if (exact) {
                    direct.forward(dp, 0, images, cout, h, w, 1, packedAdjoint, cin, dxd, g * cin * plane, w);
                } else {
                    float[] out = outScratch[chunk];
                    direct.forward(dp, 0, images, cout, h, w, 1, packedAdjoint, cin, out, 0, wv);
                    direct.unpadColumns(out, images * cin * h, wv, w, dxd, g * cin * plane);
                }
                maskInputGradient(chunk, g, images, plane);
            }
            long t = LayerProfile.begin();
            direct.reduceWeightGradient(dw, cin, cout, h, w, stride);
            LayerProfile.add(LayerProfile.Kind.CONV_BACKWARD_WEIGHTS, t);
        });
    }

    /**
     * The residual join's add when the running backward has one ({@link #backwardJoined}), then the ReLU's backward
     * for images [from, from + images) of the input gradient, in place, when it goes through it
     * ({@link #backwardThroughRelu}); then tells the observer, if any.
     */
    private void maskInputGradient(int chunk, int from, int images, int plane) {
        int off = from * cin * plane;
        if (gradientJoin != null) gradientJoin.add(compute.elementwise(), chunk, dx.data, off, images * cin * plane);
        if (reluMask) compute.elementwise().reluBackward(x.data, dx.data, dx.data, off, images * cin * plane);
        tell(chunk, from + images);
    }

    /** Tells the running call's observer, if any, that chunk {@code chunk}'s images before {@code written} are final. */
    private void tell(int chunk, int written) {
        if (observer != null) observer.written(chunk, written);
    }

    /**
     * Floats of the computed outputs of a group of images, forward (cout planes of Ho rows) or stride-1 input
     * gradient (cin planes of H rows), in rows of the kernel's computed width {@code wv}.
     */
    private int outScratchSize(int group, int h, int ho, int wv) { return group * Math.max(cout, cin) * Math.max(h, ho) * wv; }

    /**
     * Images per group (independent of the batch, so that buffers survive a smaller batch): the weight gradient's
     * sums, the stride-2 input gradient's GEMM, and the padded images each forward call of the kernel gets.
     */
    private static int group(int ho, int wv) { return Math.max(1, WEIGHT_GRADIENT_PIXELS / (ho * wv)); }


    // ---- im2col + GEMM ----------------------------------------------------------------------------

    private void forwardLowered(int n, int h, int w, int plane, BatchNorm2d.ChannelMap map, boolean relu) {
        int kk = cin * k * k;
        int chunks = chunks(n);
        bufA = ensureEach(bufA, chunks, kk * plane);
        Gemm gemm = compute.serialGemm();
        float[] wd = weight.value.data, xd = x.data, yd = y.data;
        compute.parallel().forEach(chunks, chunk -> {
            float[] cols = bufA[chunk];
            for (int i = first(chunk, n, chunks); i < first(chunk + 1, n, chunks); i++) {
                Im2col.im2col(xd, i * cin * h * w, cin, h, w, k, stride, pad, cols);
                gemm.gemm(false, false, cout, plane, kk, wd, 0, kk, cols, 0, plane, 0f, yd, i * cout * plane, plane);
                epilogue(map, relu, i, i + 1);
                tell(chunk, i + 1);
            }
        });
    }

    private void backwardLowered(Tensor dy, int n, int h, int w, int chunks, boolean input) {
        int plane = y.h() * y.w(), kk = cin * k * k;
        bufA = ensureEach(bufA, chunks, kk * plane);
        if (input) bufB = ensureEach(bufB, chunks, kk * plane);
        dwPartial = ensureEach(dwPartial, chunks, weight.value.size());
        Gemm gemm = compute.serialGemm();
        float[] wd = weight.value.data, xd = x.data, dyd = dy.data, dxd = input ? dx.data : null;
        compute.parallel().forEach(chunks, chunk -> {
            float[] cols = bufA[chunk], dcols = input ? bufB[chunk] : null, dw = dwPartial[chunk];
            Arrays.fill(dw, 0f);
            for (int i = first(chunk, n, chunks); i < first(chunk + 1, n, chunks); i++) {
                int dyOff = i * cout * plane;
                if (needed != null) needed.need(i, i + 1);
                long t = LayerProfile.begin();
                Im2col.im2col(xd, i * cin * h * w, cin, h, w, k, stride, pad, cols);
                gemm.gemm(false, true, cout, kk, plane, dyd, dyOff, plane, cols, 0, plane, 1f, dw, 0, kk);
                LayerProfile.add(LayerProfile.Kind.CONV_BACKWARD_WEIGHTS, t);
                if (!input) continue;
                gemm.gemm(true, false, kk, plane, cout, wd, 0, kk, dyd, dyOff, plane, 0f, dcols, 0, plane);
                Im2col.col2im(dcols, cin, h, w, k, stride, pad, dxd, i * cin * h * w);
                maskInputGradient(chunk, i, 1, h * w);
            }
        });
    }

    // ---- buffers and chunks -----------------------------------------------------------------------

    private int chunks(int n) { return Math.max(1, Math.min(n, compute.threads())); }

    /** First image of a chunk: chunks split [0, n) into near-equal contiguous ranges. */
    private static int first(int chunk, int n, int chunks) { return (int) ((long) chunk * n / chunks); }

    /** What a packing of the weights is for ({@link PackedWeights}): the dense kernels' or the padded one's, on h×w inputs. */
    private static long packingKey(boolean dense, int h, int w) { return ((long) h << 32 | w) << 1 | (dense ? 1 : 0); }

    /**
     * One zeroed buffer of at least {@code size} per chunk, kept while the chunk count and size stay the same. Each
     * has {@link Parallel#SEPARATION_BYTES} more than asked, so that two chunks' buffers, allocated side by side, never
     * share a cache line (see {@link Parallel#separateSums}): the weight gradient's sums are added into all along.
     */
    private static float[][] ensureEach(float[][] bufs, int chunks, int size) {
        if (bufs.length == chunks && bufs[0].length == size + PAD_FLOATS) return bufs;
        float[][] fresh = new float[chunks][];
        for (int i = 0; i < chunks; i++) fresh[i] = new float[size + PAD_FLOATS];
        return fresh;
    }

    private static final int PAD_FLOATS = Parallel.SEPARATION_BYTES / Float.BYTES;
}
