package resnetlab.app.view;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.LesionModel;
import resnetlab.app.model.Notice;
import javafx.scene.control.ToggleGroup;
import resnetlab.charts.ChartText;
import resnetlab.charts.Curve;
import resnetlab.charts.LesionChart;
import resnetlab.charts.LesionSeries;

/**
 * Pane 3, deleting layers (Veit et al. 2016): a copy of a bench model's current weights, drawn as its blocks
 * stage by stage; a click deletes a block (y = x) or restores it, and the test error on {@value
 * LesionModel#TEST_IMAGES} test images is shown again within about a second. "Delete each block" measures
 * every single-block lesion of every bench model: a residual net barely notices most, a plain net collapses.
 */
public final class LesionPane extends BorderPane implements FramePane {
    private final UiContext ui;
    private final LesionModel lesion;
    private final ComboBox<BenchModel> model = new ComboBox<>();
    private final GridPane tiles = new GridPane();
    private final Label error = new Label();
    private final Label detail = new Label();
    private final ChartPane sweepChart, randomChart, reorderChart;
    private final ToggleGroup view = new ToggleGroup();
    private final ToggleButton viewEach = new ToggleButton(), viewRandom = new ToggleButton(), viewReorder = new ToggleButton();
    private final List<ToggleButton> tileButtons = new ArrayList<>();
    private boolean shown;
    private long lastTry;

    public LesionPane(UiContext ui) {
        this.ui = ui;
        this.lesion = ui.models().lesion();
        I18n t = ui.i18n();
        getStyleClass().add("lesion-pane");

        Label hint = new Label();
        hint.getStyleClass().add("pane-hint");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        HBox bar = new HBox(hint);
        bar.getStyleClass().add("pane-bar");
        bar.setPadding(new Insets(6, 10, 6, 10));
        Formulas.bind(hint, t.text("lesion.hint"), ui, bar.widthProperty().subtract(20)); // formulas typeset
        setTop(bar);

        model.setItems(ui.lab().models());
        model.setCellFactory(l -> new ModelCell());
        model.setButtonCell(new ModelCell());
        model.setId("lesion-model");
        ui.lab().models().addListener((ListChangeListener<BenchModel>) c -> {
            boolean replaced = false;
            while (c.next()) replaced |= c.wasReplaced() || c.getRemovedSize() > 1;
            if (replaced || !ui.lab().models().contains(model.getValue())) model.setValue(defaultModel());
        });
        model.setValue(defaultModel());
        Label modelLabel = new Label();
        modelLabel.textProperty().bind(t.text("lesion.model"));
        Button copy = button("lesion.copy", "lesion-copy");
        copy.setOnAction(e -> takeSnapshot());
        copy.disableProperty().bind(model.valueProperty().isNull());
        Button restore = button("lesion.restore", "lesion-restore");
        restore.setOnAction(e -> lesion.restoreAll());
        restore.disableProperty().bind(lesion.snapshotProperty().isNull());
        Button sweep = button("lesion.sweep", "lesion-sweep");
        sweep.setOnAction(e -> { if (lesion.sweepAll() != null) view.selectToggle(viewEach); });
        Button study = button("lesion.study", "lesion-study");
        study.setOnAction(e -> { if (lesion.studyAll() != null) view.selectToggle(viewRandom); });
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(lesion.busyProperty());
        // two groups that wrap onto two rows when the pane is narrow (a lesson open beside it), never truncated
        HBox copyControls = new HBox(8, modelLabel, model, copy, restore, busy);
        copyControls.setAlignment(Pos.CENTER_LEFT);
        HBox studyControls = new HBox(8, sweep, study);
        studyControls.setAlignment(Pos.CENTER_LEFT);
        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {modelLabel, copy, restore, sweep, study}) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        model.setMinWidth(140);
        javafx.scene.layout.FlowPane controls = new javafx.scene.layout.FlowPane(16, 6, copyControls, studyControls);
        controls.setAlignment(Pos.CENTER_LEFT);

