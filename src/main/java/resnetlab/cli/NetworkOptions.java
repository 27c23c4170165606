package resnetlab.cli;

import picocli.CommandLine.Option;
import resnetlab.model.DimensionOption;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/** The architecture options shared by commands that build a network. */
public final class NetworkOptions {
    @Option(names = "--model", description = "plain or resnet (default: ${DEFAULT-VALUE})", defaultValue = "resnet")
    String model;

    @Option(names = "--depth", description = "6n+2 layers: 20, 32, 44, 56, 110, ... (default: ${DEFAULT-VALUE})", defaultValue = "20")
    int depth;

    @Option(names = "--width", description = "base width w; stages have w, 2w, 4w filters (default: ${DEFAULT-VALUE})", defaultValue = "16")
    int width;

    @Option(names = "--shortcut", description = "identity, scaled, exclusive-gate, shortcut-gate, conv1x1, dropout, none (default: identity for resnet, none for plain)")
    String shortcut;

    @Option(names = "--lambda", description = "λ of the scaled shortcut (default: ${DEFAULT-VALUE})", defaultValue = "0.5")
    double lambda;

    @Option(names = "--scale-branch", description = "with --shortcut scaled: also scale F by 1−λ")
    boolean scaleBranch;

    @Option(names = "--gate-bias", description = "b_g of the gated shortcuts (default: ${DEFAULT-VALUE})", defaultValue = "-6")
    double gateBias;

    @Option(names = "--dropout", description = "drop ratio p of the dropout shortcut (default: ${DEFAULT-VALUE})", defaultValue = "0.5")
    double dropout;

    @Option(names = "--unit", description = "original, bn-after-add, relu-before-add, relu-preact, full-preact (default: ${DEFAULT-VALUE})", defaultValue = "original")
    String unit;

    @Option(names = "--option", description = "dimension option A, B or C (default: ${DEFAULT-VALUE})", defaultValue = "A")
    String option;

    /** The spec with placeholder data shape (channels, size and classes come from the data). */
    NetworkSpec toSpec() {
        String m = model.trim().toLowerCase(java.util.Locale.ROOT);
        if (!m.equals("plain") && !m.equals("resnet")) {
            throw new IllegalArgumentException("--model must be plain or resnet, got '" + model + "'");
        }
        ShortcutType type;
        if (m.equals("plain")) {
            if (shortcut != null && ShortcutType.parse(shortcut) != ShortcutType.NONE) {
                throw new IllegalArgumentException("--model plain has no shortcut, but --shortcut " + shortcut + " was given");
            }
            type = ShortcutType.NONE;
        } else {
            type = shortcut == null ? ShortcutType.IDENTITY : ShortcutType.parse(shortcut);
        }
        NetworkSpec spec = new NetworkSpec(depth, width, 1, 32, 10, type, lambda, scaleBranch, gateBias, dropout,
                UnitOrder.parse(unit), DimensionOption.parse(option));
        return spec.validate();
    }
}
