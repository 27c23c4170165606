package resnetlab.model;

import java.util.ArrayList;
import java.util.List;
import resnetlab.kernel.Compute;
import resnetlab.kernel.Elementwise;
import resnetlab.kernel.EngineSwitch;
import resnetlab.nn.BatchNorm2d;
import resnetlab.nn.Buffer;
import resnetlab.nn.GradientJoin;
import resnetlab.nn.Layer;
import resnetlab.nn.LayerProfile;
import resnetlab.nn.Parameter;
import resnetlab.nn.Relu;
import resnetlab.nn.Sequential;
import resnetlab.nn.SigmoidGate;
import resnetlab.tensor.Tensor;

/**
 * One unit: a residual branch F, a shortcut h and the join, then the post-addition layers (He 2015 eq. 1,
 * He 2016 Fig. 2 and 4). A plain block is the same object with no shortcut.
 *
 * <pre>
 *   z = F(x) + h(x)                       identity, 1x1 conv, option A/B/C, dropout (h = m⊙x)
 *   z = a·F(x) + λ·h(x)                   constant scaling (a = 1, or 1 − λ)
 *   z = g⊙F(x) + (1 − g)⊙h(x)             exclusive gating, g = σ(W_g x + b_g)
 *   z = F(x) + (1 − g)⊙h(x)               shortcut-only gating
 *   z = F(x)                              plain (no shortcut)
 *   y = post(z)                           ReLU (original), BN-ReLU (BN after addition), nothing (the others)
 * </pre>
 *
 * x (N, Cin, H, W) → y (N, Cout, H/s, W/s). The block exposes its branch and shortcut, can be deleted
 * (y = bypass(x): x itself, or the option-A/projection map where the shape changes; Veit 2016), and can
 * route its backward pass through one side only ({@link Route}). Every backward records the gradient norm
 * arriving at the output, the norms leaving through the shortcut and through the branch, and the norm of their
 * sum (the block's input gradient); the last three come from the pass that adds the two sides.
 *
 * <p>Where the branch ends in a BN and the post layers are one ReLU (the original unit and the plain block, ungated,
 * a = 1), forward runs that BN, the join and the ReLU as one pass over the batch ({@link BatchNorm2d#forwardJoined}):
 * the same values as three. Measured 2026-12-05 (one thread, a probe alternating both ways in one JVM, medians of 60
 * steps): ResNet-20 on 3x32x32, batch 128, 254 → 250 ms a step; the classroom net 33.0 → 32.7 ms; on two threads
 * within the noise. Doing the same in backward (the ReLU's pass also taking the norm of dy and the BN's sums) measured
 * no faster and was left out.
 */
public final class ResidualBlock implements Layer {
    private final String name;
    private final int stage, inChannels, outChannels, stride;
    private final ShortcutType type;
    private final Sequential branch;
    private final Layer shortcut;   // h(x); null for a plain block
    private final Layer bypass;     // what a deleted block computes
    private final SigmoidGate gate; // null unless gated
    private final Sequential post;
    /** The post layers' ReLU when it is their only layer (the original unit), applied in the join's pass; else null. */
    private final Relu postRelu;
    /** The branch's last layer where it runs the join and the ReLU after it in its own pass; else null. */
    private final BatchNorm2d joinedBatchNorm;
    private final float branchScale, shortcutScale;
    /** The Compute of the branch's convolutions: the join, the norms and the post layers run on it. */
    private final Compute compute;

    private boolean deleted;
    private Route route = Route.FULL;

    private Tensor f, s, z, dF, dS, dG, dx;
    private double outGradNorm, skipGradNorm, branchGradNorm, inputGradNorm;
    private boolean returnedThroughRelu;
    /** Sums of squares for the norms and the threads' partial sums, reused by each backward. */
    private final double[] sums = new double[3];
    private final double[][] partials;
    /** The join that the branch's first convolution runs in its backward ({@link Sequential#backwardJoined}). */
    private final GradientJoin gradientJoin;
    /** Floats per array that the join's backward sums and norms together while they are in L1 (three arrays). */
    private static final int CACHE_BLOCK = 2048;

