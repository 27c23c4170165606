package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import resnetlab.app.view.ChartPane;

/**
 * A chart made on the render thread is the one shown, even when the pane is redrawn (a new size) while it is being
 * made: the renderer keeps only a pane's newest job, and a redraw of the chart on screen used to replace it (the
 * gradient-flow pane beside a lesson showed empty charts over a restored session's data).
 */
class ChartPaneRedrawTest extends AppTestBase {
    static JFreeChart chart(java.awt.Color background) {
        JFreeChart c = ChartFactory.createXYLineChart(null, "x", "y", new XYSeriesCollection());
        c.setBackgroundPaint(background);
        return c;
    }

    static Color corner(ChartPane p) {
        for (var n : p.getChildrenUnmodifiable()) {
            if (n instanceof ImageView v && v.getImage() != null) return v.getImage().getPixelReader().getColor(3, 3);
        }
        return null;
    }

    @Test void aRedrawWhileAChartIsMadeShowsTheNewChart() throws Exception {
        Stage[] stage = new Stage[1];
        ChartPane pane = fx(() -> {
            ChartPane p = new ChartPane(app.ui(), "race");
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new StackPane(p), 320, 240));
            stage[0].show();
            return p;
        });
        try {
            fx(() -> { pane.setChart(chart(java.awt.Color.WHITE)); return null; });
            waitUntil(10, () -> Color.WHITE.equals(corner(pane)));
            fx(() -> {
                pane.setChartLater(() -> {
                    try { Thread.sleep(300); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                    return chart(java.awt.Color.RED);
                });
                pane.refresh(); // what a layout pass does when the pane's size changes
                return null;
            });
            waitUntil(10, () -> Color.RED.equals(corner(pane)));
            Thread.sleep(600); // and no stale picture arrives after it
            assertThat(fx(() -> corner(pane))).isEqualTo(Color.RED);
            assertThat(fx(() -> (java.awt.Color) pane.chart().getBackgroundPaint())).isEqualTo(java.awt.Color.RED);
        } finally {
            fx(() -> { stage[0].close(); return null; });
        }
    }
}
