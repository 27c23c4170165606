package resnetlab.app.view;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.StackPane;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.ExperimentModel;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Grid;
import resnetlab.charts.LandscapeChart;
import resnetlab.charts.SurfacePlot3D;
import resnetlab.charts.SurfaceView;

/**
 * The loss surfaces of every model in 3-D, side by side on one colour scale ({@link LandscapeChart#surface3d}), turned
 * with the mouse (drag: left/right turns, up/down tilts), zoomed with the wheel, and with the keys once clicked: arrows
 * turn and tilt by 5°, + and − zoom, Home goes back to the first view. The picture is made and drawn on the chart
 * thread ({@link ChartPane#setChartLater}); drags faster than it draws are coalesced, the newest view wins. Exports like
 * any chart (PNG, SVG, PDF, and the grids as CSV/JSON).
 */
public final class Surface3DView extends StackPane {
    static final double DEGREES_PER_PIXEL = 0.5, KEY_STEP = 5, ZOOM_STEP = 1.1;

    private final UiContext ui;
    private final ChartPane chart;
    private SurfaceView view = SurfaceView.DEFAULT;
    private List<ExperimentModel.Landscape> landscapes = List.of();
    /** Slots of the models left out of the picture (the pane's "Models" menu); the others share the axes and colours. */
    private java.util.Set<Integer> hidden = java.util.Set.of();
    private double lastX, lastY;
    private boolean turning;

    Surface3DView(UiContext ui) {
        this.ui = ui;
        chart = new ChartPane(ui, "loss-surface-3d");
        chart.setId("landscape-3d-chart");
        chart.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        getChildren().add(chart);
        setFocusTraversable(true);
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            turning = onPicture(e);
            if (!turning) return;
            requestFocus();
            lastX = e.getX();
            lastY = e.getY();
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (!turning) return;
            setView(view.rotate(-(e.getX() - lastX) * DEGREES_PER_PIXEL, (e.getY() - lastY) * DEGREES_PER_PIXEL));
            lastX = e.getX();
            lastY = e.getY();
            e.consume();
        });
        addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0) return;
            setView(view.zoomBy(e.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP));
            e.consume();
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            SurfaceView next = switch (e.getCode()) {
                case LEFT -> view.rotate(KEY_STEP, 0);
                case RIGHT -> view.rotate(-KEY_STEP, 0);
                case UP -> view.rotate(0, KEY_STEP);
                case DOWN -> view.rotate(0, -KEY_STEP);
                case PLUS, ADD, EQUALS -> view.zoomBy(ZOOM_STEP);
                case MINUS, SUBTRACT -> view.zoomBy(1 / ZOOM_STEP);
                case HOME -> SurfaceView.DEFAULT;
                default -> null;
            };
            if (next == null) return;
            setView(next);
            e.consume();
        });
    }

    /** Presses on the picture turn it; presses on the export button do not. */
    private boolean onPicture(MouseEvent e) {
        for (javafx.scene.Node n = e.getPickResult().getIntersectedNode(); n != null && n != this; n = n.getParent()) {
            if (n instanceof javafx.scene.control.MenuButton) return false;
        }
        return true;
    }

    public SurfaceView view() { return view; }
    public ChartPane chartPane() { return chart; }

    void setView(SurfaceView v) {
        if (v.equals(view)) return;
        view = v;
        redraw();
    }

    /** Shows the surfaces of {@code ls} (those that have one), in bench order. */
    void setLandscapes(List<ExperimentModel.Landscape> ls) {
        landscapes = List.copyOf(ls);
        if (getParent() != null) redraw(); // in 2-D mode the view is out of the pane: drawn when it comes back
    }

    /** Leaves the models in bench slots {@code slots} out (e.g. plain-20, to put plain-56 and ResNet-56 side by side). */
    void setHidden(java.util.Set<Integer> slots) {
        hidden = java.util.Set.copyOf(slots);
        if (getParent() != null) redraw();
    }

    /** Copies what the chart needs on the FX thread (the scans are immutable), then makes and draws it on the chart thread. */
    void redraw() {
        I18n t = ui.i18n();
        List<SurfacePlot3D.Panel> panels = new ArrayList<>();
        for (ExperimentModel.Landscape l : landscapes) {
            if (hidden.contains(l.slot())) continue;
            var s = l.scan().surface();
            if (s != null) panels.add(new SurfacePlot3D.Panel(t.get("lesion.series", l.name(), l.iteration()), new Grid(s.alpha(), s.beta(), s.loss())));
        }
        if (panels.isEmpty()) {
            panels.add(new SurfacePlot3D.Panel(t.get("landscape.empty"), new Grid(new double[] {-1, 1}, new double[] {-1, 1},
                    new double[][] {{Double.NaN, Double.NaN}, {Double.NaN, Double.NaN}})));
        }
        ChartText text = new ChartText(t.get("landscape.surface3d.title"), t.get("landscape.alpha"), t.get("landscape.beta"),
                landscapes.isEmpty() ? null : t.get("landscape.provenance", landscapes.get(0).images()));
        String zLabel = t.get("landscape.loss");
        ChartTheme theme = ui.state().chartTheme();
        SurfaceView v = view;
        chart.setChartLater(() -> LandscapeChart.surface3d(text, panels, zLabel, null, 8, v, theme));
    }
}
