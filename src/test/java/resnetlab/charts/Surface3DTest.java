package resnetlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 3-D loss surfaces: drawn in software, turned and zoomed by the view, exported through ChartExport. */
class Surface3DTest {
    @TempDir Path dir;

    static List<SurfacePlot3D.Panel> bowlAndSheet(int n) {
        return List.of(new SurfacePlot3D.Panel("plain-56", SampleData.landscape(n, true).map(v -> v * v * 40)),
                new SurfacePlot3D.Panel("ResNet-56", SampleData.landscape(n, false)));
    }

    static JFreeChart chart(List<SurfacePlot3D.Panel> panels, SurfaceView view) {
        return LandscapeChart.surface3d(new ChartText("Training loss around θ*", "α (direction δ)", "β (direction η)", "test data"),
                panels, "training loss", null, 8, view, ChartTheme.light());
    }

    @Test
    void surfacesAreDrawnShadedInTheirPanelsAndTheViewChangesThePicture() throws IOException {
        List<SurfacePlot3D.Panel> panels = bowlAndSheet(31);
        BufferedImage a = ChartExport.render(chart(panels, SurfaceView.DEFAULT), 1000, 520, 1);
        BufferedImage b = ChartExport.render(chart(panels, SurfaceView.DEFAULT.rotate(90, 20)), 1000, 520, 1);
        BufferedImage c = ChartExport.render(chart(panels, SurfaceView.DEFAULT.zoomBy(2)), 1000, 520, 1);
        ImageIO.write(a, "png", dir.resolve("a.png").toFile());
        if (System.getProperty("surface3d.picture") != null) ImageIO.write(a, "png", new java.io.File(System.getProperty("surface3d.picture")));
        // both halves carry many distinct surface colours (viridis, shaded): two surfaces, not one
        assertThat(distinctColours(a, 0, 460)).isGreaterThan(150);
        assertThat(distinctColours(a, 470, 900)).isGreaterThan(150);
        assertThat(differingPixels(a, b)).isGreaterThan(1000 * 520 / 10);
        assertThat(differingPixels(a, c)).isGreaterThan(1000 * 520 / 10);
        // the same chart draws the same pixels twice (nothing depends on state left from a previous draw)
        assertThat(differingPixels(a, ChartExport.render(chart(panels, SurfaceView.DEFAULT), 1000, 520, 1))).isZero();
    }

    @Test
    void aWideRangeGetsALogScaleAndANarrowOneALinearScale() {
        assertThat(LandscapeChart.scaleFor(bowlAndSheet(11))).isEqualTo(AxisScale.LOG);
        assertThat(LandscapeChart.scaleFor(List.of(new SurfacePlot3D.Panel("r", SampleData.landscape(11, false).map(v -> v + 10)))))
                .isEqualTo(AxisScale.LINEAR);
        SurfacePlot3D plot = (SurfacePlot3D) chart(bowlAndSheet(11), SurfaceView.DEFAULT).getPlot();
        // one colour scale for both: from the lowest value of either to the highest of either
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (SurfacePlot3D.Panel p : bowlAndSheet(11)) {
            for (double[] row : p.values().values()) for (double v : row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        assertThat(plot.colours().getLowerBound()).isEqualTo(lo);
        assertThat(plot.colours().getUpperBound()).isEqualTo(hi);
    }

    @Test
    void aGridBeingRefinedShowsTheCellsItHas() {
        Grid full = SampleData.landscape(13, false);
        double[][] v = new double[13][];
        for (int j = 0; j < 13; j++) v[j] = full.values()[j].clone();
        for (int j = 0; j < 13; j++) for (int i = 0; i < 13; i++) if (j > 6) v[j][i] = Double.NaN;
        Grid half = new Grid(full.x(), full.y(), v);
        JFreeChart c = chart(List.of(new SurfacePlot3D.Panel("half", half)), SurfaceView.DEFAULT);
        JFreeChart d = chart(List.of(new SurfacePlot3D.Panel("full", full)), SurfaceView.DEFAULT);
        assertThat(differingPixels(ChartExport.render(c, 600, 500, 1), ChartExport.render(d, 600, 500, 1))).isGreaterThan(2000);
    }

    @Test
    void viewAnglesAreKeptInRange() {
        SurfaceView v = new SurfaceView(370, 120, 10);
        assertThat(v.azimuth()).isEqualTo(10);
        assertThat(v.elevation()).isEqualTo(SurfaceView.MAX_ELEVATION);
        assertThat(v.zoom()).isEqualTo(SurfaceView.MAX_ZOOM);
        assertThat(v.rotate(0, -200).elevation()).isEqualTo(SurfaceView.MIN_ELEVATION);
        assertThatThrownBy(() -> new SurfaceView(Double.NaN, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exportsToPngSvgPdfAndTheGridsToCsvAndJson() throws Exception {
        JFreeChart chart = chart(bowlAndSheet(21), SurfaceView.DEFAULT);
        for (String ext : List.of("png", "svg", "pdf", "csv", "json")) ChartExport.write(chart, dir.resolve("s." + ext), 900, 480, 2);
        BufferedImage png = ImageIO.read(dir.resolve("s.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1800);
        assertThat(distinctColours(png, 0, 1800)).isGreaterThan(300);
        String svg = Files.readString(dir.resolve("s.svg"));
        assertThat(svg).contains("<svg").contains("ResNet-56").contains("plain-56");
        assertThat(svg.split("<path", -1).length).as("one path per cell at least").isGreaterThan(2 * 20 * 20);
        try (PDDocument doc = Loader.loadPDF(dir.resolve("s.pdf").toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 72);
            assertThat(distinctColours(page, 0, page.getWidth())).isGreaterThan(150);
        }
        List<String> csv = Files.readAllLines(dir.resolve("s.csv"));
        assertThat(csv.get(0)).isEqualTo("series,x,y,z");
        assertThat(csv).hasSize(1 + 2 * 21 * 21);
        assertThat(csv.get(1)).startsWith("plain-56,-1.0,-1.0,");
        assertThat(Files.readString(dir.resolve("s.json"))).contains("\"zLabel\" : \"training loss\"");
    }

    private static int distinctColours(BufferedImage img, int x0, int x1) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) for (int x = x0; x < Math.min(x1, img.getWidth()); x++) seen.add(img.getRGB(x, y) & 0xFFFFFF);
        return seen.size();
    }

    private static int differingPixels(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) for (int x = 0; x < a.getWidth(); x++) if (a.getRGB(x, y) != b.getRGB(x, y)) n++;
        return n;
    }
}
