package resnetlab.nn;

import java.util.Arrays;
import java.util.List;
import resnetlab.kernel.Compute;
import resnetlab.kernel.Elementwise;
import resnetlab.kernel.Parallel;
import resnetlab.tensor.Tensor;

/**
 * Batch normalisation over (N, H, W) per channel (Ioffe & Szegedy 2015).
 *
 * <p>x (N, C, H, W) → y (N, C, H, W). Training: {@code y = γ·(x − μ_B)/√(σ²_B + ε) + β} with the batch's mean and
 * biased variance; running averages move by {@code momentum} towards μ_B and the unbiased σ²_B (as PyTorch).
 * Eval: the running averages replace the batch statistics, so the layer is a per-channel affine map.
 * Backward (training), with x̂ = (x − μ)/σ and M = N·H·W:
 * {@code dx = γ/(M·σ) · (M·dy − Σdy − x̂·Σ(dy·x̂))}, {@code dγ = Σ dy·x̂}, {@code dβ = Σ dy}.
 *
 * <p>Passes: forward reads x twice (the shifted sums Σ(x − s), Σ(x − s)² with s = the channel's first value,
 * which avoids cancellation when |μ| ≫ σ; then y) and writes y; backward reads dy and x twice and writes dx.
 * x̂ is not stored: backward recomputes it from x, the previous layer's output, which stays unchanged until
 * that layer's next forward. Images are split over the Compute's threads in the convolutions' chunks, so a
 * thread reads what its own convolution chunk has just written, from its own cache (a split by channels made
 * every pass read half the tensor from the other core's). Each chunk sums into its own partials, added in
 * chunk order: results depend on the thread count, never on timing. Within a chunk, planes shorter than
 * {@link #SHORT_PLANE} are summed channel by channel over groups of images that fit L1 ({@link Elementwise#planeMoments}),
 * so the 4x4 and 8x8 planes of a small net's last stages are summed a block at a time rather than one plane
 * (and one lane reduction) at a time; longer planes image by image, in memory order.
 *
 * <p>The layer also records the standard deviation of its last output ({@link #responseStd()}): He 2015
 * Fig. 7 plots it for each 3x3 layer ("after BN, before ReLU/addition"). In training it follows from the
 * statistics without another pass: channel c of y has mean β_c and variance γ_c²·σ²_c/(σ²_c + ε).
 */
public final class BatchNorm2d implements Layer {
    public static final float EPS = 1e-5f;
    public static final float MOMENTUM = 0.1f;

    private final String name;
    private final int channels;
    private final Parameter gamma, beta;
    private final Tensor runningMean, runningVar;
    private Compute compute = Compute.SERIAL_REFERENCE;

    private Tensor x, y, dx;
    /**
     * Per channel: the mean and 1/σ the last forward used, γ/σ, the shift of its moments, its batch variance,
     * two sums, and the three coefficients of the input gradient.
     */
    private final float[] mean, invStd, scale, momentShift, dxScale, dxSlope, dxShift;
    private final double[] variance, sums;
    /** Per chunk of images: its two sums per channel, added in chunk order into {@link #sums}. */
    private double[][] partials = new double[0][];
    /** Per chunk of images: the shift of its forward sums per channel (its first image's value of the channel). */
    private float[][] chunkShifts = new float[0][];
    /** The forward sums taken by the convolution before this layer, and the backward ones by the one after it. */
    private final FusedSums forwardSums = new FusedSums(true), backwardSums = new FusedSums(false);
    /** The output gradient of the backward {@link #backwardMap} prepared, and its input gradient's pending pass. */
    private Tensor pendingDy;
    private int pendingGradients;
    private final PendingGradient pending = new PendingGradient();
    /** Calls (forward or backward) that used sums taken by a convolution: for tests. */
    private int fusedSumCalls;
    /** Forwards that applied a residual join ({@link #forwardJoined}): for tests. */
    private int joinedForwards;
    private boolean lastTraining;
    private boolean measureEvalResponses;
    private double responseStd = Double.NaN;

