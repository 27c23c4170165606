package resnetlab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The architecture of a CIFAR-style net (He 2015, section 4.2): 6n+2 weighted layers. Stem conv3x3(w)-BN-ReLU;
 * three stages of n blocks with widths w, 2w, 4w, the first block of stages 2 and 3 with stride 2; global
 * average pool; FC to the classes. A plain net is the same spec with {@link ShortcutType#NONE}.
 *
 * @param depth       6n + 2 (20, 32, 44, 56, 110, ...)
 * @param width       w, the stem and first-stage width (16 in the paper)
 * @param inChannels  image channels (1 for Fashion-MNIST, 3 for CIFAR-10)
 * @param imageSize   image height = width in pixels
 * @param classes     outputs of the FC layer
 * @param shortcut    shortcut type (He 2016 Fig. 2)
 * @param lambda      λ of {@link ShortcutType#SCALED}
 * @param scaleBranch with SCALED: also scale F by 1 − λ
 * @param gateBias    b_g of the gated shortcuts (−6 by default)
 * @param dropout     drop ratio p of {@link ShortcutType#DROPOUT}
 * @param unit        unit ordering (He 2016 Fig. 4)
 * @param option      dimension option A, B or C (He 2015)
 */
public record NetworkSpec(int depth, int width, int inChannels, int imageSize, int classes,
                          ShortcutType shortcut, double lambda, boolean scaleBranch, double gateBias,
                          double dropout, UnitOrder unit, DimensionOption option) {

    /** A spec with the paper's defaults for the given depth and shortcut. */
    public static NetworkSpec of(int depth, int width, int inChannels, int imageSize, int classes, ShortcutType shortcut) {
        return new NetworkSpec(depth, width, inChannels, imageSize, classes, shortcut, 0.5, false, -6, 0.5,
                UnitOrder.ORIGINAL, DimensionOption.A);
    }

    /** Blocks per stage. */
    public int n() { return (depth - 2) / 6; }

    public int blocks() { return 3 * n(); }

    public boolean isPlain() { return shortcut == ShortcutType.NONE; }

    /** e.g. "ResNet-56", "plain-20", "ResNet-56 (λ=0.5)". */
    public String displayName() {
        String base = (isPlain() ? "plain-" : "ResNet-") + depth;
        return switch (shortcut) {
            case NONE, IDENTITY -> base;
            case SCALED -> base + " (λ=" + trim(lambda) + (scaleBranch ? ", F×(1−λ)" : "") + ")";
            case EXCLUSIVE_GATE -> base + " (exclusive gate, b_g=" + trim(gateBias) + ")";
            case SHORTCUT_GATE -> base + " (shortcut gate, b_g=" + trim(gateBias) + ")";
            case CONV1X1 -> base + " (1x1 conv shortcut)";
            case DROPOUT -> base + " (dropout shortcut, p=" + trim(dropout) + ")";
        } + (unit != UnitOrder.ORIGINAL ? " [" + unit.cliName() + "]" : "");
    }

    /**
     * The fields in which this spec differs from {@code other}, as "imageSize 16, not 12; width 8, not 4" (this
     * spec's value first); "" when they are equal. For messages where two display names read the same.
     */
    public String differences(NetworkSpec other) {
        List<String> out = new ArrayList<>();
        for (var c : NetworkSpec.class.getRecordComponents()) {
            try {
                Object a = c.getAccessor().invoke(this), b = c.getAccessor().invoke(other);
                if (!a.equals(b)) out.add(c.getName() + " " + a + ", not " + b);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join("; ", out);
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    public NetworkSpec withShortcut(ShortcutType s) {
        return new NetworkSpec(depth, width, inChannels, imageSize, classes, s, lambda, scaleBranch, gateBias, dropout, unit, option);
    }
    public NetworkSpec withDepth(int d) {
        return new NetworkSpec(d, width, inChannels, imageSize, classes, shortcut, lambda, scaleBranch, gateBias, dropout, unit, option);
    }
    public NetworkSpec withLambda(double l) {
        return new NetworkSpec(depth, width, inChannels, imageSize, classes, shortcut, l, scaleBranch, gateBias, dropout, unit, option);
    }
    public NetworkSpec withUnit(UnitOrder u) {
        return new NetworkSpec(depth, width, inChannels, imageSize, classes, shortcut, lambda, scaleBranch, gateBias, dropout, u, option);
    }
    public NetworkSpec withOption(DimensionOption o) {
        return new NetworkSpec(depth, width, inChannels, imageSize, classes, shortcut, lambda, scaleBranch, gateBias, dropout, unit, o);
    }

    /** Every problem with this spec, each naming the field and value; empty when valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (depth < 8 || (depth - 2) % 6 != 0) {
            p.add("depth " + depth + " is not 6n+2 with n ≥ 1 (use 8, 14, 20, 32, 44, 56, 110, ...)");
        }
        if (width < 1) p.add("width " + width + " must be at least 1");
        if (inChannels < 1) p.add("inChannels " + inChannels + " must be at least 1");
        if (imageSize < 4) p.add("imageSize " + imageSize + " must be at least 4 (two stride-2 stages)");
        if (classes < 2) p.add("classes " + classes + " must be at least 2");
        if (shortcut == null) p.add("shortcut is missing");
        if (unit == null) p.add("unit is missing");
        if (option == null) p.add("option is missing");
        if (!Double.isFinite(lambda)) p.add("lambda " + lambda + " must be a finite number");
        if (!Double.isFinite(gateBias)) p.add("gateBias " + gateBias + " must be a finite number");
        if (!(dropout >= 0 && dropout < 1)) p.add("dropout " + dropout + " must be in [0, 1)");
        return p;
    }

    /** Throws an {@link IllegalArgumentException} listing every problem, if any. */
    public NetworkSpec validate() {
        List<String> p = problems();
        if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
        return this;
    }
}
