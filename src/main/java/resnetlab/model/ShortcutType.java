package resnetlab.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The shortcut h(x) of a block and how it joins the residual branch F(x) (He 2016, Fig. 2).
 * The command-line name is given with each constant.
 */
public enum ShortcutType {
    /** No shortcut: the plain net, y = F(x). CLI "none". */
    NONE("none"),
    /** y = F(x) + x (He 2015). CLI "identity". */
    IDENTITY("identity"),
    /** y = a·F(x) + λ·x, a = 1 or 1 − λ. The direct gradient term becomes ∏λ. CLI "scaled". */
    SCALED("scaled"),
    /** y = (1 − g)⊙x + g⊙F(x), g = σ(W_g x + b_g). CLI "exclusive-gate". */
    EXCLUSIVE_GATE("exclusive-gate"),
    /** y = (1 − g)⊙x + F(x). CLI "shortcut-gate". */
    SHORTCUT_GATE("shortcut-gate"),
    /** y = F(x) + BN(W_s x): a 1x1 convolution on every shortcut. CLI "conv1x1". */
    CONV1X1("conv1x1"),
    /** y = F(x) + m⊙x, m ~ Bernoulli(1 − p), no rescaling; eval uses (1 − p)·x. CLI "dropout". */
    DROPOUT("dropout");

    private final String cliName;

    ShortcutType(String cliName) { this.cliName = cliName; }

    @JsonValue
    public String cliName() { return cliName; }

    public boolean isGated() { return this == EXCLUSIVE_GATE || this == SHORTCUT_GATE; }

    @JsonCreator
    public static ShortcutType parse(String s) {
        for (ShortcutType t : values()) if (t.cliName.equalsIgnoreCase(s) || t.name().equalsIgnoreCase(s)) return t;
        throw new IllegalArgumentException("unknown shortcut type '" + s + "' (expected one of "
                + "identity, scaled, exclusive-gate, shortcut-gate, conv1x1, dropout, none)");
    }

    @Override public String toString() { return cliName; }
}
