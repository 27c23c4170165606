package resnetlab.lessons;

import java.util.stream.Collectors;
import resnetlab.model.ResidualBlock;
import resnetlab.nn.Conv2d;
import resnetlab.nn.DropoutMask;
import resnetlab.nn.Identity;
import resnetlab.nn.Layer;
import resnetlab.nn.Sequential;
import resnetlab.nn.Subsample;

/**
 * A residual block's layers as one line of {@code network.txt}, in the run's language: "branch + shortcut, post"
 * as {@link ResidualBlock#describe()} has it, but with the words (convolution, stride, identity, subsample, dropout)
 * taken from {@link ChartWords}. Symbols the same in both languages (BN, ReLU, ×λ, σ, FC) come from the layer's own
 * {@link Layer#describe()}. The engine's block name ("stage1.block0") is left out: the line already gives block and stage.
 */
final class NetworkText {
    private NetworkText() {}

    static String layers(ResidualBlock b, ChartWords w) {
        return layer(b.branch(), w) + (b.shortcut() == null ? "" : " + " + layer(b.shortcut(), w))
                + (b.post().isEmpty() ? "" : ", " + layer(b.post(), w));
    }

    static String layer(Layer l, ChartWords w) {
        if (l instanceof Sequential s) return s.layers().stream().map(x -> layer(x, w)).collect(Collectors.joining("-"));
        if (l instanceof Conv2d c) {
            return w.format("network.conv", c.kernel(), c.kernel(), c.inChannels(), c.outChannels(),
                    c.stride() == 1 ? "" : w.format("network.conv.stride", c.stride()));
        }
        if (l instanceof Identity) return w.get("network.identity");
        if (l instanceof Subsample s) return w.format("network.subsample", s.stride(), s.outChannels());
        if (l instanceof DropoutMask d) return w.format("network.dropout", String.valueOf(d.ratio()));
        return l.describe(); // BN(c), ReLU, ×s, σ(...) and FC read the same in every language
    }
}
