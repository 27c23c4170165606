package resnetlab.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import resnetlab.kernel.EngineSwitch;
import resnetlab.nn.BatchNorm2d;
import resnetlab.nn.Buffer;
import resnetlab.nn.Conv2d;
import resnetlab.nn.GlobalAvgPool;
import resnetlab.nn.Linear;
import resnetlab.nn.Parameter;
import resnetlab.nn.Sequential;
import resnetlab.tensor.Tensor;

/**
 * A CIFAR-style plain or residual net built from a {@link NetworkSpec}:
 * image (N, C, S, S) → stem → blocks (stage 1..3) → head (BN-ReLU for pre-activation units) → pool → FC → logits (N, K).
 *
 * <p>Experiments act on the blocks directly: delete one ({@link ResidualBlock#setDeleted}), reorder
 * same-shape blocks ({@link #setOrder}), or route the backward pass ({@link ResidualBlock#setRoute}).
 */
public final class Network {
    private final NetworkSpec spec;
    private final Sequential stem;
    private final List<ResidualBlock> blocks;
    private final Sequential head;
    private final GlobalAvgPool pool = new GlobalAvgPool();
    private final Linear fc;
    private final List<ConvProbe> probes;
    private int[] order;
    private double blockInputGradNorm;
    /** The batch of the last {@link #forward} (0: none yet), whose shape the layers' buffers have. */
    private int forwardBatch;
    /** {@link #infer}'s part of a larger batch, and the logits it gathers. */
    private Tensor inferPart, inferLogits;
    private long inferencesInParts;

    /** A 3x3 convolution and the tensor whose std He 2015 Fig. 7 plots (its BN's output, or its own). */
    public record ConvProbe(String name, int block, Conv2d conv, BatchNorm2d bnAfter) {
        public double responseStd() {
            return bnAfter != null ? bnAfter.responseStd()
                    : conv.lastOutput() == null ? 0 : resnetlab.tensor.Ops.std(conv.lastOutput().data);
        }
    }

    Network(NetworkSpec spec, Sequential stem, List<ResidualBlock> blocks, Sequential head, Linear fc, List<ConvProbe> probes) {
        this.spec = spec;
        this.stem = stem;
        this.blocks = List.copyOf(blocks);
        this.head = head;
        this.fc = fc;
        this.probes = List.copyOf(probes);
        resetOrder();
    }

    public NetworkSpec spec() { return spec; }

    /** Threads its layers run on (those of the stem's {@link resnetlab.kernel.Compute}; 1 where it has none). */
    public int threads() {
        var c = Sequential.computeOf(stem.layers());
        return c == null ? 1 : c.threads();
    }

    /**
     * Bytes of the widest feature map per thread that {@link #cacheBatch} keeps within: what stays in a core's L2 (1-2
     * MiB on the machines measured) while a layer reads it and writes the next.
     */
    static final long CACHE_BYTES_PER_THREAD = 1L << 20;
    /**
     * Bytes per thread that {@link #cacheBatch} keeps the widest map within where that still leaves
     * {@link #MIN_IMAGES_PER_THREAD}: a quarter of {@link #CACHE_BYTES_PER_THREAD}, so that the four maps of a shape
     * the convolutions infer into ({@link resnetlab.nn.InferenceOutputs}) stay in L2 together.
     */
    static final long RING_BYTES_PER_THREAD = CACHE_BYTES_PER_THREAD / 4;
    /** Images per thread below which {@link #RING_BYTES_PER_THREAD} does not shrink the batch (fixed costs per layer). */
    static final int MIN_IMAGES_PER_THREAD = 16;
    /**
     * The largest batch {@link #cacheBatch} returns (small maps need no more to keep the threads busy): also the batch
     * that memory checks of evaluation-only work assume.
     */
    public static final int MAX_CACHE_BATCH = 256;

