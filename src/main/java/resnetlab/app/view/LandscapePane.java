package resnetlab.app.view;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.ExperimentModel;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartText;
import resnetlab.charts.Curve;
import resnetlab.charts.Grid;
import resnetlab.charts.LandscapeChart;

/**
 * Pane 7, loss landscapes (Li et al. 2018): around each bench model's current weights θ*, the training loss
 * along filter-normalised random directions — a 1-D slice L(θ* + αδ) for every model, and the surface
 * L(θ* + αδ + βη) of the chosen one. Without skips a deep net's surface turns chaotic; with skips it stays
 * smooth. Computed in the background on a coarse grid (the paper: 51×51), with progress and cancel.
 */
public final class LandscapePane extends BorderPane {
    private final UiContext ui;
    private final ExperimentModel experiments;
    private final ComboBox<Integer> grid = new ComboBox<>(FXCollections.observableArrayList(11, 21, 31, 51));
    private final ComboBox<ExperimentModel.Landscape> shown = new ComboBox<>();
    /** Widths the contour map (its colour scale takes a third) and the 3-D panels need beside the slices. */
    private static final double CONTOUR_MIN_W = 1.7 * Panes.CHART_MIN_W, SURFACES_MIN_W = 700;
    private final ChartPane slices, surface;
    private final Surface3DView surface3d;
    private final ToggleButton threeD = new ToggleButton();
    /** In 3-D: which models' surfaces are drawn (all by default); unticking one gives the others more room. */
    private final javafx.scene.control.MenuButton models3d = new javafx.scene.control.MenuButton();
    private final java.util.Set<Integer> hidden3d = new java.util.HashSet<>();
    /** Names asked for by {@link #show3dOnly} before their landscapes exist. */
    private List<String> only3d = List.of();

    public LandscapePane(UiContext ui, ExperimentModel experiments) {
        this.ui = ui;
        this.experiments = experiments;
        I18n t = ui.i18n();
        getStyleClass().add("landscape-pane");
        setTop(Panes.hintBar(ui, "landscape.hint"));
        grid.setValue(21);
        grid.setId("landscape-grid");
        Button compute = Panes.button(ui, "landscape.compute", "landscape-compute");
        compute.setOnAction(e -> experiments.measureLandscapes(ui.lab().models(), grid.getValue(), 2 * grid.getValue() + 1, 250));
        shown.setCellFactory(l -> new LandscapeCell());
        shown.setButtonCell(new LandscapeCell());
        shown.valueProperty().addListener(o -> redrawSurface());
        experiments.landscapesProperty().addListener(o -> {
            List<ExperimentModel.Landscape> ls = experiments.landscapesProperty().get();
            shown.setItems(FXCollections.observableArrayList(ls.stream().filter(l -> l.scan().surface() != null).toList()));
            if (!shown.getItems().isEmpty()) shown.setValue(shown.getItems().get(shown.getItems().size() - 1));
            redraw();
        });
        surface3d = new Surface3DView(ui);
        surface3d.setId("landscape-3d");
        surface3d.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        threeD.setId("landscape-3d-toggle");
        threeD.textProperty().bind(t.text("landscape.view3d"));
        threeD.setTooltip(new javafx.scene.control.Tooltip());
        threeD.getTooltip().textProperty().bind(t.text("landscape.view3d.tooltip"));
        slices = new ChartPane(ui, "loss-slices");
        surface = new ChartPane(ui, "loss-surface");
        slices.setId("landscape-slices");
        surface.setId("landscape-surface");
        javafx.scene.layout.StackPane right = new javafx.scene.layout.StackPane(surface);
        ChartPair charts = new ChartPair(slices, right); // side by side, or stacked when the pane is narrow
        charts.setWidths(0.4, Panes.CHART_MIN_W, CONTOUR_MIN_W);
        threeD.selectedProperty().addListener((o, was, on) -> {
            right.getChildren().setAll(on ? surface3d : surface);
            // 2-D: slices 40% | the contour map with its colour scale; 3-D: slices 30% | every model's surface
            if (on) charts.setWidths(0.3, 0.85 * Panes.CHART_MIN_W, SURFACES_MIN_W);
            else charts.setWidths(0.4, Panes.CHART_MIN_W, CONTOUR_MIN_W);
            shown.setDisable(on);
            models3d.setVisible(on);
            models3d.setManaged(on);
            if (on) surface3d.redraw();
        });
        slices.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        surface.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        models3d.setId("landscape-3d-models");
        models3d.textProperty().bind(t.text("landscape.models3d"));
        models3d.setVisible(false);
        models3d.setManaged(false);
        var chartsScroll = Panes.scrolled(charts, Region.USE_COMPUTED_SIZE);
        VBox.setVgrow(chartsScroll, Priority.ALWAYS);
        setCenter(new VBox(4, Panes.row(Panes.label(ui, "landscape.grid"), grid, compute, Panes.grow(),
                Panes.label(ui, "landscape.surfaceOf"), shown, threeD, models3d), chartsScroll));
        InvalidationListener redraw = o -> redraw();
        t.localeProperty().addListener(redraw);
        ui.state().chartThemeProperty().addListener(redraw);
        redraw();
    }

