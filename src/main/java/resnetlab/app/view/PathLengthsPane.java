package resnetlab.app.view;

import javafx.beans.InvalidationListener;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.ExperimentModel;
import resnetlab.charts.ChartText;
import resnetlab.charts.PathLengthChart;
import resnetlab.charts.PathLengthProfile;
import resnetlab.experiments.PathLengths;
import resnetlab.model.ShortcutType;

/**
 * Pane 4, path lengths (Veit et al. 2016, §3, §4.2): n blocks unravel into 2^n paths, C(n, k) of length k. The n
 * slider shows the binomial counts at once; "Measure" samples the gradient per path length of a bench model's
 * current weights and shows the total contribution C(n, k)·E‖g_k‖ with the effective range shaded.
 */
public final class PathLengthsPane extends BorderPane {
    private final UiContext ui;
    private final ExperimentModel experiments;
    private final Slider n = new Slider(1, 54, 27);
    private final Label nText = new Label();
    /** How wide the summary's line may be: the pane's width less the row's padding. */
    private final javafx.beans.binding.DoubleBinding lineWidth = widthProperty().subtract(24);
    private final Label summary = new Label();
    private final ComboBox<BenchModel> model;
    private final ChartPane chart;

    public PathLengthsPane(UiContext ui, ExperimentModel experiments) {
        this.ui = ui;
        this.experiments = experiments;
        I18n t = ui.i18n();
        getStyleClass().add("paths-pane");
        setTop(Panes.hintBar(ui, "paths.hint"));
        n.setMajorTickUnit(9);
        n.setMinorTickCount(8);
        n.setSnapToTicks(true);
        n.setShowTickMarks(true);
        n.setPrefWidth(260);
        n.setId("paths-n");
        model = Panes.modelPicker(ui);
        model.setId("paths-model");
        model.setValue(defaultModel());
        ui.lab().models().addListener((javafx.collections.ListChangeListener<BenchModel>) c -> {
            if (!ui.lab().models().contains(model.getValue())) model.setValue(defaultModel());
        });
        Button measure = Panes.button(ui, "paths.measure", "paths-measure");
        measure.disableProperty().bind(model.valueProperty().isNull());
        measure.setOnAction(e -> measure());
        nText.setMinWidth(Region.USE_PREF_SIZE);
        summary.getStyleClass().add("lesion-detail");
        summary.setWrapText(true);
        chart = new ChartPane(ui, "path-lengths");
        chart.setId("paths-chart");
        VBox.setVgrow(chart, Priority.ALWAYS);
        VBox body = new VBox(4, Panes.row(Panes.label(ui, "paths.n"), n, nText, Panes.grow(), Panes.label(ui, "paths.model"), model, measure),
                Panes.row(summary), chart);
        chart.setMinHeight(Panes.CHART_MIN_H * 1.8); // three stacked plots, each readable
        setCenter(Panes.scrolled(body, Region.USE_COMPUTED_SIZE));
        InvalidationListener redraw = o -> redraw();
        n.valueProperty().addListener(redraw);
        experiments.pathsProperty().addListener(o -> {
            ExperimentModel.Paths p = experiments.pathsProperty().get();
            if (p != null) n.setValue(p.result().n());
            redraw();
        });
        t.localeProperty().addListener(redraw);
        ui.state().chartThemeProperty().addListener(redraw);
        redraw();
    }

    public ChartPane chart() { return chart; }

    /** Samples the gradient per path length of the chosen model. */
    public void measure() {
        BenchModel m = model.getValue();
        if (m != null) experiments.measurePaths(m, 50);
    }

    private BenchModel defaultModel() {
        BenchModel best = null;
        for (BenchModel m : ui.lab().models()) {
            var s = m.draft().shortcut.get();
            if (s == ShortcutType.NONE || s.isGated()) continue;
            best = m;
        }
        return best;
    }

    private void redraw() {
        I18n t = ui.i18n();
        int blocks = (int) Math.round(n.getValue());
        double[] counts = PathLengths.pathCountsAsDouble(blocks);
        Formulas.show(nText, t.get("paths.count", blocks, String.format(java.util.Locale.ROOT, "%,.0f", Math.pow(2, blocks))), ui, Formulas.FIT);
        ExperimentModel.Paths p = experiments.pathsProperty().get();
        double[] k = new double[blocks + 1];
        for (int i = 0; i <= blocks; i++) k[i] = i;
        PathLengthProfile profile;
        String provenance;
        if (p != null && p.result().n() == blocks) {
            var r = p.result();
            double[] g = new double[blocks + 1], c = new double[blocks + 1];
            for (var l : r.lengths()) {
                g[l.k()] = l.meanGradient();
                c[l.k()] = l.share();
            }
            profile = new PathLengthProfile(k, counts, g, c, r.effectiveRange().from(), r.effectiveRange().to());
            provenance = t.get("paths.provenance", p.name(), p.iteration(), r.config().samples(), r.batchImages());
            Formulas.show(summary, t.get("paths.summary", r.effectiveRange().from(), r.effectiveRange().to(),
                    Math.round(100 * r.effectiveRange().share()), String.format(java.util.Locale.ROOT, "%.3g", 100 * r.effectiveRange().fractionPaths()),
                    r.peak(), blocks), ui, lineWidth);
        } else {
            double[] nan = new double[blocks + 1];
            java.util.Arrays.fill(nan, Double.NaN);
            profile = new PathLengthProfile(k, counts, nan, nan, Double.NaN, Double.NaN);
            provenance = t.get("paths.provenance.counts");
            Formulas.show(summary, t.get("paths.summary.counts", blocks), ui, lineWidth);
        }
        chart.setChart(PathLengthChart.create(new ChartText(t.get("paths.title"), t.get("paths.x"), t.get("paths.contribution"),
                provenance), t.get("paths.countAxis"), t.get("paths.gradientAxis"), t.get("paths.effective"), profile, ui.state().chartTheme()));
    }
}
