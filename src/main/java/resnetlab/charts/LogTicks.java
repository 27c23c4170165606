package resnetlab.charts;

import java.awt.Font;
import java.awt.font.TextAttribute;
import java.math.BigDecimal;
import java.math.MathContext;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;

/**
 * Tick positions and labels for a logarithmic scale, readable whatever the span:
 * <ul>
 * <li>up to 3.5 decades, if they fit: ticks at 1..9, 1-2-3-5, 1-2-5 or 1-3 × 10ⁿ (the finest set that
 *     fits) with plain decimal labels, unlabelled minor ticks at the other 1..9 × 10ⁿ;</li>
 * <li>more decades: a major tick at each power of ten (every 2nd, 5th, ... when space is short),
 *     labelled 0.01, 0.1, 1, 10, 100 while the exponents stay within ±3 and 10ⁿ with a superscript
 *     exponent beyond; unlabelled minor ticks at 2..9 × 10ⁿ when decades are far enough apart;</li>
 * <li>a range too narrow for two such ticks: evenly spaced "nice" values, like a linear axis.</li>
 * </ul>
 * Labels are {@link AttributedString}s so that exponents can be superscripts; JFreeChart draws them for
 * any {@link org.jfree.chart.axis.LogTick}.
 */
final class LogTicks {

    /** One tick at raw value {@code value}; {@code label == null} for an unlabelled minor tick. */
    record Tick(double value, AttributedString label, boolean major) {
    }

    private static final double[][] MANTISSA_SETS = {
        {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 5}, {1, 2, 5}, {1, 3}
    };

    private LogTicks() {
    }

    /**
     * Ticks for the raw range [lo, hi] (0 &lt; lo &lt; hi) with at most {@code maxLabels} labels, no two
     * of them closer than 1/maxLabels of the axis.
     */
    static List<Tick> ticks(double lo, double hi, int maxLabels, Font font) {
        List<Tick> out = new ArrayList<>();
        if (!(lo > 0) || !(hi > lo) || !Double.isFinite(hi)) {
            return out;
        }
        maxLabels = Math.max(2, maxLabels);
        double llo = Math.log10(lo), lhi = Math.log10(hi);
        int kFrom = (int) Math.ceil(llo - 1e-9), kTo = (int) Math.floor(lhi + 1e-9);
        if (lhi - llo <= 3.5) {
            // up to a few decades: 1-2-5 style ticks with plain labels, if they fit
            for (double[] set : MANTISSA_SETS) {
                List<Double> values = mantissaValues(set, lo, hi, kFrom, kTo);
                if (values.size() >= 2 && values.size() <= maxLabels && narrowestGap(values, llo, lhi) >= 1.0 / maxLabels) {
                    for (double v : values) {
                        out.add(new Tick(v, plainLabel(v, font), true));
                    }
                    if (set.length < 9) { // grid lines at the other 1..9 × 10^k
                        for (double v : mantissaValues(MANTISSA_SETS[0], lo, hi, kFrom, kTo)) {
                            if (!values.contains(v)) {
                                out.add(new Tick(v, null, false));
                            }
                        }
                    }
                    return out;
                }
            }
        }
        int decades = kTo - kFrom + 1;
        if (decades >= 2) {
            int step = 1;
            for (int s : new int[] {1, 2, 3, 5, 10, 20, 25, 50, 100}) {
                step = s;
                if (decades / s + 1 <= maxLabels) {
                    break;
                }
            }
            boolean plain = kFrom >= -3 && kTo <= 3;
            boolean minors = step == 1 && 3 * decades <= maxLabels; // else the 2..9 grid turns into stripes
            for (int k = Math.floorDiv(kFrom - 1, step) * step; k <= kTo; k += step) {
                double v = Math.pow(10, k);
                if (k >= kFrom) {
                    out.add(new Tick(v, plain ? plainLabel(v, font) : powerLabel(k, font), true));
                }
                for (int m = 2; minors && m <= 9; m++) {
                    if (m * v >= lo && m * v <= hi) {
                        out.add(new Tick(m * v, null, false));
                    }
                }
            }
            return out;
        }
        // too narrow for 1-2-5 ticks: nice linear steps
        double step = niceStep((hi - lo) / Math.max(1, maxLabels - 1));
        for (double v = Math.ceil(lo / step) * step; v <= hi * (1 + 1e-12); v += step) {
            out.add(new Tick(v, plainLabel(v, font), true));
        }
        return out;
    }

    /**
     * The smallest distance between neighbouring values as a fraction of the axis: on a log axis 0.9
     * and 1 sit much closer than 0.1 and 0.2, and the labels must not touch there either.
     */
    private static double narrowestGap(List<Double> values, double llo, double lhi) {
        double gap = Double.POSITIVE_INFINITY;
        for (int i = 1; i < values.size(); i++) {
            gap = Math.min(gap, (Math.log10(values.get(i)) - Math.log10(values.get(i - 1))) / (lhi - llo));
        }
        return gap;
    }

    /** m × 10^k for m in {@code set}, inside [lo, hi], ascending; values rounded so that 3 × 0.1 is 0.3. */
    private static List<Double> mantissaValues(double[] set, double lo, double hi, int kFrom, int kTo) {
        List<Double> values = new ArrayList<>();
        for (int k = kFrom - 1; k <= kTo; k++) {
            for (double m : set) {
                double v = new BigDecimal(m).scaleByPowerOfTen(k).doubleValue();
                if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /** 1, 2 or 5 × 10ⁿ, the smallest such value &ge; {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** Up to four significant digits, no exponent, no trailing zeros: 0.001, 0.25, 3, 1000. */
    static String plain(double v) {
        BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
        return d.toPlainString();
    }

    private static AttributedString plainLabel(double v, Font font) {
        String s = plain(v);
        AttributedString as = new AttributedString(s);
        as.addAttributes(font.getAttributes(), 0, s.length());
        return as;
    }

    /** "10" with the exponent as a superscript. */
    static AttributedString powerLabel(int exponent, Font font) {
        String base = "10";
        String exp = Integer.toString(exponent);
        String s = base + exp;
        AttributedString as = new AttributedString(s);
        as.addAttributes(font.getAttributes(), 0, s.length());
        as.addAttribute(TextAttribute.SUPERSCRIPT, TextAttribute.SUPERSCRIPT_SUPER, base.length(), s.length());
        return as;
    }
}
