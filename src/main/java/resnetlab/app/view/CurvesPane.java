package resnetlab.app.view;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.History;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.RunEvent;
import resnetlab.app.model.TrainSettings;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.CurveChart;
import resnetlab.charts.DecimatingXYDataset;

/**
 * Pane 1, training curves: training and test error (left) and loss (right) of every bench model, live. Solid
 * lines are the training error/loss (mean of the last 20 batches), dashed lines with points the test set.
 * Points arrive from the lab's events without chart events; while the pane is on screen the charts are drawn
 * again on the shared slow tick, twice a second (off the FX thread), and each series is decimated to {@value #MAX_POINTS}
 * points, so hour-long runs stay smooth.
 */
public final class CurvesPane extends BorderPane implements LabModel.RunObserver, FramePane {
    static final int MAX_POINTS = 1500;
    private static final int SMOOTH = 20;

    private final UiContext ui;
    private final ChartPane errorPane, lossPane;
    private final CheckBox log = new CheckBox();
    private final CheckBox smooth = new CheckBox();
    private DecimatingXYDataset errorData, lossData;
    private final Map<BenchModel, Series> series = new IdentityHashMap<>();
    private boolean dirty, rebuild = true, shown = true;
    private long lastFire;

    /** Series indices of one model and its smoothing window. */
    private static final class Series {
        int train, test;
        final double[] errs = new double[SMOOTH], losses = new double[SMOOTH];
        int n;

        double[] push(double err, double loss) {
            errs[n % SMOOTH] = err;
            losses[n % SMOOTH] = loss;
            n++;
            int k = Math.min(n, SMOOTH);
            double e = 0, l = 0;
            for (int i = 0; i < k; i++) { e += errs[i]; l += losses[i]; }
            return new double[] {e / k, l / k};
        }
    }

    public CurvesPane(UiContext ui) {
        this.ui = ui;
        I18n t = ui.i18n();
        getStyleClass().add("curves-pane");
        errorPane = new ChartPane(ui, "training-error");
        lossPane = new ChartPane(ui, "training-loss");
        errorPane.setId("error-chart");
        lossPane.setId("loss-chart");
        log.textProperty().bind(t.text("curves.log"));
        log.setTooltip(new Tooltip());
        log.getTooltip().textProperty().bind(t.text("curves.log.tooltip"));
        smooth.textProperty().bind(t.text("curves.smooth"));
        smooth.setTooltip(new Tooltip());
        smooth.getTooltip().textProperty().bind(t.text("curves.smooth.tooltip"));
        smooth.setSelected(true);
        Label hint = new Label();
        hint.getStyleClass().add("pane-hint");
        Formulas.bind(hint, t.text("curves.hint"), ui, hint.widthProperty()); // formulas typeset
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(hint, Priority.ALWAYS);
        hint.setMaxWidth(Double.MAX_VALUE);
        log.setMinWidth(Region.USE_PREF_SIZE);
        smooth.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(14, hint, log, smooth);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.getStyleClass().add("pane-bar");
        bar.setPadding(new Insets(6, 10, 6, 10));
        setTop(bar);

        errorPane.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        lossPane.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        setCenter(Panes.scrolled(new ChartPair(errorPane, lossPane), Region.USE_COMPUTED_SIZE));

        InvalidationListener again = o -> rebuild = true;
        log.selectedProperty().addListener(again);
        smooth.selectedProperty().addListener(again);
        t.localeProperty().addListener(again);
        ui.state().chartThemeProperty().addListener(again);
        ui.lab().settingsProperty().addListener(again);
        ui.lab().models().addListener((ListChangeListener<BenchModel>) ch -> rebuild = true);
        ui.lab().addObserver(this);
        setMinSize(Region.USE_COMPUTED_SIZE, 200);
    }

    /** Off screen the curves collect points but are not drawn. */
    public void setShown(boolean s) { shown = s; }

    public ChartPane errorChart() { return errorPane; }
    public ChartPane lossChart() { return lossPane; }

    @Override public void onEvent(BenchModel m, RunEvent e) {
        if (rebuild) return; // the rebuild replays the histories
        Series s = series.get(m);
        if (e instanceof RunEvent.Built) {
            rebuild = true;
        } else if (s == null) {
            rebuild = true;
        } else if (e instanceof RunEvent.Step st) {
            double[] v = smooth.isSelected() ? s.push(st.error(), st.loss()) : new double[] {st.error(), st.loss()};
            errorData.append(s.train, st.iteration(), v[0]);
            lossData.append(s.train, st.iteration(), v[1]);
            dirty = true;
        } else if (e instanceof RunEvent.Eval ev) {
            errorData.append(s.test, ev.iteration(), ev.error());
            lossData.append(s.test, ev.iteration(), ev.loss());
            dirty = true;
        }
    }

