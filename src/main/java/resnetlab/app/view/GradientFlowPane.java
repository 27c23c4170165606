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
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.GradientHistory;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.RunEvent;
import resnetlab.charts.ChartText;
import resnetlab.charts.ChartTheme;
import resnetlab.charts.Curve;
import resnetlab.charts.DepthProfileChart;
import resnetlab.charts.GradientHeatMapChart;
import resnetlab.charts.Grid;
import resnetlab.model.ShortcutType;

/**
 * Pane 2, network and gradient flow: the animated {@link NetworkDiagram} on the left; on the right the depth
 * profile (‖∂E/∂x‖ at each block's input, geometric mean of the last steps, with the ∏λ direct-term theory
 * line of each residual net, He 2016 §3) and the heat map block × iteration of the chosen model. The λ slider
 * draws the theory line for any λ at once and, applied, retrains the chosen model with that scaled shortcut.
 * The charts are re-made at most once a second, and only while the pane is shown.
 */
public final class GradientFlowPane extends BorderPane implements LabModel.RunObserver, FramePane {
    private static final long REDRAW_NANOS = 1_000_000_000L;

    private final UiContext ui;
    private final NetworkDiagram diagram;
    private final ChartPane profile, heat;
    private final ComboBox<BenchModel> heatModel = new ComboBox<>();
    private final Slider lambda = new Slider(0.3, 1.3, 0.5);
    private final Label lambdaText = new Label();
    private final Button applyLambda = new Button();
    private boolean dirty = true, shown;
    private long lastCharts;

    public GradientFlowPane(UiContext ui) {
        this.ui = ui;
        I18n t = ui.i18n();
        getStyleClass().add("flow-pane");
        diagram = new NetworkDiagram(ui);
        profile = new ChartPane(ui, "depth-profile");
        profile.setId("profile-chart");
        heat = new ChartPane(ui, "gradient-heat-map");
        heat.setId("heat-chart");

        Label hint = new Label();
        hint.getStyleClass().add("pane-hint");
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox bar = new HBox(hint);
        bar.getStyleClass().add("pane-bar");
        bar.setPadding(new Insets(6, 10, 6, 10));
        Formulas.bind(hint, t.text("flow.hint"), ui, bar.widthProperty().subtract(20)); // formulas typeset
        setTop(bar);

        heatModel.setItems(ui.lab().models());
        heatModel.setCellFactory(l -> new ModelCell());
        heatModel.setButtonCell(new ModelCell());
        heatModel.valueProperty().addListener(o -> dirty = true);
        ui.lab().models().addListener((ListChangeListener<BenchModel>) c -> {
            boolean replaced = false;
            while (c.next()) replaced |= c.wasReplaced() || c.getRemovedSize() > 1;
            if (replaced || !ui.lab().models().contains(heatModel.getValue())) heatModel.setValue(pickDefault());
            dirty = true;
        });
        heatModel.setValue(pickDefault());
        heatModel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label heatLabel = new Label();
        heatLabel.textProperty().bind(t.text("flow.heatModel"));
        heatLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);

        lambda.setMajorTickUnit(0.25);
        lambda.setMinorTickCount(4);
        lambda.setShowTickMarks(true);
        lambda.setBlockIncrement(0.05);
        lambda.setId("lambda-slider");
        HBox.setHgrow(lambda, Priority.ALWAYS);
        lambda.valueProperty().addListener(o -> {
            dirty = true;
            lastCharts = 0;
        });
        lambda.valueProperty().addListener(o -> updateLambdaText());
        heatModel.valueProperty().addListener(o -> updateLambdaText());
        t.localeProperty().addListener(o -> updateLambdaText());
        updateLambdaText();
        lambdaText.getStyleClass().add("lambda-readout");
        Tooltip lt = new Tooltip();
        lt.textProperty().bind(t.text("flow.lambda.tooltip"));
        Formulas.typeset(lt, ui);
        lambda.setTooltip(lt);
        applyLambda.textProperty().bind(t.text("flow.lambda.apply"));
        Tooltip at = new Tooltip();
        at.textProperty().bind(t.text("flow.lambda.apply.tooltip"));
        applyLambda.setTooltip(at);
        applyLambda.setOnAction(e -> applyLambda());
        applyLambda.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        applyLambda.disableProperty().bind(heatModel.valueProperty().isNull());

