package resnetlab.app.view;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javafx.geometry.Pos;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/**
 * A JFreeChart in the window, with an export button (PNG, SVG, PDF, CSV) in its corner. Charts are swapped
 * with {@link #setChart} when the theme or language changes; live data is fired by the owning pane once per
 * frame.
 */
public final class ChartPane extends StackPane {
    private final ChartViewer viewer = new ChartViewer(null, false);
    private final MenuButton export = new MenuButton(null, Icons.download());
    private final UiContext ui;
    private final String fileStem;

    /** @param fileStem base of suggested file names, e.g. "training-error" */
    public ChartPane(UiContext ui, String fileStem) {
        this.ui = ui;
        this.fileStem = fileStem;
        getStyleClass().add("chart-pane");
        export.getStyleClass().add("chart-export");
        export.tooltipProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> new Tooltip(ui.i18n().get("export.chart.tooltip")), ui.i18n().localeProperty()));
        for (Exporter.Format f : Exporter.Format.values()) {
            MenuItem item = new MenuItem();
            item.textProperty().bind(ui.i18n().text("export." + f.extension()));
            item.setOnAction(e -> exportWithDialog(f));
            export.getItems().add(item);
        }
        export.setFocusTraversable(false);
        getChildren().addAll(viewer, export);
        StackPane.setAlignment(export, Pos.TOP_RIGHT);
        viewer.setMinSize(120, 100);
    }

    public void setChart(JFreeChart chart) { viewer.setChart(chart); }
    public JFreeChart chart() { return viewer.getChart(); }
    public ChartViewer viewer() { return viewer; }

    private void exportWithDialog(Exporter.Format f) {
        if (chart() == null) return;
        Path file = ui.dialogs().save(getScene().getWindow(), ui.i18n().get("export.chart.title"), fileStem + "." + f.extension(),
                f.extension());
        if (file != null) export(f, file);
    }

    /** Writes the current chart to {@code file}. */
    public CompletableFuture<Path> export(Exporter.Format f, Path file) {
        return ui.exporter().chart(chart(), f, file);
    }
}
