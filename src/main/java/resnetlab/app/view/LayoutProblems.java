package resnetlab.app.view;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import resnetlab.charts.ChartExport;

/**
 * What a class could not read in the window as it is laid out now: the layout check's eyes
 * ({@code --check-layout}, {@link resnetlab.app.LayoutCheck}). It walks the scene's visible nodes and names
 * <ul>
 * <li>a label, button or tab whose text is cut (JavaFX draws "…" or clips: the text drawn differs from the text);</li>
 * <li>a text field whose value is wider than the field (the value scrolls out of sight, e.g. a depth of "56" shown
 *     as "5(");</li>
 * <li>a control that leaves the window or is cut by its container (not inside a scroll pane, which can scroll to
 *     it), and boxes whose children overlap or overflow them;</li>
 * <li>a chart whose plot area, as {@link ChartExport#render} fits it, is below {@value #PLOT_W}x{@value #PLOT_H}
 *     px and below {@value #PLOT_SHARE} of the chart's area, or below {@value #PLOT_FLOOR_W}x{@value #PLOT_FLOOR_H}
 *     px at all;</li>
 * <li>a network diagram whose rows (one per residual block) are under {@value #MIN_BLOCK} px high.</li>
 * </ul>
 * Each problem is one line: where (the caller's label, e.g. "1280x720 presentation zh lesson / flow"), the node
 * (its id, style class or type, and its text) and what is wrong. Runs on the FX thread.
 */
public final class LayoutProblems {
    static final int PLOT_W = 200, PLOT_H = 120;
    static final double PLOT_SHARE = 0.4;
    static final int PLOT_FLOOR_W = 100, PLOT_FLOOR_H = 60;
    /** Least height of a block's row in the network diagram (logical px). */
    public static final double MIN_BLOCK = 4;
    /** Slack for rounding: a pixel of overlap or overflow is not a problem. */
    private static final double SLACK = 1.5;

    private final String where, pane;
    private final List<String> problems = new ArrayList<>();
    private final Scene scene;

    private LayoutProblems(Scene scene, String where, String pane) {
        this.scene = scene;
        this.where = where;
        this.pane = pane;
    }

    /**
     * The problems of {@code scene} as laid out now, one line each, prefixed with {@code where}, and with
     * " / " + {@code pane} for nodes inside a tab pane (the bench, toolbar and status bar are the same in every pane).
     */
    public static List<String> find(Scene scene, String where, String pane) {
        LayoutProblems p = new LayoutProblems(scene, where, pane);
        p.walk(scene.getRoot(), false);
        return p.problems;
    }

    private void walk(Node n, boolean scrolled) {
        if (!n.isVisible() || n.getOpacity() == 0) return;
        Bounds b = n.localToScene(n.getLayoutBounds());
        if (b.getWidth() <= 0 && b.getHeight() <= 0) return;
        check(n, b, scrolled);
        if (n instanceof ChartPane || n instanceof NetworkDiagram) return; // pictures: checked as a whole
        if (n instanceof TabPane tp) {
            // the headers of tabs that do not fit are reached through the tab pane's menu: check the content only
            for (Node c : tp.getChildrenUnmodifiable()) {
                if (!c.getStyleClass().contains("tab-header-area")) walk(c, scrolled);
            }
            return;
        }
        if (n instanceof Parent p) {
            boolean inScroll = scrolled || n instanceof ScrollPane;
            if (n instanceof HBox || n instanceof VBox || n instanceof GridPane || n instanceof BorderPane) boxes((Region) n);
            for (Node c : p.getChildrenUnmodifiable()) walk(c, inScroll);
        }
    }

    private void check(Node n, Bounds b, boolean scrolled) {
        if (n instanceof Labeled l) cutLabel(l);
        if (n instanceof TextField f) hiddenValue(f);
        if (n instanceof ChartPane c) chart(c);
        if (n instanceof NetworkDiagram d) diagram(d);
        if (!scrolled && (n instanceof javafx.scene.control.Control || n instanceof ChartPane || n instanceof NetworkDiagram)) {
            if (b.getMinX() < -SLACK || b.getMinY() < -SLACK || b.getMaxX() > scene.getWidth() + SLACK || b.getMaxY() > scene.getHeight() + SLACK) {
                add(n, "leaves the window: " + box(b) + " in " + (int) scene.getWidth() + "x" + (int) scene.getHeight());
            }
        }
    }

