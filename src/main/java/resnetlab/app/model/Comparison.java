package resnetlab.app.model;

import java.util.List;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * Ready-made comparisons a teacher picks from a menu, each a question from the papers (SCIENCE.md). The
 * default, {@link #DEGRADATION}, is He 2015 Fig. 1 and 6 at classroom size: the deeper plain net trains worse,
 * the residual net of the same depth does not.
 */
public enum Comparison {
    /** He 2015 Fig. 1/6: plain-20 vs plain-56 vs ResNet-56. */
    DEGRADATION(List.of(ModelSetup.of(20, ShortcutType.NONE), ModelSetup.of(56, ShortcutType.NONE),
            ModelSetup.of(56, ShortcutType.IDENTITY))),
    /** He 2015 Fig. 6 right: residual nets of growing depth, against the deep plain net. */
    DEPTH(List.of(ModelSetup.of(20, ShortcutType.IDENTITY), ModelSetup.of(56, ShortcutType.IDENTITY),
            ModelSetup.of(56, ShortcutType.NONE))),
    /** He 2016 §3.1: λ = 0.5 on the shortcut makes the direct gradient term ∏λ vanish. */
    SCALED(List.of(ModelSetup.of(56, ShortcutType.IDENTITY), ModelSetup.of(56, ShortcutType.SCALED).withLambda(0.5),
            ModelSetup.of(56, ShortcutType.NONE))),
    /** He 2016 Table 1: gates on the shortcut. */
    GATES(List.of(ModelSetup.of(56, ShortcutType.IDENTITY), ModelSetup.of(56, ShortcutType.EXCLUSIVE_GATE).withGateBias(0),
            ModelSetup.of(56, ShortcutType.SHORTCUT_GATE).withGateBias(-6))),
    /** He 2016 Fig. 4 / Table 2: where BN and ReLU sit in the unit. */
    UNITS(List.of(ModelSetup.of(56, ShortcutType.IDENTITY), ModelSetup.of(56, ShortcutType.IDENTITY).withUnit(UnitOrder.BN_AFTER_ADD),
            ModelSetup.of(56, ShortcutType.IDENTITY).withUnit(UnitOrder.FULL_PREACT))),
    /** Two tiny nets on 8x8 shapes: checks that training runs at all, in seconds (and in tests). */
    QUICK(List.of(ModelSetup.of(8, ShortcutType.NONE).withWidth(4).withPreset(DataPreset.SHAPES_8),
            ModelSetup.of(8, ShortcutType.IDENTITY).withWidth(4).withPreset(DataPreset.SHAPES_8)));

    private final List<ModelSetup> models;

    Comparison(List<ModelSetup> models) { this.models = models; }

    public List<ModelSetup> models() { return models; }

    /** Message key of the menu label, {@code comparison.<name>}. */
    public String key() { return "comparison." + name().toLowerCase(java.util.Locale.ROOT); }

    public static Comparison parse(String s) {
        for (Comparison c : values()) if (c.name().equalsIgnoreCase(s)) return c;
        throw new IllegalArgumentException("unknown comparison '" + s + "'");
    }
}
