package resnetlab.app.view;

import java.util.Locale;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.DataPreset;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.Notice;
import resnetlab.app.model.Problem;
import resnetlab.model.DimensionOption;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/** The localised names of engine things (shortcut types, unit orders, models, notices). */
public final class Words {
    private Words() {}

    public static String shortcut(I18n t, ShortcutType s) { return t.get("shortcut." + s.cliName()); }
    public static String shortcutFormula(I18n t, ShortcutType s) { return t.get("shortcut." + s.cliName() + ".formula"); }
    public static String unit(I18n t, UnitOrder u) { return t.get("unit." + u.cliName()); }
    public static String unitOrder(I18n t, UnitOrder u) { return t.get("unit." + u.cliName() + ".order"); }
    public static String option(I18n t, DimensionOption o) { return t.get("option." + o.name().toLowerCase(Locale.ROOT)); }
    public static String preset(I18n t, DataPreset p) { return t.get("data." + p.key()); }
    public static String phase(I18n t, BenchModel.Phase p) { return t.get("phase." + p.name().toLowerCase(Locale.ROOT)); }

    /** "ResNet-56", "plain-20", "ResNet-56 (λ=0.5)", "ResNet-56 (exclusive gate, b_g=0)" in the current language. */
    public static String model(I18n t, NetworkSpec s) {
        return model(t, s.depth(), s.shortcut(), s.lambda(), s.scaleBranch(), s.gateBias(), s.dropout(), s.unit());
    }

    public static String model(I18n t, ModelSetup s) {
        return model(t, s.depth(), s.shortcut(), s.lambda(), s.scaleBranch(), s.gateBias(), s.dropout(), s.unit());
    }

    private static String model(I18n t, int depth, ShortcutType type, double lambda, boolean scaleBranch, double gateBias,
                                double dropout, UnitOrder unit) {
        String base = t.get(type == ShortcutType.NONE ? "model.plain" : "model.resnet", depth);
        String detail = switch (type) {
            case NONE, IDENTITY -> null;
            case SCALED -> "λ=" + num(lambda) + (scaleBranch ? ", F×(1−λ)" : "");
            case EXCLUSIVE_GATE -> t.get("model.exclusiveGate", num(gateBias));
            case SHORTCUT_GATE -> t.get("model.shortcutGate", num(gateBias));
            case CONV1X1 -> t.get("model.conv1x1");
            case DROPOUT -> t.get("model.dropout", num(dropout));
        };
        String s = detail == null ? base : base + " (" + detail + ")";
        if (unit != UnitOrder.ORIGINAL) s += " [" + unit(t, unit) + "]";
        return s;
    }

    /** The name a bench model goes by in charts and notices: what is built, else what the card says. */
    public static String model(I18n t, BenchModel m) {
        if (m.spec() != null) return model(t, m.spec());
        ModelSetup s = m.builtSetup() != null ? m.builtSetup() : m.draft().parse().setup();
        return s != null ? model(t, s) : "#" + (m.slot() + 1);
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(v);
    }

    /** A notice in the current language; nested notices (a model's message) are formatted too. */
    public static String notice(I18n t, Notice n) {
        Object[] args = n.args().clone();
        for (int i = 0; i < args.length; i++) if (args[i] instanceof Notice inner) args[i] = notice(t, inner);
        if (n.key().equals("error.raw")) return String.valueOf(args.length > 0 ? args[0] : "");
        return t.get(n.key(), args);
    }

    public static String problem(I18n t, Problem p) {
        if (p.key().equals("error.raw")) return String.valueOf(p.args()[0]);
        return t.get("field." + p.field()) + ": " + t.get(p.key(), p.args());
    }
}
