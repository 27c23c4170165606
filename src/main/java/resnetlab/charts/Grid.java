package resnetlab.charts;

import java.util.Objects;

/**
 * Values on a rectangular grid, for heat maps and contour plots: {@code values[j][i]} is the value at
 * {@code (x[i], y[j])}, so each row of {@code values} runs along x. Gaps are {@code NaN}. The arrays are
 * copied on construction; the accessors return the copies, which callers must not modify.
 *
 * <p>Examples: gradient norms with x = iteration and y = block index (values[block][iterationIndex]);
 * a loss landscape with x = α and y = β on [-1, 1]² (values[betaIndex][alphaIndex]).
 *
 * @param x      grid coordinates along the horizontal axis, strictly increasing, at least one
 * @param y      grid coordinates along the vertical axis, strictly increasing, at least one
 * @param values {@code y.length} rows of {@code x.length} values
 */
public record Grid(double[] x, double[] y, double[][] values) {

    public Grid {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(values, "values");
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("a grid needs at least one x and one y");
        }
        requireIncreasing(x, "x");
        requireIncreasing(y, "y");
        if (values.length != y.length) {
            throw new IllegalArgumentException(
                    "values has " + values.length + " rows, expected one per y (" + y.length + ")");
        }
        x = x.clone();
        y = y.clone();
        double[][] copy = new double[values.length][];
        for (int j = 0; j < values.length; j++) {
            if (values[j].length != x.length) {
                throw new IllegalArgumentException(
                        "row " + j + " has " + values[j].length + " values, expected " + x.length);
            }
            copy[j] = values[j].clone();
        }
        values = copy;
    }

    /** The value at column {@code i} (x) and row {@code j} (y). */
    public double at(int i, int j) {
        return values[j][i];
    }

    /**
     * The same grid with every value transformed, e.g. {@code grid.map(v -> Math.pow(10, v))} to turn
     * log10 norms back into norms for {@link GradientHeatMapChart}.
     */
    public Grid map(java.util.function.DoubleUnaryOperator f) {
        double[][] out = new double[values.length][];
        for (int j = 0; j < values.length; j++) {
            out[j] = java.util.Arrays.stream(values[j]).map(f).toArray();
        }
        return new Grid(x, y, out);
    }

    /** Smallest and largest finite value accepted by {@code keep}, or {@code null} if there is none. */
    double[] finiteRange(java.util.function.DoublePredicate keep) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v) && keep.test(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo <= hi ? new double[] {lo, hi} : null;
    }

    private static void requireIncreasing(double[] a, String name) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || (i > 0 && a[i] <= a[i - 1])) {
                throw new IllegalArgumentException(name + " must be finite and strictly increasing (index " + i + ")");
            }
        }
    }
}
