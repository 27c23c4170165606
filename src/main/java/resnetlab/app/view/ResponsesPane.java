package resnetlab.app.view;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.InvalidationListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.ExperimentModel;
import resnetlab.charts.AxisScale;
import resnetlab.charts.ChartText;
import resnetlab.charts.Curve;
import resnetlab.charts.CurveChart;
import resnetlab.experiments.LayerResponses;

/**
 * Pane 6, layer responses (He 2015 §4.2, Fig. 7): the std of each 3x3 layer's response (after BN, before the
 * addition or ReLU) of every bench model, in layer order and sorted. The paper: ResNets respond less than plain
 * nets, and deeper ResNets less than shallower ones: the residual functions stay close to zero.
 */
public final class ResponsesPane extends BorderPane {
    private final UiContext ui;
    private final ExperimentModel experiments;
    private final ChartPane byLayer, sorted;
    private final Label summary = new Label();

    public ResponsesPane(UiContext ui, ExperimentModel experiments) {
        this.ui = ui;
        this.experiments = experiments;
        getStyleClass().add("responses-pane");
        setTop(Panes.hintBar(ui, "responses.hint"));
        Button measure = Panes.button(ui, "responses.measure", "responses-measure");
        measure.setOnAction(e -> experiments.measureResponses());
        summary.setWrapText(true);
        summary.getStyleClass().add("lesion-detail");
        byLayer = new ChartPane(ui, "layer-responses");
        sorted = new ChartPane(ui, "layer-responses-sorted");
        byLayer.setId("responses-chart");
        byLayer.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        sorted.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        ChartPair pair = new ChartPair(byLayer, sorted);
        VBox.setVgrow(pair, Priority.ALWAYS);
        setCenter(Panes.scrolled(new VBox(4, Panes.row(measure, summary), pair), javafx.scene.layout.Region.USE_COMPUTED_SIZE));
        InvalidationListener redraw = o -> redraw();
        experiments.responsesProperty().addListener(redraw);
        ui.i18n().localeProperty().addListener(redraw);
        ui.state().chartThemeProperty().addListener(redraw);
        redraw();
    }

    private void redraw() {
        I18n t = ui.i18n();
        List<ExperimentModel.Responses> rs = experiments.responsesProperty().get();
        List<Curve> layer = new ArrayList<>(), sortedCurves = new ArrayList<>();
        int[] slots = new int[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            ExperimentModel.Responses r = rs.get(i);
            slots[i] = r.slot();
            List<LayerResponses.LayerStd> ls = r.result().layers();
            double[] x = new double[ls.size()], y = new double[ls.size()], ys = new double[ls.size()];
            for (int j = 0; j < ls.size(); j++) {
                x[j] = ls.get(j).index();
                y[j] = ls.get(j).std();
                ys[j] = r.result().sorted().get(j);
            }
            String name = t.get("lesion.series", r.name(), r.iteration());
            layer.add(Curve.of(name, x, y));
            sortedCurves.add(Curve.of(name, x, ys));
        }
        String prov = t.get("responses.provenance", LayerResponses.Config.DEFAULT_IMAGES);
        JFreeChart a = CurveChart.create(new ChartText(t.get("responses.title"), t.get("responses.x"), t.get("responses.y"), prov),
                layer, AxisScale.LINEAR, ui.state().chartTheme());
        JFreeChart b = CurveChart.create(new ChartText(t.get("responses.sorted.title"), t.get("responses.sorted.x"), t.get("responses.y"), prov),
                sortedCurves, AxisScale.LINEAR, ui.state().chartTheme());
        for (JFreeChart ch : List.of(a, b)) {
            Panes.colourBySlot(ch, slots, ui.state().chartTheme());
            ch.getXYPlot().setNoDataMessage(t.get("responses.empty"));
        }
        byLayer.setChart(a);
        sorted.setChart(b);
        summary.setText(rs.isEmpty() ? "" : t.get("responses.summary", rs.stream()
                .map(r -> r.name() + " " + I18n.num(r.result().mean())).collect(Collectors.joining(" · "))));
    }
}
