package resnetlab.charts;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;

/**
 * A linear axis over exponents e = log10(v), labelled with the values v themselves (0.1, 1, 10, or 10ⁿ).
 * Used for colour legends of logarithmic heat maps: {@link org.jfree.chart.title.PaintScaleLegend}
 * paints its strip in equal steps along its axis, which is only right when the axis is linear; a
 * {@link LogScaleAxis} there would give the low end a few wide strips.
 */
public class ExponentAxis extends SpacedNumberAxis {

    public ExponentAxis(String label) {
        super(label);
        setAutoRangeIncludesZero(false);
        setMinorTickMarksVisible(false);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        int maxLabels = LogScaleAxis.maxLabels(dataArea, vertical, getTickLabelFont().getSize2D());
        List ticks = new ArrayList();
        double lo = Math.pow(10, getLowerBound()), hi = Math.pow(10, getUpperBound());
        for (LogTicks.Tick t : LogTicks.ticks(lo, hi, maxLabels, getTickLabelFont())) {
            if (t.major()) {
                ticks.add(new LogTick(TickType.MAJOR, Math.log10(t.value()), t.label(),
                        LogScaleAxis.anchorFor(edge)));
            }
        }
        return ticks;
    }
}
