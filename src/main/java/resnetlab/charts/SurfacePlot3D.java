package resnetlab.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;

/**
 * Loss surfaces z = L(θ* + αδ + βη) in 3-D, drawn in software on any {@link Graphics2D} (screen image, SVG, PDF), so
 * it needs no GPU and {@link ChartExport} writes it like any chart. One panel per {@link Panel}, side by side, all on
 * the same axes and the same colour scale (viridis, log where the chart says so), so a bowl and a crumpled sheet can be
 * compared by eye.
 *
 * <p>Geometry: the grid's (α, β) range is mapped to the floor square [−1, 1]², the value's position on the colour scale
 * t ∈ [0, 1] to a height between {@link #Z_LOW} and {@link #Z_HIGH}; the floor lies at {@link #FLOOR}. The box is turned
 * by the view's azimuth φ about the vertical and tilted by its elevation ε, then projected orthographically:
 * <pre>
 *   x₁ = X cos φ − Y sin φ,  y₁ = X sin φ + Y cos φ
 *   screen right = x₁,  screen up = Z cos ε + y₁ sin ε,  depth (away from the eye) = y₁ cos ε − Z sin ε
 * </pre>
 * Drawing order (painter's algorithm): the two back walls with the height ticks, the floor with its grid and the
 * contour lines of the surface, then each grid cell as a quadrilateral, farthest first (by the mean depth of its four
 * corners), filled with the colour of its mean height and shaded by the angle between its normal and a light above
 * and to the left of the eye (ambient 0.45 + diffuse 0.55). For a height field seen from above this order is right
 * wherever cells do not interpenetrate, which adjacent cells of one grid never do. Cells with a NaN corner (not yet
 * computed) are left out, so a grid being refined shows what it has.
 */
public final class SurfacePlot3D extends Plot {
    private static final long serialVersionUID = 1L;

    /** Heights of the lowest and highest value, and of the floor, in box units (the floor square is 2 wide). */
    static final double Z_LOW = -0.35, Z_HIGH = 0.9, FLOOR = -0.9;

    /** One surface: a name over its panel and the raw values ({@code values[β][α]}). */
    public record Panel(String name, Grid values) {
        public Panel {
            Objects.requireNonNull(values, "values");
        }
    }

    private final List<Panel> panels;
    private final String xLabel, yLabel;
    private final ViridisScale colours;
    private final int contourLevels;
    private final SurfaceView view;
    private final transient ChartTheme theme;

    /**
     * @param panels        the surfaces, left to right; their grids may differ in size but share the axes' meaning
     * @param xLabel        the α axis ("α (direction δ)")
     * @param yLabel        the β axis
     * @param colours       the shared colour scale: its bounds are the heights' bounds too, its scale (LINEAR or LOG) theirs
     * @param contourLevels contour lines on the floor, evenly spaced on the colour scale (0 for none)
     * @param view          where the surfaces are seen from
     * @param theme         fonts and colours of the box, ticks and labels
     */
    public SurfacePlot3D(List<Panel> panels, String xLabel, String yLabel, ViridisScale colours, int contourLevels,
                         SurfaceView view, ChartTheme theme) {
        if (panels.isEmpty()) throw new IllegalArgumentException("a 3-D surface chart needs at least one surface");
        this.panels = List.copyOf(panels);
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.colours = Objects.requireNonNull(colours, "colours");
        this.contourLevels = contourLevels;
        this.view = Objects.requireNonNull(view, "view");
        this.theme = Objects.requireNonNull(theme, "theme");
    }

    public List<Panel> panels() { return panels; }
    public String xLabel() { return xLabel; }
    public String yLabel() { return yLabel; }
    public SurfaceView view() { return view; }
    public ViridisScale colours() { return colours; }

