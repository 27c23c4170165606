package resnetlab.charts;

import java.util.List;
import java.util.Objects;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * Gradient flow through depth: x = block index, y = ‖∂E/∂x_l‖ on a log axis, measured series drawn
 * with points, theory lines dashed (He et al. 2016, §3: with shortcuts h(x) = λx the direct term of
 * the gradient at block l is multiplied by ∏λ_i, which vanishes for λ &lt; 1 and explodes for λ &gt; 1).
 *
 * <p>Theory line {@code i} is drawn in the colour of measured series {@code i}, so pass a net's
 * measurement and its theory at the same position of the two lists.
 */
public final class DepthProfileChart {

    private DepthProfileChart() {
    }

    /**
     * @param text     title, axis labels ("block", "‖∂E/∂x‖"), provenance
     * @param measured one curve per net (x = block index); bands (spread over seeds) are shaded
     * @param theory   dashed reference curves, may be empty
     * @param theme    look
     */
    public static JFreeChart create(ChartText text, List<Curve> measured, List<Curve> theory, ChartTheme theme) {
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(theory, "theory");
        DeviationRenderer points = new DeviationRenderer(true, true);
        points.setAlpha(theme.bandAlpha());
        for (int i = 0; i < measured.size(); i++) {
            ChartAssembly.styleSeries(points, i, i, false, theme);
        }
        XYLineAndShapeRenderer dashed = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < theory.size(); i++) {
            ChartAssembly.styleSeries(dashed, i, i, true, theme);
        }
        XYPlot plot = new XYPlot(ChartAssembly.intervals(measured, AxisScale.LOG),
                ChartAssembly.integerAxis(text.xAxis()), ChartAssembly.valueAxis(text.yAxis(), AxisScale.LOG, false),
                points);
        plot.setDataset(1, ChartAssembly.intervals(theory, AxisScale.LOG));
        plot.setRenderer(1, dashed);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE); // theory underneath the measurements
        return ChartAssembly.chart(text, plot, !measured.isEmpty() || !theory.isEmpty(), theme);
    }

    /**
     * The direct-path term for scaled shortcuts h(x) = λx: at the input of block b (1-based, x = b) the
     * gradient of the identity path is {@code outputNorm × ∏_{i=b}^{L} λ_i}, where {@code outputNorm}
     * is ‖∂E/∂x_L‖ after the last block and {@code lambdas[i-1]} is block i's λ. With λ = 0.5 and 54
     * blocks the first block gets 0.5^54 ≈ 5.6e-17 of it.
     */
    public static Curve scaledShortcutTheory(String name, double[] lambdas, double outputNorm) {
        int blocks = lambdas.length;
        double[] x = new double[blocks];
        double[] y = new double[blocks];
        double product = outputNorm;
        for (int b = blocks; b >= 1; b--) {
            product *= lambdas[b - 1];
            x[b - 1] = b;
            y[b - 1] = product;
        }
        return Curve.of(name, x, y);
    }

    /** {@link #scaledShortcutTheory(String, double[], double)} with the same λ in every block. */
    public static Curve scaledShortcutTheory(String name, double lambda, int blocks, double outputNorm) {
        double[] lambdas = new double[blocks];
        java.util.Arrays.fill(lambdas, lambda);
        return scaledShortcutTheory(name, lambdas, outputNorm);
    }
}