    /**
     * Planes (h·w floats) shorter than this have their sums taken channel by channel across images: on the
     * classroom preset (batch 64, one thread) a BN's forward + backward went from 80 to 26-34 µs on 4x4 planes
     * and from 37 to 26-32 on 8x8 ones. Longer planes are summed image by image, in memory order: channel by channel
     * their BN backward took 33-39 µs against 28-30 (16x16 planes, 8 channels).
     */
    static final int SHORT_PLANE = 128;

    /**
     * Floats of the images whose short planes are summed channel by channel at a time: 32 KiB, so that the
     * walk across channels stays in L1. Walking all of a chunk's images per channel made the paper nets' BN
     * slower, where a chunk's 8x8 planes of 64 channels are megabytes that stream from L3.
     */
    static final int SHORT_PLANE_GROUP_FLOATS = 8192;

    /**
     * Images whose planes the moment passes sum channel by channel at a time: as many short planes as fill
     * {@link #SHORT_PLANE_GROUP_FLOATS} (at least one image); one image for longer planes, which is memory order.
     */
    private int imagesPerGroup(int plane) {
        return plane < SHORT_PLANE ? Math.max(1, SHORT_PLANE_GROUP_FLOATS / (channels * plane)) : 1;
    }

    public BatchNorm2d(String name, int channels) {
        this.name = name;
        this.channels = channels;
        this.gamma = new Parameter(name + ".gamma", new Tensor(channels), false);
        this.beta = new Parameter(name + ".beta", new Tensor(channels), false);
        this.runningMean = new Tensor(channels);
        this.runningVar = new Tensor(channels);
        gamma.value.fill(1f);
        runningVar.fill(1f);
        mean = new float[channels];
        invStd = new float[channels];
        scale = new float[channels];
        momentShift = new float[channels];
        dxScale = new float[channels];
        dxSlope = new float[channels];
        dxShift = new float[channels];
        variance = new double[channels];
        sums = new double[2 * channels];
    }

    public Parameter gamma() { return gamma; }
    public Parameter beta() { return beta; }
    public Tensor runningMean() { return runningMean; }
    public Tensor runningVar() { return runningVar; }
    /**
     * Standard deviation of the last forward output over all its values: always after a training forward (it
     * comes free with the batch statistics); after an eval forward only while {@link #measureEvalResponses}
     * is on (it costs a pass over the output), NaN otherwise.
     */
    public double responseStd() { return responseStd; }

    /**
     * Whether eval forwards also measure {@link #responseStd()}. Off by default: inference (lesions, landscapes,
     * path sampling, test error) does not need it; the layer-responses experiment turns it on.
     */
    public void measureEvalResponses(boolean on) { this.measureEvalResponses = on; }

    @Override public void useCompute(Compute compute) { this.compute = compute; }
    @Override public List<Parameter> parameters() { return List.of(gamma, beta); }
    /** {@code NAME.running_mean} and {@code NAME.running_var}, PyTorch's names for the same statistics. */
    @Override public List<Buffer> namedBuffers() {
        return List.of(new Buffer(name + ".running_mean", runningMean), new Buffer(name + ".running_var", runningVar));
    }
    @Override public String describe() { return "BN(" + channels + ")"; }

    @Override
    public Tensor forward(Tensor x, boolean training) { return forward(x, training, null); }

    /**
     * Whether a forward can apply a ReLU after this layer in its own pass ({@link #forward(Tensor, boolean, Relu)},
     * {@link #forwardJoined}): always in training, in eval unless it measures the responses before the ReLU.
     */
    public boolean fusesRelu(boolean training) { return training || !measureEvalResponses; }