        error.getStyleClass().add("lesion-error");
        error.setId("lesion-error");
        detail.getStyleClass().add("lesion-detail");
        detail.setWrapText(true);
        error.textProperty().bind(t.bind(() -> Double.isNaN(lesion.errorProperty().get()) ? t.get("lesion.noCopy")
                : t.get("lesion.error", I18n.num(lesion.errorProperty().get())), lesion.errorProperty()));
        detail.textProperty().bind(t.bind(this::detailText, lesion.errorProperty(), lesion.intactErrorProperty(),
                lesion.snapshotProperty(), lesion.deletedProperty(), lesion.lastSecondsProperty()));
        // a lesson's "swap" action: both test errors of each model, until the next swap
        Label swapped = new Label();
        swapped.setId("lesion-swapped");
        swapped.getStyleClass().add("lesion-detail");
        swapped.setWrapText(true);
        swapped.textProperty().bind(t.bind(() -> String.join("\n", lesion.swapsProperty().get().stream()
                .map(w -> t.get("lesion.swapped", w.name(), w.first() + 1, w.second() + 1, w.intactError(), w.swappedError())).toList()),
                lesion.swapsProperty()));
        swapped.visibleProperty().bind(swapped.textProperty().isNotEmpty());
        swapped.managedProperty().bind(swapped.visibleProperty());
        VBox readout = new VBox(2, error, detail, swapped);

        tiles.setHgap(5);
        tiles.setVgap(6);
        tiles.getStyleClass().add("lesion-tiles");
        lesion.snapshotProperty().addListener((o, was, now) -> {
            rebuildTiles();
            // a lesson may copy another model than the chooser's: the chooser names the model the tiles show
            if (now != null) for (BenchModel m : ui.lab().models()) if (m.slot() == now.slot()) model.setValue(m);
        });
        lesion.deletedProperty().addListener(o -> syncTiles());

