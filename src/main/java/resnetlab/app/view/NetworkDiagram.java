package resnetlab.app.view;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.RunEvent;
import resnetlab.model.DimensionOption;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;

/**
 * The networks of the bench drawn side by side, each as a column of residual blocks from the input (bottom) to
 * the loss (top), with the shortcut (straight, through ⊕) and the residual branch F (the loop to the right) as
 * separate paths. During training, backward pulses run from the loss down to the input; each path's width and
 * brightness follow the gradient norm measured on it in the last step ({@code BlockStats.skipGrad},
 * {@code branchGrad}), relative to the gradient arriving from the loss, on a log scale of {@value #DECADES}
 * decades: a vanishing gradient fades out, an exploding one (λ &gt; 1) turns hot.
 *
 * <p>He 2016 eq. (4): ∂E/∂x_l = ∂E/∂x_L · (1 + ∂/∂x_l Σ F); with h(x) = λx the direct term is ∏λ.
 */
public final class NetworkDiagram extends Region implements LabModel.RunObserver, FramePane {
    static final int DECADES = 4;
    private static final double PULSE_SECONDS = 1.6;
    private static final double PULSE_GAP_SECONDS = 0.55;
    private static final Color HOT = Color.web("#ff3b30");

    private final UiContext ui;
    private final Canvas canvas = new Canvas();
    private final Map<BenchModel, Column> columns = new IdentityHashMap<>();
    private double mouseX = -1, mouseY = -1;
    private boolean dirty = true, shown = true;
    private long lastDraw;

    private static final class Pulse {
        final long t0;
        final double[] skip, branch, in;

        Pulse(long t0, double[] skip, double[] branch, double[] in) {
            this.t0 = t0;
            this.skip = skip;
            this.branch = branch;
            this.in = in;
        }
    }

    private static final class Column {
        final List<Pulse> pulses = new ArrayList<>();
        long lastSpawn;
        RunEvent.Step last;
        double[] skip, branch, in; // ratios to the loss-end gradient
    }

    /** Where a column's parts are, for drawing and for hover. */
    private record Geometry(double x, double w, double xc, double xb, double bw, double yLoss, double yTop, double yBot,
                            double yInput, double row, int blocks) {
        double yIn(int b) { return yBot - b * row; }
        double yOut(int b) { return yBot - (b + 1) * row; }
    }

    public NetworkDiagram(UiContext ui) {
        this.ui = ui;
        getStyleClass().add("network-diagram");
        getChildren().add(canvas);
        ui.lab().addObserver(this);
        setOnMouseMoved(e -> { mouseX = e.getX(); mouseY = e.getY(); dirty = true; });
        setOnMouseExited(e -> { mouseX = -1; dirty = true; });
        ui.state().dark.addListener(o -> dirty = true);
        ui.state().presentation.addListener(o -> dirty = true);
        ui.i18n().localeProperty().addListener(o -> dirty = true);
        ui.lab().models().addListener((javafx.collections.ListChangeListener<BenchModel>) c -> { dirty = true; requestLayout(); });
        ui.state().presentation.addListener(o -> requestLayout());
        setMinWidth(200);
    }

    public void setShown(boolean s) {
        shown = s;
        dirty = true;
    }