    /**
     * This layer's forward, then {@code relu}'s (if not null) in the same pass: the values go into the ReLU's
     * output buffer ({@link Relu#fusedOutput}), whose backward works as usual; this layer's backward needs only x.
     * Saves the ReLU's pass over the tensor. Not while an eval forward measures the responses (they are before
     * the ReLU): see {@link #fusesRelu}.
     */
    Tensor forward(Tensor x, boolean training, Relu relu) { return forward(x, training, relu, null, 0f); }

    /**
     * The last layers of an original residual unit in one pass: this layer's forward, the join with the shortcut's
     * output {@code h} and the ReLU after it, {@code relu(BN(x) + scale·h)}, written into the ReLU's output buffer
     * ({@link Relu#fusedOutput}) image by image while each is in cache, instead of a pass of this layer's and one of
     * the join's. The values of this layer's forward, then {@code Elementwise.axpby(1, ·, scale, h)} and the ReLU, bit
     * for bit; this layer's backward and the ReLU's work as usual (this layer's needs only x). Only where
     * {@link #fusesRelu} says so. {@code h} null: no shortcut (a plain block), this layer and the ReLU.
     */
    public Tensor forwardJoined(Tensor x, boolean training, Tensor h, float scale, Relu relu) {
        if (h != null && !Arrays.equals(h.shape(), x.shape())) {
            throw new IllegalArgumentException(name + ": the shortcut's " + h.shapeString() + " does not match " + x.shapeString());
        }
        joinedForwards++;
        return forward(x, training, relu, h, scale);
    }

    private Tensor forward(Tensor x, boolean training, Relu relu, Tensor h, float scale) {
        if (x.rank() != 4 || x.c() != channels) {
            throw new IllegalArgumentException(name + ": expected (N, " + channels + ", H, W), got " + x.shapeString());
        }
        boolean measure = !training && measureEvalResponses;
        if (relu != null && measure) throw new IllegalStateException(name + ": a measuring eval forward is not fused with its ReLU");
        int n = x.n(), plane = x.h() * x.w(), chunks = chunks(x);
        Tensor out;
        if (relu != null) {
            out = relu.fusedOutput(x);
        } else {
            y = Tensor.reuse(y, x.shape());
            out = y;
        }
        lastTraining = training;
        this.x = x;
        Elementwise ew = compute.elementwise();
        float[] xd = x.data, yd = out.data;
        boolean applyRelu = relu != null;
        if (training) {
            if (forwardSums.takenFor(x, chunks)) {
                fusedSumCalls++;
            } else {
                sumChunks(n, chunks, (t, p, from, to) -> {
                    startChunkSums(xd, plane, t, from, to, true);
                    addForwardSums(ew, xd, plane, t, from, to);
                });
            }
            forwardSums.clear();
            combineShiftedSums(n, plane, chunks);
            long m = (long) n * plane;
            for (int c = 0; c < channels; c++) {
                double d = sums[2 * c] / m;
                double var = Math.max(0, sums[2 * c + 1] / m - d * d);
                double mu = momentShift[c] + d;
                mean[c] = (float) mu;
                variance[c] = var;
                invStd[c] = (float) (1.0 / Math.sqrt(var + EPS));
                double unbiased = m > 1 ? var * m / (m - 1) : var;
                runningMean.data[c] = (1 - MOMENTUM) * runningMean.data[c] + MOMENTUM * (float) mu;
                runningVar.data[c] = (1 - MOMENTUM) * runningVar.data[c] + MOMENTUM * (float) unbiased;
            }
        } else {
            useRunningStatistics();
        }
        ChannelMap map = channelMap();
        float[] hd = h == null ? null : h.data;
        sumChunks(n, chunks, (t, p, from, to) -> {
            for (int i = from; i < to; i++) {
                int image = i * channels * plane;
                if (hd != null) {
                    map.applyJoinedImage(ew, xd, yd, image, channels, plane, hd, scale, applyRelu);
                    continue;
                }
                map.applyImage(ew, xd, yd, image, channels, plane, applyRelu);
                if (measure) {
                    for (int c = 0; c < channels; c++) ew.moments(yd, image + c * plane, plane, map.shift()[c], p, 2 * c);
                }
            }
        });
        responseStd = training ? trainingResponseStd() : measure ? evalResponseStd((long) n * plane) : Double.NaN;
        return out;
    }

