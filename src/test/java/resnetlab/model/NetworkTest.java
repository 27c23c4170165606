package resnetlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import resnetlab.kernel.Compute;
import resnetlab.kernel.EngineSwitch;
import resnetlab.nn.BatchNorm2d;
import resnetlab.nn.Conv2d;
import resnetlab.nn.GradCheck;
import resnetlab.nn.Layer;
import resnetlab.nn.Subsample;
import resnetlab.tensor.Tensor;

class NetworkTest {
    private final Compute compute = Compute.reference();

    /** He 2015 section 4.2: n = 3/5/7/9/18 gives 0.27/0.46/0.66/0.85/1.7 M weights at w = 16, 3x32x32, 10 classes. */
    @ParameterizedTest(name = "depth {0}: {1} M")
    @CsvSource({"20, 0.27", "32, 0.46", "44, 0.66", "56, 0.85", "110, 1.7"})
    void parameterCountsMatchThePaper(int depth, double millions) {
        Network resnet = NetworkBuilder.build(NetworkSpec.of(depth, 16, 3, 32, 10, ShortcutType.IDENTITY), compute, 1);
        Network plain = NetworkBuilder.build(NetworkSpec.of(depth, 16, 3, 32, 10, ShortcutType.NONE), compute, 1);
        double m = resnet.weightCount() / 1e6;
        System.out.printf("ResNet-%d: %d weights (%.3f M)%n", depth, resnet.weightCount(), m);
        double rounding = millions >= 1 ? 0.05 : 0.005;
        assertThat(m).isCloseTo(millions, offset(rounding));
        assertThat(plain.weightCount()).as("option-A residual and plain nets have identical counts").isEqualTo(resnet.weightCount());
    }

    @Test void projectionShortcutsAddWeights() {
        NetworkSpec a = NetworkSpec.of(20, 16, 3, 32, 10, ShortcutType.IDENTITY);
        long wa = NetworkBuilder.build(a, compute, 1).weightCount();
        long wb = NetworkBuilder.build(a.withOption(DimensionOption.B), compute, 1).weightCount();
        long wc = NetworkBuilder.build(a.withOption(DimensionOption.C), compute, 1).weightCount();
        assertThat(wb - wa).isEqualTo(16 * 32 + 32 * 64); // two 1x1 projections where dimensions change
        assertThat(wc).isGreaterThan(wb);
    }

