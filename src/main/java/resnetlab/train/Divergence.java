package resnetlab.train;

import java.util.Locale;

/**
 * The one definition of a diverged run, used by every trainer (CLI {@code train}, sweeps, lessons, gradient flow
 * and the app all train through {@link Trainer}, which asks this class after each forward pass).
 *
 * <p>A run has diverged at iteration i when its training loss there is NaN or infinite, or when the training
 * loss has stayed above {@code BOUND_FACTOR · ln(classes)} for {@link #WINDOW} iterations in a row (i and the
 * ones before it). {@code ln(classes)} is the loss of a net that guesses uniformly (2.3 for 10 classes), so the
 * bound for 10 classes is 230: a mean cross-entropy that high means the right class's logit sits about 230
 * below the largest one for a typical image, which ordinary training never reaches and never comes back from
 * (with lr 50 a ResNet-8's loss goes 2.4, 20, 149, 829, 1.6e4, ... and its test loss to 6e27). Requiring
 * {@link #WINDOW} iterations in a row lets one freak batch pass; a single non-finite loss stops the run at once,
 * because one NaN poisons every weight on the next step.
 *
 * <p>Not thread-safe: one per trainer.
 */
public final class Divergence {
    /** The bound is this many times the chance loss ln(classes). */
    public static final double BOUND_FACTOR = 100;
    /** Iterations in a row the loss must stay above the bound. */
    public static final int WINDOW = 5;

    private final int classes;
    private final double bound;
    private int above;

    /** @param classes outputs of the network (at least 2 is assumed: ln 1 = 0 would make every loss too high) */
    public Divergence(int classes) {
        this.classes = Math.max(2, classes);
        this.bound = BOUND_FACTOR * Math.log(this.classes);
    }

    /** The training loss above which (for {@link #WINDOW} iterations in a row) a run has diverged. */
    public double bound() { return bound; }

    /**
     * Looks at the training loss of one iteration, in order.
     *
     * @param iteration the iteration (1-based) the loss belongs to
     * @return null while the run is healthy, else "diverged at iteration i: loss L ..." (the message every
     *         client shows)
     */
    public String check(int iteration, double loss) {
        if (!Double.isFinite(loss)) return message(iteration, loss, "");
        above = loss > bound ? above + 1 : 0;
        if (above < WINDOW) return null;
        return message(iteration, loss, String.format(Locale.ROOT, " (above %.0f = %.0f·ln %d for %d iterations in a row)",
                bound, BOUND_FACTOR, classes, WINDOW));
    }

    private static String message(int iteration, double loss, String why) {
        return "diverged at iteration " + iteration + ": loss " + format(loss) + why;
    }

    /** A loss as the messages show it: "230.4", "9.04e+05", "NaN", "Infinity". */
    public static String format(double loss) {
        if (!Double.isFinite(loss)) return Double.toString(loss);
        return Math.abs(loss) < 1e5 ? String.format(Locale.ROOT, "%.1f", loss) : String.format(Locale.ROOT, "%.3g", loss);
    }
}