    /**
     * Zeroes chunk {@code chunk}'s partial sums (images [from, to) of x) and, for forward sums, sets its shifts to the
     * chunk's first image's values.
     */
    private void startChunkSums(float[] xd, int plane, int chunk, int from, int to, boolean forward) {
        Arrays.fill(partials[chunk], 0);
        if (!forward) return;
        float[] shift = chunkShifts[chunk];
        for (int c = 0; c < channels; c++) shift[c] = to > from ? xd[(from * channels + c) * plane] : 0f;
    }

    /**
     * Adds the forward sums of images [from, to) of x into chunk {@code chunk}'s partials, about its shifts, in groups
     * of {@link #imagesPerGroup} images counted from {@code from} (a whole number of groups, or up to the chunk's end).
     */
    private void addForwardSums(Elementwise ew, float[] xd, int plane, int chunk, int from, int to) {
        float[] shift = chunkShifts[chunk];
        double[] p = partials[chunk];
        for (int g = from, group = imagesPerGroup(plane); g < to; g += group) {
            int images = Math.min(group, to - g);
            for (int c = 0; c < channels; c++) {
                ew.planeMoments(xd, (g * channels + c) * plane, images, channels * plane, plane, shift[c], p, 2 * c);
            }
        }
    }

    /**
     * Sets {@link #sums} and {@link #momentShift} from the chunks' partial sums, each about its own shift: moved to
     * the first chunk's shift, {@code Σ(x − s) = Σ(x − sₜ) + mₜ·(sₜ − s)} and {@code Σ(x − s)² = Σ(x − sₜ)² +
     * 2(sₜ − s)·Σ(x − sₜ) + mₜ·(sₜ − s)²}, added in chunk order (one chunk: its sums as they are).
     */
    private void combineShiftedSums(int n, int plane, int chunks) {
        for (int c = 0; c < channels; c++) {
            float s = chunkShifts[0][c];
            double s1 = 0, s2 = 0;
            for (int t = 0; t < chunks; t++) {
                double d = (double) chunkShifts[t][c] - s, a = partials[t][2 * c], b = partials[t][2 * c + 1];
                double m = (double) (Parallel.part(t + 1, n, chunks) - Parallel.part(t, n, chunks)) * plane;
                s1 += a + m * d;
                s2 += b + 2 * d * a + m * d * d;
            }
            momentShift[c] = s;
            sums[2 * c] = s1;
            sums[2 * c + 1] = s2;
        }
    }

    /**
     * Sums of this layer taken by a neighbouring convolution's threads over the images they have just written, in
     * cache, instead of a pass (and a thread hand-off) of this layer's own: in training, the forward sums of its
     * input (the convolution before it, {@link #forwardSums()}), or the backward sums Σdy, Σdy·(x − μ) of its output
     * gradient (the convolution after it, through the ReLU between them: {@link #backwardSums()}). Each chunk sums
     * the same groups of images, in the same order, as the layer's own pass, so the values are the same bit for bit.
     * The convolution must split the images into the chunks this layer would ({@link #begin}); it reports each
     * chunk's progress, and this layer's next call uses the sums only when every chunk reported its last image.
     */
    final class FusedSums implements Conv2d.ImagesWritten {
        private final boolean forward;
        private Tensor tensor;
        private int chunks, plane;
        /** Per chunk: the first image not yet summed. */
        private int[] cursor = new int[0];

        private FusedSums(boolean forward) { this.forward = forward; }

