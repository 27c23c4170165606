package resnetlab.charts;

import java.util.Objects;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;

/**
 * Gradient norms over training: x = iteration, y = block index, colour = ‖∂E/∂x‖ on a logarithmic
 * viridis scale, with a colour legend labelled in powers of ten. Where a net's gradient vanishes the
 * lower blocks turn dark; cells with no value (NaN) or a zero norm are grey.
 */
public final class GradientHeatMapChart {

    private GradientHeatMapChart() {
    }

    /**
     * @param text        title, x label ("iteration"), y label ("block"), provenance
     * @param norms       gradient norms themselves, not their logarithms (the colour scale takes the
     *                    log): x = iterations, y = block indices, {@code values[block][iteration]}; for
     *                    log10 values pass {@code grid.map(v -> Math.pow(10, v))}
     * @param colourLabel label of the colour legend, e.g. "‖∂E/∂x‖"
     * @param theme       look
     */
    public static JFreeChart create(ChartText text, Grid norms, String colourLabel, ChartTheme theme) {
        Objects.requireNonNull(norms, "norms");
        double[] bounds = HeatMaps.bounds(norms, AxisScale.LOG);
        ViridisScale colours = theme.sequentialScale(bounds[0], bounds[1], AxisScale.LOG);
        NumberAxis x = ChartAssembly.integerAxis(text.xAxis());
        NumberAxis y = ChartAssembly.integerAxis(text.yAxis());
        HeatMaps.fit(x, norms.x());
        HeatMaps.fit(y, norms.y());
        XYPlot plot = new XYPlot(HeatMaps.dataset(colourLabel == null ? "value" : colourLabel, norms), x, y,
                HeatMaps.renderer(norms, colours));
        HeatMaps.plainGrid(plot);
        JFreeChart chart = ChartAssembly.chart(text, plot, false, theme);
        chart.addSubtitle(HeatMaps.legend(colourLabel, bounds, AxisScale.LOG, theme));
        theme.apply(chart);
        return chart;
    }
}
