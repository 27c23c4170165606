package resnetlab.charts;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named curve y(x), optionally with a band [lower, upper] around it: the spread over seeds
 * behind a training curve, or error bars in a lesion chart. Arrays are copied on construction;
 * accessors return those copies, which callers must not modify. {@code NaN} marks a missing value.
 *
 * @param name  legend text (already localised by the caller)
 * @param x     abscissae, e.g. iterations
 * @param y     values, same length as {@code x}
 * @param lower lower edge of the band, or {@code null} for none
 * @param upper upper edge of the band, or {@code null} for none (both or neither)
 */
public record Curve(String name, double[] x, double[] y, double[] lower, double[] upper) {

    public Curve {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (y.length != x.length) {
            throw new IllegalArgumentException(name + ": x has " + x.length + " values, y has " + y.length);
        }
        if ((lower == null) != (upper == null)) {
            throw new IllegalArgumentException(name + ": give both band edges or neither");
        }
        if (lower != null && (lower.length != x.length || upper.length != x.length)) {
            throw new IllegalArgumentException(name + ": band edges need " + x.length + " values");
        }
        x = x.clone();
        y = y.clone();
        lower = lower == null ? null : lower.clone();
        upper = upper == null ? null : upper.clone();
    }

    /** A plain curve without band. */
    public static Curve of(String name, double[] x, double[] y) {
        return new Curve(name, x, y, null, null);
    }

    /** A curve with an explicit band, e.g. a confidence interval computed elsewhere. */
    public static Curve withBand(String name, double[] x, double[] y, double[] lower, double[] upper) {
        return new Curve(name, x, y, lower, upper);
    }

    /**
     * Mean over runs (seeds) with a band of ± one sample standard deviation (n − 1 in the
     * denominator; zero width for a single run). {@code runs[r][i]} is run r's value at {@code x[i]};
     * NaN entries are skipped point by point.
     */
    public static Curve meanAndStd(String name, double[] x, double[][] runs) {
        int n = checkRuns(name, x, runs);
        double[] mean = new double[n], lo = new double[n], hi = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int count = 0;
            for (double[] run : runs) {
                if (!Double.isNaN(run[i])) {
                    sum += run[i];
                    count++;
                }
            }
            double m = count == 0 ? Double.NaN : sum / count;
            double ss = 0;
            for (double[] run : runs) {
                if (!Double.isNaN(run[i])) {
                    ss += (run[i] - m) * (run[i] - m);
                }
            }
            double sd = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
            mean[i] = m;
            lo[i] = m - sd;
            hi[i] = m + sd;
        }
        return new Curve(name, x, mean, lo, hi);
    }

    /**
     * Median over runs with a band from the smallest to the largest run: robust when a few seeds
     * fail (SCIENCE.md §5), and honest about the full spread.
     */
    public static Curve medianAndRange(String name, double[] x, double[][] runs) {
        int n = checkRuns(name, x, runs);
        double[] med = new double[n], lo = new double[n], hi = new double[n];
        double[] column = new double[runs.length];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < runs.length; r++) column[r] = runs[r][i];
            double[] v = resnetlab.tensor.Stats.withoutNaN(column); // a failed seed's NaN is left out
            med[i] = resnetlab.tensor.Stats.median(v);
            lo[i] = v.length == 0 ? Double.NaN : Arrays.stream(v).min().getAsDouble();
            hi[i] = v.length == 0 ? Double.NaN : Arrays.stream(v).max().getAsDouble();
        }
        return new Curve(name, x, med, lo, hi);
    }

    private static int checkRuns(String name, double[] x, double[][] runs) {
        if (runs.length == 0) {
            throw new IllegalArgumentException(name + ": no runs");
        }
        for (double[] run : runs) {
            if (run.length != x.length) {
                throw new IllegalArgumentException(name + ": a run has " + run.length + " values, x has " + x.length);
            }
        }
        return x.length;
    }

    public boolean hasBand() {
        return lower != null;
    }

    public int size() {
        return x.length;
    }

    /**
     * This curve with at most {@code maxPoints} points. Without a band: min/max decimation
     * ({@link MinMaxDecimator}), which keeps spikes. With a band: consecutive buckets of equal size are
     * replaced by their mean x and mean y, and the band by the bucket's lowest lower and highest upper
     * edge, so the band never looks narrower than the data.
     */
    public Curve decimated(int maxPoints) {
        if (size() <= maxPoints) {
            return this;
        }
        if (!hasBand()) {
            double[][] xy = MinMaxDecimator.decimate(x, y, maxPoints);
            return new Curve(name, xy[0], xy[1], null, null);
        }
        int buckets = Math.max(1, maxPoints);
        int per = (int) Math.ceil(size() / (double) buckets);
        int m = (size() + per - 1) / per;
        double[] bx = new double[m], by = new double[m], bl = new double[m], bu = new double[m];
        for (int b = 0; b < m; b++) {
            int from = b * per, to = Math.min(size(), from + per);
            double sx = 0, sy = 0, l = Double.POSITIVE_INFINITY, u = Double.NEGATIVE_INFINITY;
            int ny = 0;
            for (int i = from; i < to; i++) {
                sx += x[i];
                if (!Double.isNaN(y[i])) {
                    sy += y[i];
                    ny++;
                }
                if (!Double.isNaN(lower[i])) {
                    l = Math.min(l, lower[i]);
                }
                if (!Double.isNaN(upper[i])) {
                    u = Math.max(u, upper[i]);
                }
            }
            bx[b] = sx / (to - from);
            by[b] = ny == 0 ? Double.NaN : sy / ny;
            bl[b] = l == Double.POSITIVE_INFINITY ? Double.NaN : l;
            bu[b] = u == Double.NEGATIVE_INFINITY ? Double.NaN : u;
        }
        return new Curve(name, bx, by, bl, bu);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c && name.equals(c.name) && Arrays.equals(x, c.x) && Arrays.equals(y, c.y)
                && Arrays.equals(lower, c.lower) && Arrays.equals(upper, c.upper);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "Curve[" + name + ", " + size() + " points" + (hasBand() ? ", band" : "") + "]";
    }
}