    @Override protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            dirty = true;
        }
    }

    @Override public void onEvent(BenchModel m, RunEvent e) {
        Column c = columns.computeIfAbsent(m, k -> new Column());
        if (e instanceof RunEvent.Built) {
            javafx.application.Platform.runLater(this::requestLayout); // a deeper net needs more height
            c.pulses.clear();
            c.last = null;
            c.skip = c.branch = c.in = null;
            dirty = true;
        } else if (e instanceof RunEvent.Step s) {
            c.last = s;
            double ref = reference(s);
            c.skip = ratios(s.skipGrad(), ref);
            c.branch = ratios(s.branchGrad(), ref);
            c.in = ratios(s.inGrad(), ref);
            long now = System.nanoTime();
            if ((now - c.lastSpawn) / 1e9 >= PULSE_GAP_SECONDS && c.pulses.size() < 4) {
                c.pulses.add(new Pulse(now, c.skip, c.branch, c.in));
                c.lastSpawn = now;
            }
            dirty = true;
        }
    }

    /** The gradient arriving from the loss at the last block's output: the "1" of the scale. */
    static double reference(RunEvent.Step s) {
        double[] out = s.outGrad();
        double ref = out.length == 0 ? 0 : out[out.length - 1];
        if (!(ref > 0) || !Double.isFinite(ref)) {
            ref = 0;
            for (double v : out) if (Double.isFinite(v)) ref = Math.max(ref, v);
        }
        return ref > 0 ? ref : 1;
    }

    private static double[] ratios(double[] g, double ref) {
        double[] r = new double[g.length];
        for (int i = 0; i < g.length; i++) r[i] = g[i] / ref;
        return r;
    }

    /** Position on the brightness scale: 0 at 10^−DECADES of the loss-end gradient, 1 at equal, above 1 if larger. */
    static double level(double ratio) {
        if (!(ratio > 0)) return 0;
        if (!Double.isFinite(ratio)) return 1.5;
        return Math.max(0, Math.min(1.5, (Math.log10(ratio) + DECADES) / DECADES));
    }

    @Override public void frame(long now) {
        if (!shown || getWidth() < 10) return;
        boolean pulsing = false;
        for (Column c : columns.values()) {
            Iterator<Pulse> it = c.pulses.iterator();
            while (it.hasNext()) if ((now - it.next().t0) / 1e9 > PULSE_SECONDS) it.remove();
            pulsing |= !c.pulses.isEmpty();
        }
        // redraw on news or while pulses move, at most 30 times a second
        if (!(dirty || pulsing) || now - lastDraw < 33_000_000L) return;
        lastDraw = now;
        dirty = false;
        draw(now);
    }

    private String family() { return ui.state().fontFamily(); }

    private double scale() { return ui.state().presentation.get() ? 1.5 : 1; }

    private void draw(long now) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        boolean dark = ui.state().dark.get();
        Color text = dark ? Color.web("#e8e8e8") : Color.web("#1f1f1f");
        Color muted = dark ? Color.web("#9aa0a6") : Color.web("#6b6f76");
        List<BenchModel> ms = new ArrayList<>(ui.lab().models());
        columns.keySet().retainAll(ms);
        double legendH = 46 * scale();
        if (ms.isEmpty()) {
            g.setFill(muted);
            g.setFont(Font.font(family(), 14 * scale()));
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(ui.i18n().get("flow.empty"), w / 2, h / 2);
            return;
        }
        double colW = w / ms.size();
        Geometry hover = null;
        BenchModel hoverModel = null;
        for (int i = 0; i < ms.size(); i++) {
            BenchModel m = ms.get(i);
            Column c = columns.computeIfAbsent(m, k -> new Column());
            Geometry geo = geometry(m, i * colW, colW, h - legendH);
            if (geo == null) continue;
            drawColumn(g, m, c, geo, now, text, muted);
            if (mouseX >= geo.x && mouseX < geo.x + geo.w) { hover = geo; hoverModel = m; }
        }
        drawLegend(g, w, h, legendH, text, muted);
        if (hover != null && mouseX >= 0) drawHover(g, hoverModel, columns.get(hoverModel), hover, text, dark);
    }

    /** Room for the loss, the input, the legend and a readable row per block of the deepest net on the bench. */
    @Override protected double computeMinHeight(double width) {
        int blocks = 0;
        for (BenchModel m : ui.lab().models()) if (m.spec() != null) blocks = Math.max(blocks, m.spec().blocks());
        double s = scale();
        return Math.max(200, 46 * s + (52 + 10 + 26 + 58 + 26) * s + blocks * (MIN_ROW + 0.5));
    }

    /** Least height of a block's row (logical px): thinner loops cannot be told apart. */
    static final double MIN_ROW = 5;

    /**
     * The height of one block's row at the diagram's size (the shallowest row over the bench's models; 0 when a
     * net is too deep to draw), or NaN with no net: for the layout check.
     */
    double smallestBlockHeight() {
        List<BenchModel> ms = new ArrayList<>(ui.lab().models());
        double smallest = Double.NaN, h = getHeight() - 46 * scale();
        for (BenchModel m : ms) {
            Geometry geo = geometry(m, 0, getWidth() / ms.size(), h);
            if (m.spec() == null || m.spec().blocks() == 0) continue;
            smallest = Double.isNaN(smallest) ? geo.row() : Math.min(smallest, geo.row());
        }
        return smallest;
    }

    private Geometry geometry(BenchModel m, double x, double w, double h) {
        NetworkSpec spec = m.spec();
        int blocks = spec != null ? spec.blocks() : 0;
        double s = scale();
        double header = 52 * s, footer = 58 * s;
        double yLoss = header + 10 * s;
        double yTop = yLoss + 26 * s;
        double yInput = h - footer;
        double yBot = yInput - 26 * s;
        if (blocks == 0 || yBot - yTop < blocks * 2) return new Geometry(x, w, x + w * 0.42, x + w * 0.7, 0, yLoss, yTop, yBot, yInput, 0, 0);
        double row = (yBot - yTop) / blocks;
        double xc = x + w * 0.40;
        double xb = xc + Math.min(Math.min(w * 0.30, 90 * s), Math.max(24 * s, row * 3)); // steeper loops when rows are thin
        double bw = Math.min(w * 0.20, 46 * s);
        return new Geometry(x, w, xc, xb, bw, yLoss, yTop, yBot, yInput, row, blocks);
    }

    /** Brightness follows the level up to the loss-end value; beyond 10× (level 1.25) the path turns hot. */
    private Color pathColor(Color base, double level, Color bg) {
        double a = 0.08 + 0.92 * Math.min(1, level);
        Color c = base.interpolate(bg, 1 - a);
        if (level > 1.25) c = c.interpolate(HOT, Math.min(1, (level - 1.25) / 0.25));
        return c;
    }

    /** Width grows with the level, within what the row height leaves room for. */
    private double pathWidth(double level, double row) {
        double s = scale();
        double min = 0.8 * s, max = Math.max(2.2 * s, Math.min(row * 0.3, 10 * s));
        return min + (max - min) * Math.min(level, 1.25) / 1.25;
    }

    private void drawColumn(GraphicsContext g, BenchModel m, Column c, Geometry geo, long now, Color text, Color muted) {
        I18n t = ui.i18n();
        double s = scale();
        boolean dark = ui.state().dark.get();
        Color bg = dark ? Color.web("#1e1f22") : Color.WHITE;
        Color base = ui.state().slotColor(m.slot());
        NetworkSpec spec = m.spec();
        double cx = geo.x + geo.w / 2;

        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setFill(base);
        g.setFont(Font.font(family(), FontWeight.BOLD, 15 * s));
        g.fillText(Words.model(t, m), cx, 6 * s, geo.w - 8);
        g.setFill(muted);
        g.setFont(Font.font(family(), 11.5 * s));
        String sub = c.last == null ? Words.phase(t, m.phase()) : t.get("flow.iteration", c.last.iteration());
        g.fillText(sub, cx, 26 * s, geo.w - 8);
        if (geo.blocks == 0) return;

        boolean plain = spec.isPlain();
        boolean have = c.skip != null && c.skip.length == geo.blocks;
        Color neutral = muted.interpolate(bg, 0.35);
        g.setLineCap(StrokeLineCap.ROUND);

        // loss node and the trunk from the last block up to it
        g.setStroke(have ? pathColor(base, 1, bg) : neutral);
        g.setLineWidth(pathWidth(1, geo.row));
        g.strokeLine(geo.xc, geo.yOut(geo.blocks - 1), geo.xc, geo.yLoss + 10 * s);
        drawNode(g, geo.xc, geo.yLoss, t.get("flow.loss"), text, bg, dark, s);
        // stem below the first block
        double inLevel = have ? level(c.in[0]) : 0.5;
        g.setStroke(have ? pathColor(base, inLevel, bg) : neutral);
        g.setLineWidth(pathWidth(inLevel, geo.row));
        g.strokeLine(geo.xc, geo.yBot, geo.xc, geo.yInput - 10 * s);
        drawNode(g, geo.xc, geo.yInput, t.get("flow.input"), text, bg, dark, s);

        int stage = -1;
        boolean[] down = m.built() != null ? m.built().downsampling() : new boolean[geo.blocks];
        for (int b = 0; b < geo.blocks; b++) {
            double yIn = geo.yIn(b), yOut = geo.yOut(b), r = geo.row;
            int st = stageOf(b, spec.n());
            if (st != stage) {
                stage = st;
                g.setStroke(muted.interpolate(bg, 0.6));
                g.setLineWidth(1);
                g.setLineDashes(3, 4);
                g.strokeLine(geo.x + 8, yIn, geo.x + geo.w - 8, yIn);
                g.setLineDashes(null);
                g.setFill(muted);
                g.setFont(Font.font(family(), 10.5 * s));
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.BOTTOM);
                g.fillText(t.get("flow.stage", st, spec.width() << (st - 1)), geo.x + 8, yIn - 2, geo.xc - geo.x - 12);
            }
            double lb = have ? level(c.branch[b]) : 0.5;
            double ls = have ? level(c.skip[b]) : 0.5;
            // residual branch F: out to the right, up through the weight layers, back to ⊕; in a plain net F
            // sits on the one and only path
            Color cb = have ? pathColor(base, lb, bg) : neutral;
            double fx = plain ? geo.xc : geo.xb;
            g.setStroke(cb);
            g.setLineWidth(pathWidth(lb, r));
            if (plain) g.strokeLine(geo.xc, yIn, geo.xc, yOut);
            else g.strokePolyline(new double[] {geo.xc, geo.xb, geo.xb, geo.xc},
                    new double[] {yIn - r * 0.04, yIn - r * 0.2, yOut + r * 0.2, yOut + r * 0.04}, 4);
            double bh = Math.max(2, r * 0.5);
            double bw = plain ? Math.min(geo.bw, 40 * s) : geo.bw;
            g.setFill(bg.interpolate(cb, dark ? 0.22 : 0.14));
            g.fillRoundRect(fx - bw / 2, yOut + (r - bh) / 2, bw, bh, 6, 6);
            g.setStroke(cb);
            g.setLineWidth(Math.max(1, Math.min(2, r / 12)) * s);
            g.strokeRoundRect(fx - bw / 2, yOut + (r - bh) / 2, bw, bh, 6, 6);
            if (bh >= 12 * s) {
                g.setFill(text);
                g.setFont(Font.font(family(), FontWeight.BOLD, Math.min(13 * s, bh * 0.7)));
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.fillText("F", fx, yOut + r / 2);
            }
            // shortcut: straight up the trunk
            if (!plain) {
                g.setStroke(have ? pathColor(base, ls, bg) : neutral);
                g.setLineWidth(pathWidth(ls, r));
                boolean projected = down[b] && spec.option() != DimensionOption.A || spec.option() == DimensionOption.C
                        || spec.shortcut() == ShortcutType.CONV1X1;
                if (down[b] && spec.option() == DimensionOption.A) g.setLineDashes(4 * s, 3 * s);
                g.strokeLine(geo.xc, yIn, geo.xc, yOut);
                g.setLineDashes(null);
                if (projected && r >= 8) {
                    g.setFill(bg);
                    double q = Math.min(r * 0.45, 12 * s);
                    g.fillRect(geo.xc - q / 2, (yIn + yOut) / 2 - q / 2, q, q);
                    g.setLineWidth(1);
                    g.strokeRect(geo.xc - q / 2, (yIn + yOut) / 2 - q / 2, q, q);
                }
            }
            // the junction at the block output
            double jr = Math.max(1.5, Math.min(6 * s, r * 0.22));
            g.setFill(bg);
            g.fillOval(geo.xc - jr, yOut - jr, 2 * jr, 2 * jr);
            g.setStroke(have ? pathColor(base, Math.max(ls, lb), bg) : neutral);
            g.setLineWidth(Math.max(1, jr / 3));
            g.strokeOval(geo.xc - jr, yOut - jr, 2 * jr, 2 * jr);
            if (!plain && jr >= 4) {
                g.strokeLine(geo.xc - jr * 0.55, yOut, geo.xc + jr * 0.55, yOut);
                g.strokeLine(geo.xc, yOut - jr * 0.55, geo.xc, yOut + jr * 0.55);
            }
        }
        drawDirectTerm(g, m, geo, dark);
        for (Pulse p : c.pulses) drawPulse(g, p, geo, (now - p.t0) / 1e9 / PULSE_SECONDS, base, plain);

        // footer: what reached the input, and the theory's direct term
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setFont(Font.font(family(), 11.5 * s));
        g.setFill(text);
        double fy = geo.yInput + 14 * s;
        if (have) {
            Formulas.fillText(g, t.get("flow.inputRatio", I18n.num(c.in[0])), cx, fy, geo.w - 8, 2); // formulas typeset
        }
        if (spec.shortcut() == ShortcutType.SCALED) {
            g.setFill(muted);
            Formulas.fillText(g, t.get("flow.prodLambda", I18n.num(spec.lambda()), geo.blocks,
                    I18n.num(Math.pow(spec.lambda(), geo.blocks))), cx, fy + 16 * s, geo.w - 8, 2);
        } else if (plain) {
            g.setFill(muted);
            g.fillText(t.get("flow.noShortcut"), cx, fy + 16 * s, geo.w - 8);
        }
    }

    /**
     * The direct term of He 2016, eq. (4)/(7): the part of ∂E/∂x_L that reaches block b through shortcuts only,
     * ∏_{i≥b} λ_i (1 for identity shortcuts). Drawn as a thin core line inside the trunk, fading on the same log
     * scale as the paths: with λ = 0.5 it is gone a dozen blocks below the loss, whatever the branches carry.
     */
    private void drawDirectTerm(GraphicsContext g, BenchModel m, Geometry geo, boolean dark) {
        ShortcutType type = m.spec().shortcut();
        if (m.built() == null || (type != ShortcutType.IDENTITY && type != ShortcutType.SCALED)) return;
        double[] lambdas = m.built().lambdas();
        if (lambdas.length != geo.blocks) return;
        double s = scale();
        double product = 1;
        Color core = Color.WHITE; // a light core inside the coloured trunk: the highway
        g.setLineWidth(Math.max(1.2 * s, pathWidth(1, geo.row) * 0.4));
        g.setLineCap(StrokeLineCap.BUTT);
        for (int b = geo.blocks - 1; b >= 0; b--) {
            product *= lambdas[b];
            double lv = level(product);
            if (lv <= 0.01) break;
            g.setStroke(Color.color(core.getRed(), core.getGreen(), core.getBlue(), 0.85 * Math.min(1, lv)));
            g.strokeLine(geo.xc, geo.yOut(b), geo.xc, geo.yIn(b));
        }
        g.setLineCap(StrokeLineCap.ROUND);
    }

    private static int stageOf(int block, int n) { return Math.min(3, block / Math.max(1, n) + 1); }

    private void drawNode(GraphicsContext g, double x, double y, String label, Color text, Color bg, boolean dark, double s) {
        g.setFont(Font.font(family(), FontWeight.BOLD, 11 * s));
        double w = Math.max(44 * s, label.length() * 7.5 * s + 14 * s), h = 20 * s;
        g.setFill(dark ? Color.web("#2b2d31") : Color.web("#f1f3f5"));
        g.fillRoundRect(x - w / 2, y - h / 2, w, h, h, h);
        g.setStroke(text.interpolate(bg, 0.6));
        g.setLineWidth(1);
        g.strokeRoundRect(x - w / 2, y - h / 2, w, h, h, h);
        g.setFill(text);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(label, x, y);
    }

    /** A pulse at fraction u of its way from the loss (0) to the input (1). */
    private void drawPulse(GraphicsContext g, Pulse p, Geometry geo, double u, Color base, boolean plain) {
        if (p.skip.length != geo.blocks) return;
        double y = geo.yLoss + u * (geo.yInput - geo.yLoss);
        double k = Math.max(0.5, Math.min(1, geo.row / 18)) * scale();
        if (y < geo.yTop + 0.0001 || y > geo.yBot) {
            double lv = y < geo.yTop ? 1 : level(p.in[0]);
            dot(g, geo.xc, y, lv, base, k);
            return;
        }
        int b = Math.min(geo.blocks - 1, Math.max(0, (int) ((geo.yBot - y) / geo.row)));
        double yOut = geo.yOut(b);
        double f = (y - yOut) / geo.row; // 0 at the block output, 1 at its input
        double xb;
        if (plain) xb = geo.xc;
        else if (f < 0.04) xb = geo.xc;
        else if (f < 0.2) xb = geo.xc + (geo.xb - geo.xc) * ((f - 0.04) / 0.16);
        else if (f > 0.96) xb = geo.xc;
        else if (f > 0.8) xb = geo.xb - (geo.xb - geo.xc) * ((f - 0.8) / 0.16);
        else xb = geo.xb;
        dot(g, xb, y, level(p.branch[b]), base, k);
        if (!plain) dot(g, geo.xc, y, level(p.skip[b]), base, k);
    }

    private void dot(GraphicsContext g, double x, double y, double level, Color base, double k) {
        if (level <= 0.02) return; // vanished: nothing to see
        double lv = Math.min(level, 1.4);
        double r = (1.5 + 5.5 * lv) * k;
        Color c = level > 1 ? base.interpolate(HOT, Math.min(1, (level - 1) / 0.5)) : base;
        c = c.interpolate(Color.WHITE, 0.35);
        g.setFill(Color.color(c.getRed(), c.getGreen(), c.getBlue(), 0.22 * Math.min(1, lv)));
        g.fillOval(x - 2.2 * r, y - 2.2 * r, 4.4 * r, 4.4 * r);
        g.setFill(Color.color(c.getRed(), c.getGreen(), c.getBlue(), Math.min(1, 0.25 + 0.75 * lv)));
        g.fillOval(x - r, y - r, 2 * r, 2 * r);
    }

    private void drawLegend(GraphicsContext g, double w, double h, double legendH, Color text, Color muted) {
        I18n t = ui.i18n();
        double s = scale();
        double bw = Math.min(260 * s, w * 0.4), bh = 10 * s;
        double x0 = w / 2 - bw / 2, y0 = h - legendH + 8 * s;
        Color bg = ui.state().dark.get() ? Color.web("#1e1f22") : Color.WHITE;
        Color base = ui.state().slotColor(0);
        g.setFill(new LinearGradient(x0, 0, x0 + bw, 0, false, CycleMethod.NO_CYCLE,
                new Stop(0, pathColor(base, 0, bg)), new Stop(DECADES / (DECADES + 2.0), pathColor(base, 1, bg)),
                new Stop(1, pathColor(base, 1.5, bg))));
        g.fillRoundRect(x0, y0, bw, bh, bh, bh);
        g.setFont(Font.font(family(), 10 * s));
        g.setFill(muted);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        String[] ticks = {"10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "1", "10²"};
        for (int i = 0; i < ticks.length; i++) {
            // level = (log10 r + DECADES) / DECADES, drawn over [0, 1.5]: 10^-4..1 at i/6, 10^2 at the end
            double x = x0 + bw * (i <= DECADES ? i / (DECADES * 1.5) : 1.0);
            g.fillText(ticks[i], x, y0 + bh + 2, 40);
        }
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(text);
        g.setFont(Font.font(family(), 11 * s));
        g.fillText(t.get("flow.legend"), x0 - 10, y0 + bh / 2, Math.max(40, x0 - 14));
        // the direct term's core line: a sample, and what it means
        double cx = x0 + bw + 18 * s;
        g.setLineCap(StrokeLineCap.BUTT);
        g.setStroke(base);
        g.setLineWidth(7 * s);
        g.strokeLine(cx, y0 + bh / 2, cx + 26 * s, y0 + bh / 2);
        g.setStroke(Color.WHITE);
        g.setLineWidth(2.5 * s);
        g.strokeLine(cx, y0 + bh / 2, cx + 26 * s, y0 + bh / 2);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(t.get("flow.legend.core"), cx + 32 * s, y0 + bh / 2, Math.max(40, w - cx - 36 * s));
    }

    private void drawHover(GraphicsContext g, BenchModel m, Column c, Geometry geo, Color text, boolean dark) {
        if (geo.blocks == 0 || mouseY < geo.yTop || mouseY > geo.yBot) return;
        int b = Math.min(geo.blocks - 1, Math.max(0, (int) ((geo.yBot - mouseY) / geo.row)));
        I18n t = ui.i18n();
        NetworkSpec spec = m.spec();
        List<String> lines = new ArrayList<>();
        lines.add(t.get("flow.hover.block", b + 1, stageOf(b, spec.n())));
        if (c != null && c.last != null && c.last.outGrad().length == geo.blocks) {
            RunEvent.Step s = c.last;
            lines.add(t.get("flow.hover.out", I18n.num(s.outGrad()[b])));
            if (!spec.isPlain()) lines.add(t.get("flow.hover.skip", I18n.num(s.skipGrad()[b]), I18n.num(c.skip[b])));
            lines.add(t.get("flow.hover.branch", I18n.num(s.branchGrad()[b]), I18n.num(c.branch[b])));
        } else {
            lines.add(t.get("flow.hover.none"));
        }
        if (spec.shortcut() == ShortcutType.SCALED) lines.add("λ = " + I18n.num(spec.lambda()));
        double s = scale();
        g.setFont(Font.font(family(), 12 * s));
        double lh = 17 * s, bw = 0;
        for (String l : lines) bw = Math.max(bw, l.length() * 6.6 * s);
        bw += 16;
        double bh = lines.size() * lh + 10;
        double x = Math.min(mouseX + 14, getWidth() - bw - 4), y = Math.min(mouseY + 10, getHeight() - bh - 4);
        g.setFill(dark ? Color.web("#2b2d31", 0.96) : Color.web("#ffffff", 0.96));
        g.fillRoundRect(x, y, bw, bh, 8, 8);
        g.setStroke(ui.state().slotColor(m.slot()));
        g.setLineWidth(1.2);
        g.strokeRoundRect(x, y, bw, bh, 8, 8);
        g.setFill(text);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (int i = 0; i < lines.size(); i++) g.fillText(lines.get(i), x + 8, y + 5 + i * lh);
        double yo = geo.yOut(b);
        g.setStroke(text.interpolate(Color.TRANSPARENT, 0.5));
        g.setLineDashes(2, 3);
        g.strokeRect(geo.x + 4, yo, geo.w - 8, geo.row);
        g.setLineDashes(null);
    }
}
