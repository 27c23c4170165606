package resnetlab.charts;

import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;

/**
 * Contour lines drawn over a heat map. An annotation rather than a dataset, so the lines add nothing to
 * the legend, the axis ranges or the exported data.
 */
final class ContourAnnotation extends AbstractXYAnnotation {

    private final List<double[]> levels; // per level: segments {x1, y1, x2, y2, ...}
    private final transient Paint paint;
    private final transient Stroke stroke;

    ContourAnnotation(List<double[]> levels, Paint paint, Stroke stroke) {
        this.levels = List.copyOf(levels);
        this.paint = paint;
        this.stroke = stroke;
    }

    int segmentCount() {
        int n = 0;
        for (double[] s : levels) {
            n += s.length / 4;
        }
        return n;
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
            int rendererIndex, PlotRenderingInfo info) {
        RectangleEdge xEdge = plot.getDomainAxisEdge();
        RectangleEdge yEdge = plot.getRangeAxisEdge();
        Path2D.Double path = new Path2D.Double();
        for (double[] s : levels) {
            for (int k = 0; k + 3 < s.length; k += 4) {
                path.moveTo(domainAxis.valueToJava2D(s[k], dataArea, xEdge), rangeAxis.valueToJava2D(s[k + 1], dataArea, yEdge));
                path.lineTo(domainAxis.valueToJava2D(s[k + 2], dataArea, xEdge), rangeAxis.valueToJava2D(s[k + 3], dataArea, yEdge));
            }
        }
        g2.setPaint(paint);
        g2.setStroke(stroke);
        g2.draw(path);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
