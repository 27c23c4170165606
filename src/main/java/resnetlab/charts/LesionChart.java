package resnetlab.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;

/**
 * Lesion studies (Veit et al. 2016, Fig. 3 and Fig. 5a): what happens to test error when blocks are
 * deleted from a trained net at test time. A residual net barely notices one deleted block (except the
 * downsampling ones); a plain net falls to chance.
 */
public final class LesionChart {

    private LesionChart() {
    }

    /** {@link #perBlock(ChartText, List, String, double[], String, ChartTheme)} without marked blocks. */
    public static JFreeChart perBlock(ChartText text, List<LesionSeries> series, String baselineLabel,
            ChartTheme theme) {
        return perBlock(text, series, baselineLabel, new double[0], null, theme);
    }

    /**
     * Error per deleted block: one line of points per net, and each net's intact error as a dashed
     * line in its colour.
     *
     * @param text          title, x label ("deleted block"), y label ("test error"), provenance
     * @param series        one per net
     * @param baselineLabel text on the first baseline ("no deletion"), or null
     * @param markedBlocks  blocks to mark with a thin vertical line, e.g. the downsampling blocks
     * @param markedLabel   text on the first marked block ("downsampling"), or null
     * @param theme         look
     */
    public static JFreeChart perBlock(ChartText text, List<LesionSeries> series, String baselineLabel,
            double[] markedBlocks, String markedLabel, ChartTheme theme) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(markedBlocks, "markedBlocks");
        List<Curve> curves = new ArrayList<>();
        for (LesionSeries s : series) {
            curves.add(Curve.of(s.name(), s.block(), s.error()));
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            ChartAssembly.styleSeries(r, i, i, false, theme);
            r.setSeriesStroke(i, new java.awt.BasicStroke(theme.lineWidth() * 0.6f), false);
        }
        XYPlot plot = new XYPlot(ChartAssembly.intervals(curves, AxisScale.LINEAR),
                ChartAssembly.integerAxis(text.xAxis()), ChartAssembly.valueAxis(text.yAxis(), AxisScale.LINEAR, true),
                r);
        for (int i = 0; i < series.size(); i++) {
            double b = series.get(i).baseline();
            if (Double.isNaN(b)) {
                continue;
            }
            ValueMarker m = new ValueMarker(b, theme.seriesColor(i), theme.referenceStroke());
            m.setAlpha(1f); // JFreeChart's default 0.8 would wash out the series colour
            if (i == 0 && baselineLabel != null) {
                m.setLabel(baselineLabel);
                // below the line: deleting a block rarely lowers the error, so the space under a baseline is free
                m.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
                m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
                m.setLabelOffset(new RectangleInsets(theme.space(3), 0, 0, theme.space(4)));
            }
            plot.addRangeMarker(m, Layer.BACKGROUND); // inside the range: the y axis starts at 0 and lesions only add error
        }
        for (int i = 0; i < markedBlocks.length; i++) {
            ValueMarker m = new ValueMarker(markedBlocks[i], theme.mutedText(), theme.referenceStroke());
            m.setAlpha(0.6f);
            if (i == 0 && markedLabel != null) {
                m.setLabel(markedLabel);
                m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                m.setLabelOffset(new RectangleInsets(theme.space(4), theme.space(4), 0, 0));
            }
            plot.addDomainMarker(m, Layer.BACKGROUND);
        }
        return ChartAssembly.chart(text, plot, !series.isEmpty(), theme);
    }

    /**
     * Error against the number of deleted blocks k, with error bars: {@code y} is the mean (or median)
     * over random choices of k blocks, {@code lower}/{@code upper} the bar ends (e.g. mean ± std, or
     * min/max). One curve per net.
     *
     * @param text   title, x label ("blocks deleted"), y label ("test error"), provenance
     * @param curves x = k; the band gives the error bars
     * @param theme  look
     */
    public static JFreeChart versusDeleted(ChartText text, List<Curve> curves, ChartTheme theme) {
        Objects.requireNonNull(curves, "curves");
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setCapLength(theme.space(8));
        r.setErrorStroke(new java.awt.BasicStroke(Math.max(1f, theme.lineWidth() * 0.7f)));
        for (int i = 0; i < curves.size(); i++) {
            ChartAssembly.styleSeries(r, i, i, false, theme);
        }
        XYPlot plot = new XYPlot(ChartAssembly.intervals(curves, AxisScale.LINEAR),
                ChartAssembly.integerAxis(text.xAxis()), ChartAssembly.valueAxis(text.yAxis(), AxisScale.LINEAR, true),
                r);
        return ChartAssembly.chart(text, plot, !curves.isEmpty(), theme);
    }
}
