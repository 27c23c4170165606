package resnetlab.app.view;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.transform.Transform;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.Notice;
import resnetlab.charts.ChartData;
import resnetlab.charts.ChartExport;
import resnetlab.io.AtomicFiles;

/**
 * Saves charts (PNG at 2×, SVG, PDF, CSV of the numbers, via {@link ChartExport}) and whole panes (PNG of a
 * snapshot) for slides and handouts. Every file is written atomically, and a failure (folder gone, disk full)
 * becomes an error notice naming the file; the app carries on.
 */
public final class Exporter {
    public enum Format {
        PNG, SVG, PDF, CSV;

        public String extension() { return name().toLowerCase(Locale.ROOT); }
    }

    /** Logical size of exported charts: a 16:9 slide half. */
    public static final int WIDTH = 960, HEIGHT = 600;

    private final LabModel lab;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "export");
        t.setDaemon(true);
        return t;
    });

    public Exporter(LabModel lab) { this.lab = lab; }

    /**
     * Writes the chart in {@code format}. Live charts are appended to on the FX thread, so the chart is read
     * there (drawn into an image, or its numbers taken) and only the file is written on the export thread; SVG
     * and PDF are drawn straight into their (atomic) files, which takes a fraction of a second.
     */
    public CompletableFuture<Path> chart(JFreeChart chart, Format format, Path file) {
        try {
            switch (format) {
                case PNG -> {
                    BufferedImage image = ChartExport.render(chart, WIDTH, HEIGHT, 2);
                    return run(file, () -> writePng(image, file));
                }
                case CSV -> {
                    String csv = ChartExport.toCsv(ChartData.of(chart), ChartExport.CsvLayout.LONG);
                    return run(file, () -> AtomicFiles.writeString(file, csv));
                }
                case SVG -> ChartExport.svg(chart, file, WIDTH, HEIGHT);
                case PDF -> ChartExport.pdf(chart, file, WIDTH, HEIGHT);
            }
            return run(file, () -> { });
        } catch (Exception | Error e) {
            return failed(file, e);
        }
    }

    /** A PNG of the node as it is on screen, at twice its size for sharp slides. */
    public CompletableFuture<Path> pane(Node node, Path file) {
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(Transform.scale(2, 2));
        WritableImage img = node.snapshot(p, null);
        BufferedImage bi = SwingFXUtils.fromFXImage(img, null);
        return run(file, () -> writePng(bi, file));
    }

    public static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer");
        });
    }

    private CompletableFuture<Path> failed(Path file, Throwable e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        lab.post(Notice.error("error.export", file.toString(), msg));
        return CompletableFuture.failedFuture(e);
    }

    private CompletableFuture<Path> run(Path file, IoAction action) {
        CompletableFuture<Path> done = new CompletableFuture<>();
        io.execute(() -> {
            try {
                action.run();
                Platform.runLater(() -> lab.post(Notice.info("notice.exported", file.toString())));
                done.complete(file);
            } catch (Exception | Error e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                Platform.runLater(() -> lab.post(Notice.error("error.export", file.toString(), msg)));
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    @FunctionalInterface
    private interface IoAction { void run() throws Exception; }
}