        @Override
        public boolean begin(Tensor t, int chunks) {
            tensor = null;
            if (t.rank() != 4 || t.c() != channels || chunks != BatchNorm2d.this.chunks(t)) return false;
            if (!forward && (x == null || !Arrays.equals(x.shape(), t.shape()))) return false;
            ensurePartials(chunks);
            if (cursor.length != chunks) cursor = new int[chunks];
            for (int i = 0; i < chunks; i++) cursor[i] = -1;
            this.tensor = t;
            this.chunks = chunks;
            this.plane = t.h() * t.w();
            return true;
        }

        @Override
        public void written(int chunk, int written) {
            int n = tensor.n(), from = Parallel.part(chunk, n, chunks), to = Parallel.part(chunk + 1, n, chunks);
            Elementwise ew = compute.elementwise();
            if (cursor[chunk] < 0) {
                cursor[chunk] = from;
                startChunkSums(tensor.data, plane, chunk, from, to, forward);
            }
            int group = imagesPerGroup(plane), end = cursor[chunk];
            while (end < to && (end + group <= written || written == to)) end = Math.min(end + group, to);
            if (end == cursor[chunk]) return;
            if (forward) addForwardSums(ew, tensor.data, plane, chunk, cursor[chunk], end);
            else backwardSumsOf(ew, tensor.data, x.data, plane, partials[chunk], cursor[chunk], end);
            cursor[chunk] = end;
        }

        /** Whether the sums of every chunk of {@code t} are taken, split into {@code chunks}. */
        boolean takenFor(Tensor t, int chunks) {
            if (tensor != t || this.chunks != chunks) return false;
            for (int i = 0; i < chunks; i++) {
                if (cursor[i] != Parallel.part(i + 1, t.n(), chunks)) return false;
            }
            return true;
        }

        void clear() { tensor = null; }
    }

    /**
     * How many of this layer's forward and backward calls used sums that a neighbouring convolution had taken
     * ({@link FusedSums}) instead of a pass of their own: for tests of the nets that fuse them.
     */
    public int fusedSumCalls() { return fusedSumCalls; }

    /** How many backwards left their pass to the convolution before this layer ({@link #pendingGradient}): for tests. */
    public int pendingGradients() { return pendingGradients; }

    /** How many forwards applied a residual join in this layer's pass ({@link #forwardJoined}): for tests. */
    public int joinedForwards() { return joinedForwards; }

    /** The convolution before this layer takes its forward sums ({@link FusedSums}). */
    FusedSums forwardSums() { return forwardSums; }

    /** The convolution after this layer (through a ReLU) takes its backward sums ({@link FusedSums}). */
    FusedSums backwardSums() { return backwardSums; }

    private void ensurePartials(int chunks) {
        if (partials.length != chunks) partials = Parallel.separateSums(chunks, 2 * channels);
        if (chunkShifts.length != chunks) chunkShifts = new float[chunks][channels];
    }

    /** Σdy and Σdy·(x − μ) per channel of images [from, to) into p, in groups of {@link #imagesPerGroup}. */
    private void backwardSumsOf(Elementwise ew, float[] dyd, float[] xd, int plane, double[] p, int from, int to) {
        for (int g = from, group = imagesPerGroup(plane); g < to; g += group) {
            int images = Math.min(group, to - g);
            for (int c = 0; c < channels; c++) {
                ew.planeGradientMoments(dyd, xd, (g * channels + c) * plane, images, channels * plane, plane, mean[c], p, 2 * c);
            }
        }
    }

    /**
     * Eval's per-channel map for an inference that fuses it into another pass ({@link Sequential#infer}: the
     * convolution before applies it to each image it has just written), the same map an eval {@link #forward}
     * applies; null while the layer measures its eval responses, which needs a pass of its own. Like an eval
     * forward it leaves {@link #responseStd()} NaN. The map's arrays are the layer's own, valid until its next call.
     */
    ChannelMap evalMap() {
        if (measureEvalResponses) return null;
        useRunningStatistics();
        lastTraining = false;
        responseStd = Double.NaN;
        return channelMap();
    }

