package resnetlab.charts;

import java.awt.Graphics2D;

import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.TickUnit;

/**
 * A {@link NumberAxis} that picks fewer, better spaced ticks: JFreeChart packs labels as densely as
 * they fit (0.00, 0.05, ... 1.00 on a 400-pixel axis), which reads as noise from a distance. Here a
 * vertical label claims {@value #VERTICAL_ROOM}× its height and a horizontal one
 * {@value #HORIZONTAL_ROOM}× its width when the tick unit is chosen.
 */
public class SpacedNumberAxis extends NumberAxis {

    static final double VERTICAL_ROOM = 2.6;
    static final double HORIZONTAL_ROOM = 2.2;

    public SpacedNumberAxis(String label) {
        super(label);
    }

    @Override
    protected double estimateMaximumTickLabelHeight(Graphics2D g2) {
        return super.estimateMaximumTickLabelHeight(g2) * VERTICAL_ROOM;
    }

    @Override
    protected double estimateMaximumTickLabelWidth(Graphics2D g2, TickUnit unit) {
        return super.estimateMaximumTickLabelWidth(g2, unit) * HORIZONTAL_ROOM;
    }
}
