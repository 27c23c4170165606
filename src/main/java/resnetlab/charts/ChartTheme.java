package resnetlab.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Objects;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.AbstractRenderer;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The one look of resnet-lab's charts: a light or dark variant, optionally in presentation mode (large
 * fonts and thick lines, readable from the back of a room), with the Okabe-Ito palette, which stays
 * distinguishable under the common colour-vision deficiencies.
 *
 * <p>Fonts use a logical family ({@link Font#SANS_SERIF} by default). Java maps logical fonts to a
 * composite of installed fonts, so Chinese titles render whenever the system has a CJK font (on Debian:
 * {@code fonts-noto-cjk} or {@code fonts-wqy-microhei}); a physical family such as "DejaVu Sans" would show
 * boxes instead.
 *
 * <p>Two ways to use it:
 * <ul>
 * <li>The factories in this package ({@link CurveChart}, {@link DepthProfileChart}, ...) take a theme and
 *     style every series themselves (colour by position, dashes for theory lines, band fills). To switch a
 *     factory-made chart to another theme (dark mode, presentation mode), call the factory again with the
 *     new theme: factories are cheap, and live data objects such as {@link DecimatingXYDataset} can be
 *     handed to the new chart.</li>
 * <li>{@link #apply(JFreeChart)} restyles any chart, including one made elsewhere (for instance by
 *     {@code org.jfree.chart.ChartFactory}): background, fonts, axes, grid, legend, markers, and the colour
 *     and stroke of every series whose renderer still auto-populates them. Series paints set explicitly by
 *     a factory are left alone.</li>
 * </ul>
 *
 * <p>Instances are immutable; {@link #withPresentation(boolean)} and {@link #withFontFamily(String)}
 * return modified copies.
 */
public final class ChartTheme implements org.jfree.chart.ChartTheme {

    /** Okabe &amp; Ito (2008) colours, in the order series receive them on a light background. */
    private static final List<Color> LIGHT_PALETTE = List.of(
            new Color(0x0072B2), // blue
            new Color(0xD55E00), // vermillion
            new Color(0x009E73), // bluish green
            new Color(0xCC79A7), // reddish purple
            new Color(0xE69F00), // orange
            new Color(0x56B4E9), // sky blue
            new Color(0x000000), // black
            new Color(0xC9B800)); // yellow, darkened: pure F0E442 vanishes on white

    /** The same hues lifted for contrast on a dark background; black becomes light grey. */
    private static final List<Color> DARK_PALETTE = List.of(
            new Color(0x2A8FD0), // blue
            new Color(0xF07020), // vermillion
            new Color(0x1DB88A), // bluish green
            new Color(0xDD8DBA), // reddish purple
            new Color(0xF0AC10), // orange
            new Color(0x74C4F0), // sky blue
            new Color(0xE6E6E6), // light grey
            new Color(0xF0E442)); // yellow

    private static final float NORMAL_LINE_WIDTH = 1.8f;
    private static final float PRESENTATION_LINE_WIDTH = 4.2f;
    private static final float PRESENTATION_FONT_SCALE = 1.65f;

    private final boolean dark;
    private final boolean presentation;
    private final String fontFamily;

    private ChartTheme(boolean dark, boolean presentation, String fontFamily) {
        this.dark = dark;
        this.presentation = presentation;
        this.fontFamily = Objects.requireNonNull(fontFamily, "fontFamily");
    }

    /** Black text on white: for screens in a lit room, print and papers. */
    public static ChartTheme light() {
        return new ChartTheme(false, false, Font.SANS_SERIF);
    }

    /** Light text on a dark grey background, matching the app's dark mode. */
    public static ChartTheme dark() {
        return new ChartTheme(true, false, Font.SANS_SERIF);
    }

    /** A copy with presentation mode on or off: fonts ×1.65, lines about 2.3× as thick, bigger markers. */
    public ChartTheme withPresentation(boolean on) {
        return new ChartTheme(dark, on, fontFamily);
    }

    /**
     * A copy that uses another font family. Prefer logical families ({@code "SansSerif"}, {@code "Dialog"}):
     * only they fall back to CJK fonts for Chinese text.
     */
    public ChartTheme withFontFamily(String family) {
        return new ChartTheme(dark, presentation, family);
    }

    public boolean isDark() {
        return dark;
    }

    public boolean isPresentation() {
        return presentation;
    }

    public String fontFamily() {
        return fontFamily;
    }

    // ---- colours ---------------------------------------------------------------------------------

    /** Background of the whole chart (and of the plot area: charts here are flat). */
    public Color background() {
        return dark ? new Color(0x1F2125) : Color.WHITE;
    }

    public Color plotBackground() {
        return dark ? new Color(0x24272C) : Color.WHITE;
    }

    /** Titles, axis labels, tick labels, legend text. */
    public Color text() {
        return dark ? new Color(0xE8E8E8) : new Color(0x1F1F1F);
    }

    /** Secondary text: the provenance subtitle, marker labels. */
    public Color mutedText() {
        return dark ? new Color(0xA8ACB2) : new Color(0x666666);
    }

    public Color axisLine() {
        return dark ? new Color(0x8A8F96) : new Color(0x7A7A7A);
    }

    public Color gridline() {
        return dark ? new Color(0x3A3E45) : new Color(0xE2E2E2);
    }

    public Color minorGridline() {
        return dark ? new Color(0x2E3137) : new Color(0xF1F1F1);
    }

    /** Translucent fill for a highlighted range (e.g. the effective path lengths). */
    public Color highlight() {
        return dark ? new Color(255, 255, 255, 26) : new Color(240, 228, 66, 90);
    }

    /** Cells without a value (NaN, or a zero gradient on a log scale) in heat maps. */
    public Color missingValue() {
        return dark ? new Color(0x55595F) : new Color(0xBDBDBD);
    }

    /** Contour lines drawn over a {@link ViridisScale} heat map. */
    public Color contourLine() {
        return new Color(255, 255, 255, dark ? 150 : 170);
    }

    /** Alpha of the shaded band (spread over seeds) behind a curve. */
    public float bandAlpha() {
        return dark ? 0.28f : 0.20f;
    }

    /** Number of distinct palette colours; series beyond it repeat colours with a dashed line. */
    public int paletteSize() {
        return LIGHT_PALETTE.size();
    }

    /** The colour of series {@code index} (0-based); colours repeat after {@link #paletteSize()}. */
    public Color seriesColor(int index) {
        List<Color> palette = dark ? DARK_PALETTE : LIGHT_PALETTE;
        return palette.get(Math.floorMod(index, palette.size()));
    }

    // ---- strokes and shapes ----------------------------------------------------------------------

    /** Width of data lines in Java2D units (logical pixels). */
    public float lineWidth() {
        return presentation ? PRESENTATION_LINE_WIDTH : NORMAL_LINE_WIDTH;
    }

    /** Solid for the first {@link #paletteSize()} series, then dashed so repeated colours stay apart. */
    public BasicStroke seriesStroke(int index) {
        if (Math.floorMod(index, 2 * paletteSize()) < paletteSize()) {
            return new BasicStroke(lineWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
        return dashedStroke();
    }

    /** Dashed line for theory curves and reference lines. */
    public BasicStroke dashedStroke() {
        float w = lineWidth();
        return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {4f * w, 2.5f * w}, 0f);
    }

    /** Thinner dashed line for baselines and markers that must not compete with the data. */
    public BasicStroke referenceStroke() {
        float w = Math.max(1.5f, lineWidth() * 0.7f);
        return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {5f * w, 3f * w}, 0f);
    }

    /** Stroke of the plot grid. */
    public BasicStroke gridStroke() {
        return new BasicStroke(presentation ? 1.5f : 1f);
    }

    /** Point marker for series {@code index}: circle, square, triangle, diamond, then repeating. */
    public Shape seriesShape(int index) {
        double s = presentation ? 11 : 7;
        double h = s / 2;
        switch (Math.floorMod(index, 4)) {
            case 0:
                return new Ellipse2D.Double(-h, -h, s, s);
            case 1:
                double q = s * 0.86 / 2;
                return new Rectangle2D.Double(-q, -q, 2 * q, 2 * q);
            case 2:
                Path2D.Double tri = new Path2D.Double();
                tri.moveTo(0, -h * 1.15);
                tri.lineTo(h * 1.1, h * 0.85);
                tri.lineTo(-h * 1.1, h * 0.85);
                tri.closePath();
                return tri;
            default:
                Path2D.Double dia = new Path2D.Double();
                dia.moveTo(0, -h * 1.2);
                dia.lineTo(h * 1.2, 0);
                dia.lineTo(0, h * 1.2);
                dia.lineTo(-h * 1.2, 0);
                dia.closePath();
                return dia;
        }
    }

    // ---- fonts -----------------------------------------------------------------------------------

    private Font font(int style, float normalSize) {
        float size = presentation ? normalSize * PRESENTATION_FONT_SCALE : normalSize;
        return new Font(fontFamily, style, 1).deriveFont(size);
    }

    public Font titleFont() {
        return font(Font.BOLD, 17f);
    }

    public Font subtitleFont() {
        return font(Font.PLAIN, 12f);
    }

    public Font axisLabelFont() {
        return font(Font.PLAIN, 14f);
    }

    public Font tickLabelFont() {
        return font(Font.PLAIN, 12f);
    }

    public Font legendFont() {
        return font(Font.PLAIN, 13f);
    }

    /** Labels of markers and annotations inside the plot. */
    public Font annotationFont() {
        return font(Font.PLAIN, 12f);
    }

    /** A length in logical pixels, grown in presentation mode (gaps, padding, tick marks). */
    public double space(double normal) {
        return presentation ? normal * 1.6 : normal;
    }

    /** Heat-map colours from {@code lower} to {@code upper} ({@link ViridisScale}), gaps in {@link #missingValue()}. */
    public ViridisScale sequentialScale(double lower, double upper, AxisScale scale) {
        return new ViridisScale(lower, upper, scale, missingValue());
    }

    // ---- applying --------------------------------------------------------------------------------

    /**
     * Restyles {@code chart} in place: chart and plot background, title and subtitle fonts, legend,
     * colour legends, axes, grid, marker labels, and series colours and strokes of renderers that
     * auto-populate them (through the plot's drawing supplier). Combined plots are styled subplot by
     * subplot. Fires the chart's change events as JFreeChart setters do.
     */
    @Override
    public void apply(JFreeChart chart) {
        Objects.requireNonNull(chart, "chart");
        chart.setBackgroundPaint(background());
        chart.setBorderVisible(false);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        RenderingHints hints = chart.getRenderingHints();
        hints.put(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        hints.put(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        hints.put(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        chart.setRenderingHints(hints);
        double pad = space(10);
        chart.setPadding(new RectangleInsets(pad, pad, pad * 0.6, pad * 2)); // right: room for the last x tick label

        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(titleFont());
            title.setPaint(text());
            title.setPadding(new RectangleInsets(0, 0, space(3), 0));
        }
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            styleSubtitle(chart.getSubtitle(i));
        }
        stylePlot(chart.getPlot());
    }

    private void styleSubtitle(Title subtitle) {
        if (subtitle instanceof LegendTitle) {
            LegendTitle legend = (LegendTitle) subtitle;
            legend.setItemFont(legendFont());
            legend.setItemPaint(text());
            legend.setBackgroundPaint(null);
            legend.setFrame(BlockBorder.NONE);
            legend.setItemLabelPadding(new RectangleInsets(2, space(4), 2, space(14)));
            legend.setPadding(new RectangleInsets(space(6), 0, 0, 0));
        } else if (subtitle instanceof PaintScaleLegend) {
            PaintScaleLegend scale = (PaintScaleLegend) subtitle;
            scale.setBackgroundPaint(null);
            scale.setFrame(BlockBorder.NONE);
            scale.setStripOutlineVisible(false);
            scale.setStripWidth(space(14));
            scale.setAxisOffset(space(3));
            styleAxis(scale.getAxis());
            scale.getAxis().setAxisLineVisible(false);
        } else if (subtitle instanceof TextTitle) {
            TextTitle text = (TextTitle) subtitle;
            text.setFont(subtitleFont());
            text.setPaint(mutedText());
            text.setPadding(new RectangleInsets(0, 0, space(6), 0));
        }
    }

    private void stylePlot(Plot plot) {
        if (plot == null) {
            return;
        }
        plot.setBackgroundPaint(plotBackground());
        plot.setOutlineVisible(false);
        plot.setNoDataMessageFont(axisLabelFont());
        plot.setNoDataMessagePaint(mutedText());
        plot.setDrawingSupplier(drawingSupplier());
        if (plot instanceof XYPlot) {
            styleXYPlot((XYPlot) plot);
        } else if (plot instanceof CategoryPlot) {
            styleCategoryPlot((CategoryPlot) plot);
        }
    }

    private void styleXYPlot(XYPlot plot) {
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setDomainGridlinePaint(gridline());
        plot.setRangeGridlinePaint(gridline());
        plot.setDomainGridlineStroke(gridStroke());
        plot.setRangeGridlineStroke(gridStroke());
        plot.setDomainMinorGridlinePaint(minorGridline());
        plot.setRangeMinorGridlinePaint(minorGridline());
        plot.setDomainMinorGridlineStroke(gridStroke());
        plot.setRangeMinorGridlineStroke(gridStroke());
        plot.setDomainZeroBaselineVisible(false);
        plot.setRangeZeroBaselineVisible(false);
        // log axes get a faint grid at 2..9 × 10^k: it is what makes a log scale readable
        plot.setRangeMinorGridlinesVisible(plot.isRangeGridlinesVisible() && plot.getRangeAxis() instanceof LogAxis);
        plot.setDomainMinorGridlinesVisible(plot.isDomainGridlinesVisible() && plot.getDomainAxis() instanceof LogAxis);
        for (int i = 0; i < plot.getDomainAxisCount(); i++) {
            styleAxis(plot.getDomainAxis(i));
        }
        for (int i = 0; i < plot.getRangeAxisCount(); i++) {
            styleAxis(plot.getRangeAxis(i));
        }
        for (int i = 0; i < Math.max(1, plot.getRendererCount()); i++) {
            for (Layer layer : new Layer[] {Layer.FOREGROUND, Layer.BACKGROUND}) {
                styleMarkers(plot.getDomainMarkers(i, layer));
                styleMarkers(plot.getRangeMarkers(i, layer));
            }
            XYItemRenderer renderer = plot.getRenderer(i);
            if (renderer instanceof AbstractRenderer) {
                resetAutoPopulated((AbstractRenderer) renderer);
            }
        }
        if (plot instanceof CombinedDomainXYPlot) {
            CombinedDomainXYPlot combined = (CombinedDomainXYPlot) plot;
            combined.setGap(space(12));
            for (XYPlot sub : combined.getSubplots()) {
                stylePlot(sub);
            }
        } else if (plot instanceof CombinedRangeXYPlot) {
            CombinedRangeXYPlot combined = (CombinedRangeXYPlot) plot;
            combined.setGap(space(12));
            for (XYPlot sub : combined.getSubplots()) {
                stylePlot(sub);
            }
        }
    }

    private void styleCategoryPlot(CategoryPlot plot) {
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setDomainGridlinePaint(gridline());
        plot.setRangeGridlinePaint(gridline());
        plot.setRangeGridlineStroke(gridStroke());
        for (int i = 0; i < plot.getDomainAxisCount(); i++) {
            styleAxis(plot.getDomainAxis(i));
        }
        for (int i = 0; i < plot.getRangeAxisCount(); i++) {
            styleAxis(plot.getRangeAxis(i));
        }
        for (int i = 0; i < Math.max(1, plot.getRendererCount()); i++) {
            CategoryItemRenderer renderer = plot.getRenderer(i);
            if (renderer instanceof AbstractRenderer) {
                resetAutoPopulated((AbstractRenderer) renderer);
            }
        }
    }

    /** Renderers that still take colours from the plot's drawing supplier get this theme's palette. */
    private static void resetAutoPopulated(AbstractRenderer renderer) {
        if (renderer.getAutoPopulateSeriesPaint()) {
            renderer.clearSeriesPaints(false);
        }
        if (renderer.getAutoPopulateSeriesStroke()) {
            renderer.clearSeriesStrokes(false);
        }
    }

    private DefaultDrawingSupplier drawingSupplier() {
        int n = 2 * paletteSize();
        Paint[] paints = new Paint[n];
        Stroke[] strokes = new Stroke[n];
        Shape[] shapes = new Shape[n];
        for (int i = 0; i < n; i++) {
            paints[i] = seriesColor(i);
            strokes[i] = seriesStroke(i);
            shapes[i] = seriesShape(i);
        }
        return new DefaultDrawingSupplier(paints, paints, new Paint[] {axisLine()}, strokes,
                new Stroke[] {new BasicStroke(1f)}, shapes);
    }

    private void styleMarkers(java.util.Collection<?> markers) {
        if (markers == null) {
            return;
        }
        for (Object o : markers) {
            Marker m = (Marker) o;
            m.setLabelFont(annotationFont());
            m.setLabelBackgroundColor(new Color(0, 0, 0, 0));
            if (m.getLabelPaint() == null || isThemeText(m.getLabelPaint())) {
                m.setLabelPaint(mutedText());
            }
        }
    }

    private static boolean isThemeText(Paint p) {
        return p.equals(Color.BLACK) || p.equals(light().mutedText()) || p.equals(dark().mutedText());
    }

    /** Fonts, colours and tick marks of one axis; used by {@link #apply} and by colour legends. */
    public void styleAxis(Axis axis) {
        if (axis == null) {
            return;
        }
        axis.setLabelFont(axisLabelFont());
        axis.setLabelPaint(text());
        if (Tex.hasFormula(axis.getLabel())) axis.setAttributedLabel(Tex.attributed(axis.getLabel(), axisLabelFont(), text())); // typeset
        axis.setTickLabelFont(tickLabelFont());
        axis.setTickLabelPaint(text());
        axis.setAxisLinePaint(axisLine());
        axis.setAxisLineStroke(new BasicStroke(presentation ? 1.5f : 1f));
        axis.setTickMarkPaint(axisLine());
        axis.setTickMarkStroke(new BasicStroke(presentation ? 1.5f : 1f));
        axis.setTickMarkInsideLength(0f);
        axis.setTickMarkOutsideLength((float) space(4));
        axis.setMinorTickMarksVisible(false);
        double g = space(4);
        axis.setTickLabelInsets(new RectangleInsets(g * 0.5, g, g * 0.5, g));
        axis.setLabelInsets(new RectangleInsets(g, g, g, g));
        if (axis instanceof ValueAxis) {
            ((ValueAxis) axis).setMinorTickMarksVisible(false);
        }
    }

    /** Where factories put the legend: under the plot, where it does not shrink the plot's width. */
    RectangleEdge legendPosition() {
        return RectangleEdge.BOTTOM;
    }

    @Override
    public String toString() {
        return (dark ? "dark" : "light") + (presentation ? "+presentation" : "") + " (" + fontFamily + ")";
    }
}
