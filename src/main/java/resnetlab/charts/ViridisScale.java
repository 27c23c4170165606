package resnetlab.charts;

import java.awt.Color;
import java.awt.Paint;
import java.util.Objects;

import org.jfree.chart.renderer.PaintScale;

/**
 * The viridis colour map (van der Walt &amp; Smith, matplotlib) as a JFreeChart {@link PaintScale}: dark
 * purple for {@code lower}, yellow for {@code upper}; perceptually uniform, readable in grey scale and
 * with colour-vision deficiencies. With {@link AxisScale#LOG} the position is taken on log10 of the
 * value, so equal ratios get equal colour steps. Values outside the bounds are clamped; NaN (and values
 * &le; 0 on a log scale) get the missing-value colour.
 */
public final class ViridisScale implements PaintScale {

    /** viridis sampled at 0, 0.1, ..., 1 (matplotlib). */
    private static final int[] STOPS = {
        0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C, 0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725
    };
    private static final Color[] LUT = new Color[256];

    static {
        for (int i = 0; i < LUT.length; i++) {
            double t = i / 255.0 * (STOPS.length - 1);
            int k = Math.min(STOPS.length - 2, (int) Math.floor(t));
            double f = t - k;
            int a = STOPS[k], b = STOPS[k + 1];
            LUT[i] = new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
        }
    }

    private final double lower;
    private final double upper;
    private final AxisScale scale;
    private final Color missing;

    /**
     * @param lower   value shown darkest (on a LOG scale: &gt; 0)
     * @param upper   value shown brightest, &gt; lower
     * @param scale   LINEAR or LOG
     * @param missing colour of NaN (and non-positive values on a LOG scale)
     */
    public ViridisScale(double lower, double upper, AxisScale scale, Color missing) {
        if (!(upper > lower) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("need finite lower < upper, got " + lower + ", " + upper);
        }
        if (scale == AxisScale.LOG && !(lower > 0)) {
            throw new IllegalArgumentException("a log colour scale needs lower > 0, got " + lower);
        }
        this.lower = lower;
        this.upper = upper;
        this.scale = Objects.requireNonNull(scale, "scale");
        this.missing = Objects.requireNonNull(missing, "missing");
    }

    private static int mix(int a, int b, double f) {
        a &= 0xFF;
        b &= 0xFF;
        return (int) Math.round(a + (b - a) * f);
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    public AxisScale scale() {
        return scale;
    }

    /** Where {@code value} falls between lower (0) and upper (1), clamped; NaN if it cannot be shown. */
    public double position(double value) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        double t;
        if (scale == AxisScale.LOG) {
            if (!(value > 0)) {
                return Double.NaN;
            }
            t = (Math.log10(value) - Math.log10(lower)) / (Math.log10(upper) - Math.log10(lower));
        } else {
            t = (value - lower) / (upper - lower);
        }
        return Math.max(0, Math.min(1, t));
    }

    @Override
    public Paint getPaint(double value) {
        return colorAt(position(value));
    }

    /** The colour at position {@code t} in [0, 1]; NaN gives the missing-value colour. */
    public Color colorAt(double t) {
        if (Double.isNaN(t)) {
            return missing;
        }
        return LUT[(int) Math.round(Math.max(0, Math.min(1, t)) * 255)];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ViridisScale v && v.lower == lower && v.upper == upper && v.scale == scale
                && v.missing.equals(missing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lower, upper, scale, missing);
    }
}