    ResidualBlock(String name, int stage, int inChannels, int outChannels, int stride, ShortcutType type,
                  Sequential branch, Layer shortcut, Layer bypass, SigmoidGate gate, Sequential post,
                  float branchScale, float shortcutScale) {
        this.name = name;
        this.stage = stage;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        this.type = type;
        this.branch = branch;
        this.shortcut = shortcut;
        this.bypass = bypass;
        this.gate = gate;
        this.post = post;
        this.postRelu = post.layers().size() == 1 && post.layers().get(0) instanceof Relu r ? r : null;
        List<Layer> layers = branch.layers();
        // the original unit (and the plain block), ungated, the branch unscaled: its last BN, the join and the ReLU
        // after it run as one pass (BatchNorm2d#forwardJoined)
        this.joinedBatchNorm = postRelu != null && gate == null && branchScale == 1f
                && layers.get(layers.size() - 1) instanceof BatchNorm2d bn ? bn : null;
        this.branchScale = branchScale;
        this.shortcutScale = shortcutScale;
        Compute c = Sequential.computeOf(branch.layers());
        this.compute = c != null ? c : Compute.SERIAL_REFERENCE;
        this.partials = compute.parallel().partialSums(sums.length);
        this.gradientJoin = new GradientJoin(compute.threads());
        post.useCompute(compute);
        if (shortcut != null) shortcut.useCompute(compute);
        bypass.useCompute(compute);
    }

    public String name() { return name; }
    /** 1, 2 or 3. */
    public int stage() { return stage; }
    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public int stride() { return stride; }
    /** True where the block changes the shape (first block of stages 2 and 3). */
    public boolean isDownsampling() { return stride != 1 || inChannels != outChannels; }
    public ShortcutType shortcutType() { return type; }
    public Sequential branch() { return branch; }
    /** h(x) before scaling or gating; null for a plain block. */
    public Layer shortcut() { return shortcut; }
    public SigmoidGate gate() { return gate; }
    public Sequential post() { return post; }
    /** The factor on the shortcut in the join (λ for constant scaling, else 1). */
    public float shortcutScale() { return shortcutScale; }
    public float branchScale() { return branchScale; }

    public boolean isDeleted() { return deleted; }
    public void setDeleted(boolean deleted) { this.deleted = deleted; }
    public Route route() { return route; }
    public void setRoute(Route route) { this.route = route; }

    /** ‖dL/dy‖ at the block output in the last backward. */
    public double outGradNorm() { return outGradNorm; }
    /** ‖dL/dx‖ contributed through the shortcut in the last backward (0 for a plain block). */
    public double skipGradNorm() { return skipGradNorm; }
    /** ‖dL/dx‖ contributed through the residual branch in the last backward. */
    public double branchGradNorm() { return branchGradNorm; }
    /** ‖dL/dx‖ of the last backward: the norm of what it returned (before the mask of {@link #returnedThroughRelu()}). */
    public double inputGradNorm() { return inputGradNorm; }

    /** Whether the last backward returned its gradient through the block before's post-join ReLU. */
    boolean returnedThroughRelu() { return returnedThroughRelu; }

    /**
     * Whether the layers after the join are a single ReLU (the original unit, the plain block) and the block is not
     * deleted: then the block after it can run that ReLU's backward in its own pass.
     */
    boolean postIsRelu() { return !deleted && post.layers().size() == 1 && post.layers().get(0) instanceof Relu; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (deleted) return bypass.forward(x, training);
        if (joinedBatchNorm != null && joinedBatchNorm.fusesRelu(training)) {
            // the branch up to its last BN, then that BN, the join and the ReLU in one pass (BatchNorm2d#forwardJoined)
            s = shortcut == null ? null : shortcut.forward(x, training);
            Tensor y = branch.forward(x, training, branch.layers().size() - 1);
            long t = LayerProfile.begin();
            f = null; // never written: the pass writes the ReLU's output only
            Tensor out = joinedBatchNorm.forwardJoined(y, training, s, shortcutScale, postRelu);
            LayerProfile.add(LayerProfile.Kind.JOINS, t);
            return out;
        }
        f = branch.forward(x, training);
        s = shortcut == null ? null : shortcut.forward(x, training);
        Tensor g = gate == null ? null : gate.forward(x, training);
        return joinAndPost(g, training, false);
    }