        HBox heatBar = new HBox(8, heatLabel, heatModel);
        heatBar.setAlignment(Pos.CENTER_LEFT);
        HBox lambdaBar = new HBox(8, new Label("λ"), lambda, applyLambda);
        lambdaBar.setAlignment(Pos.CENTER_LEFT);
        VBox controls = new VBox(6, heatBar, lambdaBar, lambdaText);
        controls.getStyleClass().add("flow-controls");
        controls.setPadding(new Insets(6, 10, 14, 10)); // the typeset readout is a few px taller than its label reports
        VBox right = new VBox(4, profile, heat, controls);
        VBox.setVgrow(profile, Priority.ALWAYS);
        VBox.setVgrow(heat, Priority.ALWAYS);
        profile.setPrefHeight(300);
        heat.setPrefHeight(300);
        // short windows: the charts keep a readable height and the column scrolls; so does a deep net's diagram
        profile.setMinHeight(Panes.CHART_MIN_H + 40); // title, legend and axis labels take ~160 px in presentation mode
        heat.setMinHeight(Panes.CHART_MIN_H + 40);
        controls.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        lambdaText.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        SplitPane split = new SplitPane(Panes.scrolled(diagram, javafx.scene.layout.Region.USE_COMPUTED_SIZE),
                Panes.scrolled(right, javafx.scene.layout.Region.USE_COMPUTED_SIZE));
        split.setDividerPositions(0.52);
        // a narrow pane (under 1000 px: the lesson panel open, a projector): the diagram above the charts, each the pane's width
        widthProperty().addListener((o, a, b) -> {
            javafx.geometry.Orientation want = b.doubleValue() > 0 && b.doubleValue() < 2 * Panes.CHART_MIN_W + 240
                    ? javafx.geometry.Orientation.VERTICAL : javafx.geometry.Orientation.HORIZONTAL;
            if (split.getOrientation() != want) { // after this layout pass: a change inside it could be lost
                javafx.application.Platform.runLater(() -> {
                    split.setOrientation(want);
                    split.setDividerPositions(0.5);
                    split.requestLayout();
                });
            }
        });
        setCenter(split);

