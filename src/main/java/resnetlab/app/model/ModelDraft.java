package resnetlab.app.model;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import resnetlab.model.DimensionOption;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * The editable fields of one model card, kept as the user typed them so that a bad value ("abc" for λ, depth
 * 57) stays visible with its message instead of being silently replaced. {@link #parse()} turns the fields
 * into a {@link ModelSetup} or a list of {@link Problem}s.
 */
public final class ModelDraft {
    public final StringProperty depth = new SimpleStringProperty(this, "depth", "56");
    public final StringProperty width = new SimpleStringProperty(this, "width", "8");
    public final ObjectProperty<ShortcutType> shortcut = new SimpleObjectProperty<>(this, "shortcut", ShortcutType.IDENTITY);
    /** λ of a scaled shortcut (y = F(x) + λx). */
    public final StringProperty lambda = new SimpleStringProperty(this, "lambda", "0.5");
    /** With a scaled shortcut: also scale F by 1 − λ. */
    public final BooleanProperty scaleBranch = new SimpleBooleanProperty(this, "scaleBranch", false);
    /** b_g of a gated shortcut, g = σ(W_g x + b_g). */
    public final StringProperty gateBias = new SimpleStringProperty(this, "gateBias", "-6");
    /** p of the dropout shortcut. */
    public final StringProperty dropout = new SimpleStringProperty(this, "dropout", "0.5");
    public final ObjectProperty<UnitOrder> unit = new SimpleObjectProperty<>(this, "unit", UnitOrder.ORIGINAL);
    public final ObjectProperty<DimensionOption> option = new SimpleObjectProperty<>(this, "option", DimensionOption.A);
    public final ObjectProperty<DataPreset> preset = new SimpleObjectProperty<>(this, "preset", DataPreset.DEFAULT);
    /** Blank: the bench's shared seed. */
    public final StringProperty seed = new SimpleStringProperty(this, "seed", "");

    public ModelDraft() {}

    public ModelDraft(ModelSetup s) { set(s); }

    public void set(ModelSetup s) {
        depth.set(Integer.toString(s.depth()));
        width.set(Integer.toString(s.width()));
        shortcut.set(s.shortcut());
        lambda.set(trim(s.lambda()));
        scaleBranch.set(s.scaleBranch());
        gateBias.set(trim(s.gateBias()));
        dropout.set(trim(s.dropout()));
        unit.set(s.unit());
        option.set(s.option());
        preset.set(DataPreset.byKey(s.preset()));
        seed.set(s.seed() == null ? "" : Long.toString(s.seed()));
    }

    /** Every field, for listeners that react to any edit. */
    public Observable[] fields() {
        return new Observable[] {depth, width, shortcut, lambda, scaleBranch, gateBias, dropout, unit, option, preset, seed};
    }

    /** The parsed setup, or the problems; exactly one of the two is set. */
    public record Parsed(ModelSetup setup, List<Problem> problems) {
        public boolean ok() { return setup != null; }
    }

    public Parsed parse() {
        List<Problem> p = new ArrayList<>();
        Integer d = Fields.integer("depth", depth.get(), p);
        if (d != null && (d < 8 || (d - 2) % 6 != 0)) p.add(new Problem("depth", "error.depth", d));
        else if (d != null && d > 1000) p.add(new Problem("depth", "error.depthTooLarge", d));
        Integer w = Fields.integer("width", width.get(), p);
        if (w != null && (w < 1 || w > 64)) p.add(new Problem("width", "error.width", w));
        ShortcutType type = shortcut.get();
        double l = 0.5, b = -6, q = 0.5;
        if (type == ShortcutType.SCALED) {
            Double v = Fields.number("lambda", lambda.get(), p);
            if (v != null && !(v >= 0 && v <= 4)) p.add(new Problem("lambda", "error.lambda", v));
            if (v != null) l = v;
        } else {
            Double v = quiet(lambda.get());
            if (v != null) l = v;
        }
        if (type.isGated()) {
            Double v = Fields.number("gateBias", gateBias.get(), p);
            if (v != null && !(Math.abs(v) <= 50)) p.add(new Problem("gateBias", "error.gateBias", v));
            if (v != null) b = v;
        } else {
            Double v = quiet(gateBias.get());
            if (v != null) b = v;
        }
        if (type == ShortcutType.DROPOUT) {
            Double v = Fields.number("dropout", dropout.get(), p);
            if (v != null && !(v >= 0 && v < 1)) p.add(new Problem("dropout", "error.dropout", v));
            if (v != null) q = v;
        } else {
            Double v = quiet(dropout.get());
            if (v != null) q = v;
        }
        String st = seed.get() == null ? "" : seed.get().trim();
        Long s = st.isEmpty() ? null : Fields.seed("seed", st, p);
        if (!p.isEmpty()) return new Parsed(null, List.copyOf(p));
        return new Parsed(new ModelSetup(d, w, type, l, scaleBranch.get(), b, q, unit.get(), option.get(), preset.get().key(), s), List.of());
    }

    private static Double quiet(String text) {
        List<Problem> ignore = new ArrayList<>();
        return Fields.number("", text, ignore);
    }

    static String trim(double v) { return Fields.format(v); }
}