    /**
     * Inference: the branch and shortcut by their own {@link Layer#infer}, then the join and post layers as in
     * {@link #forward}. In the original unit and the plain block (ungated, the branch unscaled, a ReLU after the
     * join) the branch's last convolution applies its BN, the join and the ReLU to each image it writes
     * ({@link Sequential#inferJoined}); the block's output is then that convolution's. Gated blocks run as
     * {@link #forward}.
     */
    @Override
    public Tensor infer(Tensor x) {
        if (deleted) return bypass.infer(x);
        if (gate != null) return forward(x, false);
        if (joinedBatchNorm != null && branch.infersJoined()) {
            // the branch's last convolution applies its BN, the join and the ReLU to each image it writes
            s = shortcut == null ? null : shortcut.infer(x);
            f = null; // never kept: the join is written into the convolution's output
            return branch.inferJoined(x, s, shortcutScale);
        }
        f = branch.infer(x);
        s = shortcut == null ? null : shortcut.infer(x);
        return joinAndPost(null, false, true);
    }

    /**
     * z = the join of {@link #f} and {@link #s} (with the gate g, if any), then the post layers. Where they are a
     * single ReLU (the original unit) and the join is not gated, the ReLU is applied in the join's pass and
     * written into its output buffer ({@link Relu#fusedOutput}), whose backward runs as usual.
     */
    private Tensor joinAndPost(Tensor g, boolean training, boolean infer) {
        long t = LayerProfile.begin();
        Relu relu = g == null ? postRelu : null;
        Tensor out;
        if (relu != null) {
            out = relu.fusedOutput(f);
        } else {
            z = Tensor.reuse(z, f.shape());
            out = z;
        }
        float[] zd = out.data, fd = f.data;
        Elementwise ew = compute.elementwise();
        if (s == null) {
            if (relu != null) compute.parallel().forRanges(zd.length, (from, to) -> ew.relu(fd, zd, from, to - from));
            else System.arraycopy(fd, 0, zd, 0, zd.length);
        } else if (type == ShortcutType.EXCLUSIVE_GATE) {
            float[] sd = s.data, gd = g.data;
            for (int i = 0; i < zd.length; i++) zd[i] = gd[i] * fd[i] + (1 - gd[i]) * sd[i];
        } else if (type == ShortcutType.SHORTCUT_GATE) {
            float[] sd = s.data, gd = g.data;
            for (int i = 0; i < zd.length; i++) zd[i] = fd[i] + (1 - gd[i]) * sd[i];
        } else {
            float[] sd = s.data;
            float a = branchScale, l = shortcutScale;
            compute.parallel().forRanges(zd.length, (from, to) -> {
                ew.axpby(a, fd, l, sd, zd, from, to - from);
                if (relu != null) ew.relu(zd, zd, from, to - from);
            });
        }
        LayerProfile.add(LayerProfile.Kind.JOINS, t);
        if (relu != null) return out;
        return infer ? post.infer(z) : post.forward(z, training);
    }

    /**
     * dz = post'(dy); the branch gets a·dz (g⊙dz when gated), the shortcut λ·dz ((1 − g)⊙dz when gated), the gate
     * dz⊙(F − h) (exclusive) or −dz⊙h (shortcut-only); dx is the sum of what comes back. A factor of 1 passes dz
     * itself: layers never write into the gradient they are given. Where both sides are taken, ungated, and the branch
     * starts with a convolution, that convolution adds the shortcut's gradient into its own as it writes it, and the
     * norms' sums with it ({@link Sequential#backwardJoined}), instead of a pass here over the three tensors.
     */
    @Override
    public Tensor backward(Tensor dy) { return backward(dy, Double.NaN, false, false); }

