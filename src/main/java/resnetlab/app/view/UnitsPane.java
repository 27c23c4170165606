package resnetlab.app.view;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.History;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.RunEvent;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.CurveChart;
import resnetlab.charts.DecimatingXYDataset;

/**
 * Pane 5, shortcuts and units (He et al. 2016, Fig. 2 and 4, Tables 1 and 2): every bench model's unit drawn
 * next to its own training curve, on the same error axis, so the shortcut types (×λ, gates, 1×1, dropout) and
 * unit orderings (where BN and ReLU sit) can be compared side by side. Pick "Comparison ▸ Gates" or "Unit
 * ordering" to load such a set.
 */
public final class UnitsPane extends BorderPane implements LabModel.RunObserver, FramePane {
    private static final int SMOOTH = 20;
    private final UiContext ui;
    private final GridPane rows = new GridPane();
    private final Map<BenchModel, Row> byModel = new IdentityHashMap<>();
    private boolean rebuild = true, dirty, shown;
    private long lastFire;

    private final class Row {
        final BenchModel model;
        final UnitDiagram diagram;
        final ChartPane chart;
        final Label name = new Label();
        DecimatingXYDataset data;
        final double[] recent = new double[SMOOTH];
        int n;

        Row(BenchModel m) {
            model = m;
            diagram = new UnitDiagram(ui.state());
            chart = new ChartPane(ui, "unit-curve-" + (m.slot() + 1));
            chart.setMinHeight(160);
        }

        double smooth(double e) {
            recent[n++ % SMOOTH] = e;
            int k = Math.min(n, SMOOTH);
            double s = 0;
            for (int i = 0; i < k; i++) s += recent[i];
            return s / k;
        }
    }

    public UnitsPane(UiContext ui) {
        this.ui = ui;
        getStyleClass().add("units-pane");
        setTop(Panes.hintBar(ui, "units.hint"));
        rows.setMinHeight(Region.USE_PREF_SIZE); // the rows scroll rather than overlap
        rows.setHgap(10);
        rows.setVgap(8);
        rows.setPadding(new Insets(8, 10, 8, 10));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(rows);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("bench-scroll");
        setCenter(scroll);
        ui.lab().addObserver(this);
        ui.lab().models().addListener((ListChangeListener<BenchModel>) c -> rebuild = true);
        ui.i18n().localeProperty().addListener(o -> rebuild = true);
        ui.state().chartThemeProperty().addListener(o -> rebuild = true);
        widthProperty().addListener(o -> { if (columns() != columns) rebuild = true; });
    }

    private int columns = 2;

    /** Two models a row while each row's diagram and chart get their room, else one (a narrow pane, large fonts). */
    private int columns() {
        return getWidth() > 0 && getWidth() < 2 * (260 + Panes.CHART_MIN_W + 40) ? 1 : 2;
    }

    public void setShown(boolean s) { shown = s; }

    @Override public void onEvent(BenchModel m, RunEvent e) {
        if (rebuild) return;
        Row r = byModel.get(m);
        if (r == null || e instanceof RunEvent.Built) {
            rebuild = true;
        } else if (e instanceof RunEvent.Step s) {
            r.data.append(0, s.iteration(), r.smooth(s.error()));
            dirty = true;
        } else if (e instanceof RunEvent.Eval v) {
            r.data.append(1, v.iteration(), v.error());
            dirty = true;
        }
    }

    @Override public void frame(long now) {
        if (rebuild) {
            rebuild();
            return;
        }
        if (dirty && shown && now - lastFire > 500_000_000L) {
            for (Row r : byModel.values()) {
                r.data.fireChanged();
                r.chart.refresh();
            }
            dirty = false;
            lastFire = now;
        }
    }

    private void rebuild() {
        rebuild = false;
        I18n t = ui.i18n();
        ChartTheme theme = ui.state().chartTheme();
        rows.getChildren().clear();
        rows.getRowConstraints().clear();
        byModel.clear();
        List<BenchModel> ms = new ArrayList<>(ui.lab().models());
        columns = columns();
        for (int i = 0; i < ms.size(); i++) {
            BenchModel m = ms.get(i);
            Row r = new Row(m);
            byModel.put(m, r);
            ModelSetup setup = m.builtSetup() != null ? m.builtSetup() : m.draft().parse().setup();
            if (setup != null) r.diagram.show(setup, ui.state().slotColor(m.slot()));
            r.data = new DecimatingXYDataset(CurvesPane.MAX_POINTS);
            r.data.addSeries(t.get("units.train"));
            r.data.addSeries(t.get("units.test"));
            History h = m.trainHistory();
            for (int k = 0; k < h.size(); k++) r.data.append(0, h.x(k), r.smooth(h.b(k)));
            History e = m.testHistory();
            for (int k = 0; k < e.size(); k++) r.data.append(1, e.x(k), e.b(k));
            String name = Words.model(t, m);
            String detail = setup == null ? "" : Words.shortcutFormula(t, setup.shortcut()) + "\n" + Words.unitOrder(t, setup.unit());
            JFreeChart chart = CurveChart.live(new ChartText(name, t.get("chart.iteration"), t.get("units.y"), null), r.data,
                    AxisScale.LINEAR, theme);
            XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
            java.awt.Color c = theme.seriesColor(m.slot());
            renderer.setSeriesPaint(0, c, false);
            renderer.setSeriesPaint(1, c, false);
            renderer.setSeriesStroke(1, theme.dashedStroke(), false);
            renderer.setSeriesShapesVisible(1, true);
            chart.getXYPlot().getRangeAxis().setRange(0, 1);
            chart.getTitle().setPaint(c);
            r.chart.setChart(chart);
            r.name.setWrapText(true);
            r.name.getStyleClass().add("pane-hint");
            r.name.setMinHeight(Region.USE_PREF_SIZE);
            r.name.setMinWidth(0); // wraps within the diagram's column
            r.name.setMaxWidth(236);
            VBox left = new VBox(4, r.diagram, r.name);
            Formulas.show(r.name, detail, ui, left.widthProperty()); // the shortcut's formula typeset
            left.setPrefWidth(250);
            left.setMinWidth(Region.USE_COMPUTED_SIZE); // as wide as its widest line needs
            VBox.setVgrow(r.diagram, Priority.ALWAYS);
            HBox.setHgrow(r.chart, Priority.ALWAYS);
            int col = i % columns, row = i / columns;
            HBox cell = new HBox(8, left, r.chart);
            cell.setMinHeight(Region.USE_PREF_SIZE);
            r.chart.setMinWidth(Panes.CHART_MIN_W * 0.8);
            cell.getStyleClass().add("unit-cell");
            GridPane.setHgrow(cell, Priority.ALWAYS);
            GridPane.setVgrow(cell, Priority.ALWAYS);
            r.chart.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
            rows.add(cell, col, row);
        }
        var cc = new javafx.scene.layout.ColumnConstraints();
        cc.setPercentWidth(ms.size() > 1 && columns == 2 ? 50 : 100);
        if (columns == 2) rows.getColumnConstraints().setAll(cc, cc);
        else rows.getColumnConstraints().setAll(cc);
    }
}
