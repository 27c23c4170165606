package resnetlab.app.view;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import resnetlab.app.model.BenchModel;
import resnetlab.charts.ChartTheme;

/** Small pieces the panes share: the hint line on top, buttons with tooltips, model pickers, slot colours. */
final class Panes {
    private Panes() {}

    /** The explanation strip at the top of a pane: what to look for, with the paper it comes from. */
    static HBox hintBar(UiContext ui, String key) {
        Label hint = new Label();
        hint.getStyleClass().add("pane-hint");
        hint.setWrapText(true);
        hint.setMaxWidth(Double.MAX_VALUE);
        hint.setMinHeight(Region.USE_PREF_SIZE); // an HBox would otherwise give a wrapped hint one line and cut it
        HBox.setHgrow(hint, Priority.ALWAYS);
        HBox bar = new HBox(hint);
        bar.getStyleClass().add("pane-bar");
        bar.setPadding(new Insets(6, 10, 6, 10));
        Formulas.bind(hint, ui.i18n().text(key), ui, bar.widthProperty().subtract(20)); // formulas typeset
        return bar;
    }

    /** Least width of a chart beside another before the two stack, and least height of a stacked or scrolled chart. */
    static final double CHART_MIN_W = 380, CHART_MIN_H = 280;

    /**
     * The pane's body in a scroll pane that fills the pane while it fits and scrolls once the body's minimum
     * height does not (a short window, presentation mode's large fonts): charts keep a readable height.
     */
    static javafx.scene.control.ScrollPane scrolled(Region body, double minHeight) {
        body.setMinHeight(minHeight);
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("bench-scroll");
        return scroll;
    }

    static Button button(UiContext ui, String key, String id) {
        Button b = new Button();
        b.textProperty().bind(ui.i18n().text(key));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(ui.i18n().text(key + ".tooltip"));
        tip.setWrapText(true);
        tip.setMaxWidth(440);
        b.setTooltip(tip);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    static Label label(UiContext ui, String key) {
        Label l = new Label();
        l.textProperty().bind(ui.i18n().text(key));
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /**
     * A row of controls; in a narrow pane it wraps onto a second line rather than running off the edge. A row
     * with a wrapping text (a summary line) stays one box and the text wraps inside it.
     */
    static javafx.scene.layout.Pane row(Node... nodes) {
        boolean text = false;
        for (Node n : nodes) text |= n instanceof javafx.scene.control.Labeled l && l.isWrapText();
        if (text) {
            HBox h = new HBox(8, nodes);
            h.setAlignment(Pos.CENTER_LEFT);
            h.setPadding(new Insets(6, 10, 6, 10));
            for (Node n : nodes) {
                if (n instanceof javafx.scene.control.Labeled l && l.isWrapText()) {
                    l.setMinHeight(Region.USE_PREF_SIZE);
                    HBox.setHgrow(l, Priority.ALWAYS);
                }
            }
            return h;
        }
        javafx.scene.layout.FlowPane h = new javafx.scene.layout.FlowPane(8, 4, nodes);
        h.setAlignment(Pos.CENTER_LEFT);
        h.setPadding(new Insets(6, 10, 6, 10));
        for (Node n : nodes) if (n instanceof javafx.scene.control.Control c) c.setMinWidth(Region.USE_PREF_SIZE);
        return h;
    }

    static Region grow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /** A picker of bench models, named in the current language. */
    static ComboBox<BenchModel> modelPicker(UiContext ui) {
        ComboBox<BenchModel> c = new ComboBox<>(ui.lab().models());
        c.setCellFactory(l -> new ModelCell(ui));
        c.setButtonCell(new ModelCell(ui));
        ui.i18n().localeProperty().addListener(o -> c.setButtonCell(new ModelCell(ui)));
        c.setMinWidth(Region.USE_PREF_SIZE); // a model's name whole: "ResNet-56 (λ=0.5)"
        return c;
    }

    /** Series {@code i} of every renderer of the chart gets the colour of bench slot {@code slots[i]}. */
    static void colourBySlot(JFreeChart chart, int[] slots, ChartTheme theme) {
        XYPlot plot = chart.getXYPlot();
        for (int r = 0; r < plot.getRendererCount(); r++) {
            XYItemRenderer renderer = plot.getRenderer(r);
            if (renderer == null) continue;
            for (int i = 0; i < slots.length; i++) {
                renderer.setSeriesPaint(i, theme.seriesColor(slots[i]));
                if (renderer instanceof org.jfree.chart.renderer.xy.XYLineAndShapeRenderer l) l.setSeriesFillPaint(i, theme.seriesColor(slots[i]));
            }
        }
    }

    static final class ModelCell extends ListCell<BenchModel> {
        private final UiContext ui;

        ModelCell(UiContext ui) { this.ui = ui; }

        @Override protected void updateItem(BenchModel m, boolean empty) {
            super.updateItem(m, empty);
            setText(empty || m == null ? null : Words.model(ui.i18n(), m));
        }
    }
}