    @Override
    public String getPlotType() {
        return "3-D surface";
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
        if (info != null) {
            info.setPlotArea(area);
            info.setDataArea(area);
        }
        drawBackground(g2, area);
        Object aa = g2.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int n = panels.size();
        double gap = theme.space(10);
        // rows × columns that give each box the largest scale (three panels in a narrow pane: two rows)
        int rows = 1;
        double best = -1;
        for (int r = 1; r <= n; r++) {
            int c = (n + r - 1) / r;
            double w = (area.getWidth() - gap * (c - 1)) / c, h = (area.getHeight() - gap * (r - 1)) / r;
            double score = Math.min(w / 3.7, h / 3.2);
            if (score > best * 1.05) { best = score; rows = r; }
        }
        int cols = (n + rows - 1) / rows;
        double w = (area.getWidth() - gap * (cols - 1)) / cols, h = (area.getHeight() - gap * (rows - 1)) / rows;
        for (int p = 0; p < n; p++) {
            int row = p / cols, col = p % cols;
            Rectangle2D r = new Rectangle2D.Double(area.getX() + col * (w + gap), area.getY() + row * (h + gap), w, h);
            Shape clip = g2.getClip();
            g2.clip(r);
            try {
                drawPanel(g2, r, panels.get(p));
            } finally {
                g2.setClip(clip);
            }
        }
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
    }

    /** The box's projection into one panel. */
    private final class Projection {
        final double ca, sa, ce, se, s, cx, cy;

        Projection(Rectangle2D r) {
            double az = Math.toRadians(view.azimuth()), el = Math.toRadians(view.elevation());
            ca = Math.cos(az);
            sa = Math.sin(az);
            ce = Math.cos(el);
            se = Math.sin(el);
            // the floor's diagonal is 2√2 across at any azimuth; labels need about as much again as the box's margin
            double halfHeight = Math.sqrt(2) * se + (Z_HIGH - FLOOR) / 2 * ce + 0.35;
            s = view.zoom() * Math.min(r.getWidth() / (2 * 1.85), r.getHeight() / (2 * halfHeight + 0.1));
            cx = r.getCenterX();
            cy = r.getCenterY() + s * ((Z_HIGH + FLOOR) / 2 * ce) + 0.02 * r.getHeight();
        }

        double x(double X, double Y) { return cx + s * (X * ca - Y * sa); }
        double y(double X, double Y, double Z) { return cy - s * (Z * ce + (X * sa + Y * ca) * se); }
        double depth(double X, double Y, double Z) { return (X * sa + Y * ca) * ce - Z * se; }
        Point2D at(double X, double Y, double Z) { return new Point2D.Double(x(X, Y), y(X, Y, Z)); }

        /** Brightness of a face with world normal (nx, ny, nz): light from above, left of and behind the eye. */
        double shade(double nx, double ny, double nz) {
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            if (len == 0) return 1;
            double x1 = nx * ca - ny * sa, y1 = nx * sa + ny * ca;
            double right = x1 / len, up = (nz * ce + y1 * se) / len, toward = -(y1 * ce - nz * se) / len;
            double d = -0.35 * right + 0.70 * up + 0.62 * toward; // unit light vector (−0.35, 0.70, 0.62)
            return 0.45 + 0.55 * Math.abs(d);
        }
    }

    private void drawPanel(Graphics2D g2, Rectangle2D r, Panel panel) {
        Font tickFont = theme.tickLabelFont(), labelFont = theme.axisLabelFont();
        // the name above the panel
        double nameHeight = 0;
        if (panel.name() != null && !panel.name().isBlank()) {
            g2.setFont(labelFont);
            g2.setPaint(theme.text());
            Rectangle2D b = labelFont.getStringBounds(panel.name(), g2.getFontRenderContext());
            nameHeight = b.getHeight() + theme.space(4);
            g2.drawString(panel.name(), (float) (r.getCenterX() - b.getWidth() / 2), (float) (r.getY() - b.getY() + theme.space(2)));
        }
        Rectangle2D box = new Rectangle2D.Double(r.getX(), r.getY() + nameHeight, r.getWidth(), r.getHeight() - nameHeight);
        Projection pr = new Projection(box);
        Grid g = panel.values();
        double[] xs = normalised(g.x()), ys = normalised(g.y());
        int nx = xs.length, ny = ys.length;
        double[][] t = new double[ny][nx];
        for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) t[j][i] = colours.position(g.at(i, j));

