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

    /**
     * Surfaces in 3-D ({@link SurfacePlot3D}) side by side, on the same axes and one colour scale spanning all of
     * them, with contour lines on the floor and a colour legend; exported like any chart (PNG, SVG, PDF, and the
     * grids as CSV/JSON with x = α, y = β, z = loss).
     *
     * @param text          title, α label, β label, provenance
     * @param surfaces      the surfaces in order, each with its name over its panel
     * @param colourLabel   label of the colour legend (the height)
     * @param colourScale   LINEAR, LOG, or null to choose: LOG when the values span two decades or more
     * @param contourLevels contour lines on the floor (0 for none)
     * @param view          azimuth, elevation, zoom
     */
    public static JFreeChart surface3d(ChartText text, List<SurfacePlot3D.Panel> surfaces, String colourLabel, AxisScale colourScale,
            int contourLevels, SurfaceView view, ChartTheme theme) {
        AxisScale scale = colourScale != null ? colourScale : scaleFor(surfaces);
        double[] bounds = null;
        for (SurfacePlot3D.Panel p : surfaces) {
            if (p.values().finiteRange(v -> scale != AxisScale.LOG || v > 0) == null) continue;
            double[] b = HeatMaps.bounds(p.values(), scale);
            bounds = bounds == null ? b : new double[] {Math.min(bounds[0], b[0]), Math.max(bounds[1], b[1])};
        }
        if (bounds == null) bounds = scale == AxisScale.LOG ? new double[] {0.1, 1} : new double[] {0, 1};
        SurfacePlot3D plot = new SurfacePlot3D(surfaces, text.xAxis(), text.yAxis(), theme.sequentialScale(bounds[0], bounds[1], scale),
                contourLevels, view, theme);
        JFreeChart chart = ChartAssembly.chart(text, plot, false, theme);
        chart.addSubtitle(HeatMaps.legend(colourLabel, bounds, scale, theme));
        theme.apply(chart);
        return chart;
    }

    /** LOG when every value is positive and the largest is at least 100 times the smallest, else LINEAR. */
    public static AxisScale scaleFor(List<SurfacePlot3D.Panel> surfaces) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (SurfacePlot3D.Panel p : surfaces) {
            double[] r = p.values().finiteRange(v -> true);
            if (r == null) continue;
            lo = Math.min(lo, r[0]);
            hi = Math.max(hi, r[1]);
        }
        return lo > 0 && hi >= 100 * lo ? AxisScale.LOG : AxisScale.LINEAR;
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
