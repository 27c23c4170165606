package resnetlab.app.view;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.XYDataset;
import resnetlab.charts.ChartExport;
import resnetlab.charts.DecimatingXYDataset;

/**
 * Draws charts into pictures on a thread of its own, so the FX thread never lays out axes or measures text
 * (JFreeChart's FX canvas does both slowly, on the FX thread, on every change). The FX thread only makes a
 * private copy of a chart whose data grows live (a {@link DecimatingXYDataset} is replaced by a frozen copy
 * of its points) and, later, shows the finished picture. Requests per pane are coalesced: only the newest
 * waiting one is drawn.
 */
final class ChartRenderer {
    static final ChartRenderer SHARED = new ChartRenderer();

    private record Job(java.util.function.Supplier<JFreeChart> make, int width, int height, double scale,
                       java.util.function.BiConsumer<JFreeChart, Image> done) {}

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chart-render");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        return t;
    });
    private final Map<Object, Job> waiting = new ConcurrentHashMap<>();

    /** Draws {@code chart} at {@code width × height} logical pixels for {@code owner}; the newest request wins. */
    void submit(Object owner, JFreeChart chart, int width, int height, double scale, Consumer<Image> done) {
        JFreeChart copy = renderCopy(chart);
        submit(owner, () -> copy, width, height, scale, (c, img) -> done.accept(img));
    }

    /**
     * Makes the chart on the render thread too (from data the caller has already copied), then draws it;
     * {@code done} receives both on the FX thread.
     */
    void submit(Object owner, java.util.function.Supplier<JFreeChart> make, int width, int height, double scale,
                java.util.function.BiConsumer<JFreeChart, Image> done) {
        Job job = new Job(make, width, height, scale, done);
        if (waiting.put(owner, job) != null) return; // a task for this owner is queued and will take the newest job
        thread.execute(() -> {
            Job j = waiting.remove(owner);
            if (j == null) return;
            Image img;
            JFreeChart chart;
            try {
                chart = j.make().get();
                BufferedImage bi = ChartExport.render(chart, Math.max(40, j.width()), Math.max(40, j.height()), j.scale());
                img = SwingFXUtils.toFXImage(bi, null);
            } catch (RuntimeException e) {
                return; // a chart that cannot be drawn at this size (e.g. too small): keep the old picture
            }
            Platform.runLater(() -> j.done().accept(chart, img));
        });
    }

    /**
     * A chart safe to draw on another thread while the original keeps changing: a clone whose live datasets
     * are frozen copies. Charts without live data are never changed after they are made, and are drawn as they are.
     */
    static JFreeChart renderCopy(JFreeChart chart) {
        if (!hasLiveData(chart.getPlot())) return chart;
        try {
            JFreeChart copy = (JFreeChart) chart.clone();
            freeze(copy.getPlot());
            return copy;
        } catch (CloneNotSupportedException e) {
            return chart;
        }
    }

    private static boolean hasLiveData(Plot plot) {
        if (plot instanceof CombinedDomainXYPlot c) {
            for (XYPlot p : c.getSubplots()) if (hasLiveData(p)) return true;
            return false;
        }
        if (!(plot instanceof XYPlot p)) return false;
        for (int i = 0; i < p.getDatasetCount(); i++) if (p.getDataset(i) instanceof DecimatingXYDataset) return true;
        return false;
    }

    private static void freeze(Plot plot) {
        if (plot instanceof CombinedDomainXYPlot c) {
            for (XYPlot p : c.getSubplots()) freeze(p);
            return;
        }
        if (!(plot instanceof XYPlot p)) return;
        for (int i = 0; i < p.getDatasetCount(); i++) {
            XYDataset d = p.getDataset(i);
            if (d instanceof DecimatingXYDataset live) p.setDataset(i, copy(live)); // also unhooks the clone from the live data
        }
    }

    private static XYDataset copy(XYDataset d) {
        DefaultXYDataset out = new DefaultXYDataset();
        for (int s = 0; s < d.getSeriesCount(); s++) {
            int n = d.getItemCount(s);
            double[][] xy = new double[2][n];
            for (int i = 0; i < n; i++) {
                xy[0][i] = d.getXValue(s, i);
                xy[1][i] = d.getYValue(s, i);
            }
            out.addSeries(d.getSeriesKey(s), xy);
        }
        return out;
    }
}