    /** JavaFX shows a cut label's text with "…" (or a part of it) in its LabeledText child. */
    private void cutLabel(Labeled l) {
        String full = l.getText();
        if (full == null || full.isBlank() || l.getWidth() <= 0) return;
        if (l.getContentDisplay() == javafx.scene.control.ContentDisplay.GRAPHIC_ONLY) return;
        Text shown = null;
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t && c.getStyleClass().contains("text")) { shown = t; break; }
        }
        if (shown == null || !shown.isVisible()) return;
        if (!squash(shown.getText()).equals(squash(full))) {
            add(l, "text cut: shows \"" + oneLine(shown.getText()) + "\" of \"" + oneLine(full) + "\"");
        }
    }

    private void hiddenValue(TextField f) {
        String v = f.getText();
        if (v == null || v.isEmpty() || f.getWidth() <= 0) return;
        Text probe = new Text(v);
        probe.setFont(f.getFont());
        double need = probe.getLayoutBounds().getWidth();
        Insets in = f.getInsets();
        double room = f.getWidth() - in.getLeft() - in.getRight();
        if (need > room + 0.5) add(f, "value \"" + v + "\" hidden: needs " + (int) Math.ceil(need) + " px, the field shows " + (int) room);
    }

    private void chart(ChartPane c) {
        int w = (int) Math.floor(c.getWidth()), h = (int) Math.floor(c.getHeight());
        if (c.chart() == null || w < 1 || h < 1) return;
        java.awt.geom.Rectangle2D d;
        try {
            d = ChartExport.plotArea(ChartRenderer.renderCopy(c.chart()), Math.max(w, 40), Math.max(h, 40));
        } catch (RuntimeException e) {
            try { // a live chart's data may have changed under the copy: once more
                d = ChartExport.plotArea(ChartRenderer.renderCopy(c.chart()), Math.max(w, 40), Math.max(h, 40));
            } catch (RuntimeException again) {
                add(c, "chart cannot be drawn at " + w + "x" + h + ": " + again);
                return;
            }
        }
        // stacked plots (a combined plot) share the chart's height: each is held to its part of it
        int plots = c.chart().getPlot() instanceof org.jfree.chart.plot.CombinedDomainXYPlot cp ? Math.max(1, cp.getSubplots().size()) : 1;
        boolean big = d.getWidth() >= PLOT_W && d.getHeight() >= PLOT_H / (double) plots;
        boolean share = d.getWidth() * d.getHeight() * plots >= PLOT_SHARE * w * h;
        boolean floor = d.getWidth() >= PLOT_FLOOR_W && d.getHeight() >= PLOT_FLOOR_H;
        if (!floor || !(big || share)) {
            add(c, String.format(java.util.Locale.ROOT, "plot area %dx%d px in a %dx%d chart (needs %dx%d or %.0f%% of the chart, and at least %dx%d)",
                    (int) d.getWidth(), (int) d.getHeight(), w, h, PLOT_W, PLOT_H, PLOT_SHARE * 100, PLOT_FLOOR_W, PLOT_FLOOR_H));
        }
    }

    private void diagram(NetworkDiagram d) {
        double row = d.smallestBlockHeight();
        if (!Double.isNaN(row) && row < MIN_BLOCK) {
            add(d, String.format(java.util.Locale.ROOT, "blocks %.1f px high (at least %.0f) in a %dx%d diagram", row, MIN_BLOCK,
                    (int) d.getWidth(), (int) d.getHeight()));
        }
    }

    /** Children of a box that overlap each other or run past the box's edges (a box does not clip them). */
    private void boxes(Region box) {
        List<Node> kids = new ArrayList<>();
        for (Node c : box.getChildrenUnmodifiable()) if (c.isManaged() && c.isVisible()) kids.add(c);
        for (int i = 0; i < kids.size(); i++) {
            Bounds a = laidOut(kids.get(i));
            if (a.getWidth() <= 0 || a.getHeight() <= 0) continue;
            if (a.getMaxX() > box.getWidth() + SLACK || a.getMaxY() > box.getHeight() + SLACK || a.getMinX() < -SLACK || a.getMinY() < -SLACK) {
                add(kids.get(i), "runs out of its " + name(box) + ": " + box(a) + " in " + (int) box.getWidth() + "x" + (int) box.getHeight());
            }
            for (int j = i + 1; j < kids.size(); j++) {
                Bounds c = laidOut(kids.get(j));
                double ox = Math.min(a.getMaxX(), c.getMaxX()) - Math.max(a.getMinX(), c.getMinX());
                double oy = Math.min(a.getMaxY(), c.getMaxY()) - Math.max(a.getMinY(), c.getMinY());
                if (ox > SLACK && oy > SLACK && c.getWidth() > 0 && c.getHeight() > 0) {
                    add(kids.get(i), "overlaps " + name(kids.get(j)) + " by " + (int) ox + "x" + (int) oy + " px");
                }
            }
        }
    }

    /** Where the box put a child (its layout bounds moved to its position; no shadows or focus rings). */
    private static Bounds laidOut(Node n) {
        Bounds b = n.getLayoutBounds();
        return new javafx.geometry.BoundingBox(n.getLayoutX() + b.getMinX(), n.getLayoutY() + b.getMinY(), b.getWidth(), b.getHeight());
    }

    private void add(Node n, String what) {
        boolean inTabs = false;
        for (Node p = n.getParent(); p != null && !inTabs; p = p.getParent()) inTabs = p instanceof TabPane;
        String line = where + (inTabs && pane != null ? " / " + pane : "") + ": " + name(n) + ": " + what;
        if (!problems.contains(line)) problems.add(line);
    }

    /** The node for a reader: its id or first style class or type, its text when it has one, and its pane. */
    static String name(Node n) {
        String kind = n.getId() != null ? "#" + n.getId()
                : !n.getStyleClass().isEmpty() ? n.getClass().getSimpleName() + "." + n.getStyleClass().get(n.getStyleClass().size() - 1)
                : n.getClass().getSimpleName();
        String text = n instanceof Labeled l && l.getText() != null && !l.getText().isBlank() ? " \"" + oneLine(l.getText()) + "\"" : "";
        String in = "";
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ModelCard || p instanceof LessonPanel || p instanceof ControlBar || p instanceof StatusBar
                    || p.getStyleClass().contains("top-bar") || p instanceof javafx.scene.control.TabPane) {
                in = " in " + p.getClass().getSimpleName();
                break;
            }
        }
        return kind + text + in;
    }

    private static String squash(String s) { return s.replaceAll("\\s+", ""); }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').strip();
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    private static String box(Bounds b) {
        return String.format(java.util.Locale.ROOT, "[%d,%d %dx%d]", (int) b.getMinX(), (int) b.getMinY(), (int) b.getWidth(), (int) b.getHeight());
    }
}
