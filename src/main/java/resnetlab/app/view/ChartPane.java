package resnetlab.app.view;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javafx.geometry.Pos;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;

/**
 * A JFreeChart in the window, with an export button (PNG, SVG, PDF, CSV) in its corner. The chart is drawn by
 * the {@link ChartRenderer} off the FX thread and shown as a picture at the pane's size (and the screen's pixel
 * scale). Charts are swapped with {@link #setChart} when the theme or language changes; panes with live data
 * call {@link #refresh()} at most a few times a second while they are on screen.
 */
public final class ChartPane extends StackPane {
    private final ImageView picture = new ImageView();
    private final MenuButton export = new MenuButton(null, Icons.download());
    private final UiContext ui;
    private final String fileStem;
    private JFreeChart chart;
    private double drawnW, drawnH;

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
        picture.setPreserveRatio(false);
        picture.setManaged(false);
        getChildren().addAll(picture, export);
        StackPane.setAlignment(export, Pos.TOP_RIGHT);
        setMinSize(120, 100);
        // the button's width is known once it is laid out (and changes with the language and presentation mode)
        export.widthProperty().addListener((o, was, now) -> {
            if (padTitle(chart, buttonRoom())) refresh();
        });
    }

    public void setChart(JFreeChart chart) {
        padTitle(chart, buttonRoom());
        this.chart = chart;
        pendingMake = null;
        refresh();
    }

    /** Room the export button takes from the top-right corner, in chart units (logical pixels). */
    private double buttonRoom() { return Math.max(Math.max(export.getWidth(), export.prefWidth(-1)), 48) + 4; }

    /**
     * Keeps the title clear of the export button in the top-right corner: a title as wide as the chart (two lines
     * of Chinese beside a lesson) ran under it. The title is padded on both sides, so it stays centred.
     */
    static boolean padTitle(JFreeChart c, double room) {
        if (c == null || c.getTitle() == null) return false;
        org.jfree.chart.ui.RectangleInsets p = c.getTitle().getPadding();
        if (p.getLeft() >= room && p.getRight() >= room) return false;
        c.getTitle().setPadding(new org.jfree.chart.ui.RectangleInsets(p.getTop(), Math.max(room, p.getLeft()),
                p.getBottom(), Math.max(room, p.getRight())));
        return true;
    }

    public JFreeChart chart() { return chart; }

    /**
     * Makes the chart on the render thread from data the caller has copied (for charts re-made often, so the FX
     * thread never builds axes and legends), then shows it; {@link #chart()} is the new chart from then on.
     */
    public void setChartLater(java.util.function.Supplier<JFreeChart> make) {
        pendingMake = make;
        double w = Math.floor(getWidth()), h = Math.floor(getHeight());
        double scale = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getOutputScaleX() : 1;
        double room = buttonRoom();
        java.util.function.Supplier<JFreeChart> padded = () -> {
            JFreeChart c = make.get();
            padTitle(c, room);
            return c;
        };
        ChartRenderer.SHARED.submit(this, padded, (int) Math.max(w, 40), (int) Math.max(h, 40), scale, (c, img) -> {
            if (pendingMake == make) pendingMake = null;
            chart = c;
            if (w >= 40 && h >= 40) {
                drawnW = w;
                drawnH = h;
                show(img, w, h);
            } else {
                refresh();
            }
        });
    }

    private void show(javafx.scene.image.Image img, double w, double h) {
        picture.setImage(img);
        picture.setFitWidth(w);
        picture.setFitHeight(h);
    }

    /**
     * The chart being made on the render thread ({@link #setChartLater}), until it is shown. The renderer keeps only
     * the newest job per pane, so a redraw for a new size must make this chart again, not draw the one on screen: that
     * dropped a gradient-flow chart's data when the lesson panel's opening re-laid the pane out while it was made.
     */
    private java.util.function.Supplier<JFreeChart> pendingMake;

    /** Draws the chart again (its data changed). */
    public void refresh() {
        if (pendingMake != null) {
            setChartLater(pendingMake);
            return;
        }
        double w = Math.floor(getWidth()), h = Math.floor(getHeight());
        if (chart == null || w < 40 || h < 40) return;
        double scale = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getOutputScaleX() : 1;
        drawnW = w;
        drawnH = h;
        ChartRenderer.SHARED.submit(this, chart, (int) w, (int) h, scale, img -> show(img, w, h));
    }

    @Override protected void layoutChildren() {
        super.layoutChildren();
        picture.relocate(0, 0);
        if (Math.floor(getWidth()) != drawnW || Math.floor(getHeight()) != drawnH) refresh();
    }

    private void exportWithDialog(Exporter.Format f) {
        if (chart == null) return;
        Path file = ui.dialogs().save(getScene().getWindow(), ui.i18n().get("export.chart.title"), fileStem + "." + f.extension(),
                f.extension());
        if (file != null) export(f, file);
    }

    /** Writes the current chart to {@code file}. */
    public CompletableFuture<Path> export(Exporter.Format f, Path file) {
        return ui.exporter().chart(chart, f, file);
    }
}