    /** Eval: the running averages as the mean and 1/σ of the map. */
    private void useRunningStatistics() {
        for (int c = 0; c < channels; c++) {
            mean[c] = runningMean.data[c];
            invStd[c] = (float) (1.0 / Math.sqrt(runningVar.data[c] + EPS));
        }
    }

    /** The map of the statistics in {@link #mean} and {@link #invStd}: scale γ/σ, shift β. */
    private ChannelMap channelMap() {
        for (int c = 0; c < channels; c++) scale[c] = gamma.value.data[c] * invStd[c];
        return new ChannelMap(mean, scale, beta.value.data);
    }

    /** A BN's map, per channel c: {@code y = scale[c]·(x − mean[c]) + shift[c]}, then ReLU if asked. */
    record ChannelMap(float[] mean, float[] scale, float[] shift) {
        /** Maps one image, {@code channels} planes of {@code plane} values at {@code off}, from x to y (may be x). */
        void applyImage(Elementwise ew, float[] x, float[] y, int off, int channels, int plane, boolean relu) {
            ew.channelAffine(x, y, off, channels, plane, mean, scale, shift, relu);
        }

        /**
         * {@link #applyImage}, then the residual join with {@code h} ({@code y + joinScale·h}) and the ReLU if
         * {@code relu}, in one pass where planes are whole vectors ({@code Elementwise.channelAffineJoin}, the values of
         * channelAffine, axpby and relu): the one sequence both fused joins run ({@link #forwardJoined} and
         * {@link Conv2d#inferJoined}), so that they give the values of the unfused passes alike.
         */
        void applyJoinedImage(Elementwise ew, float[] x, float[] y, int off, int channels, int plane, float[] h, float joinScale,
                              boolean relu) {
            ew.channelAffineJoin(x, y, off, channels, plane, mean, scale, shift, h, joinScale, relu);
        }
    }

    /** std of y from the batch statistics: channel c has mean β_c and variance γ_c²·σ²_c/(σ²_c + ε). */
    private double trainingResponseStd() {
        double meanSum = 0, squareSum = 0;
        for (int c = 0; c < channels; c++) {
            double b = beta.value.data[c], g = gamma.value.data[c], inv = invStd[c];
            meanSum += b;
            squareSum += b * b + g * g * variance[c] * inv * inv;
        }
        double mu = meanSum / channels;
        return Math.sqrt(Math.max(0, squareSum / channels - mu * mu));
    }

    /** std of y from the sums of y − β_c per channel. */
    private double evalResponseStd(long m) {
        double total = (double) m * channels, s = 0, s2 = 0;
        for (int c = 0; c < channels; c++) {
            double b = beta.value.data[c], d = sums[2 * c], q = sums[2 * c + 1];
            s += d + m * b;
            s2 += q + 2 * b * d + m * b * b;
        }
        double mu = s / total;
        return Math.sqrt(Math.max(0, s2 / total - mu * mu));
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor out = backwardMap(dy);
        int n = dy.n(), chunks = chunks(dy);
        if (chunks == 1) {
            backwardImages(0, n);
        } else {
            compute.parallel().forEach(chunks, t -> backwardImages(Parallel.part(t, n, chunks), Parallel.part(t + 1, n, chunks)));
        }
        return out;
    }