    /**
     * The backward of a block in {@link Network#backward}'s chain. {@code dyNorm}: the norm of dy when the caller knows
     * it, which spares a pass over it (the gradient that the block after this one returned, whose
     * {@link #inputGradNorm()} that is); NaN: computed here. {@code dyThroughPost}: dy has been through this
     * block's post-join ReLU already (the block after it masked it in its join's pass), {@code dyNorm} is the norm
     * before that mask. {@code maskForBlockBefore}: where this block joins in its convolution's pass, it also runs the
     * backward of the block before's post-join ReLU ({@link #postIsRelu()}), whose output is this block's input; then
     * {@link #returnedThroughRelu()} says so, and the returned gradient goes on with {@link #inputGradNorm()}, the norm
     * before the mask.
     */
    Tensor backward(Tensor dy, double dyNorm, boolean dyThroughPost, boolean maskForBlockBefore) {
        returnedThroughRelu = false;
        long t = LayerProfile.begin();
        outGradNorm = Double.isNaN(dyNorm) ? norm(dy) : dyNorm;
        if (deleted) {
            LayerProfile.add(LayerProfile.Kind.JOINS, t);
            Tensor d = bypass.backward(dy);
            t = LayerProfile.begin();
            skipGradNorm = norm(d);
            inputGradNorm = skipGradNorm;
            branchGradNorm = 0;
            LayerProfile.add(LayerProfile.Kind.JOINS, t);
            return d;
        }
        LayerProfile.add(LayerProfile.Kind.JOINS, t);
        Tensor dz = dyThroughPost ? dy : post.backward(dy);
        t = LayerProfile.begin();
        float[] dzd = dz.data;
        Elementwise ew = compute.elementwise();
        boolean toBranch = route != Route.SKIP_ONLY, toSkip = route != Route.BRANCH_ONLY && shortcut != null;
        Tensor g = gate == null ? null : gate.values();
        Tensor branchGrad = dz;
        if (type == ShortcutType.EXCLUSIVE_GATE) {
            dF = Tensor.reuse(dF, dz.shape());
            for (int i = 0; i < dzd.length; i++) dF.data[i] = g.data[i] * dzd[i];
            branchGrad = dF;
        } else if (branchScale != 1f) {
            dF = Tensor.reuse(dF, dz.shape());
            float[] dFd = dF.data;
            float a = branchScale;
            compute.parallel().forRanges(dzd.length, (from, to) -> ew.scale(a, dzd, dFd, from, to - from));
            branchGrad = dF;
        }
        LayerProfile.add(LayerProfile.Kind.JOINS, t);
        if (toBranch && toSkip && g == null && branch.joinsGradient() && EngineSwitch.JOINED_GRADIENTS.on()) {
            // the shortcut first; then the branch's first convolution adds its gradient into the input gradient
            // as it writes it, and sums the squares for the norms (GradientJoin): no pass over three tensors here
            Tensor dxSkip = shortcut.backward(skipGradient(dz, g));
            Tensor out = branch.backwardJoined(branchGrad, gradientJoin.with(dxSkip.data), maskForBlockBefore);
            returnedThroughRelu = maskForBlockBefore;
            branchGradNorm = Math.sqrt(gradientJoin.squares(0));
            skipGradNorm = Math.sqrt(gradientJoin.squares(1));
            inputGradNorm = Math.sqrt(gradientJoin.squares(2));
            return out; // the convolution's input gradient buffer, as the branch's gradient is in the other case
        }
        Tensor dxBranch = toBranch ? branch.backward(branchGrad) : null;
        t = LayerProfile.begin();

        Tensor dxSkip = null;
        if (toSkip) {
            Tensor skipGrad = skipGradient(dz, g);
            LayerProfile.add(LayerProfile.Kind.JOINS, t);
            dxSkip = shortcut.backward(skipGrad);
            t = LayerProfile.begin();
        }

        // The gate's own path (through W_g) belongs to neither side of Veit's decomposition: FULL only.
        Tensor dxGate = null;
        if (g != null && route == Route.FULL) {
            dG = Tensor.reuse(dG, dz.shape());
            float[] fd = f.data, sd = s.data;
            for (int i = 0; i < dzd.length; i++) {
                dG.data[i] = type == ShortcutType.EXCLUSIVE_GATE ? dzd[i] * (fd[i] - sd[i]) : -dzd[i] * sd[i];
            }
            LayerProfile.add(LayerProfile.Kind.JOINS, t);
            dxGate = gate.backward(dG);
            t = LayerProfile.begin();
        }

        int[] inShape = dxBranch != null ? dxBranch.shape() : dxSkip != null ? dxSkip.shape() : null;
        if (inShape == null) inShape = new int[] {dz.n(), inChannels, dz.h() * stride, dz.w() * stride};
        dx = Tensor.reuse(dx, inShape);
        float[] out = dx.data;
        if (dxBranch != null && dxSkip != null) {
            // dx = branch + skip and the norms of both in one read of each: the norms from cache, block by block
            float[] b = dxBranch.data, k = dxSkip.data;
            compute.parallel().sums(out.length, sums, partials, (from, to, acc) -> {
                for (int i = from; i < to; i += CACHE_BLOCK) {
                    int len = Math.min(CACHE_BLOCK, to - i);
                    ew.axpby(1f, b, 1f, k, out, i, len);
                    acc[0] += ew.sumSquares(b, i, len);
                    acc[1] += ew.sumSquares(k, i, len);
                    acc[2] += ew.sumSquares(out, i, len);
                }
            });
            branchGradNorm = Math.sqrt(sums[0]);
            skipGradNorm = Math.sqrt(sums[1]);
            inputGradNorm = Math.sqrt(sums[2]);
        } else if (dxBranch != null || dxSkip != null) {
            float[] side = (dxBranch != null ? dxBranch : dxSkip).data;
            compute.parallel().sums(out.length, sums, partials, (from, to, acc) -> {
                System.arraycopy(side, from, out, from, to - from);
                acc[0] += ew.sumSquares(out, from, to - from);
            });
            branchGradNorm = dxBranch != null ? Math.sqrt(sums[0]) : 0;
            skipGradNorm = dxBranch != null ? 0 : Math.sqrt(sums[0]);
            inputGradNorm = Math.sqrt(sums[0]);
        } else {
            java.util.Arrays.fill(out, 0f);
            branchGradNorm = skipGradNorm = inputGradNorm = 0;
        }
        if (dxGate != null) {
            for (int i = 0; i < out.length; i++) out[i] += dxGate.data[i];
            inputGradNorm = norm(dx);
        }
        LayerProfile.add(LayerProfile.Kind.JOINS, t);
        return dx;
    }

