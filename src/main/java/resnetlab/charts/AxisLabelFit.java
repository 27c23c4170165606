package resnetlab.charts;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.EntityCollection;
import org.jfree.chart.entity.StandardEntityCollection;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

/**
 * Axis labels that are longer than their axis. JFreeChart centres an axis label on the data area and lets a
 * longer one run past it, over the title or the legend: in a small chart (a pane beside the lesson panel) a
 * label like "‖∂E/∂x‖ at the block input" can be taller than the plot. Once a chart has been laid out,
 * {@link #fitted} gives a copy in which each such label fits: a smaller font down to {@value #MIN_SCALE} of its
 * size, and a label that would need less than that is left out (the title and subtitle still say what is
 * plotted). The chart itself is never changed: another thread may be drawing or exporting it.
 */
final class AxisLabelFit {
    /** Smallest font scale for a label; below it the text is too small to read from a classroom's back row. */
    static final double MIN_SCALE = 0.7;

    private AxisLabelFit() {}

    /**
     * Records where a drawing put its data areas, and nothing else: the entities (one per data point, for
     * tooltips) are dropped. Not {@code new ChartRenderingInfo(null)}, on which XYTitleAnnotation fails.
     */
    static ChartRenderingInfo layoutInfo() {
        return new ChartRenderingInfo(new StandardEntityCollection() {
            @Override public void add(ChartEntity entity) { }
            @Override public void addAll(EntityCollection collection) { }
        });
    }

    /**
     * {@code chart} itself when every axis label fits the data areas recorded in {@code info} (a drawing of
     * {@code chart} at the size wanted), else a copy whose long labels were shrunk or left out.
     */
    static JFreeChart fitted(JFreeChart chart, ChartRenderingInfo info, Graphics2D g2) {
        PlotRenderingInfo plotInfo = info.getPlotInfo();
        if (!fit(chart.getPlot(), plotInfo, g2, false)) return chart;
        try {
            JFreeChart copy = (JFreeChart) chart.clone();
            fit(copy.getPlot(), plotInfo, g2, true);
            return copy;
        } catch (CloneNotSupportedException e) {
            return chart; // overlapping text rather than no chart
        }
    }

    /** Whether a label of {@code plot} is too long; with {@code apply}, makes each fit. */
    private static boolean fit(Plot plot, PlotRenderingInfo info, Graphics2D g2, boolean apply) {
        if (info == null) return false;
        Rectangle2D area = info.getDataArea();
        boolean any = false;
        if (plot instanceof CombinedDomainXYPlot c) {
            List<XYPlot> subs = c.getSubplots();
            for (int i = 0; i < subs.size() && i < info.getSubplotCount(); i++) any |= fit(subs.get(i), info.getSubplotInfo(i), g2, apply);
            boolean vertical = c.getOrientation() == PlotOrientation.VERTICAL;
            any |= fitAxis(c.getDomainAxis(), vertical ? area.getWidth() : area.getHeight(), g2, apply);
        } else if (plot instanceof XYPlot p) {
            boolean vertical = p.getOrientation() == PlotOrientation.VERTICAL;
            for (int i = 0; i < p.getDomainAxisCount(); i++) {
                any |= fitAxis(p.getDomainAxis(i), vertical ? area.getWidth() : area.getHeight(), g2, apply);
            }
            for (int i = 0; i < p.getRangeAxisCount(); i++) {
                any |= fitAxis(p.getRangeAxis(i), vertical ? area.getHeight() : area.getWidth(), g2, apply);
            }
        } else if (plot instanceof CategoryPlot p) {
            boolean vertical = p.getOrientation() == PlotOrientation.VERTICAL;
            for (int i = 0; i < p.getDomainAxisCount(); i++) {
                any |= fitAxis(p.getDomainAxis(i), vertical ? area.getWidth() : area.getHeight(), g2, apply);
            }
            for (int i = 0; i < p.getRangeAxisCount(); i++) {
                any |= fitAxis(p.getRangeAxis(i), vertical ? area.getHeight() : area.getWidth(), g2, apply);
            }
        }
        return any;
    }

    private static boolean fitAxis(Axis axis, double room, Graphics2D g2, boolean apply) {
        if (axis == null || !axis.isVisible() || room <= 0) return false;
        String label = axis.getLabel();
        if (label == null || label.isEmpty()) return false;
        Font font = axis.getLabelFont();
        double length = font.getStringBounds(label, g2.getFontRenderContext()).getWidth();
        if (length <= room) return false;
        if (apply) {
            double scale = room / length * 0.97; // a little air at the ends
            if (scale >= MIN_SCALE) axis.setLabelFont(font.deriveFont((float) (font.getSize2D() * scale)));
            else axis.setLabel(null);
        }
        return true;
    }
}
