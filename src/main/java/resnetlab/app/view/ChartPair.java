package resnetlab.app.view;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.layout.Region;

/**
 * Two charts side by side while each gets {@link Panes#CHART_MIN_W}, else one above the other, each at least
 * {@link Panes#CHART_MIN_H} high (in a scroll pane, the pair then scrolls): a narrow pane (the lesson panel open,
 * a projector's large fonts) would otherwise squeeze each plot to a sliver. Decided in the layout pass itself, so
 * the pair is right on the first frame at a new size.
 */
final class ChartPair extends Region {
    private static final double GAP = 8;
    private final Node first, second;
    /** The first chart's share of the width when side by side. */
    private double firstShare = 0.5;
    /** The width each chart needs beside the other; narrower, they stack. */
    private double minChartWidth = Panes.CHART_MIN_W;

    ChartPair(Node first, Node second) {
        this.first = first;
        this.second = second;
        getChildren().addAll(first, second);
        setPadding(new Insets(4, 8, 8, 8));
    }

    /** The first chart's share of the width when the two are side by side (0.5: half and half). */
    void setFirstShare(double share) {
        firstShare = share;
        requestLayout();
    }

    /** Charts with a colour scale beside their plot (contour maps) need more than {@link Panes#CHART_MIN_W}. */
    void setMinChartWidth(double w) {
        minChartWidth = w;
        requestLayout();
    }

    private boolean stacked(double width) {
        double w = width > 0 ? width : getWidth();
        return w > 0 && w - snappedLeftInset() - snappedRightInset() < 2 * minChartWidth + GAP;
    }

    @Override public Orientation getContentBias() { return Orientation.HORIZONTAL; }

    @Override protected double computeMinWidth(double height) { return snappedLeftInset() + snappedRightInset() + 200; }

    @Override protected double computeMinHeight(double width) {
        double h = stacked(width) ? 2 * Panes.CHART_MIN_H + GAP : Panes.CHART_MIN_H;
        return snappedTopInset() + snappedBottomInset() + h;
    }

    @Override protected double computePrefHeight(double width) { return computeMinHeight(width); }

    @Override protected double computePrefWidth(double height) { return snappedLeftInset() + snappedRightInset() + 2 * minChartWidth + GAP; }

    @Override protected void layoutChildren() {
        double x = snappedLeftInset(), y = snappedTopInset();
        double w = getWidth() - x - snappedRightInset(), h = getHeight() - y - snappedBottomInset();
        if (stacked(getWidth())) {
            double each = Math.floor((h - GAP) / 2);
            first.resizeRelocate(x, y, w, each);
            second.resizeRelocate(x, y + each + GAP, w, each);
        } else {
            double a = Math.floor((w - GAP) * firstShare), b = w - GAP - a;
            first.resizeRelocate(x, y, a, h);
            second.resizeRelocate(x + a + GAP, y, b, h);
        }
    }
}
