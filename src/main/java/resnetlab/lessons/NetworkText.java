package resnetlab.lessons;

import java.util.stream.Collectors;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ResidualBlock;
import resnetlab.model.UnitOrder;
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

    /**
     * A model's name in the header line: {@link NetworkSpec#displayName()} with its words ("dropout shortcut", the unit
     * ordering) in the run's language, e.g. "ResNet-8 (dropout shortcut, p=0.5)" or "ResNet-8（随机失活捷径，p=0.5）".
     */
    static String name(NetworkSpec s, ChartWords w) {
        String base = (s.isPlain() ? "plain-" : "ResNet-") + s.depth();
        String name = switch (s.shortcut()) {
            case NONE, IDENTITY -> base;
            case SCALED -> w.format("network.name.scaled", base, number(s.lambda()), s.scaleBranch() ? w.get("network.name.scaleBranch") : "");
            case EXCLUSIVE_GATE -> w.format("network.name.exclusiveGate", base, number(s.gateBias()));
            case SHORTCUT_GATE -> w.format("network.name.shortcutGate", base, number(s.gateBias()));
            case CONV1X1 -> w.format("network.name.conv1x1", base);
            case DROPOUT -> w.format("network.name.dropout", base, number(s.dropout()));
        };
        return s.unit() == UnitOrder.ORIGINAL ? name : w.format("network.name.unit", name, w.get("network.unit." + s.unit().cliName()));
    }

    /** A setting as displayName writes it: whole numbers without ".0". */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

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