        BasicStroke thin = new BasicStroke(Math.max(0.6f, theme.lineWidth() * 0.3f));
        double[] zTicks = zTickValues();
        // back walls (we see their inner faces) with a line at each height tick
        Color wall = mix(theme.plotBackground(), theme.gridline(), 0.25);
        for (int side = -1; side <= 1; side += 2) {
            if (side * pr.sa > 0) wallX(g2, pr, side, wall, zTicks, thin);
            if (side * pr.ca > 0) wallY(g2, pr, side, wall, zTicks, thin);
        }
        // the floor, its grid, and the contour lines of the surface
        Path2D floor = quad(pr, -1, -1, FLOOR, 1, -1, FLOOR, 1, 1, FLOOR, -1, 1, FLOOR);
        g2.setPaint(mix(theme.plotBackground(), theme.gridline(), 0.45));
        g2.fill(floor);
        g2.setStroke(thin);
        g2.setPaint(theme.gridline());
        int ticks = pr.s < 90 ? 2 : 4; // a small box: −1, 0, 1
        double[] ax = tickValues(g.x(), ticks), ay = tickValues(g.y(), ticks);
        for (double v : ax) line(g2, pr, norm(v, g.x()), -1, FLOOR, norm(v, g.x()), 1, FLOOR);
        for (double v : ay) line(g2, pr, -1, norm(v, g.y()), FLOOR, 1, norm(v, g.y()), FLOOR);
        g2.setPaint(theme.axisLine());
        g2.draw(floor);
        if (contourLevels > 0 && nx > 1 && ny > 1) {
            g2.setStroke(new BasicStroke(Math.max(1f, theme.lineWidth() * 0.55f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (int m = 1; m <= contourLevels; m++) {
                double level = m / (contourLevels + 1.0);
                double[] seg = ContourLines.segments(xs, ys, t, level);
                g2.setPaint(colours.colorAt(level));
                for (int k = 0; k + 3 < seg.length; k += 4) line(g2, pr, seg[k], seg[k + 1], FLOOR, seg[k + 2], seg[k + 3], FLOOR);
            }
        }
        // the surface, farthest cell first
        drawSurface(g2, pr, xs, ys, t);
        // tick labels and axis titles outside the box
        g2.setStroke(thin);
        double yFront = pr.ca > 0 ? -1 : 1, xFront = pr.sa > 0 ? -1 : 1;
        g2.setFont(tickFont);
        g2.setPaint(theme.text());
        for (double v : ax) {
            double X = norm(v, g.x());
            line(g2, pr, X, yFront, FLOOR, X, yFront * 1.06, FLOOR);
            centred(g2, plainLabel(v, tickFont), pr.at(X, yFront * 1.2, FLOOR));
        }
        for (double v : ay) {
            double Y = norm(v, g.y());
            line(g2, pr, xFront, Y, FLOOR, xFront * 1.06, Y, FLOOR);
            centred(g2, plainLabel(v, tickFont), pr.at(xFront * 1.2, Y, FLOOR));
        }
        g2.setFont(labelFont);
        double room = pr.s * 1.3; // about the length of a floor edge on screen
        FontRenderContext frc = g2.getFontRenderContext();
        Point2D middle = pr.at(0, 0, FLOOR);
        if (xLabel != null && !xLabel.isEmpty()) {
            AttributedString a = new AttributedString(fitted(xLabel, labelFont, frc, room), labelFontAttributes(labelFont));
            centred(g2, a, clearOfTicks(g2, a, middle, pr.at(0, yFront * 1.35, FLOOR), r));
        }
        if (yLabel != null && !yLabel.isEmpty()) {
            AttributedString a = new AttributedString(fitted(yLabel, labelFont, frc, room), labelFontAttributes(labelFont));
            centred(g2, a, clearOfTicks(g2, a, middle, pr.at(xFront * 1.35, 0, FLOOR), r));
        }
        // height ticks on the vertical edge farthest to the left on screen
        double bestX = Double.POSITIVE_INFINITY, ex = -1, ey = -1;
        for (int cxs = -1; cxs <= 1; cxs += 2) {
            for (int cys = -1; cys <= 1; cys += 2) {
                double sx = pr.x(cxs, cys);
                boolean hidden = cxs == xFront && cys == yFront; // the front corner's edge would cross the surface
                if (!hidden && sx < bestX) { bestX = sx; ex = cxs; ey = cys; }
            }
        }
        g2.setPaint(theme.axisLine());
        line(g2, pr, ex, ey, FLOOR, ex, ey, Z_HIGH);
        g2.setFont(tickFont);
        g2.setPaint(theme.text());
        List<LogTicks.Tick> labelled = zTicks();
        for (LogTicks.Tick tk : labelled) {
            double Z = height(colours.position(tk.value()));
            Point2D p = pr.at(ex, ey, Z);
            line(g2, pr, ex, ey, Z, ex * 1.05, ey * 1.05, Z);
            rightAligned(g2, tk.label(), pr.x(ex * 1.07, ey * 1.07), p.getY());
        }
    }

    private void drawSurface(Graphics2D g2, Projection pr, double[] xs, double[] ys, double[][] t) {
        int nx = xs.length, ny = ys.length;
        if (nx < 2 || ny < 2) return;
        int cells = (nx - 1) * (ny - 1);
        double[] depth = new double[cells];
        Integer[] order = new Integer[cells];
        int count = 0;
        for (int j = 0; j + 1 < ny; j++) {
            for (int i = 0; i + 1 < nx; i++) {
                double a = t[j][i], b = t[j][i + 1], c = t[j + 1][i + 1], d = t[j + 1][i];
                if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(c) || Double.isNaN(d)) continue;
                double mx = (xs[i] + xs[i + 1]) / 2, my = (ys[j] + ys[j + 1]) / 2, mz = height((a + b + c + d) / 4);
                depth[count] = pr.depth(mx, my, mz);
                order[count] = j * (nx - 1) + i;
                count++;
            }
        }
        final double[] dk = new double[cells];
        for (int k = 0; k < count; k++) dk[order[k]] = depth[k];
        Integer[] sorted = Arrays.copyOf(order, count);
        Arrays.sort(sorted, (u, v) -> Double.compare(dk[v], dk[u])); // farthest first
        boolean mesh = nx <= 27 && ny <= 27; // coarse grids show their cells; fine ones read as a smooth sheet
        BasicStroke seam = new BasicStroke(mesh ? 0.5f : 0.35f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        g2.setStroke(seam);
        for (Integer cell : sorted) {
            int j = cell / (nx - 1), i = cell % (nx - 1);
            double x0 = xs[i], x1 = xs[i + 1], y0 = ys[j], y1 = ys[j + 1];
            double z00 = height(t[j][i]), z10 = height(t[j][i + 1]), z11 = height(t[j + 1][i + 1]), z01 = height(t[j + 1][i]);
            // normal = (P11 − P00) × (P01 − P10), pointing up
            double ux = x1 - x0, uy = y1 - y0, uz = z11 - z00, vx = x0 - x1, vy = y1 - y0, vz = z01 - z10;
            double nxv = uy * vz - uz * vy, nyv = uz * vx - ux * vz, nzv = ux * vy - uy * vx;
            if (nzv < 0) { nxv = -nxv; nyv = -nyv; nzv = -nzv; }
            double mean = (t[j][i] + t[j][i + 1] + t[j + 1][i + 1] + t[j + 1][i]) / 4;
            Color fill = scale(colours.colorAt(mean), pr.shade(nxv, nyv, nzv));
            Path2D q = quad(pr, x0, y0, z00, x1, y0, z10, x1, y1, z11, x0, y1, z01);
            g2.setPaint(fill);
            g2.fill(q);
            g2.setPaint(mesh ? scale(fill, 0.8) : fill); // the seam hides anti-aliasing gaps between cells
            g2.draw(q);
        }
    }

    private void wallX(Graphics2D g2, Projection pr, double X, Color fill, double[] zTicks, BasicStroke stroke) {
        Path2D w = quad(pr, X, -1, FLOOR, X, 1, FLOOR, X, 1, Z_HIGH, X, -1, Z_HIGH);
        g2.setPaint(fill);
        g2.fill(w);
        g2.setStroke(stroke);
        g2.setPaint(theme.gridline());
        for (double z : zTicks) line(g2, pr, X, -1, z, X, 1, z);
        g2.setPaint(theme.axisLine());
        g2.draw(w);
    }

    private void wallY(Graphics2D g2, Projection pr, double Y, Color fill, double[] zTicks, BasicStroke stroke) {
        Path2D w = quad(pr, -1, Y, FLOOR, 1, Y, FLOOR, 1, Y, Z_HIGH, -1, Y, Z_HIGH);
        g2.setPaint(fill);
        g2.fill(w);
        g2.setStroke(stroke);
        g2.setPaint(theme.gridline());
        for (double z : zTicks) line(g2, pr, -1, Y, z, 1, Y, z);
        g2.setPaint(theme.axisLine());
        g2.draw(w);
    }

    /** Height in the box of colour-scale position {@code t}. */
    static double height(double t) {
        return Z_LOW + (Z_HIGH - Z_LOW) * t;
    }

    /** Labelled height ticks: powers of ten (or 1-2-5 steps) on a log scale, nice steps on a linear one. */
    private List<LogTicks.Tick> zTicks() {
        Font f = theme.tickLabelFont();
        double lo = colours.getLowerBound(), hi = colours.getUpperBound();
        List<LogTicks.Tick> out = new ArrayList<>();
        if (colours.scale() == AxisScale.LOG) {
            for (LogTicks.Tick t : LogTicks.ticks(lo, hi, 5, f)) if (t.label() != null) out.add(t);
            return out;
        }
        for (double v : niceValues(lo, hi, 4)) out.add(new LogTicks.Tick(v, plainLabel(v, f), true));
        return out;
    }

    private double[] zTickValues() {
        return zTicks().stream().mapToDouble(t -> height(colours.position(t.value()))).toArray();
    }

    /** Nice round values within [lo, hi], about {@code count} of them. */
    static double[] niceValues(double lo, double hi, int count) {
        if (!(hi > lo)) return new double[] {lo};
        double step = LogTicks.niceStep((hi - lo) / count);
        double first = Math.ceil(lo / step - 1e-9) * step;
        List<Double> v = new ArrayList<>();
        for (double x = first; x <= hi + step * 1e-9; x += step) v.add(Math.abs(x) < step * 1e-9 ? 0 : x);
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] tickValues(double[] axis, int count) {
        return niceValues(axis[0], axis[axis.length - 1], count);
    }

    /** The label, or its first word ("α" of "α (direction δ)") when the whole would be wider than {@code room}. */
    private static String fitted(String label, Font f, FontRenderContext frc, double room) {
        if (f.getStringBounds(label, frc).getWidth() <= room) return label;
        int cut = label.length();
        for (String sep : new String[] {" (", "（", " "}) {
            int k = label.indexOf(sep);
            if (k > 0) cut = Math.min(cut, k);
        }
        return label.substring(0, cut);
    }

    /** Grid coordinates mapped onto [−1, 1]. */
    private static double[] normalised(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = norm(v[i], v);
        return out;
    }

    private static double norm(double value, double[] axis) {
        double lo = axis[0], hi = axis[axis.length - 1];
        return hi > lo ? -1 + 2 * (value - lo) / (hi - lo) : 0;
    }

    private static Path2D quad(Projection pr, double... xyz) {
        Path2D p = new Path2D.Double();
        for (int k = 0; k < xyz.length; k += 3) {
            double x = pr.x(xyz[k], xyz[k + 1]), y = pr.y(xyz[k], xyz[k + 1], xyz[k + 2]);
            if (k == 0) p.moveTo(x, y);
            else p.lineTo(x, y);
        }
        p.closePath();
        return p;
    }

    private static void line(Graphics2D g2, Projection pr, double x0, double y0, double z0, double x1, double y1, double z1) {
        g2.draw(new Line2D.Double(pr.x(x0, y0), pr.y(x0, y0, z0), pr.x(x1, y1), pr.y(x1, y1, z1)));
    }

    private static java.util.Map<java.text.AttributedCharacterIterator.Attribute, Object> labelFontAttributes(Font f) {
        return java.util.Map.of(java.awt.font.TextAttribute.FONT, f);
    }

    private static AttributedString plainLabel(double v, Font f) {
        AttributedString s = new AttributedString(LogTicks.plain(v));
        s.addAttribute(java.awt.font.TextAttribute.FONT, f);
        return s;
    }

    /**
     * Where to centre an axis title so that its box stays outside the tick labels: {@code anchor} (just past the
     * tick labels, on the line from the floor's middle through the edge's middle) moved further out along that
     * line by the half-extent of the title's box in that direction. A horizontal title beside an edge that runs
     * diagonally on screen would otherwise lie across the edge's tick labels. Kept inside the panel {@code r}.
     */
    private static Point2D clearOfTicks(Graphics2D g2, AttributedString s, Point2D middle, Point2D anchor, Rectangle2D r) {
        Rectangle2D b = new TextLayout(s.getIterator(), g2.getFontRenderContext()).getBounds();
        double dx = anchor.getX() - middle.getX(), dy = anchor.getY() - middle.getY(), len = Math.hypot(dx, dy);
        if (len == 0) return anchor;
        dx /= len;
        dy /= len;
        double push = b.getWidth() / 2 * Math.abs(dx) + b.getHeight() / 2 * Math.abs(dy);
        double x = anchor.getX() + dx * push, y = anchor.getY() + dy * push;
        double half = Math.min(b.getWidth() / 2, r.getWidth() / 2);
        x = Math.max(r.getMinX() + half, Math.min(r.getMaxX() - half, x));
        y = Math.min(r.getMaxY() - b.getHeight() / 2, y);
        return new Point2D.Double(x, y);
    }

    private static void centred(Graphics2D g2, AttributedString s, Point2D at) {
        FontRenderContext frc = g2.getFontRenderContext();
        TextLayout layout = new TextLayout(s.getIterator(), frc);
        Rectangle2D b = layout.getBounds();
        layout.draw(g2, (float) (at.getX() - b.getWidth() / 2 - b.getX()), (float) (at.getY() + layout.getAscent() / 2 - layout.getDescent() / 2));
    }

    private static void rightAligned(Graphics2D g2, AttributedString s, double x, double y) {
        TextLayout layout = new TextLayout(s.getIterator(), g2.getFontRenderContext());
        layout.draw(g2, (float) (x - layout.getAdvance()), (float) (y + layout.getAscent() / 2 - layout.getDescent() / 2));
    }

    private static Color scale(Color c, double f) {
        return new Color(clamp(c.getRed() * f), clamp(c.getGreen() * f), clamp(c.getBlue() * f));
    }

    private static Color mix(Color a, Color b, double f) {
        return new Color(clamp(a.getRed() + (b.getRed() - a.getRed()) * f), clamp(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                clamp(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