    /**
     * The batch for evaluation-only work (loss landscapes, lesion studies, {@link #infer} of a larger batch): as many
     * images per thread as keep one thread's share of the widest feature map (the first stage's, or the input) within
     * {@link #RING_BYTES_PER_THREAD}, or where that leaves fewer than {@link #MIN_IMAGES_PER_THREAD}, that many within
     * {@link #CACHE_BYTES_PER_THREAD}; at least one, at most {@link #MAX_CACHE_BATCH} in all. 16 images per thread
     * for ResNet-20/56 on 3x32x32 (64 KiB maps), 32 for the classroom preset (8 KiB). Measured with
     * {@code bench --models 20 --threads 1,2 --batch B} (inference entries, 2026-12-06, Intel Xeon with AVX-512, 2 MiB
     * L2 a core and about 28 GB/s from L3 to one core): batch 250 1397-1434 / 2186-2685 images/s (one / two threads),
     * batch 16 1678-1703 / 3229-3246. With the shared inference outputs (a probe timing {@code infer}, AMD EPYC Zen 4
     * with 1 MiB of L2 a core, 2026-12-07): the classroom net 9.1-9.3 ms per 64 images in one batch of 64 on one
     * thread, 8.8-8.9 in batches of 32; on two threads 5.3 in batches of 128, 4.7 of 64, 4.5 of 32; ResNet-20 on two
     * threads 34.0 ms per 128 images in batches of 32, 38.6 of 16, 40.8 of 8. Each image's logits do not depend on
     * the batch; a mean over a dataset may differ in its last bits (sums taken in other groups).
     */
    public static int cacheBatch(NetworkSpec spec, int threads) {
        long side = spec.imageSize();
        long perImage = 4L * Math.max(spec.width(), spec.inChannels()) * side * side;
        long inL2 = Math.max(1, CACHE_BYTES_PER_THREAD / perImage);
        long perThread = Math.max(RING_BYTES_PER_THREAD / perImage, Math.min(MIN_IMAGES_PER_THREAD, inL2));
        return (int) Math.min(MAX_CACHE_BATCH, perThread * Math.max(1, threads));
    }

    /** {@link #cacheBatch(NetworkSpec, int)} for this net on the threads its layers run on. */
    public int cacheBatch() { return cacheBatch(spec, threads()); }
    public Sequential stem() { return stem; }
    /** Blocks in build order (the order does not change when {@link #setOrder} permutes execution). */
    public List<ResidualBlock> blocks() { return blocks; }
    public Sequential head() { return head; }
    public Linear fc() { return fc; }
    /** The 3x3 convolutions in forward order, with their response tensors. */
    public List<ConvProbe> probes() { return probes; }

    /** Whether eval forwards measure each probe's BN response std (a pass per BN; see BatchNorm2d). */
    public void measureEvalResponses(boolean on) {
        for (ConvProbe p : probes) if (p.bnAfter() != null) p.bnAfter().measureEvalResponses(on);
    }
    /** ‖dL/dx‖ at the input of the first block in the last backward. */
    public double blockInputGradNorm() { return blockInputGradNorm; }

    public Tensor forward(Tensor x, boolean training) {
        forwardBatch = x.n();
        if (training) packWeights();
        Tensor h = stem.forward(x, training);
        for (int i : order) h = blocks.get(i).forward(h, training);
        h = head.forward(h, training);
        return fc.forward(pool.forward(h, training), training);
    }

    /**
     * Before a training step's forward: every convolution's weights packed for the step's forward and input gradient
     * ({@link Conv2d#packWeights}), the layers shared out among the threads, where each would otherwise pack on the
     * calling thread while the others wait. Not the stem's input gradient, which training does not compute. On one
     * thread the layers pack as they go.
     */
    private void packWeights() {
        var compute = Sequential.computeOf(stem.layers());
        if (compute == null || compute.threads() < 2) return;
        compute.parallel().forEach(probes.size(), i -> probes.get(i).conv().packWeights(i > 0));
    }

    /**
     * The logits of an eval pass that no backward follows (test error, lesions, landscapes): the values of
     * {@code forward(x, false)}, bit for bit, with BN and ReLU fused into the passes before them ({@link Layer#infer}).
     *
     * <p>A batch larger than {@link #cacheBatch()} runs in parts of that size (the last one filled up with zero
     * images), so that every layer's maps stay in the cores' caches, and the logits are gathered into one tensor:
     * the same values, since no image's logits depend on the others in its batch. Not once the net has run
     * {@link #forward} at another batch (a net being trained): its layers' buffers have that batch's shape, and a
     * second shape would make them allocate anew at every switch.
     */
    public Tensor infer(Tensor x) {
        int n = x.n(), part = cacheBatch();
        if (n <= part || forwardBatch != 0 && forwardBatch != part) return inferWhole(x);
        int[] shape = x.shape();
        shape[0] = part;
        inferPart = Tensor.reuse(inferPart, shape);
        int size = x.size() / n, classes = 0;
        inferencesInParts++;
        for (int from = 0; from < n; from += part) {
            int count = Math.min(part, n - from);
            System.arraycopy(x.data, from * size, inferPart.data, 0, count * size);
            if (count < part) Arrays.fill(inferPart.data, count * size, part * size, 0f);
            Tensor logits = inferWhole(inferPart);
            if (from == 0) {
                classes = logits.size() / part;
                inferLogits = Tensor.reuse(inferLogits, n, classes);
            }
            System.arraycopy(logits.data, 0, inferLogits.data, from * classes, count * classes);
        }
        return inferLogits;
    }

