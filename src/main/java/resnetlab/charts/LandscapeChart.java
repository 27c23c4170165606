package resnetlab.charts;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;

/**
 * Loss landscapes (Li et al. 2018): L(θ* + αδ + βη) over a grid on [-1, 1]² as a viridis heat map
 * with contour lines, and 1-D slices L(θ* + αδ) as curves. With skip connections the surface stays
 * smooth and near-convex; without them it turns chaotic as depth grows.
 */
public final class LandscapeChart {

    private LandscapeChart() {
    }

    /**
     * @param text          title, x label ("α (direction δ)"), y label ("β (direction η)"), provenance
     * @param loss          raw loss values, {@code values[betaIndex][alphaIndex]}; NaN where not evaluated
     * @param colourLabel   label of the colour legend ("training loss")
     * @param colourScale   LOG suits losses that rise by orders of magnitude towards the edges
     * @param contourLevels number of contour lines (0 for none), evenly spaced on the colour scale
     * @param theme         look
     */
    public static JFreeChart contour(ChartText text, Grid loss, String colourLabel, AxisScale colourScale,
            int contourLevels, ChartTheme theme) {
        Objects.requireNonNull(loss, "loss");
        double[] bounds = HeatMaps.bounds(loss, colourScale);
        ViridisScale colours = theme.sequentialScale(bounds[0], bounds[1], colourScale);
        NumberAxis x = new SpacedNumberAxis(text.xAxis());
        NumberAxis y = new SpacedNumberAxis(text.yAxis());
        HeatMaps.fit(x, loss.x());
        HeatMaps.fit(y, loss.y());
        XYPlot plot = new XYPlot(HeatMaps.dataset(colourLabel == null ? "loss" : colourLabel, loss), x, y,
                HeatMaps.renderer(loss, colours));
        HeatMaps.plainGrid(plot);
        if (contourLevels > 0) {
            plot.addAnnotation(contours(loss, colourScale, bounds, contourLevels, theme), false);
        }
        JFreeChart chart = ChartAssembly.chart(text, plot, false, theme);
        chart.addSubtitle(HeatMaps.legend(colourLabel, bounds, colourScale, theme));
        theme.apply(chart);
        return chart;
    }

    static ContourAnnotation contours(Grid loss, AxisScale scale, double[] bounds, int count, ChartTheme theme) {
        boolean log = scale == AxisScale.LOG;
        double[][] z = new double[loss.y().length][loss.x().length];
        for (int j = 0; j < z.length; j++) {
            for (int i = 0; i < z[j].length; i++) {
                double v = loss.at(i, j);
                z[j][i] = !Double.isFinite(v) ? Double.NaN : log ? (v > 0 ? Math.log10(v) : Double.NaN) : v;
            }
        }
        double lo = log ? Math.log10(bounds[0]) : bounds[0];
        double hi = log ? Math.log10(bounds[1]) : bounds[1];
        List<double[]> levels = new ArrayList<>();
        for (int m = 1; m <= count; m++) {
            levels.add(ContourLines.segments(loss.x(), loss.y(), z, lo + (hi - lo) * m / (count + 1)));
        }
        BasicStroke stroke = new BasicStroke(Math.max(1f, theme.lineWidth() * 0.55f), BasicStroke.CAP_ROUND,
                BasicStroke.JOIN_ROUND);
        return new ContourAnnotation(levels, theme.contourLine(), stroke);
    }

    /**
     * 1-D slices or interpolations: x = α, y = loss, one curve per net, with a dashed vertical line at
     * α = 0, the trained weights θ*.
     */
    public static JFreeChart slice(ChartText text, List<Curve> slices, AxisScale yScale, ChartTheme theme) {
        JFreeChart chart = CurveChart.create(text, slices, yScale, theme);
        XYPlot plot = chart.getXYPlot();
        NumberAxis x = new SpacedNumberAxis(text.xAxis());
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0.01);
        x.setUpperMargin(0.01);
        plot.setDomainAxis(x);
        ValueMarker trained = new ValueMarker(0, theme.mutedText(), theme.referenceStroke());
        trained.setAlpha(1f);
        plot.addDomainMarker(trained, Layer.BACKGROUND);
        theme.apply(chart);
        return chart;
    }
}
