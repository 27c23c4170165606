package resnetlab.charts;

import java.util.Objects;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Veit et al.'s Fig. 6 in three stacked panels sharing the path-length axis: the number of paths of
 * each length C(n, k) (bars, log scale), the gradient magnitude of one path of that length (line, log
 * scale; it falls exponentially), and their product, the total contribution (bars). The effective range
 * of lengths, where most of the gradient comes from, is shaded in all three panels.
 */
public final class PathLengthChart {

    private PathLengthChart() {
    }

    /**
     * @param text           title, x label ("path length k"), y label of the contribution panel,
     *                       provenance
     * @param countAxis      y label of the path-count panel ("number of paths")
     * @param gradientAxis   y label of the per-path gradient panel ("gradient per path")
     * @param effectiveLabel text on the shaded range ("effective paths"), or null; the range's
     *                       bounds are appended ("effective paths 5–17")
     * @param data           the profile from the experiment
     * @param theme          look
     */
    public static JFreeChart create(ChartText text, String countAxis, String gradientAxis, String effectiveLabel,
            PathLengthProfile data, ChartTheme theme) {
        Objects.requireNonNull(data, "data");
        // the panels' names stand inside them (see panel()); the series keys carry them into exports
        XYPlot counts = panel(series(countAxis, "paths", data.length(), data.pathCount(), AxisScale.LOG),
                new LogScaleAxis(null), bars(data.pathCount(), true, 5, theme), countAxis, theme);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        ChartAssembly.styleSeries(line, 0, 1, false, theme);
        XYPlot gradient = panel(series(gradientAxis, "gradient", data.length(), data.gradientPerPath(), AxisScale.LOG),
                new LogScaleAxis(null), line, gradientAxis, theme);
        NumberAxis contributionAxis = new SpacedNumberAxis(null);
        contributionAxis.setUpperMargin(0.25); // room for the panel title above the bars
        XYPlot contribution = panel(series(text.yAxis(), "contribution", data.length(), data.contribution(),
                AxisScale.LINEAR), contributionAxis, bars(data.contribution(), false, 0, theme), text.yAxis(), theme);

        NumberAxis k = ChartAssembly.integerAxis(text.xAxis());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(k);
        plot.add(counts, 1);
        plot.add(gradient, 1);
        plot.add(contribution, 1);
        if (data.length().length > 0) {
            k.setRange(min(data.length()) - 0.6, max(data.length()) + 0.6);
        }
        if (data.hasEffectiveRange()) {
            String label = effectiveLabel == null ? null
                    : effectiveLabel + " " + LogTicks.plain(data.effectiveFrom()) + "–" + LogTicks.plain(data.effectiveTo());
            for (XYPlot p : new XYPlot[] {counts, gradient, contribution}) {
                IntervalMarker m = new IntervalMarker(data.effectiveFrom() - 0.5, data.effectiveTo() + 0.5);
                m.setPaint(theme.highlight());
                m.setAlpha(1f); // the highlight colour carries its own alpha
                m.setOutlinePaint(null);
                if (p == counts && label != null) {
                    m.setLabel(label);
                    m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                    m.setLabelOffset(new RectangleInsets(theme.space(4), theme.space(4), theme.space(4), theme.space(4)));
                }
                p.addDomainMarker(m, Layer.BACKGROUND);
            }
        }
        JFreeChart chart = ChartAssembly.chart(text, plot, false, theme);
        // markers were styled muted by the theme; this label names the shaded data, so give it full contrast
        if (data.hasEffectiveRange()) {
            counts.getDomainMarkers(Layer.BACKGROUND).forEach(m -> ((IntervalMarker) m).setLabelPaint(theme.text()));
        }
        return chart;
    }

    private static XYSeriesCollection series(String key, String fallbackKey, double[] x, double[] y, AxisScale scale) {
        XYSeries s = new XYSeries(key == null ? fallbackKey : key, false, true);
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && ChartAssembly.visible(y[i], scale)) {
                s.add(x[i], y[i], false);
            }
        }
        XYSeriesCollection c = new XYSeriesCollection(s);
        c.setIntervalWidth(0.8);
        return c;
    }

    /**
     * One panel. Its name goes inside, top right, instead of along the y axis: three rotated labels
     * would be longer than the panels are high, and in presentation mode they would overlap.
     */
    private static XYPlot panel(XYSeriesCollection data, ValueAxis y, XYItemRenderer r, String name, ChartTheme theme) {
        if (y instanceof LogScaleAxis) {
            y.setLowerMargin(0.04);
            y.setUpperMargin(0.30);
        }
        XYPlot plot = new XYPlot(data, null, y, r);
        if (name != null) {
            TextTitle title = Tex.hasFormula(name) ? new TexTitle(name, theme.axisLabelFont()) : new TextTitle(name, theme.axisLabelFont());
            title.setPaint(theme.text());
            title.setBackgroundPaint(null);
            title.setPadding(new RectangleInsets(theme.space(2), theme.space(6), theme.space(2), theme.space(6)));
            plot.addAnnotation(new XYTitleAnnotation(1.0, 1.0, title, RectangleAnchor.TOP_RIGHT), false);
        }
        return plot;
    }

    /** Flat bars; on a log axis they start far below the smallest value so that none looks empty. */
    private static XYBarRenderer bars(double[] values, boolean log, int colour, ChartTheme theme) {
        XYBarRenderer r = new XYBarRenderer(0.0);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setAutoPopulateSeriesPaint(false);
        r.setSeriesPaint(0, theme.seriesColor(colour), false);
        if (log) {
            double min = Double.POSITIVE_INFINITY;
            for (double v : values) {
                if (v > 0 && v < min) {
                    min = v;
                }
            }
            r.setBase(Double.isInfinite(min) ? 1e-3 : min / 1e3);
        }
        return r;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                m = Math.min(m, d);
            }
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                m = Math.max(m, d);
            }
        }
        return m;
    }
}