    @Test void optionAKeepsSubsampledChannelsAndZeroPadsTheNewOnes() {
        Tensor x = GradCheck.randn(3, 2, 4, 6, 6);
        Tensor y = new Subsample(8, 2).forward(x, true);
        assertThat(y.shape()).containsExactly(2, 8, 3, 3);
        for (int n = 0; n < 2; n++) for (int c = 0; c < 8; c++) for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            float expected = c < 4 ? x.get(n, c, 2 * i, 2 * j) : 0f;
            assertThat(y.get(n, c, i, j)).isEqualTo(expected);
        }
    }

    @Test void fullPreActivationBlockWithZeroedLastConvIsIdentity() {
        NetworkSpec spec = NetworkSpec.of(20, 4, 3, 8, 10, ShortcutType.IDENTITY).withUnit(UnitOrder.FULL_PREACT);
        Network net = NetworkBuilder.build(spec, compute, 3);
        ResidualBlock block = net.blocks().get(1); // a non-downsampling block
        Conv2d last = null;
        for (Layer l : block.branch().layers()) if (l instanceof Conv2d c) last = c;
        last.weight().value.zero();
        Tensor x = GradCheck.randn(4, 2, 4, 8, 8);
        Tensor y = block.forward(x, true);
        assertThat(y.data).containsExactly(x.data);
    }

    /**
     * In a training step of the original unit on two threads, each block's last batch norm applies the join and the
     * ReLU after it in its own pass ({@link BatchNorm2d#forwardJoined}), and still has its forward sums taken by the
     * convolution before it, which the branch runs without it.
     */
    @Test void eachBlocksLastBatchNormRunsTheJoinInItsPass() {
        try (Compute c = Compute.best(2)) {
            Network net = NetworkBuilder.build(NetworkSpec.of(8, 8, 1, 16, 10, ShortcutType.IDENTITY), c, 1);
            Tensor x = GradCheck.randn(6, 64, 1, 16, 16);
            Tensor logits = net.forward(x, true);
            net.backward(GradCheck.randn(7, logits.shape()), false);
            for (ResidualBlock block : net.blocks()) {
                var layers = block.branch().layers();
                BatchNorm2d last = (BatchNorm2d) layers.get(layers.size() - 1);
                assertThat(last.fusedSumCalls()).as("%s: forward sums taken", block.name()).isEqualTo(1);
                assertThat(last.joinedForwards()).as("%s: join in the BN's pass", block.name()).isEqualTo(1);
            }
        }
    }

    /**
     * Inference of the original unit: each block's last convolution applies its BN, the join and the ReLU to the
     * images it writes ({@code Conv2d#inferJoined}), once per call; not while the BNs measure their responses (their
     * own pass), and never in a plain net's blocks without a ReLU after the join. The values are checked against the
     * eval forward in FastPathNetworkTest.
     */
    @Test void eachBlocksLastConvolutionRunsTheJoinInInference() {
        try (Compute c = Compute.best(2)) {
            Network net = NetworkBuilder.build(NetworkSpec.of(8, 8, 1, 16, 10, ShortcutType.IDENTITY), c, 1);
            Tensor x = GradCheck.randn(6, 16, 1, 16, 16);
            net.infer(x);
            net.infer(x);
            for (ResidualBlock block : net.blocks()) {
                var layers = block.branch().layers();
                Conv2d last = (Conv2d) layers.get(layers.size() - 2);
                assertThat(last.joinedInferences()).as("%s: join in the convolution's pass", block.name()).isEqualTo(2);
            }
            net.measureEvalResponses(true);
            net.infer(x);
            for (ResidualBlock block : net.blocks()) {
                var layers = block.branch().layers();
                assertThat(((Conv2d) layers.get(layers.size() - 2)).joinedInferences()).as("%s while measuring", block.name())
                        .isEqualTo(2);
            }
        }
    }

    @Test void batchNormUsesBatchStatisticsInTrainingAndRunningAveragesInEval() {
        BatchNorm2d bn = new BatchNorm2d("bn", 2);
        Tensor x = GradCheck.randn(5, 8, 2, 4, 4);
        for (int i = 0; i < x.size(); i++) x.data[i] = 3 + 2 * x.data[i];
        Tensor y = bn.forward(x, true);
        for (int c = 0; c < 2; c++) {
            double s = 0, s2 = 0; int m = 0;
            for (int n = 0; n < 8; n++) for (int i = 0; i < 16; i++) { double v = y.data[(n * 2 + c) * 16 + i]; s += v; s2 += v * v; m++; }
            assertThat(s / m).isCloseTo(0, offset(1e-5));
            assertThat(s2 / m).isCloseTo(1, offset(1e-3));
        }
        for (int k = 0; k < 200; k++) bn.forward(x, true);
        // running averages converge to the batch mean (≈3) and unbiased variance (≈4)
        assertThat(bn.runningMean().data[0]).isCloseTo(3f, offset(0.3f));
        assertThat(bn.runningVar().data[0]).isCloseTo(4f, offset(0.8f));
        Tensor shifted = x.copy();
        for (int i = 0; i < shifted.size(); i++) shifted.data[i] += 10;
        Tensor ev = bn.forward(shifted, false);
        double mean = 0;
        for (float v : ev.data) mean += v;
        assertThat(mean / ev.size()).as("eval keeps the running mean, so a shifted batch stays shifted").isGreaterThan(3);
    }

    @Test void sameSeedGivesIdenticalNetworksAndOutputs() {
        NetworkSpec spec = NetworkSpec.of(20, 4, 1, 8, 10, ShortcutType.DROPOUT);
        Tensor x = GradCheck.randn(9, 4, 1, 8, 8);
        Tensor a = NetworkBuilder.build(spec, compute, 5).forward(x, true).copy();
        Tensor b = NetworkBuilder.build(spec, compute, 5).forward(x, true);
        Tensor c = NetworkBuilder.build(spec, compute, 6).forward(x, true);
        assertThat(b.data).containsExactly(a.data);
        assertThat(c.data).isNotEqualTo(a.data);
    }

    /** Training's backward without the image gradient adds the same parameter gradients as the full one. */
    @Test void trainingBackwardSkipsOnlyTheImageGradient() {
        NetworkSpec spec = NetworkSpec.of(8, 4, 3, 8, 10, ShortcutType.IDENTITY);
        Network full = NetworkBuilder.build(spec, compute, 3), weightsOnly = NetworkBuilder.build(spec, compute, 3);
        Tensor x = GradCheck.randn(1, 2, 3, 8, 8), dLogits = GradCheck.randn(2, 2, 10);
        full.zeroGrad();
        weightsOnly.zeroGrad();
        full.forward(x, true);
        weightsOnly.forward(x, true);
        assertThat(full.backward(dLogits, true).shape()).containsExactly(2, 3, 8, 8);
        assertThat(weightsOnly.backward(dLogits, false)).isNull();
        for (int i = 0; i < full.parameters().size(); i++) {
            assertThat(weightsOnly.parameters().get(i).grad.data).as(full.parameters().get(i).name)
                    .containsExactly(full.parameters().get(i).grad.data);
        }
        assertThat(weightsOnly.blockInputGradNorm()).isEqualTo(full.blockInputGradNorm());
    }

    @Test void deletedBlockPassesItsInputThrough() {
        Network net = NetworkBuilder.build(NetworkSpec.of(20, 4, 1, 8, 10, ShortcutType.IDENTITY), compute, 1);
        ResidualBlock b = net.blocks().get(1);
        b.setDeleted(true);
        Tensor x = GradCheck.randn(2, 2, 4, 8, 8);
        assertThat(b.forward(x, false).data).containsExactly(x.data);
    }

    @Test void scaledShortcutPassesLambdaTimesTheGradient() {
        Network net = NetworkBuilder.build(NetworkSpec.of(20, 4, 1, 8, 10, ShortcutType.SCALED).withLambda(0.5), compute, 1);
        net.forward(GradCheck.randn(1, 4, 1, 8, 8), true);
        net.backward(GradCheck.randn(2, 4, 10));
        for (ResidualBlock b : net.blocks()) {
            if (b.isDownsampling()) continue;
            // the skip gradient is λ times the gradient after the post-addition ReLU; that ReLU only shrinks it
            assertThat(b.skipGradNorm()).isLessThanOrEqualTo(0.5 * b.outGradNorm() * (1 + 1e-5));
            assertThat(b.skipGradNorm()).isGreaterThan(0);
        }
    }

    /**
     * The norms a block records in backward are the norms of what each side returns: at one forward and one output
     * gradient, the branch norm of the full backward is the norm of what the block returns when routed through the
     * branch only, the skip norm likewise, and the input norm that of what it returns; the network's block-input
     * norm is the first block's. On two threads with tensors of several ranges, where the join sums and norms
     * ranges side by side, and on the reference path.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"true", "false"})
    void blockGradientNormsAreTheNormsOfWhatEachSideReturns(boolean fast) {
        try (Compute c = fast ? Compute.best(2) : Compute.reference()) {
            Network net = NetworkBuilder.build(NetworkSpec.of(14, 8, 1, 16, 10, ShortcutType.SCALED).withLambda(0.7), c, 3);
            net.forward(GradCheck.randn(4, 16, 1, 16, 16), true);
            Tensor dLogits = GradCheck.randn(5, 16, 10);
            net.backward(dLogits);
            assertThat(net.blockInputGradNorm()).isEqualTo(net.blocks().get(0).inputGradNorm()).isPositive();
            for (ResidualBlock b : net.blocks()) {
                Tensor dy = GradCheck.randn(6, 16, b.outChannels(), 16 / (b.stage() == 1 ? 1 : b.stage() == 2 ? 2 : 4),
                        16 / (b.stage() == 1 ? 1 : b.stage() == 2 ? 2 : 4));
                double full = b.backward(dy).norm(), branch = b.branchGradNorm(), skip = b.skipGradNorm();
                assertThat(b.inputGradNorm()).as(b.name() + " input").isCloseTo(full, org.assertj.core.data.Percentage.withPercentage(1e-3));
                assertThat(branch).isPositive();
                assertThat(skip).isPositive();
                b.setRoute(Route.BRANCH_ONLY);
                assertThat(b.backward(dy).norm()).as(b.name() + " branch").isCloseTo(branch, org.assertj.core.data.Percentage.withPercentage(1e-3));
                b.setRoute(Route.SKIP_ONLY);
                assertThat(b.backward(dy).norm()).as(b.name() + " skip").isCloseTo(skip, org.assertj.core.data.Percentage.withPercentage(1e-3));
                b.setRoute(Route.FULL);
            }
        }
    }

    /** Veit 2016: at a fixed forward pass the gradients of all 2^n paths sum to the full gradient. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ORIGINAL", "FULL_PREACT", "BN_AFTER_ADD"})
    void pathGradientsSumToTheFullGradient(UnitOrder unit) {
        NetworkSpec spec = NetworkSpec.of(8, 3, 1, 8, 4, ShortcutType.IDENTITY).withUnit(unit);
        spec = new NetworkSpec(14, 3, 1, 8, 4, ShortcutType.IDENTITY, 1, false, -6, 0.5, unit, DimensionOption.A);
        Network net = NetworkBuilder.build(spec, compute, 2);
        Tensor x = GradCheck.randn(3, 2, 1, 8, 8);
        Tensor dLogits = GradCheck.randn(4, 2, 4);
        net.forward(x, false);
        Tensor full = net.backward(dLogits).copy();
        int n = net.blocks().size();
        Tensor sum = new Tensor(full.shape());
        for (int mask = 0; mask < (1 << n); mask++) {
            for (int i = 0; i < n; i++) net.blocks().get(i).setRoute((mask >> i & 1) == 1 ? Route.BRANCH_ONLY : Route.SKIP_ONLY);
            Tensor g = net.backward(dLogits);
            for (int i = 0; i < g.size(); i++) sum.data[i] += g.data[i];
        }
        net.restoreAll();
        double diff = 0, norm = full.norm();
        for (int i = 0; i < full.size(); i++) diff += Math.pow(full.data[i] - sum.data[i], 2);
        System.out.printf("paths of %s, n=%d: |sum - full| / |full| = %.2e%n", unit, n, Math.sqrt(diff) / norm);
        assertThat(Math.sqrt(diff) / norm).isLessThan(1e-4);
    }

    @Test void badSpecsNameTheField() {
        assertThatThrownBy(() -> NetworkBuilder.build(NetworkSpec.of(21, 16, 3, 32, 10, ShortcutType.IDENTITY), compute, 1))
                .hasMessageContaining("depth 21 is not 6n+2");
        assertThatThrownBy(() -> ShortcutType.parse("gated")).hasMessageContaining("unknown shortcut type 'gated'");
        assertThatThrownBy(() -> UnitOrder.parse("preact")).hasMessageContaining("unknown unit ordering 'preact'");
        NetworkSpec bad = new NetworkSpec(20, 16, 3, 32, 10, ShortcutType.DROPOUT, 0.5, false, -6, 1.5, UnitOrder.ORIGINAL, DimensionOption.A);
        assertThatThrownBy(bad::validate).hasMessageContaining("dropout 1.5");
    }

    /**
     * {@link Network#backward} hands each block the norm of the gradient it receives, the {@code inputGradNorm()} of
     * the block after it in execution order, instead of a pass over that gradient. That holds only while a block's
     * {@code inputGradNorm()} is the norm of the gradient its backward returned: for every join, a deleted block,
     * and both routes, on the fast path's two threads; the hand-on follows a changed order, and with
     * {@link EngineSwitch#KNOWN_NORMS} off (each block's own pass) the norms are the same.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(ShortcutType.class)
    void eachBlockGetsTheNormOfTheGradientTheBlockAfterItReturned(ShortcutType type) {
        try (Compute c = Compute.best(2)) {
            Network net = routedNet(type, c);
            for (ResidualBlock b : net.blocks()) {
                int out = 8 >> (b.stage() - 1), in = out * b.stride();
                Tensor y = b.forward(GradCheck.randn(7 + b.stage(), 5, b.inChannels(), in, in), true);
                Tensor dy = GradCheck.randn(11, y.shape());
                double dyNorm = dy.norm();
                Tensor dx = b.backward(dy);
                assertThat(b.outGradNorm()).as(b.name() + " output gradient").isCloseTo(dyNorm, withPercentage(1e-4));
                assertThat(b.inputGradNorm()).as(b.name() + " input gradient").isCloseTo(dx.norm(), withPercentage(1e-4));
            }
            Tensor x = GradCheck.randn(5, 4, 1, 8, 8), dLogits = GradCheck.randn(6, 4, 10);
            Network handing = routedNet(type, c), own = routedNet(type, c);
            handing.forward(x, true);
            handing.backward(dLogits);
            try {
                EngineSwitch.KNOWN_NORMS.set(false);
                own.forward(x, true);
                own.backward(dLogits);
            } finally {
                EngineSwitch.KNOWN_NORMS.set(true);
            }
            int[] order = handing.order();
            for (int j = 0; j + 1 < order.length; j++) {
                ResidualBlock block = handing.blocks().get(order[j]), after = handing.blocks().get(order[j + 1]);
                assertThat(block.outGradNorm()).as(block.name() + " gets " + after.name() + "'s").isEqualTo(after.inputGradNorm());
                assertThat(block.outGradNorm()).as(block.name() + " as by its own pass")
                        .isCloseTo(own.blocks().get(order[j]).outGradNorm(), withPercentage(1e-4));
            }
        }
    }

    /** A ResNet-14 (4 wide, 1x8x8), {@link #route}d. */
    private static Network routedNet(ShortcutType type, Compute c) {
        return route(NetworkBuilder.build(NetworkSpec.of(14, 4, 1, 8, 10, type), c, 3));
    }

    /** Block 1 deleted, block 2 routed through its shortcut only, 3 through its branch, blocks 0 and 1 swapped. */
    /**
     * Two nets of {@code spec} (routed by {@link #route} if asked) trained one step on the same batch, the first with
     * {@code engineSwitch} on, the second with it off; asserts that their image gradients and every parameter gradient
     * are the same bits, and returns the two nets {on, off} for the caller's own checks.
     */
    private static Network[] sameGradientsOnAndOff(EngineSwitch engineSwitch, NetworkSpec spec, Compute c, boolean routed,
                                                   long seed) {
        Tensor x = GradCheck.randn(seed, 6, 3, 8, 8), dLogits = GradCheck.randn(seed + 1, 6, 10);
        Network on = NetworkBuilder.build(spec, c, 4), off = NetworkBuilder.build(spec, c, 4);
        if (routed) {
            route(on);
            route(off);
        }
        on.forward(x, true);
        Tensor dImageOn = on.backward(dLogits).copy();
        Tensor dImageOff;
        try {
            engineSwitch.set(false);
            off.forward(x, true);
            dImageOff = off.backward(dLogits);
        } finally {
            engineSwitch.set(true);
        }
        assertThat(dImageOn.data).as("image gradient").containsExactly(dImageOff.data);
        for (int i = 0; i < on.parameters().size(); i++) {
            var a = on.parameters().get(i);
            assertThat(a.grad.data).as(a.name).containsExactly(off.parameters().get(i).grad.data);
        }
        return new Network[] {on, off};
    }

    private static Network route(Network net) {
        net.blocks().get(1).setDeleted(true);
        net.blocks().get(2).setRoute(Route.SKIP_ONLY);
        net.blocks().get(3).setRoute(Route.BRANCH_ONLY);
        int[] order = net.order();
        order[0] = 1;
        order[1] = 0;
        net.setOrder(order);
        return net;
    }

    /**
     * With {@link EngineSwitch#BN_BACKWARD_IN_CONV} on, each BN after a convolution leaves its backward pass to that
     * convolution's backward ({@code nn.BatchNorm2d.pendingGradient}): the image gradient and every parameter gradient
     * are those of the BNs' own passes (off) bit for bit. Two threads, every unit order, a projection shortcut (a 1x1
     * convolution and its BN: the im2col path) and a scaled one, and a routed net.
     */
    @ParameterizedTest(name = "{0} {1} {2} routed: {3}")
    @CsvSource({"ORIGINAL, IDENTITY, A, false", "ORIGINAL, SCALED, B, false", "ORIGINAL, IDENTITY, A, true",
            "BN_AFTER_ADD, IDENTITY, A, false", "RELU_BEFORE_ADD, IDENTITY, B, false", "RELU_PREACT, IDENTITY, A, false",
            "FULL_PREACT, IDENTITY, B, false"})
    void theBatchNormsBackwardInTheConvolutionsPassGivesTheirOwnValues(UnitOrder unit, ShortcutType type,
                                                                       DimensionOption option, boolean routed) {
        NetworkSpec spec = NetworkSpec.of(14, 4, 3, 8, 10, type).withUnit(unit).withOption(option);
        try (Compute c = Compute.best(2)) {
            Network[] nets = sameGradientsOnAndOff(EngineSwitch.BN_BACKWARD_IN_CONV, spec, c, routed, 31);
            Network fused = nets[0], own = nets[1];
            long pendingFused = 0, pendingOwn = 0; // over the BNs right after a convolution
            for (Network.ConvProbe p : fused.probes()) if (p.bnAfter() != null) pendingFused += p.bnAfter().pendingGradients();
            for (Network.ConvProbe p : own.probes()) if (p.bnAfter() != null) pendingOwn += p.bnAfter().pendingGradients();
            assertThat(pendingFused).as("BNs whose pass a convolution ran").isPositive();
            assertThat(pendingOwn).isZero();
        }
    }

    /**
     * With {@link EngineSwitch#JOINED_GRADIENTS} on, a block whose branch starts with a convolution adds the shortcut's
     * gradient in that convolution's pass ({@code nn.GradientJoin}), and where the block before it ends in a ReLU
     * (the original unit) runs that ReLU's backward there too; the image gradient and every parameter gradient are
     * those of the blocks' own passes (off) bit for bit, the recorded norms the same to rounding. A unit whose branch
     * starts with a ReLU or BN (the pre-activation units) keeps its own pass. Two threads, every unit order, a
     * projection shortcut, a scaled one, and a net with a deleted block, both routes and a changed order.
     */
    @ParameterizedTest(name = "{0} {1} {2} routed: {3}")
    @CsvSource({"ORIGINAL, IDENTITY, A, false", "ORIGINAL, SCALED, A, false", "ORIGINAL, IDENTITY, B, false",
            "ORIGINAL, IDENTITY, A, true", "BN_AFTER_ADD, IDENTITY, A, false", "RELU_BEFORE_ADD, IDENTITY, A, false",
            "RELU_PREACT, IDENTITY, A, false", "FULL_PREACT, IDENTITY, A, false", "ORIGINAL, NONE, A, false"})
    void theBackwardJoinInTheConvolutionsPassGivesTheBlocksOwnValues(UnitOrder unit, ShortcutType type, DimensionOption option,
                                                                    boolean routed) {
        NetworkSpec spec = NetworkSpec.of(14, 4, 3, 8, 10, type).withUnit(unit).withOption(option);
        try (Compute c = Compute.best(2)) {
            Network[] nets = sameGradientsOnAndOff(EngineSwitch.JOINED_GRADIENTS, spec, c, routed, 21);
            Network joined = nets[0], own = nets[1];
            long joinedCalls = 0, startWithConv = 0, throughRelu = 0;
            for (int b = 0; b < joined.blocks().size(); b++) {
                ResidualBlock j = joined.blocks().get(b), o = own.blocks().get(b);
                assertThat(j.outGradNorm()).as(j.name() + " output").isCloseTo(o.outGradNorm(), withPercentage(1e-4));
                assertThat(j.branchGradNorm()).as(j.name() + " branch").isCloseTo(o.branchGradNorm(), withPercentage(1e-4));
                assertThat(j.skipGradNorm()).as(j.name() + " shortcut").isCloseTo(o.skipGradNorm(), withPercentage(1e-4));
                assertThat(j.inputGradNorm()).as(j.name() + " input").isCloseTo(o.inputGradNorm(), withPercentage(1e-4));
                assertThat(o.returnedThroughRelu()).as(o.name() + " off").isFalse();
                if (j.returnedThroughRelu()) throughRelu++;
                if (j.branch().layers().get(0) instanceof Conv2d conv) {
                    joinedCalls += conv.joinedBackwards();
                    if (!j.isDeleted()) startWithConv++;
                }
            }
            // the pre-activation units' branches start with BN or ReLU, but for the first block's, whose input the
            // stem has activated (He 2016, section 4.1)
            assertThat(startWithConv).as("branches that start with a convolution").isEqualTo(unit.isPreActivation() ? 1 : routed ? 5 : 6);
            assertThat(joinedCalls).as("blocks that joined in the convolution's pass")
                    .isEqualTo(type == ShortcutType.NONE ? 0 : routed ? 3 : startWithConv);
            // the original unit ends in a ReLU: each joining block runs the one of the block before it (routed: the
            // last two blocks; the first joins for a deleted block, the second and third take one route)
            long expected = unit != UnitOrder.ORIGINAL || type == ShortcutType.NONE ? 0 : routed ? 2 : 5;
            assertThat(throughRelu).as("blocks that ran the ReLU of the block before").isEqualTo(expected);
        }
    }
}