        InvalidationListener again = o -> dirty = true;
        t.localeProperty().addListener(again);
        ui.state().chartThemeProperty().addListener(again);
        ui.lab().addObserver(this);
    }

    public NetworkDiagram diagram() { return diagram; }
    public ChartPane profileChart() { return profile; }
    public ChartPane heatChart() { return heat; }
    public Slider lambdaSlider() { return lambda; }
    public ComboBox<BenchModel> heatModel() { return heatModel; }

    public void setShown(boolean s) {
        shown = s;
        diagram.setShown(s);
        dirty = true;
    }

    /** A scaled-shortcut model if there is one (the λ story), else the last model (the deepest residual one). */
    private BenchModel pickDefault() {
        for (BenchModel m : ui.lab().models()) if (m.draft().shortcut.get() == ShortcutType.SCALED) return m;
        return ui.lab().models().isEmpty() ? null : ui.lab().models().get(ui.lab().models().size() - 1);
    }

    private void updateLambdaText() {
        int blocks = selectedBlocks();
        double l = lambda.getValue();
        Formulas.show(lambdaText, ui.i18n().get("flow.lambda", String.format(java.util.Locale.ROOT, "%.2f", l), blocks,
                I18n.num(Math.pow(l, blocks)).replace("e", "\\cdot 10^").replaceAll("\\^(-?)0*(\\d+)", "^{$1$2}")), ui,
                lambdaBarWidth());
    }

    /** The readout's line is as wide as the λ controls above it. */
    private javafx.beans.value.ObservableDoubleValue lambdaBarWidth() {
        return lambdaText.getParent() instanceof javafx.scene.layout.Region r ? r.widthProperty() : new javafx.beans.property.SimpleDoubleProperty(400);
    }

    private int selectedBlocks() {
        BenchModel m = heatModel.getValue();
        if (m != null && m.spec() != null) return m.spec().blocks();
        return 27;
    }

    /** The chosen model gets a scaled shortcut with the slider's λ and trains again from its seed. */
    private void applyLambda() {
        BenchModel m = heatModel.getValue();
        if (m == null) return;
        m.draft().shortcut.set(ShortcutType.SCALED);
        m.draft().lambda.set(String.format(java.util.Locale.ROOT, "%.2f", lambda.getValue()));
        ui.lab().commitDraft(m, false);
    }

    @Override public void onEvent(BenchModel m, RunEvent e) {
        if (e instanceof RunEvent.Step || e instanceof RunEvent.Built) dirty = true;
    }

    @Override public void frame(long now) {
        diagram.frame(now);
        if (!shown || !dirty || now - lastCharts < REDRAW_NANOS) return;
        dirty = false;
        lastCharts = now;
        redrawCharts();
    }

    private void redrawCharts() {
        updateLambdaText();
        I18n t = ui.i18n();
        ChartTheme theme = ui.state().chartTheme();
        List<BenchModel> ms = new ArrayList<>(ui.lab().models());
        List<Curve> measured = new ArrayList<>();
        List<Curve> theory = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<Boolean> hasTheory = new ArrayList<>();
        for (BenchModel m : ms) {
            double[] prof = m.gradients().recentProfile();
            if (prof == null || m.built() == null || prof.length != m.built().lambdas().length) continue;
            int b = prof.length;
            double[] x = new double[b];
            for (int i = 0; i < b; i++) x[i] = i + 1;
            String name = Words.model(t, m);
            measured.add(Curve.of(name, x, prof));
            slots.add(m.slot());
            RunEvent.Step last = m.lastStep();
            double outNorm = last == null ? 1 : last.outGrad()[b - 1];
            boolean residual = !m.spec().isPlain() && !m.spec().shortcut().isGated() && m.spec().shortcut() != ShortcutType.DROPOUT;
            hasTheory.add(residual);
            theory.add(residual ? DepthProfileChart.scaledShortcutTheory(t.get("flow.theory", name), m.built().lambdas(), outNorm)
                    : Curve.of(" " + name, new double[0], new double[0]));
        }
        // the slider's line, for the chosen model's depth and its measured output gradient
        BenchModel sel = heatModel.getValue();
        int blocks = selectedBlocks();
        double outNorm = 1;
        if (sel != null && sel.lastStep() != null) outNorm = sel.lastStep().outGrad()[sel.lastStep().outGrad().length - 1];
        Curve slider = DepthProfileChart.scaledShortcutTheory(t.get("flow.theory.slider",
                String.format(java.util.Locale.ROOT, "%.2f", lambda.getValue())), lambda.getValue(), blocks, outNorm);
        theory.add(slider);
        String[] words = {t.get("flow.profile.title"), t.get("flow.profile.x"), t.get("flow.profile.y"), t.get("flow.profile.provenance")};
        int[] slotArray = slots.stream().mapToInt(Integer::intValue).toArray();
        boolean[] theoryShown = new boolean[hasTheory.size()];
        for (int i = 0; i < theoryShown.length; i++) theoryShown[i] = hasTheory.get(i);
        profile.setChartLater(() -> {
            JFreeChart chart = DepthProfileChart.create(new ChartText(words[0], words[1], words[2], words[3]), measured, theory, theme);
            XYPlot plot = chart.getXYPlot();
            XYItemRenderer points = plot.getRenderer(0), dashed = plot.getRenderer(1);
            for (int i = 0; i < measured.size(); i++) {
                java.awt.Color c = theme.seriesColor(slotArray[i]);
                points.setSeriesPaint(i, c);
                points.setSeriesFillPaint(i, c);
                dashed.setSeriesPaint(i, c);
                if (!theoryShown[i]) dashed.setSeriesVisibleInLegend(i, false);
            }
            dashed.setSeriesPaint(theory.size() - 1, theme.mutedText());
            return chart;
        });

        BenchModel hm = heatModel.getValue();
        GradientHistory g = hm == null ? null : hm.gradients();
        String name = hm == null ? "" : Words.model(t, hm);
        ChartText ht = new ChartText(t.get("flow.heat.title", name), t.get("chart.iteration"), t.get("flow.heat.y"), null);
        String colour = t.get("flow.heat.colour");
        Grid grid;
        if (g != null && g.size() > 0) {
            double[] y = new double[g.blocks()];
            for (int i = 0; i < y.length; i++) y[i] = i + 1;
            grid = new Grid(g.iterations(), y, g.values());
        } else {
            grid = new Grid(new double[] {0}, new double[] {1}, new double[][] {{Double.NaN}});
        }
        heat.setChartLater(() -> GradientHeatMapChart.create(ht, grid, colour, theme));
    }

    private final class ModelCell extends ListCell<BenchModel> {
        @Override protected void updateItem(BenchModel m, boolean empty) {
            super.updateItem(m, empty);
            setText(empty || m == null ? null : Words.model(ui.i18n(), m));
        }
    }
}