    @Override public void frame(long now) {
        if (rebuild) {
            rebuild();
            lastFire = FramePane.slowTick(now);
            return;
        }
        if (dirty && shown && FramePane.slowTick(now) != lastFire) {
            errorData.fireChanged();
            lossData.fireChanged();
            errorPane.refresh();
            lossPane.refresh();
            dirty = false;
            lastFire = FramePane.slowTick(now);
        }
    }

    private void rebuild() {
        rebuild = false;
        dirty = false;
        I18n t = ui.i18n();
        ChartTheme theme = ui.state().chartTheme();
        errorData = new DecimatingXYDataset(MAX_POINTS);
        lossData = new DecimatingXYDataset(MAX_POINTS);
        series.clear();
        List<BenchModel> ms = new ArrayList<>(ui.lab().models());
        List<String> used = new ArrayList<>();
        for (BenchModel m : ms) {
            Series s = new Series();
            String name = unique(Words.model(t, m), used);
            s.train = errorData.addSeries(t.get("curves.train", name));
            lossData.addSeries(t.get("curves.train", name));
            series.put(m, s);
        }
        for (BenchModel m : ms) {
            Series s = series.get(m);
            String name = used.get(ms.indexOf(m));
            s.test = errorData.addSeries(t.get("curves.test", name));
            lossData.addSeries(t.get("curves.test", name));
            replay(m, s);
        }
        AxisScale scale = log.isSelected() ? AxisScale.LOG : AxisScale.LINEAR;
        String provenance = provenance(t, ms, ui.lab().settings());
        JFreeChart err = CurveChart.live(new ChartText(t.get("curves.error.title"), t.get("chart.iteration"),
                t.get("curves.error.axis"), provenance), errorData, scale, theme);
        JFreeChart loss = CurveChart.live(new ChartText(t.get("curves.loss.title"), t.get("chart.iteration"),
                t.get("curves.loss.axis"), provenance), lossData, AxisScale.LOG, theme); // losses span decades: always log
        style(err, ms, theme);
        style(loss, ms, theme);
        errorPane.setChart(err);
        lossPane.setChart(loss);
    }

    private static String unique(String name, List<String> used) {
        String n = name;
        for (int k = 2; used.contains(n); k++) n = name + " #" + k;
        used.add(n);
        return n;
    }

    private void replay(BenchModel m, Series s) {
        History h = m.trainHistory();
        boolean sm = smooth.isSelected();
        for (int i = 0; i < h.size(); i++) {
            double[] v = sm ? s.push(h.b(i), h.a(i)) : new double[] {h.b(i), h.a(i)};
            errorData.append(s.train, h.x(i), v[0]);
            lossData.append(s.train, h.x(i), v[1]);
        }
        History e = m.testHistory();
        for (int i = 0; i < e.size(); i++) {
            errorData.append(s.test, e.x(i), e.b(i));
            lossData.append(s.test, e.x(i), e.a(i));
        }
    }

    /** Colours by bench slot (as on the cards); test series dashed with points. */
    private void style(JFreeChart chart, List<BenchModel> ms, ChartTheme theme) {
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        int k = ms.size();
        for (int i = 0; i < k; i++) {
            java.awt.Color c = theme.seriesColor(ms.get(i).slot());
            r.setSeriesPaint(i, c, false);
            r.setSeriesStroke(i, theme.seriesStroke(0), false);
            r.setSeriesShapesVisible(i, false);
            r.setSeriesPaint(k + i, c, false);
            r.setSeriesStroke(k + i, theme.dashedStroke(), false);
            r.setSeriesShapesVisible(k + i, true);
            r.setSeriesShape(k + i, theme.seriesShape(ms.get(i).slot()), false);
        }
        r.setDrawSeriesLineAsPath(true);
    }

    /** The line under the title that says what the curves are made of (SCIENCE.md §5: say so on screen). */
    static String provenance(I18n t, List<BenchModel> ms, TrainSettings s) {
        String data = ms.isEmpty() ? "" : Words.preset(t, resnetlab.app.model.DataPreset.byKey(
                ms.get(0).builtSetup() != null ? ms.get(0).builtSetup().preset() : ms.get(0).draft().preset.get().key()));
        return t.get("curves.provenance", data, I18n.num(s.lr()), s.batch(), s.seed());
    }
}
