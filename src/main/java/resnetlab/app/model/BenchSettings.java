package resnetlab.app.model;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The training settings every bench model shares, as typed and as in force. The fields keep what the user typed
 * (a bad value stays visible with its message); {@link #commit()} parses them with the one field parser
 * ({@code Fields}, shared with the model cards) and puts them in force, {@link #use} puts typed values in force
 * (a lesson's recipe) and shows them in the fields. Whoever applies settings to the models listens to
 * {@link #settingsProperty()}. FX thread only; no toolkit needed.
 */
public final class BenchSettings {
    public final StringProperty lr = new SimpleStringProperty(this, "lr", "0.1");
    public final StringProperty batch = new SimpleStringProperty(this, "batch", "64");
    public final StringProperty iterations = new SimpleStringProperty(this, "iterations", "400");
    public final StringProperty seed = new SimpleStringProperty(this, "seed", "11");

    private final ReadOnlyObjectWrapper<TrainSettings> settings = new ReadOnlyObjectWrapper<>(this, "settings", TrainSettings.DEFAULT);
    private final ReadOnlyObjectWrapper<List<Problem>> problems = new ReadOnlyObjectWrapper<>(this, "problems", List.of());

    /** The settings in force. */
    public ReadOnlyObjectProperty<TrainSettings> settingsProperty() { return settings.getReadOnlyProperty(); }
    public TrainSettings get() { return settings.get(); }
    /** What is wrong with the fields as last committed (empty when they were applied). */
    public ReadOnlyObjectProperty<List<Problem>> problemsProperty() { return problems.getReadOnlyProperty(); }

    /** Parses the fields; puts them in force, or sets the problems and returns false. */
    public boolean commit() {
        List<Problem> p = new ArrayList<>();
        TrainSettings now = parse(lr.get(), batch.get(), iterations.get(), seed.get(), settings.get().evalEvery(), p);
        problems.set(List.copyOf(p));
        if (now == null) return false;
        settings.set(now);
        return true;
    }

    /** Puts these settings in force and shows them in the fields; values out of the fields' ranges are refused. */
    public void use(TrainSettings now) {
        List<Problem> p = new ArrayList<>();
        checkLr(now.lr(), p);
        checkBatch(now.batch(), p);
        checkIterations(now.iterations(), p);
        if (!p.isEmpty()) throw new IllegalArgumentException("training settings out of range (" + p.get(0).key() + "): " + now);
        show(now);
        settings.set(now);
    }

    /** Shows {@code s} in the fields without checking (a session being opened). */
    void show(TrainSettings s) {
        lr.set(Fields.format(s.lr()));
        batch.set(Integer.toString(s.batch()));
        iterations.set(Integer.toString(s.iterations()));
        seed.set(Long.toString(s.seed()));
        problems.set(List.of());
    }

    /** Puts {@code s} in force and in the fields as saved (a session being opened). */
    void restore(TrainSettings s) {
        show(s);
        settings.set(s);
    }

    /** The settings the fields say, or null with {@code problems} filled (field, message key, value as typed). */
    static TrainSettings parse(String lrText, String batchText, String iterationsText, String seedText, int evalEvery, List<Problem> problems) {
        int before = problems.size();
        Double l = Fields.number("lr", lrText, problems);
        if (l != null) checkLr(l, problems);
        Integer b = Fields.integer("batch", batchText, problems);
        if (b != null) checkBatch(b, problems);
        Integer it = Fields.integer("iterations", iterationsText, problems);
        if (it != null) checkIterations(it, problems);
        Long sd = Fields.seed("seed", seedText, problems);
        return problems.size() > before ? null : new TrainSettings(l, b, it, evalEvery, sd);
    }

    private static void checkLr(double l, List<Problem> p) { if (!(l > 0 && l <= 10_000)) p.add(new Problem("lr", "error.lr", l)); }
    private static void checkBatch(int b, List<Problem> p) { if (!(b >= 1 && b <= 4096)) p.add(new Problem("batch", "error.batch", b)); }
    private static void checkIterations(int it, List<Problem> p) {
        if (!(it >= 1 && it <= 10_000_000)) p.add(new Problem("iterations", "error.iterations", it));
    }
}
