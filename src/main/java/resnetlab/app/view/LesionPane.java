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
import resnetlab.charts.ChartText;
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
    private final ChartPane sweepChart;
    private final List<ToggleButton> tileButtons = new ArrayList<>();
    private boolean shown;
    private long lastTry;

    public LesionPane(UiContext ui) {
        this.ui = ui;
        this.lesion = new LesionModel(ui.lab());
        I18n t = ui.i18n();
        getStyleClass().add("lesion-pane");

        Label hint = new Label();
        hint.getStyleClass().add("pane-hint");
        hint.textProperty().bind(t.text("lesion.hint"));
        hint.setWrapText(true);
        HBox bar = new HBox(hint);
        bar.getStyleClass().add("pane-bar");
        bar.setPadding(new Insets(6, 10, 6, 10));
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
        sweep.setOnAction(e -> lesion.sweepAll());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(lesion.busyProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox controls = new HBox(8, modelLabel, model, copy, restore, busy, grow, sweep);
        controls.setAlignment(Pos.CENTER_LEFT);

        error.getStyleClass().add("lesion-error");
        error.setId("lesion-error");
        detail.getStyleClass().add("lesion-detail");
        detail.setWrapText(true);
        error.textProperty().bind(t.bind(() -> Double.isNaN(lesion.errorProperty().get()) ? t.get("lesion.noCopy")
                : t.get("lesion.error", I18n.num(lesion.errorProperty().get())), lesion.errorProperty()));
        detail.textProperty().bind(t.bind(this::detailText, lesion.errorProperty(), lesion.intactErrorProperty(),
                lesion.snapshotProperty(), lesion.deletedProperty(), lesion.lastSecondsProperty()));
        VBox readout = new VBox(2, error, detail);

        tiles.setHgap(5);
        tiles.setVgap(6);
        tiles.getStyleClass().add("lesion-tiles");
        lesion.snapshotProperty().addListener(o -> rebuildTiles());
        lesion.deletedProperty().addListener(o -> syncTiles());

        sweepChart = new ChartPane(ui, "lesion-per-block");
        sweepChart.setId("lesion-chart");
        VBox.setVgrow(sweepChart, Priority.ALWAYS);
        sweepChart.setMinHeight(180);
        VBox body = new VBox(10, controls, readout, tiles, sweepChart);
        body.setPadding(new Insets(8, 10, 8, 10));
        setCenter(body);

        InvalidationListener again = o -> redrawSweep();
        lesion.sweepsProperty().addListener(again);
        t.localeProperty().addListener(again);
        ui.state().chartThemeProperty().addListener(again);
        t.localeProperty().addListener(o -> rebuildTiles());
        redrawSweep();
    }

    public LesionModel lesion() { return lesion; }
    public ComboBox<BenchModel> modelChoice() { return model; }
    public List<ToggleButton> tiles() { return tileButtons; }
    public ChartPane sweepChart() { return sweepChart; }

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
            if (e != null) javafx.application.Platform.runLater(() -> ui.lab().post(Notice.error("error.lesion",
                    e.getMessage() == null ? e.toString() : e.getMessage())));
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

    private final class ModelCell extends ListCell<BenchModel> {
        @Override protected void updateItem(BenchModel m, boolean empty) {
            super.updateItem(m, empty);
            setText(empty || m == null ? null : Words.model(ui.i18n(), m));
        }
    }
}
