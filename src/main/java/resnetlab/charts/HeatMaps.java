package resnetlab.charts;

import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/** Shared by the gradient heat map and the loss landscape: a {@link Grid} as coloured cells plus a colour legend. */
final class HeatMaps {

    private HeatMaps() {
    }

    /** The grid as an XYZ dataset with one series named {@code key}; z holds the raw values. */
    static DefaultXYZDataset dataset(String key, Grid grid) {
        int nx = grid.x().length, ny = grid.y().length;
        double[][] xyz = new double[3][nx * ny];
        int k = 0;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                xyz[0][k] = grid.x()[i];
                xyz[1][k] = grid.y()[j];
                xyz[2][k] = grid.at(i, j);
                k++;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(key, xyz);
        return data;
    }

    /** Colour bounds: the finite (and, on LOG, positive) value range; a degenerate range is widened. */
    static double[] bounds(Grid grid, AxisScale scale) {
        double[] r = grid.finiteRange(v -> scale != AxisScale.LOG || v > 0);
        if (r == null) {
            return scale == AxisScale.LOG ? new double[] {0.1, 1} : new double[] {0, 1};
        }
        if (r[1] > r[0]) {
            return r;
        }
        return scale == AxisScale.LOG ? new double[] {r[0] / 2, r[0] * 2} : new double[] {r[0] - 0.5, r[0] + 0.5};
    }

    /** A block renderer whose cells exactly tile the grid (cell widths from the smallest spacing). */
    static XYBlockRenderer renderer(Grid grid, ViridisScale colours) {
        XYBlockRenderer r = new XYBlockRenderer();
        r.setPaintScale(colours);
        r.setBlockWidth(step(grid.x()));
        r.setBlockHeight(step(grid.y()));
        r.setBlockAnchor(RectangleAnchor.CENTER);
        return r;
    }

    static double step(double[] v) {
        double s = Double.POSITIVE_INFINITY;
        for (int i = 1; i < v.length; i++) {
            s = Math.min(s, v[i] - v[i - 1]);
        }
        return Double.isInfinite(s) ? 1 : s;
    }

    /** Axis range that shows every cell whole and nothing else. */
    static void fit(NumberAxis axis, double[] v) {
        double half = step(v) / 2;
        axis.setRange(v[0] - half, v[v.length - 1] + half);
        axis.setLowerMargin(0);
        axis.setUpperMargin(0);
    }

    /** A vertical colour legend on the right; on LOG its axis runs over exponents ({@link ExponentAxis}). */
    static PaintScaleLegend legend(String label, double[] bounds, AxisScale scale, ChartTheme theme) {
        PaintScaleLegend legend;
        if (scale == AxisScale.LOG) {
            double lo = Math.log10(bounds[0]), hi = Math.log10(bounds[1]);
            ExponentAxis axis = new ExponentAxis(label);
            axis.setRange(lo, hi);
            legend = new PaintScaleLegend(new ViridisScale(lo, hi, AxisScale.LINEAR, theme.missingValue()), axis);
        } else {
            NumberAxis axis = new SpacedNumberAxis(label);
            axis.setAutoRangeIncludesZero(false);
            axis.setRange(bounds[0], bounds[1]);
            legend = new PaintScaleLegend(theme.sequentialScale(bounds[0], bounds[1], AxisScale.LINEAR), axis);
        }
        legend.setPosition(RectangleEdge.RIGHT);
        // a RIGHT subtitle spans the plot's full height, x axis included: stop the strip where the data area ends
        double xAxisHeight = 1.5 * theme.tickLabelFont().getSize2D() + 1.5 * theme.axisLabelFont().getSize2D()
                + theme.space(4) * 4;
        legend.setMargin(new RectangleInsets(0, theme.space(12), xAxisHeight, 0));
        legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        legend.setSubdivisionCount(256);
        return legend;
    }

    static void plainGrid(XYPlot plot) {
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
    }
}
