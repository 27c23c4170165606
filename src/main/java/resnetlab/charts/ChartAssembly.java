package resnetlab.charts;

import java.awt.geom.Line2D;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The parts every factory here shares: axes, datasets from {@link Curve}s, title, provenance, legend. */
final class ChartAssembly {

    private ChartAssembly() {
    }

    /** Wraps {@code plot} in a themed chart with title, provenance line and (optionally) a legend. */
    static JFreeChart chart(ChartText text, Plot plot, boolean legend, ChartTheme theme) {
        JFreeChart chart = new JFreeChart(text.title(), theme.titleFont(), plot, legend);
        if (Tex.hasFormula(text.title())) chart.setTitle(new TexTitle(text.title(), theme.titleFont())); // formulas typeset
        if (text.provenance() != null && !text.provenance().isBlank()) {
            TextTitle provenance = new TextTitle(text.provenance(), theme.subtitleFont());
            provenance.setPosition(RectangleEdge.TOP);
            provenance.setHorizontalAlignment(HorizontalAlignment.CENTER);
            chart.addSubtitle(0, provenance);
        }
        LegendTitle legendTitle = chart.getLegend();
        if (legendTitle != null) {
            legendTitle.setPosition(theme.legendPosition());
        }
        theme.apply(chart);
        return chart;
    }

    /** A value axis of the requested scale; linear axes include zero only if {@code includeZero}. */
    static ValueAxis valueAxis(String label, AxisScale scale, boolean includeZero) {
        if (scale == AxisScale.LOG) {
            LogScaleAxis axis = new LogScaleAxis(label);
            axis.setLowerMargin(0.04);
            axis.setUpperMargin(0.04);
            return axis;
        }
        NumberAxis axis = new SpacedNumberAxis(label);
        axis.setAutoRangeIncludesZero(includeZero);
        return axis;
    }

    /** A horizontal axis for counts (iterations, block indices, path lengths): integer ticks only. */
    static NumberAxis integerAxis(String label) {
        NumberAxis axis = new SpacedNumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(false);
        axis.setAutoRangeStickyZero(false); // a point at 0 (k = 0 blocks deleted) gets a margin, not the axis line
        return axis;
    }

    /**
     * Curves as an interval dataset (y with band; lower = upper = y when there is none). Points that a
     * {@code scale} axis cannot show are left out: non-finite x or y, and y &le; 0 on LOG. Band edges
     * that are missing, or &le; 0 on LOG, are drawn at the curve.
     */
    static YIntervalSeriesCollection intervals(List<Curve> curves, AxisScale scale) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Curve c : curves) {
            YIntervalSeries s = new YIntervalSeries(c.name(), false, true);
            for (int i = 0; i < c.size(); i++) {
                double x = c.x()[i], y = c.y()[i];
                if (!Double.isFinite(x) || !visible(y, scale)) {
                    continue;
                }
                double lo = c.hasBand() ? c.lower()[i] : y;
                double hi = c.hasBand() ? c.upper()[i] : y;
                if (!visible(lo, scale) || lo > y) {
                    lo = y;
                }
                if (!visible(hi, scale) || hi < y) {
                    hi = y;
                }
                s.add(x, y, lo, hi);
            }
            data.addSeries(s);
        }
        return data;
    }

    static boolean visible(double v, AxisScale scale) {
        return Double.isFinite(v) && (scale != AxisScale.LOG || v > 0);
    }

    /** Colour, stroke and shape of series {@code i} from palette position {@code colour}; turns off auto-population. */
    static void styleSeries(XYLineAndShapeRenderer r, int i, int colour, boolean dashed, ChartTheme theme) {
        r.setAutoPopulateSeriesPaint(false);
        r.setAutoPopulateSeriesStroke(false);
        r.setAutoPopulateSeriesShape(false);
        r.setAutoPopulateSeriesFillPaint(false);
        r.setSeriesPaint(i, theme.seriesColor(colour), false);
        r.setSeriesFillPaint(i, theme.seriesColor(colour), false);
        r.setSeriesStroke(i, dashed ? theme.dashedStroke() : theme.seriesStroke(colour), false);
        r.setSeriesShape(i, theme.seriesShape(colour), false);
        double half = theme.space(14);
        r.setLegendLine(new Line2D.Double(-half, 0, half, 0));
    }
}
