package resnetlab.charts;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 {@link LogAxis} whose ticks read well at any span (see {@link LogTicks}): powers of ten with
 * a 2..9 minor grid over many decades, 1-2-5 steps over one decade, plain steps over less.
 * JFreeChart's own {@code LogAxis} labels fractional exponents (10^-0.3) on short ranges.
 */
public class LogScaleAxis extends LogAxis {

    public LogScaleAxis(String label) {
        super(label);
        setBase(10);
        setMinorTickMarksVisible(false);
        setSmallestValue(1e-300);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        int maxLabels = maxLabels(dataArea, vertical, getTickLabelFont().getSize2D());
        TextAnchor anchor = anchorFor(edge);
        List ticks = new ArrayList();
        for (LogTicks.Tick t : LogTicks.ticks(getLowerBound(), getUpperBound(), maxLabels, getTickLabelFont())) {
            ticks.add(new LogTick(t.major() ? TickType.MAJOR : TickType.MINOR, t.value(), t.label(), anchor));
        }
        return ticks;
    }

    static int maxLabels(Rectangle2D dataArea, boolean vertical, float fontSize) {
        double length = vertical ? dataArea.getHeight() : dataArea.getWidth();
        double perLabel = vertical ? fontSize * 2.6 : fontSize * 6.0;
        return Math.max(2, (int) Math.floor(length / perLabel));
    }

    static TextAnchor anchorFor(RectangleEdge edge) {
        if (edge == RectangleEdge.LEFT) {
            return TextAnchor.CENTER_RIGHT;
        } else if (edge == RectangleEdge.RIGHT) {
            return TextAnchor.CENTER_LEFT;
        } else if (edge == RectangleEdge.TOP) {
            return TextAnchor.BOTTOM_CENTER;
        }
        return TextAnchor.TOP_CENTER;
    }
}