    /**
     * The backward's first part: the sums (taken by the convolution after this layer, or a pass of their own), the
     * parameters' gradients and the map {@code dx = a·dy + b·(x − μ) + c} per channel. Returns the input gradient,
     * whose images {@link #backwardImages} then writes: {@link #backward} on the threads, or the convolution before
     * this layer for each group of images just before its backward reads them ({@link #pendingGradient}).
     */
    private Tensor backwardMap(Tensor dy) {
        int n = dy.n(), plane = dy.h() * dy.w(), chunks = chunks(dy);
        long m = (long) n * plane;
        dx = Tensor.reuse(dx, dy.shape());
        Elementwise ew = compute.elementwise();
        float[] xd = x.data, dyd = dy.data;
        if (backwardSums.takenFor(dy, chunks)) {
            fusedSumCalls++;
            addPartials(chunks);
        } else {
            sumChunks(n, chunks, (t, p, from, to) -> backwardSumsOf(ew, dyd, xd, plane, p, from, to));
        }
        backwardSums.clear();
        for (int c = 0; c < channels; c++) {
            float inv = invStd[c], g = gamma.value.data[c];
            double sumDy = sums[2 * c], sumDyXhat = sums[2 * c + 1] * inv;
            gamma.grad.data[c] += (float) sumDyXhat;
            beta.grad.data[c] += (float) sumDy;
            dxScale[c] = g * inv;
            dxSlope[c] = lastTraining ? (float) (-g * inv * inv * sumDyXhat / m) : 0f;
            dxShift[c] = lastTraining ? (float) (-g * inv * sumDy / m) : 0f;
        }
        pendingDy = dy;
        return dx;
    }

    /** Images [from, to) of the input gradient of the backward that {@link #backwardMap} prepared. */
    private void backwardImages(int from, int to) {
        Elementwise ew = compute.elementwise();
        int plane = pendingDy.h() * pendingDy.w();
        float[] xd = x.data, dyd = pendingDy.data, dxd = dx.data;
        for (int i = from; i < to; i++) {
            ew.channelBatchNormBackward(dyd, xd, dxd, i * channels * plane, channels, plane, mean, dxScale, dxSlope, dxShift);
        }
    }

    /**
     * {@link #backward} with its pass over the images left to the convolution before this layer: returns the input
     * gradient, not yet written, and the images that convolution's backward must ask for before it reads them
     * ({@link Conv2d#backwardReading}). The values of {@link #backward}, bit for bit.
     */
    PendingGradient pendingGradient(Tensor dy) {
        pendingGradients++;
        Tensor dxPending = backwardMap(dy);
        pending.tensor = dxPending;
        return pending;
    }

    /** The input gradient of {@link #pendingGradient}, and the pass that writes its images. */
    final class PendingGradient implements Conv2d.ImagesNeeded {
        private Tensor tensor;

        private PendingGradient() {}

        Tensor tensor() { return tensor; }

        @Override
        public void need(int from, int to) {
            long t = LayerProfile.begin();
            backwardImages(from, to);
            LayerProfile.add(LayerProfile.Kind.BATCH_NORM_BACKWARD, t);
        }
    }

    /** Chunks of images for a tensor ({@link Parallel#imageChunks}). */
    private int chunks(Tensor t) { return compute.parallel().imageChunks(t.n(), t.size()); }

    /** A pass over chunk {@code chunk}'s images [from, to) that adds its per-channel sums into {@code partial} (two per channel). */
    @FunctionalInterface
    private interface ChunkPass { void run(int chunk, double[] partial, int from, int to); }

    /**
     * Runs {@code pass} over {@code chunks} contiguous chunks of the n images, the convolutions' split, on the
     * Compute's threads, each chunk into its own zeroed partial sums; then sets {@link #sums} to the partials
     * added in chunk order. Passes that sum nothing leave the sums zero.
     */
    private void sumChunks(int n, int chunks, ChunkPass pass) {
        ensurePartials(chunks);
        if (chunks == 1) {
            Arrays.fill(partials[0], 0);
            pass.run(0, partials[0], 0, n);
        } else {
            compute.parallel().forEach(chunks, t -> {
                Arrays.fill(partials[t], 0);
                pass.run(t, partials[t], Parallel.part(t, n, chunks), Parallel.part(t + 1, n, chunks));
            });
        }
        addPartials(chunks);
    }

    /** {@link #sums} = the chunks' partial sums added in chunk order. */
    private void addPartials(int chunks) {
        Arrays.fill(sums, 0);
        for (int t = 0; t < chunks; t++) for (int j = 0; j < sums.length; j++) sums[j] += partials[t][j];
    }
}