    /** The shortcut's share of dz: (1 − g)⊙dz when gated, λ·dz when scaled, else dz itself. */
    private Tensor skipGradient(Tensor dz, Tensor g) {
        float[] dzd = dz.data;
        if (g != null) {
            dS = Tensor.reuse(dS, dz.shape());
            for (int i = 0; i < dzd.length; i++) dS.data[i] = (1 - g.data[i]) * dzd[i];
            return dS;
        }
        if (shortcutScale == 1f) return dz;
        dS = Tensor.reuse(dS, dz.shape());
        float[] dSd = dS.data;
        float l = shortcutScale;
        Elementwise ew = compute.elementwise();
        compute.parallel().forRanges(dzd.length, (from, to) -> ew.scale(l, dzd, dSd, from, to - from));
        return dS;
    }

    /** Euclidean norm with the Compute's kernel and threads (double sums on the reference path, as Tensor.norm). */
    private double norm(Tensor t) {
        float[] d = t.data;
        Elementwise ew = compute.elementwise();
        compute.parallel().sums(d.length, sums, partials, (from, to, acc) -> acc[0] += ew.sumSquares(d, from, to - from));
        return Math.sqrt(sums[0]);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(branch.parameters());
        if (shortcut != null) ps.addAll(shortcut.parameters());
        if (gate != null) ps.addAll(gate.parameters());
        ps.addAll(post.parameters());
        return ps;
    }

    @Override
    public List<Buffer> namedBuffers() {
        List<Buffer> bs = new ArrayList<>(branch.namedBuffers());
        if (shortcut != null) bs.addAll(shortcut.namedBuffers());
        bs.addAll(post.namedBuffers());
        return bs;
    }

    @Override
    public String describe() {
        return name + ": " + branch.describe() + (shortcut == null ? "" : " + " + shortcut.describe())
                + (post.isEmpty() ? "" : ", " + post.describe());
    }
}
