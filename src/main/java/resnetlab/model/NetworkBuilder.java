package resnetlab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import resnetlab.kernel.Compute;
import resnetlab.nn.BatchNorm2d;
import resnetlab.nn.Conv2d;
import resnetlab.nn.DropoutMask;
import resnetlab.nn.Identity;
import resnetlab.nn.InferenceOutputs;
import resnetlab.nn.Layer;
import resnetlab.nn.Linear;
import resnetlab.nn.Relu;
import resnetlab.nn.Sequential;
import resnetlab.nn.SigmoidGate;
import resnetlab.nn.Subsample;

/**
 * Builds a {@link Network} from a {@link NetworkSpec} and a seed, with He initialisation: conv weights
 * ~ N(0, 2/(k·k·C_out)) (He 2015 ref. [13]), FC weights ~ U(−1/√in, 1/√in), biases and BN β zero, BN γ one,
 * gate weights zero with bias b_g. One {@link SplittableRandom} from the seed is split per layer in build
 * order, so a seed fixes every weight and every dropout mask.
 */
public final class NetworkBuilder {
    private final NetworkSpec spec;
    private final Compute compute;
    private final SplittableRandom random;
    private final List<Network.ConvProbe> probes = new ArrayList<>();
    /** The output tensors that all the net's convolutions share in inference. */
    private final InferenceOutputs inferenceOutputs = new InferenceOutputs();
    private int blockIndex = -1;

    private NetworkBuilder(NetworkSpec spec, Compute compute, long seed) {
        this.spec = spec.validate();
        this.compute = compute;
        this.random = new SplittableRandom(seed);
    }

    public static Network build(NetworkSpec spec, Compute compute, long seed) {
        return new NetworkBuilder(spec, compute, seed).build();
    }

    private Network build() {
        int w = spec.width();
        Conv2d stemConv = conv("stem.conv", spec.inChannels(), w, 3, 1);
        BatchNorm2d stemBn = new BatchNorm2d("stem.bn", w);
        probes.add(new Network.ConvProbe("stem.conv", -1, stemConv, stemBn));
        Sequential stem = new Sequential(stemConv, stemBn, new Relu());

        List<ResidualBlock> blocks = new ArrayList<>();
        int channels = w;
        for (int stage = 1; stage <= 3; stage++) {
            int out = w << (stage - 1);
            for (int i = 0; i < spec.n(); i++) {
                int stride = stage > 1 && i == 0 ? 2 : 1;
                blockIndex = blocks.size();
                blocks.add(block("stage" + stage + ".block" + i, stage, channels, out, stride, blocks.isEmpty()));
                channels = out;
            }
        }
        Sequential head = spec.unit().isPreActivation()
                ? new Sequential(new BatchNorm2d("head.bn", channels), new Relu())
                : new Sequential();
        Linear fc = new Linear("fc", channels, spec.classes());
        double bound = 1 / Math.sqrt(channels);
        SplittableRandom r = random.split();
        for (int i = 0; i < fc.weight().value.size(); i++) fc.weight().value.data[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        return new Network(spec, stem, blocks, head, fc, probes);
    }

    private ResidualBlock block(String name, int stage, int in, int out, int stride, boolean firstOfNet) {
        UnitOrder unit = spec.unit();
        ShortcutType type = spec.shortcut();
        Conv2d c1 = conv(name + ".conv1", in, out, 3, stride);
        Conv2d c2 = conv(name + ".conv2", out, out, 3, 1);
        List<Layer> branch = new ArrayList<>();
        List<Layer> post = new ArrayList<>();
        switch (unit) {
            case ORIGINAL, BN_AFTER_ADD, RELU_BEFORE_ADD -> {
                BatchNorm2d b1 = new BatchNorm2d(name + ".bn1", out), b2 = new BatchNorm2d(name + ".bn2", out);
                branch.addAll(List.of(c1, b1, new Relu(), c2, b2));
                probe(name + ".conv1", c1, b1);
                probe(name + ".conv2", c2, b2);
                if (unit == UnitOrder.RELU_BEFORE_ADD) branch.add(new Relu());
                if (unit == UnitOrder.BN_AFTER_ADD) post.add(new BatchNorm2d(name + ".bnAdd", out));
                if (unit != UnitOrder.RELU_BEFORE_ADD) post.add(new Relu());
            }
            case RELU_PREACT -> {
                // The stem's ReLU already activates the first block's input (He 2016, section 4.1).
                if (!firstOfNet) branch.add(new Relu());
                BatchNorm2d b1 = new BatchNorm2d(name + ".bn1", out), b2 = new BatchNorm2d(name + ".bn2", out);
                branch.addAll(List.of(c1, b1, new Relu(), c2, b2));
                probe(name + ".conv1", c1, b1);
                probe(name + ".conv2", c2, b2);
            }
            case FULL_PREACT -> {
                if (!firstOfNet) branch.addAll(List.of(new BatchNorm2d(name + ".bn0", in), new Relu()));
                BatchNorm2d b1 = new BatchNorm2d(name + ".bn1", out);
                branch.addAll(List.of(c1, b1, new Relu(), c2));
                probe(name + ".conv1", c1, b1);
                probe(name + ".conv2", c2, null);
            }
        }

        boolean changes = stride != 1 || in != out;
        Layer base = null;
        if (type != ShortcutType.NONE) {
            boolean project = type == ShortcutType.CONV1X1 || spec.option() == DimensionOption.C
                    || (changes && spec.option() == DimensionOption.B);
            if (project) base = projection(name + ".shortcut", in, out, stride);
            else base = changes ? new Subsample(out, stride) : new Identity();
        }
        Layer shortcut = base;
        if (type == ShortcutType.DROPOUT) shortcut = new Sequential(base, new DropoutMask((float) spec.dropout(), random.nextLong()));
        Layer bypass = base != null ? base : changes ? new Subsample(out, stride) : new Identity();
        SigmoidGate gate = type.isGated() ? new SigmoidGate(name, in, out, stride, (float) spec.gateBias(), compute) : null;
        float lambda = (float) spec.lambda();
        float shortcutScale = type == ShortcutType.SCALED ? lambda : 1f;
        float branchScale = type == ShortcutType.SCALED && spec.scaleBranch() ? 1f - lambda : 1f;
        return new ResidualBlock(name, stage, in, out, stride, type, new Sequential(branch), shortcut, bypass, gate,
                new Sequential(post), branchScale, shortcutScale);
    }

    private Layer projection(String name, int in, int out, int stride) {
        return new Sequential(conv(name + ".conv", in, out, 1, stride), new BatchNorm2d(name + ".bn", out));
    }

    private void probe(String name, Conv2d conv, BatchNorm2d bn) {
        probes.add(new Network.ConvProbe(name, blockIndex, conv, bn));
    }

    private Conv2d conv(String name, int in, int out, int k, int stride) {
        Conv2d c = new Conv2d(name, in, out, k, stride, (k - 1) / 2, false, compute);
        c.shareInferenceOutputs(inferenceOutputs);
        double std = Math.sqrt(2.0 / (k * k * out));
        SplittableRandom r = random.split();
        float[] wd = c.weight().value.data;
        for (int i = 0; i < wd.length; i++) wd[i] = (float) (gaussian(r) * std);
        return c;
    }

    /** Standard normal by Box–Muller (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