        sweepChart = new ChartPane(ui, "lesion-per-block");
        sweepChart.setId("lesion-chart");
        VBox.setVgrow(sweepChart, Priority.ALWAYS);
        sweepChart.setMinHeight(180);
        randomChart = new ChartPane(ui, "lesion-random-k");
        randomChart.setId("lesion-random-chart");
        reorderChart = new ChartPane(ui, "lesion-reorder");
        reorderChart.setId("lesion-reorder-chart");
        // one chart at a time: each block, k random blocks deleted, k random swaps
        javafx.scene.layout.StackPane charts = new javafx.scene.layout.StackPane(sweepChart, randomChart, reorderChart);
        VBox.setVgrow(charts, Priority.ALWAYS);
        charts.setMinHeight(180);
        ToggleButton[] views = {viewEach, viewRandom, viewReorder};
        String[] keys = {"lesion.view.each", "lesion.view.random", "lesion.view.reorder"};
        ChartPane[] panes = {sweepChart, randomChart, reorderChart};
        for (int i = 0; i < 3; i++) {
            views[i].textProperty().bind(t.text(keys[i]));
            views[i].setTooltip(new Tooltip());
            views[i].getTooltip().textProperty().bind(t.text(keys[i] + ".tooltip"));
            views[i].setToggleGroup(view);
            views[i].setId(keys[i].replace('.', '-'));
            panes[i].visibleProperty().bind(views[i].selectedProperty());
        }
        view.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) a.setSelected(true); // always one shown
            else lesion.view.set(LesionModel.View.values()[List.of(views).indexOf(b)]);
        });
        // a lesson step chooses the view through the model
        lesion.view.addListener((o, a, b) -> view.selectToggle(views[b.ordinal()]));
        view.selectToggle(views[lesion.view.get().ordinal()]);
        HBox viewBar = new HBox(views);
        viewBar.getStyleClass().add("segmented");
        VBox body = new VBox(10, controls, readout, tiles, viewBar, charts);
        body.setPadding(new Insets(8, 10, 8, 10));
        charts.setMinHeight(Panes.CHART_MIN_H);
        setCenter(Panes.scrolled(body, Region.USE_COMPUTED_SIZE));

        InvalidationListener again = o -> redrawSweep();
        lesion.sweepsProperty().addListener(again);
        t.localeProperty().addListener(again);
        ui.state().chartThemeProperty().addListener(again);
        InvalidationListener studies = o -> redrawStudies();
        lesion.studiesProperty().addListener(studies);
        t.localeProperty().addListener(studies);
        ui.state().chartThemeProperty().addListener(studies);
        redrawStudies();
        t.localeProperty().addListener(o -> rebuildTiles());
        redrawSweep();
    }

    /** "Delete each block", then "delete k random · reorder", showing the k-random curve (for {@code --measure}). */
    public void measureAll() {
        var sweep = lesion.sweepAll();
        if (sweep == null) return;
        sweep.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> {
            if (lesion.studyAll() != null) view.selectToggle(viewRandom);
        });
    }

    public LesionModel lesion() { return lesion; }
    public ComboBox<BenchModel> modelChoice() { return model; }
    public List<ToggleButton> tiles() { return tileButtons; }
    public ChartPane sweepChart() { return sweepChart; }
    public ChartPane randomChart() { return randomChart; }
    public ChartPane reorderChart() { return reorderChart; }

    private Button button(String key, String id) {
        Button b = new Button();
        b.textProperty().bind(ui.i18n().text(key));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(ui.i18n().text(key + ".tooltip"));
        b.setTooltip(tip);
        b.setId(id);
        return b;
    }

    /** The deepest residual model (the one Veit's lesions are about), else the first. */
    private BenchModel defaultModel() {
        BenchModel best = null;
        for (BenchModel m : ui.lab().models()) {
            if (m.draft().shortcut.get() == resnetlab.model.ShortcutType.NONE) continue;
            var p = m.draft().parse();
            if (best == null || p.ok() && best.draft().parse().ok() && p.setup().depth() > best.draft().parse().setup().depth()) best = m;
        }
        return best != null ? best : ui.lab().models().isEmpty() ? null : ui.lab().models().get(0);
    }

    /** Copies the chosen model's weights now (when the pane is first opened, and on the button). */
    public void takeSnapshot() {
        BenchModel m = model.getValue();
        if (m == null) return;
        lesion.take(m).whenComplete((s, e) -> {
            if (e != null) javafx.application.Platform.runLater(() -> ui.lab().post(e instanceof resnetlab.app.model.MemoryCheck.Refused r
                    ? r.notice() : Notice.error("error.lesion", Notice.reasonOf(e))));
        });
    }

    /** Shown again with nothing deleted: the copy is refreshed, so it shows what the model has learnt by now. */
    public void setShown(boolean s) {
        boolean refresh = s && !shown && lesion.snapshotProperty().get() != null && !anyDeleted() && !lesion.busyProperty().get();
        shown = s;
        if (refresh) takeSnapshot();
    }

    private boolean anyDeleted() {
        for (boolean d : lesion.deletedProperty().get()) if (d) return true;
        return false;
    }

    /** While the pane is shown without a copy: take one as soon as the chosen model has trained a step. */
    @Override public void frame(long now) {
        if (!shown || lesion.snapshotProperty().get() != null || lesion.busyProperty().get() || now - lastTry < 1_000_000_000L) return;
        BenchModel m = model.getValue();
        if (m == null || m.built() == null || m.iteration() < 1) return;
        lastTry = now;
        takeSnapshot();
    }

    private String detailText() {
        I18n t = ui.i18n();
        LesionModel.Snapshot s = lesion.snapshotProperty().get();
        if (s == null) return t.get("lesion.noCopy.detail");
        int k = 0;
        for (boolean d : lesion.deletedProperty().get()) if (d) k++;
        double e = lesion.errorProperty().get(), base = lesion.intactErrorProperty().get();
        String delta = (e - base >= 0 ? "+" : "−") + I18n.num(Math.abs(e - base));
        String sec = Double.isNaN(lesion.lastSecondsProperty().get()) ? "" : t.get("lesion.seconds", String.format(java.util.Locale.ROOT, "%.2f", lesion.lastSecondsProperty().get()));
        return t.get("lesion.detail", s.name(), s.iteration(), I18n.num(base), k, delta, LesionModel.TEST_IMAGES) + sec;
    }

    private void rebuildTiles() {
        tiles.getChildren().clear();
        tileButtons.clear();
        LesionModel.Snapshot s = lesion.snapshotProperty().get();
        if (s == null) return;
        I18n t = ui.i18n();
        int n = Math.max(1, s.blocks() / 3);
        for (int st = 0; st < 3; st++) {
            Label l = new Label(t.get("lesion.stage", st + 1));
            l.getStyleClass().add("lesion-stage");
            tiles.add(l, 0, 2 - st);
        }
        for (int b = 0; b < s.blocks(); b++) {
            int block = b;
            ToggleButton tile = new ToggleButton(Integer.toString(b + 1) + (s.downsampling()[b] ? "↓" : ""));
            tile.getStyleClass().add("lesion-tile");
            if (s.downsampling()[b]) tile.getStyleClass().add("downsampling");
            tile.setId("tile-" + b);
            tile.setFocusTraversable(false);
            Tooltip tip = new Tooltip(t.get(s.downsampling()[b] ? "lesion.tile.down" : "lesion.tile", b + 1));
            tile.setTooltip(tip);
            tile.setOnAction(e -> lesion.toggle(block));
            tile.setStyle("-fx-border-color: " + UiState.css(ui.state().slotColor(s.slot())) + ";");
            tileButtons.add(tile);
            int stage = Math.min(2, b / n);
            tiles.add(tile, 1 + b - stage * n, 2 - stage);
        }
        syncTiles();
    }

    private void syncTiles() {
        boolean[] d = lesion.deletedProperty().get();
        for (int i = 0; i < tileButtons.size() && i < d.length; i++) tileButtons.get(i).setSelected(d[i]);
    }

    private void redrawSweep() {
        I18n t = ui.i18n();
        List<LesionModel.Sweep> sweeps = lesion.sweepsProperty().get();
        List<LesionSeries> series = new ArrayList<>();
        List<Double> marked = new ArrayList<>();
        for (LesionModel.Sweep s : sweeps) {
            double[] x = new double[s.errors().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
                if (s.downsampling()[i] && !marked.contains(x[i])) marked.add(x[i]);
            }
            series.add(new LesionSeries(t.get("lesion.series", s.name(), s.iteration()), x, s.errors(), s.baseline()));
        }
        double[] marks = marked.stream().mapToDouble(Double::doubleValue).toArray();
        var chart = LesionChart.perBlock(new ChartText(t.get("lesion.chart.title"), t.get("lesion.chart.x"), t.get("lesion.chart.y"),
                t.get("lesion.chart.provenance", LesionModel.TEST_IMAGES)), series, t.get("lesion.chart.baseline"), marks,
                t.get("lesion.chart.down"), ui.state().chartTheme());
        chart.getXYPlot().setNoDataMessage(t.get("lesion.chart.empty"));
        var r = chart.getXYPlot().getRenderer();
        for (int i = 0; i < sweeps.size(); i++) r.setSeriesPaint(i, ui.state().chartTheme().seriesColor(sweeps.get(i).slot()));
        sweepChart.setChart(chart);
    }

    /** "Delete k random blocks" and "k random swaps", one curve per model: mean ± std over the random choices. */
    private void redrawStudies() {
        I18n t = ui.i18n();
        List<LesionModel.Study> ss = lesion.studiesProperty().get();
        List<Curve> random = new ArrayList<>(), reorder = new ArrayList<>();
        for (LesionModel.Study s : ss) {
            String name = t.get("lesion.series", s.name(), s.iteration());
            int n = s.randomK().size();
            double[] x = new double[n], y = new double[n], lo = new double[n], hi = new double[n];
            for (int i = 0; i < n; i++) {
                var r = s.randomK().get(i);
                x[i] = r.k();
                y[i] = r.meanError();
                lo[i] = r.meanError() - r.stdError();
                hi[i] = r.meanError() + r.stdError();
            }
            random.add(new Curve(name, x, y, lo, hi));
            int m = s.reorder().size();
            double[] rx = new double[m], ry = new double[m], rlo = new double[m], rhi = new double[m];
            for (int i = 0; i < m; i++) {
                var r = s.reorder().get(i);
                rx[i] = r.swaps();
                ry[i] = r.meanError();
                rlo[i] = r.meanError() - r.stdError();
                rhi[i] = r.meanError() + r.stdError();
            }
            reorder.add(new Curve(name, rx, ry, rlo, rhi));
        }
        var theme = ui.state().chartTheme();
        String provenance = t.get("lesion.study.provenance", LesionModel.STUDY_SAMPLES, LesionModel.TEST_IMAGES);
        var rc = LesionChart.versusDeleted(new ChartText(t.get("lesion.random.title"), t.get("lesion.random.x"), t.get("lesion.chart.y"),
                provenance), random, theme);
        var oc = LesionChart.versusDeleted(new ChartText(t.get("lesion.reorder.title"), t.get("lesion.reorder.x"), t.get("lesion.chart.y"),
                provenance), reorder, theme);
        for (var c : List.of(rc, oc)) {
            c.getXYPlot().setNoDataMessage(t.get("lesion.study.empty"));
            for (int i = 0; i < ss.size(); i++) c.getXYPlot().getRenderer().setSeriesPaint(i, theme.seriesColor(ss.get(i).slot()));
        }
        randomChart.setChart(rc);
        reorderChart.setChart(oc);
    }

    private final class ModelCell extends ListCell<BenchModel> {
        @Override protected void updateItem(BenchModel m, boolean empty) {
            super.updateItem(m, empty);
            setText(empty || m == null ? null : Words.model(ui.i18n(), m));
        }
    }
}
