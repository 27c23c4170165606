package resnetlab.tensor;

import java.util.Arrays;

/**
 * Summary statistics of a few result values (errors over seeds or draws, timings over repeats): mean, sample
 * standard deviation, median.
 *
 * <p>NaN policy: these functions do not skip NaN. A NaN in the input makes {@link #mean} and {@link #std} NaN;
 * {@link #median} of values with NaN is meaningless (they sort last). A caller for whom NaN means "missing" (a
 * diverged seed) says so by calling {@link #withoutNaN} first, so each caller's choice is visible where it is made.
 */
public final class Stats {
    private Stats() {}

    /** The values that are not NaN, in order. */
    public static double[] withoutNaN(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
    }

    /** Arithmetic mean, summed in order; NaN when empty. */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** Sample standard deviation sqrt(Σ(x − mean)² / (n − 1)) around the given mean; 0 for fewer than two values. */
    public static double std(double[] v, double mean) {
        if (v.length < 2) return 0;
        double s = 0;
        for (double x : v) s += (x - mean) * (x - mean);
        return Math.sqrt(s / (v.length - 1));
    }

    /** Sample standard deviation around the values' own {@link #mean}. */
    public static double std(double[] v) {
        return std(v, mean(v));
    }

    /** The middle value, or the mean of the two middle values for an even count; NaN when empty. The input is not changed. */
    public static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