    /** How many {@link #infer} calls ran in parts of {@link #cacheBatch()} (tests check when it splits). */
    public long inferencesInParts() { return inferencesInParts; }

    /** {@link #infer} of the whole batch at once. */
    private Tensor inferWhole(Tensor x) {
        Tensor h = stem.infer(x);
        for (int i : order) h = blocks.get(i).infer(h);
        h = head.infer(h);
        return fc.infer(pool.infer(h));
    }

    /** Backward from dL/dlogits; returns dL/dimage and adds every parameter gradient. */
    public Tensor backward(Tensor dLogits) { return backward(dLogits, true); }

    /**
     * Backward from dL/dlogits, adding every parameter gradient; returns dL/dimage when {@code imageGradient},
     * else null (training: the stem convolution then skips its input gradient, which nothing reads).
     */
    public Tensor backward(Tensor dLogits, boolean imageGradient) {
        Tensor d = pool.backward(fc.backward(dLogits));
        d = head.backward(d);
        // each block's output gradient is what the block after it returned: its norm is that block's inputGradNorm;
        // where the block after it joined in its convolution's pass, it also ran this block's post-join ReLU backward
        double dNorm = Double.NaN;
        boolean throughPost = false;
        for (int j = order.length - 1; j >= 0; j--) {
            ResidualBlock block = blocks.get(order[j]);
            boolean maskForBefore = j > 0 && blocks.get(order[j - 1]).postIsRelu();
            d = block.backward(d, dNorm, throughPost, maskForBefore);
            throughPost = block.returnedThroughRelu();
            dNorm = EngineSwitch.KNOWN_NORMS.on() || throughPost ? block.inputGradNorm() : Double.NaN;
        }
        blockInputGradNorm = order.length == 0 ? d.norm() : blocks.get(order[0]).inputGradNorm();
        return stem.backward(d, imageGradient);
    }

    /** Executes blocks in the given order of build indices (a permutation of 0..blocks−1 that swaps only same-shape blocks). */
    public void setOrder(int[] perm) {
        if (perm.length != blocks.size()) throw new IllegalArgumentException("order has " + perm.length + " entries, net has " + blocks.size() + " blocks");
        boolean[] seen = new boolean[perm.length];
        for (int pos = 0; pos < perm.length; pos++) {
            int b = perm[pos];
            if (b < 0 || b >= perm.length || seen[b]) throw new IllegalArgumentException("order " + Arrays.toString(perm) + " is not a permutation");
            seen[b] = true;
            ResidualBlock moved = blocks.get(b), slot = blocks.get(pos);
            if (moved.stage() != slot.stage() || moved.isDownsampling() != slot.isDownsampling()) {
                throw new IllegalArgumentException("block " + b + " cannot run at position " + pos + ": shapes differ");
            }
        }
        order = perm.clone();
    }

    public void resetOrder() {
        order = new int[blocks.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
    }

    public int[] order() { return order.clone(); }

    /** Restores every block: not deleted, full backward route, build order. */
    public void restoreAll() {
        for (ResidualBlock b : blocks) { b.setDeleted(false); b.setRoute(Route.FULL); }
        resetOrder();
    }

    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(stem.parameters());
        for (ResidualBlock b : blocks) ps.addAll(b.parameters());
        ps.addAll(head.parameters());
        ps.addAll(fc.parameters());
        return Collections.unmodifiableList(ps);
    }

    /** BN running statistics with their names ({@code stem.bn.running_mean}, ...), in a fixed order. */
    public List<Buffer> namedBuffers() {
        List<Buffer> bs = new ArrayList<>(stem.namedBuffers());
        for (ResidualBlock b : blocks) bs.addAll(b.namedBuffers());
        bs.addAll(head.namedBuffers());
        return Collections.unmodifiableList(bs);
    }

    /** The tensors of {@link #namedBuffers()} (saved with checkpoints as {@code buffer.i}). */
    public List<Tensor> buffers() {
        return namedBuffers().stream().map(Buffer::value).toList();
    }

    /** Weights of convolutions and of the FC layer, with the FC bias: the count He 2015 reports. */
    public long weightCount() {
        long count = 0;
        for (Parameter p : parameters()) {
            if (p.name.endsWith(".weight") || p.name.startsWith("fc.")) count += p.value.size();
        }
        return count;
    }

    public void zeroGrad() {
        for (Parameter p : parameters()) p.grad.zero();
    }
}
