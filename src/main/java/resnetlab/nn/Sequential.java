package resnetlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import resnetlab.kernel.Compute;
import resnetlab.kernel.EngineSwitch;
import resnetlab.tensor.Tensor;

/**
 * Layers applied in order; backward runs them in reverse. The layers without a Compute of their own (BN,
 * ReLU) run on the Compute of the first convolution found among the layers, if any.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;

    public Sequential(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        Compute c = computeOf(this.layers);
        if (c != null) useCompute(c);
    }
    public Sequential(Layer... layers) { this(List.of(layers)); }

    public List<Layer> layers() { return layers; }

    @Override
    public void useCompute(Compute compute) {
        for (Layer l : layers) l.useCompute(compute);
    }

    /** The Compute of the first convolution in {@code layers} (searching nested Sequentials and gates), or null. */
    public static Compute computeOf(List<? extends Layer> layers) {
        for (Layer l : layers) {
            if (l instanceof Conv2d conv) return conv.compute();
            if (l instanceof SigmoidGate gate) return gate.conv().compute();
            if (l instanceof Sequential s) {
                Compute c = computeOf(s.layers);
                if (c != null) return c;
            }
        }
        return null;
    }
    public boolean isEmpty() { return layers.isEmpty(); }

    /**
     * Runs the layers in order; a BN followed by a ReLU runs as one pass ({@link BatchNorm2d#forward(Tensor,
     * boolean, Relu)}: the same values, the ReLU's backward unchanged), and in training a convolution followed by a
     * BN takes the BN's sums over each image it writes ({@link BatchNorm2d#forwardSums()}: the BN then skips its own pass).
     */
    @Override
    public Tensor forward(Tensor x, boolean training) { return forward(x, training, layers.size()); }

    /**
     * {@link #forward} of the first {@code count} layers only, fused as there; a convolution whose BN is the first
     * layer left out still takes that BN's sums, for a caller that runs the BN itself next
     * ({@link BatchNorm2d#forwardJoined}).
     */
    public Tensor forward(Tensor x, boolean training, int count) {
        for (int i = 0; i < count; i++) {
            Layer l = layers.get(i);
            long t = l instanceof Sequential ? 0L : LayerProfile.begin();
            Relu relu = i + 1 < count ? reluFusedInto(i, training) : null;
            if (relu != null) {
                x = ((BatchNorm2d) l).forward(x, training, relu);
                i++;
            } else if (training && l instanceof Conv2d conv && at(i + 1) instanceof BatchNorm2d bn) {
                x = conv.forward(x, bn.forwardSums());
            } else {
                x = l.forward(x, training);
            }
            LayerProfile.add(LayerProfile.kindOf(l, true), t);
        }
        return x;
    }

    /**
     * Inference, fusing where a layer's output only feeds the next: conv → BN (→ ReLU) runs as one convolution
     * whose threads apply the BN map and ReLU to each image they have just written, and BN → ReLU as one pass.
     * Every other layer runs its own {@link Layer#infer}. Bit for bit the values of {@link #forward} in eval.
     */
    @Override
    public Tensor infer(Tensor x) { return infer(x, layers.size()); }

    /** {@link #infer} of the first {@code count} layers (fusing only among them). */
    private Tensor infer(Tensor x, int count) {
        for (int i = 0; i < count; i++) {
            Layer l = layers.get(i);
            long t = l instanceof Sequential ? 0L : LayerProfile.begin();
            Tensor fused = null;
            Relu relu = i + 1 < count ? reluFusedInto(i, false) : null;
            if (i + 1 < count && l instanceof Conv2d conv && conv.bias() == null && at(i + 1) instanceof BatchNorm2d bn) {
                BatchNorm2d.ChannelMap map = bn.evalMap();
                if (map != null) {
                    boolean withRelu = i + 2 < count && at(i + 2) instanceof Relu;
                    fused = conv.inferWith(x, map, withRelu);
                    i += withRelu ? 2 : 1;
                }
            } else if (relu != null) {
                fused = ((BatchNorm2d) l).forward(x, false, relu);
                i++;
            }
            x = fused != null ? fused : l.infer(x);
            LayerProfile.add(LayerProfile.kindOf(l, true), t);
        }
        return x;
    }

    /** The ReLU after layer i when layer i is a BN that can apply it in its own pass, else null. */
    private Relu reluFusedInto(int i, boolean training) {
        return layers.get(i) instanceof BatchNorm2d bn && at(i + 1) instanceof Relu relu && bn.fusesRelu(training) ? relu : null;
    }

    /**
     * Whether {@link #inferJoined} can run: the last two layers are a convolution without bias and a BN whose eval
     * map may be fused (not while it measures its responses).
     */
    public boolean infersJoined() {
        int n = layers.size();
        return n >= 2 && layers.get(n - 2) instanceof Conv2d conv && conv.bias() == null
                && layers.get(n - 1) instanceof BatchNorm2d bn && bn.fusesRelu(false);
    }

    /**
     * Inference of these layers followed by a residual join and a ReLU, {@code relu(this(x) + scale·h)}: the last
     * convolution's threads apply its BN's map, the join and the ReLU to each image they have just written
     * ({@link Conv2d#inferJoined}), instead of a pass of the join over the batch. Returns the last convolution's
     * output. Only where {@link #infersJoined}.
     */
    public Tensor inferJoined(Tensor x, Tensor h, float scale) {
        if (!infersJoined()) throw new IllegalStateException("the last layers are not a convolution and a BN that fuse");
        int n = layers.size();
        Tensor y = infer(x, n - 2);
        Conv2d conv = (Conv2d) layers.get(n - 2);
        BatchNorm2d bn = (BatchNorm2d) layers.get(n - 1);
        long t = LayerProfile.begin();
        Tensor out = conv.inferJoined(y, bn.evalMap(), h, scale);
        LayerProfile.add(LayerProfile.Kind.CONV_FORWARD, t);
        return out;
    }

    /** The layer at index i, or null past the end. */
    private Layer at(int i) { return i < layers.size() ? layers.get(i) : null; }

    @Override
    public Tensor backward(Tensor dy) { return backward(dy, true); }

    /**
     * Passes {@code inputGradient} on to the first layer only: every later layer's dL/dx is the next one's dL/dy. A
     * ReLU followed by a convolution goes backward with it ({@link Conv2d#backwardThroughRelu}: the convolution's
     * threads mask the input gradient as they write it, and take the sums of a BN before the ReLU,
     * {@link BatchNorm2d#backwardSums()}), or not at all when it is the first layer and no input gradient is asked for.
     * A BN after a convolution leaves the pass that writes its input gradient to that convolution's backward, which
     * runs it on each group of images just before it reads them ({@link BatchNorm2d#pendingGradient},
     * {@link Conv2d#backwardReading}; {@link EngineSwitch#BN_BACKWARD_IN_CONV}).
     */
    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) { return backward(dy, inputGradient, null, false); }

    /** Whether {@link #backwardJoined} can run: the first layer is a convolution. */
    public boolean joinsGradient() { return !layers.isEmpty() && layers.get(0) instanceof Conv2d; }

    /**
     * The backward of a residual block's branch with the block's join in its first layer's pass
     * ({@link Conv2d#backwardJoined}): returns that convolution's input gradient plus the join's shortcut gradient,
     * with {@code throughRelu} masked by the convolution's input being positive. Only where {@link #joinsGradient()}.
     */
    public Tensor backwardJoined(Tensor dy, GradientJoin join, boolean throughRelu) {
        if (!joinsGradient()) throw new IllegalStateException("the first layer is not a convolution: " + describe());
        return backward(dy, true, join, throughRelu);
    }

    private Tensor backward(Tensor dy, boolean inputGradient, GradientJoin join, boolean throughRelu) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            long t = l instanceof Sequential ? 0L : LayerProfile.begin();
            // a BN's pass that the convolution's backward runs (below) is the BN's time, not the convolution's
            long bnBefore = t == 0L ? 0L : LayerProfile.nanos(LayerProfile.Kind.BATCH_NORM_BACKWARD);
            if (l instanceof BatchNorm2d bn && i > 0 && layers.get(i - 1) instanceof Conv2d conv
                    && EngineSwitch.BN_BACKWARD_IN_CONV.on()) {
                // the BN's input gradient written by the convolution before it, a group of images at a time as its
                // backward (the next iteration) reads them: no pass over the batch of the BN's own
                BatchNorm2d.PendingGradient pending = bn.pendingGradient(dy);
                conv.backwardReading(pending);
                dy = pending.tensor();
            } else if (l instanceof Conv2d conv && i > 0 && layers.get(i - 1) instanceof Relu) {
                boolean input = i > 1 || inputGradient;
                BatchNorm2d bn = i > 1 && layers.get(i - 2) instanceof BatchNorm2d b ? b : null;
                dy = !input ? conv.backward(dy, false) : bn != null ? conv.backwardThroughRelu(dy, bn.backwardSums())
                        : conv.backwardThroughRelu(dy);
                i--;
            } else if (i == 0 && join != null) {
                dy = ((Conv2d) l).backwardJoined(dy, join, throughRelu);
            } else {
                dy = l.backward(dy, i > 0 || inputGradient);
            }
            if (t != 0L && l instanceof Conv2d) t += LayerProfile.nanos(LayerProfile.Kind.BATCH_NORM_BACKWARD) - bnBefore;
            LayerProfile.add(LayerProfile.kindOf(l, false), t);
        }
        return dy;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Layer l : layers) ps.addAll(l.parameters());
        return ps;
    }

    @Override
    public List<Buffer> namedBuffers() {
        List<Buffer> bs = new ArrayList<>();
        for (Layer l : layers) bs.addAll(l.namedBuffers());
        return bs;
    }

    @Override
    public String describe() {
        return layers.stream().map(Layer::describe).collect(Collectors.joining("-"));
    }
}
