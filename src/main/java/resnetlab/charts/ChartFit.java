package resnetlab.charts;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntFunction;

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
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleEdge;

/**
 * A chart made to fit a small picture: a pane beside the lesson panel, a small window, presentation mode's large
 * fonts. JFreeChart gives the title, subtitles and legend the room they ask for and the plot what is left, which
 * can be nothing; and it centres an axis label on its axis and lets a longer one run over the title. Once a
 * chart has been laid out at the size wanted, {@link #fit} says how to draw it so that the plot has room:
 * <ol>
 * <li>a plot under {@value #MIN_PLOT_SHARE} of the picture's height loses the text subtitles (the provenance
 *     line: exports at full size keep it);</li>
 * <li>still short, in a picture wider than tall, the legend moves to the right side, if that leaves the plot more
 *     room and at least half the picture's width
 *     room;</li>
 * <li>still short, the whole chart is drawn smaller (a larger chart scaled down: text and lines shrink
 *     together), down to {@value #MIN_ZOOM} of its size;</li>
 * <li>an axis label longer than its axis is drawn smaller, down to {@value #MIN_LABEL_SCALE} of its size, and a
 *     label that would need less is left out (the title says what is plotted).</li>
 * </ol>
 * The chart itself is never changed (another thread may be drawing or exporting it): the changes are made to a
 * copy. A chart that fits is drawn as it is, so this costs more layouts only for charts that do not.
 */
final class ChartFit {
    /** The plot's least share of the picture's height before subtitles, legend and text size give way. */
    static final double MIN_PLOT_SHARE = 0.4;
    /** Smallest scale the whole chart is drawn at, after the subtitles went and the legend moved. */
    static final double MIN_ZOOM = 0.7;
    /** Smallest font scale for an axis label; below it the text is too small to read from a classroom's back row. */
    static final double MIN_LABEL_SCALE = 0.7;

    /** Draw {@code chart} into a picture {@code 1/zoom} times larger, scaled by {@code zoom}. */
    record Fit(JFreeChart chart, double zoom) {
        /** Draws the chart into {@code area} of {@code g2}. */
        void draw(Graphics2D g2, Rectangle2D area) {
            if (zoom == 1) {
                chart.draw(g2, area);
                return;
            }
            java.awt.geom.AffineTransform saved = g2.getTransform();
            g2.translate(area.getX(), area.getY());
            g2.scale(zoom, zoom);
            chart.draw(g2, new Rectangle2D.Double(0, 0, area.getWidth() / zoom, area.getHeight() / zoom));
            g2.setTransform(saved);
        }
    }

    private ChartFit() {}

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
     * How to draw {@code chart} into {@code area} of {@code g2}, given {@code info} from drawing it there once:
     * the chart itself at full size when it fits, else a copy changed as the class comment says.
     */
    static Fit fit(JFreeChart chart, ChartRenderingInfo info, Graphics2D g2, Rectangle2D area) {
        boolean cramped = cramped(info, area.getHeight());
        if (!cramped && !labels(chart.getPlot(), info.getPlotInfo(), g2, false)) return new Fit(chart, 1);
        JFreeChart copy;
        try {
            copy = (JFreeChart) chart.clone();
        } catch (CloneNotSupportedException e) {
            return new Fit(chart, 1); // overlapping text rather than no chart
        }
        double zoom = 1;
        if (cramped) {
            boolean dropped = false;
            for (int i = copy.getSubtitleCount() - 1; i >= 0; i--) {
                Title t = copy.getSubtitle(i);
                if (t instanceof TextTitle) {
                    copy.removeSubtitle(t);
                    dropped = true;
                }
            }
            if (dropped) info = layout(copy, g2, area, 1);
            LegendTitle legend = copy.getLegend();
            if (cramped(info, area.getHeight()) && legend != null && legend.getPosition() == RectangleEdge.BOTTOM
                    && area.getWidth() > area.getHeight()) {
                Rectangle2D below = info.getPlotInfo().getDataArea();
                legend.setPosition(RectangleEdge.RIGHT);
                ChartRenderingInfo right = layout(copy, g2, area, 1);
                Rectangle2D beside = right.getPlotInfo().getDataArea();
                // beside the plot only if the plot keeps half the picture's width (a long legend of four models
                // beside a narrow chart left a plot a few pixels wide)
                if (beside.getWidth() * beside.getHeight() > below.getWidth() * below.getHeight()
                        && beside.getWidth() >= 0.5 * area.getWidth()) info = right;
                else legend.setPosition(RectangleEdge.BOTTOM);
            }
            for (double z = 0.9; cramped(info, area.getHeight() / zoom) && z >= MIN_ZOOM - 1e-9; z -= 0.1) {
                zoom = z;
                info = layout(copy, g2, area, zoom);
            }
        }
        labels(copy.getPlot(), info.getPlotInfo(), g2, true);
        return new Fit(copy, zoom);
    }

