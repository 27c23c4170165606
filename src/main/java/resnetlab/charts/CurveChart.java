package resnetlab.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * Training curves: x = iteration, y = training error or loss, one line per run, optionally on a log y
 * axis, optionally with a shaded band for the spread over seeds (see {@link Curve#meanAndStd} and
 * {@link Curve#medianAndRange}). The provenance line of {@link ChartText} goes under the title.
 *
 * <p>Series take palette colours in list order; keep the order stable across charts (e.g. plain before
 * residual) so that a net keeps its colour.
 */
public final class CurveChart {

    /** Points drawn per curve at most; longer curves are decimated ({@link Curve#decimated}). */
    public static final int DEFAULT_MAX_POINTS = 2000;

    private CurveChart() {
    }

    /** Curves from finished runs, at most {@link #DEFAULT_MAX_POINTS} drawn points each. */
    public static JFreeChart create(ChartText text, List<Curve> curves, AxisScale yScale, ChartTheme theme) {
        return create(text, curves, yScale, DEFAULT_MAX_POINTS, theme);
    }

    /**
     * Curves from finished runs.
     *
     * @param text              title, axis labels ("iteration", "training error"), provenance
     * @param curves            one per run or per group of seeds; bands are shaded
     * @param yScale            LINEAR or LOG (points with y &le; 0 are left out on LOG)
     * @param maxPointsPerCurve longer curves are decimated to this many points (at least 8)
     * @param theme             look
     */
    public static JFreeChart create(ChartText text, List<Curve> curves, AxisScale yScale, int maxPointsPerCurve,
            ChartTheme theme) {
        Objects.requireNonNull(curves, "curves");
        List<Curve> shown = new ArrayList<>(curves.size());
        for (Curve c : curves) {
            shown.add(c.decimated(maxPointsPerCurve));
        }
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(theme.bandAlpha());
        for (int i = 0; i < shown.size(); i++) {
            ChartAssembly.styleSeries(renderer, i, i, false, theme);
        }
        XYPlot plot = new XYPlot(ChartAssembly.intervals(shown, yScale), iterationAxis(text.xAxis()),
                ChartAssembly.valueAxis(text.yAxis(), yScale, true), renderer);
        return ChartAssembly.chart(text, plot, !curves.isEmpty(), theme);
    }

    /**
     * A chart that follows a running experiment. Append points to {@code data} without events and call
     * {@link DecimatingXYDataset#fireChanged()} once per frame; the chart redraws then.
     */
    public static JFreeChart live(ChartText text, DecimatingXYDataset data, AxisScale yScale, ChartTheme theme) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        // series may be added to the dataset later: style more than there are now
        for (int i = 0; i < Math.max(64, data.getSeriesCount()); i++) {
            ChartAssembly.styleSeries(renderer, i, i, false, theme);
        }
        ValueAxis y = ChartAssembly.valueAxis(text.yAxis(), yScale, true);
        XYPlot plot = new XYPlot(data, iterationAxis(text.xAxis()), y, renderer);
        return ChartAssembly.chart(text, plot, true, theme);
    }

    static NumberAxis iterationAxis(String label) {
        NumberAxis x = ChartAssembly.integerAxis(label);
        x.setLowerMargin(0.0);
        x.setUpperMargin(0.01);
        return x;
    }
}
