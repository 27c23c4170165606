package resnetlab.experiments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import resnetlab.data.Dataset;
import resnetlab.model.Network;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;
import resnetlab.tensor.Tensor;

/**
 * Standard deviations of layer responses (He 2015 §4.2, Fig. 7): for each 3x3 convolution of a trained net,
 * the std of its response "after BN and before other nonlinearity (ReLU/addition)" ({@link Network#probes()};
 * in full pre-activation units the second convolution has no BN after it, and its own output is the response).
 * The paper finds the responses of ResNets smaller than those of plain nets, and smaller the deeper the ResNet:
 * residual functions are closer to zero than non-residual ones.
 *
 * <p>Measured in eval mode (BN running statistics from training) on one batch of {@link Config#images()} test
 * images, class-balanced (the first of each class), the same batch for every net. The std is over all values
 * of the response tensor (N, C, H, W). Layers are numbered from 1 in forward order, the stem convolution first;
 * the paper also plots the stds sorted by magnitude, {@link NetResponses#sorted()}.
 */
public final class LayerResponses {
    /** @param images test images in the batch (class-balanced); 0 = the whole test set */
    public record Config(int images) {
        public static final int DEFAULT_IMAGES = 200;

        public Config {
            if (images < 0) throw new IllegalArgumentException("images " + images + " must not be negative");
        }
    }

    /** One 3x3 layer: 1-based forward index, probe name (e.g. "stage2.block0.conv1"), block (−1 for the stem). */
    public record LayerStd(int index, String name, int block, double std) {}

    /**
     * One net's responses.
     *
     * @param label  display name, e.g. "plain-20"
     * @param model  its architecture
     * @param source where the weights came from (a checkpoint path), or null
     * @param seed   its training seed, or null if unknown
     * @param images images in the measured batch
     * @param layers in forward order
     * @param sorted the same stds sorted from largest to smallest (Fig. 7 bottom)
     * @param mean   mean std over the layers
     */
    public record NetResponses(String label, NetworkSpec model, String source, Long seed, int images, List<LayerStd> layers,
                               List<Double> sorted, double mean) {}

    /** The contents of {@code responses}' result.json. */
    public record Result(String tool, String version, String command, Config config, String data, List<NetResponses> nets,
                         List<String> findings) {}

    private LayerResponses() {}

    /** The batch every net is measured on: {@code images} test images, class-balanced (all for 0). */
    public static Dataset batch(Dataset test, Config config) {
        if (config.images() == 0 || config.images() >= test.size()) return test;
        return test.firstPerClass(config.images());
    }

    /** Forwards {@code batch} once in eval mode and reads every probe's response std. */
    public static NetResponses measure(String label, String source, Long seed, Network net, Dataset batch) {
        Tensor images = batch.images();
        List<LayerStd> layers = new ArrayList<>();
        net.measureEvalResponses(true);
        try {
            net.forward(images, false);
            int i = 1;
            for (Network.ConvProbe p : net.probes()) layers.add(new LayerStd(i++, p.name(), p.block(), p.responseStd()));
        } finally {
            net.measureEvalResponses(false);
        }
        List<Double> sorted = new ArrayList<>(layers.stream().map(LayerStd::std).toList());
        sorted.sort(Comparator.reverseOrder());
        double mean = layers.stream().mapToDouble(LayerStd::std).average().orElse(Double.NaN);
        return new NetResponses(label, net.spec(), source, seed, batch.size(), layers, sorted, mean);
    }

    /**
     * What the measurements show, against the paper: residual below plain at equal depth; deeper residual below
     * shallower residual. Each sentence says whether it held here.
     */
    public static List<String> findings(List<NetResponses> nets) {
        List<String> out = new ArrayList<>();
        for (NetResponses p : nets) {
            if (!p.model().isPlain()) continue;
            Optional<NetResponses> r = nets.stream().filter(n -> isResidual(n) && n.model().depth() == p.model().depth()).findFirst();
            if (r.isEmpty()) continue;
            NetResponses res = r.get();
            boolean smaller = res.mean() < p.mean();
            out.add(String.format(Locale.ROOT, "%s: mean response std %.3f vs %.3f for %s: %s (He 2015 Fig. 7: smaller for ResNets).",
                    res.label(), res.mean(), p.mean(), p.label(), smaller ? "smaller" : "not smaller here"));
        }
        List<NetResponses> residual = new ArrayList<>(nets.stream().filter(LayerResponses::isResidual).toList());
        residual.sort(Comparator.comparingInt(n -> n.model().depth()));
        for (int i = 1; i < residual.size(); i++) {
            NetResponses a = residual.get(i - 1), b = residual.get(i);
            if (a.model().depth() == b.model().depth()) continue;
            boolean smaller = b.mean() < a.mean();
            out.add(String.format(Locale.ROOT, "%s: mean response std %.3f vs %.3f for %s: %s (He 2015 Fig. 7: smaller the deeper the ResNet).",
                    b.label(), b.mean(), a.mean(), a.label(), smaller ? "smaller" : "not smaller here"));
        }
        return out;
    }

    private static boolean isResidual(NetResponses n) {
        return n.model().shortcut() == ShortcutType.IDENTITY && n.model().unit() == UnitOrder.ORIGINAL;
    }
}