    private static boolean cramped(ChartRenderingInfo info, double height) {
        return info.getPlotInfo().getDataArea().getHeight() < MIN_PLOT_SHARE * height;
    }

    /** Lays {@code chart} out as {@code g2} would draw it at {@code zoom}, drawing into a one-pixel scratch image. */
    static ChartRenderingInfo layout(JFreeChart chart, Graphics2D g2, Rectangle2D area, double zoom) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scratch.createGraphics();
        try {
            g.setRenderingHints(g2.getRenderingHints());
            g.setTransform(g2.getTransform());
            g.scale(zoom, zoom);
            ChartRenderingInfo info = layoutInfo();
            chart.draw(g, new Rectangle2D.Double(0, 0, area.getWidth() / zoom, area.getHeight() / zoom), info);
            return info;
        } finally {
            g.dispose();
        }
    }

    /** Whether an axis label of {@code plot} is longer than its axis; with {@code apply}, makes each fit. */
    private static boolean labels(Plot plot, PlotRenderingInfo info, Graphics2D g2, boolean apply) {
        if (info == null) return false;
        Rectangle2D area = info.getDataArea();
        boolean any = false;
        if (plot instanceof CombinedDomainXYPlot c) {
            List<XYPlot> subs = c.getSubplots();
            for (int i = 0; i < subs.size() && i < info.getSubplotCount(); i++) any |= labels(subs.get(i), info.getSubplotInfo(i), g2, apply);
            boolean vertical = c.getOrientation() == PlotOrientation.VERTICAL;
            any |= label(c.getDomainAxis(), vertical ? area.getWidth() : area.getHeight(), g2, apply);
        } else if (plot instanceof XYPlot p) {
            any |= axes(p.getOrientation(), area, p.getDomainAxisCount(), p::getDomainAxis, p.getRangeAxisCount(), p::getRangeAxis, g2, apply);
        } else if (plot instanceof CategoryPlot p) {
            any |= axes(p.getOrientation(), area, p.getDomainAxisCount(), p::getDomainAxis, p.getRangeAxisCount(), p::getRangeAxis, g2, apply);
        }
        return any;
    }

    /** The domain axes run along the data area's width in a vertical plot, the range axes along its height. */
    private static boolean axes(PlotOrientation orientation, Rectangle2D area, int domains, IntFunction<? extends Axis> domain,
                                int ranges, IntFunction<? extends Axis> range, Graphics2D g2, boolean apply) {
        boolean vertical = orientation == PlotOrientation.VERTICAL, any = false;
        for (int i = 0; i < domains; i++) any |= label(domain.apply(i), vertical ? area.getWidth() : area.getHeight(), g2, apply);
        for (int i = 0; i < ranges; i++) any |= label(range.apply(i), vertical ? area.getHeight() : area.getWidth(), g2, apply);
        return any;
    }

    private static boolean label(Axis axis, double room, Graphics2D g2, boolean apply) {
        if (axis == null || !axis.isVisible() || room <= 0) return false;
        String label = axis.getLabel();
        if (label == null || label.isEmpty()) return false;
        Font font = axis.getLabelFont();
        double length = font.getStringBounds(label, g2.getFontRenderContext()).getWidth();
        if (length <= room) return false;
        if (apply) {
            double scale = room / length * 0.97; // a little air at the ends
            if (scale >= MIN_LABEL_SCALE) axis.setLabelFont(font.deriveFont((float) (font.getSize2D() * scale)));
            else axis.setLabel(null);
        }
        return true;
    }
}