    private void redraw() {
        I18n t = ui.i18n();
        List<ExperimentModel.Landscape> ls = experiments.landscapesProperty().get();
        List<Curve> curves = new ArrayList<>();
        int[] slots = new int[ls.size()];
        int k = 0;
        for (ExperimentModel.Landscape l : ls) {
            if (l.scan().slice() == null) continue;
            slots[k++] = l.slot();
            curves.add(Curve.of(t.get("lesion.series", l.name(), l.iteration()), l.scan().slice().x(), l.scan().slice().loss()));
        }
        JFreeChart chart = LandscapeChart.slice(new ChartText(t.get("landscape.slice.title"), t.get("landscape.alpha"),
                t.get("landscape.loss"), t.get("landscape.provenance", ls.isEmpty() ? 250 : ls.get(0).images())), curves,
                AxisScale.LOG, ui.state().chartTheme());
        Panes.colourBySlot(chart, java.util.Arrays.copyOf(slots, k), ui.state().chartTheme());
        chart.getXYPlot().setNoDataMessage(t.get("landscape.empty"));
        slices.setChart(chart);
        redrawSurface();
        if (!only3d.isEmpty()) {
            hidden3d.clear();
            for (ExperimentModel.Landscape l : ls) if (!only3d.contains(l.name())) hidden3d.add(l.slot());
        }
        models3d.getItems().clear();
        for (ExperimentModel.Landscape l : ls) {
            if (l.scan().surface() == null) continue;
            javafx.scene.control.CheckMenuItem item = new javafx.scene.control.CheckMenuItem(l.name());
            item.setId("landscape-3d-model-" + l.slot());
            item.setSelected(!hidden3d.contains(l.slot()));
            item.selectedProperty().addListener((o, was, on) -> {
                only3d = List.of(); // the teacher's choice from now on
                if (on) hidden3d.remove(l.slot());
                else hidden3d.add(l.slot());
                surface3d.setHidden(hidden3d);
            });
            models3d.getItems().add(item);
        }
        surface3d.setHidden(hidden3d);
        surface3d.setLandscapes(ls);
    }

    private void redrawSurface() {
        I18n t = ui.i18n();
        ExperimentModel.Landscape l = shown.getValue();
        var s = l == null ? null : l.scan().surface();
        Grid g = s == null ? new Grid(new double[] {-1, 1}, new double[] {-1, 1}, new double[][] {{Double.NaN, Double.NaN}, {Double.NaN, Double.NaN}})
                : new Grid(s.alpha(), s.beta(), s.loss());
        String title = l == null ? t.get("landscape.surface.title.none") : t.get("landscape.surface.title", l.name());
        surface.setChart(LandscapeChart.contour(new ChartText(title, t.get("landscape.alpha"), t.get("landscape.beta"),
                l == null ? null : t.get("landscape.provenance", l.images())), g, t.get("landscape.loss"), AxisScale.LOG,
                s == null ? 0 : 8, ui.state().chartTheme()));
    }

    /** The 3-D view (for tests and screenshots); {@link #show3d} turns it on. */
    public Surface3DView surface3d() { return surface3d; }

    /** Shows the surfaces in 3-D ({@code true}) or the contour plot of one model. */
    public void show3d(boolean on) { threeD.setSelected(on); }

    /**
     * Shows the surfaces in 3-D of the models named {@code names} only (as on their cards, e.g. "plain-56",
     * "ResNet-56"), side by side; an empty list shows every model. Kept until the teacher ticks a model in the menu.
     */
    public void show3dOnly(List<String> names) {
        only3d = List.copyOf(names);
        show3d(true);
        redraw();
    }

    private final class LandscapeCell extends ListCell<ExperimentModel.Landscape> {
        @Override protected void updateItem(ExperimentModel.Landscape l, boolean empty) {
            super.updateItem(l, empty);
            setText(empty || l == null ? null : ui.i18n().get("lesion.series", l.name(), l.iteration()));
        }
    }
}
