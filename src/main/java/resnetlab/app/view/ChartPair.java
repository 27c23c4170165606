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
    /** The widths the two charts need side by side; narrower, they stack. */
    private double minFirst = Panes.CHART_MIN_W, minSecond = Panes.CHART_MIN_W;

    ChartPair(Node first, Node second) {
        this.first = first;
        this.second = second;
        getChildren().addAll(first, second);
        setPadding(new Insets(4, 8, 8, 8));
    }

    /**
     * Side by side, the first chart gets {@code share} of the width and each needs its minimum; a chart with a
     * colour scale beside its plot (a contour map) or two 3-D panels need more than {@link Panes#CHART_MIN_W}.
     */
    void setWidths(double share, double minFirstWidth, double minSecondWidth) {
        firstShare = share;
        minFirst = minFirstWidth;
        minSecond = minSecondWidth;
        requestLayout();
    }

    /** The width inside the insets below which the charts stack. */
    private double sideBySideWidth() {
        return Math.max(minFirst / firstShare, minSecond / (1 - firstShare)) + GAP;
    }

    private boolean stacked(double width) {
        double w = width > 0 ? width : getWidth();
        return w > 0 && w - snappedLeftInset() - snappedRightInset() < sideBySideWidth();
    }

    @Override public Orientation getContentBias() { return Orientation.HORIZONTAL; }

    @Override protected double computeMinWidth(double height) { return snappedLeftInset() + snappedRightInset() + 200; }

    @Override protected double computeMinHeight(double width) {
        double h = stacked(width) ? 2 * Panes.CHART_MIN_H + GAP : Panes.CHART_MIN_H;
        return snappedTopInset() + snappedBottomInset() + h;
    }

    @Override protected double computePrefHeight(double width) { return computeMinHeight(width); }

    @Override protected double computePrefWidth(double height) { return snappedLeftInset() + snappedRightInset() + sideBySideWidth(); }

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
