package resnetlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ChartExportTest {

    private static final ChartTheme LIGHT = ChartTheme.light();

    @TempDir
    Path dir;

    private static JFreeChart curves(String title) {
        double[] x = {0, 10, 20, 30};
        List<Curve> c = List.of(
                Curve.withBand("plain-56", x, new double[] {0.9, 0.7, 0.55, 0.5}, new double[] {0.85, 0.65, 0.5, 0.45},
                        new double[] {0.95, 0.75, 0.6, 0.55}),
                Curve.of("ResNet-56, width 8", new double[] {0, 10, 25}, new double[] {0.9, Double.NaN, 0.3}));
        return CurveChart.create(ChartText.of(title, "iteration", "training error").withProvenance("made by: test"), c,
                AxisScale.LINEAR, LIGHT);
    }

    /** A curve chart whose y-axis label is drawn in pure red, the only red in the picture. */
    private static JFreeChart redLabel(String label) {
        JFreeChart chart = curves("Axis label");
        chart.getXYPlot().getRangeAxis().setLabel(label);
        chart.getXYPlot().getRangeAxis().setLabelPaint(Color.RED);
        return chart;
    }

    /** Rows of {@code image} (from, to) that hold a red pixel; {-1, -1} when none does. */
    private static int[] redRows(BufferedImage image) {
        int first = -1, last = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y), true);
                if (c.getAlpha() > 200 && c.getRed() > 200 && c.getGreen() < 80 && c.getBlue() < 80) {
                    if (first < 0) first = y;
                    last = y;
                }
            }
        }
        return new int[] {first, last};
    }

    @Test
    void anAxisLabelLongerThanItsAxisShrinksOrIsLeftOutAndTheChartIsNotChanged() {
        int w = 420, h = 300; // room enough for the plot: only the label is at issue
        String shortLabel = "error", slightlyLong = null, longLabel = "the norm of the gradient at the input of each block, measured";
        // a label that fits is drawn as JFreeChart draws it
        JFreeChart fits = redLabel(shortLabel);
        Pixels plain = Pixels.render(fits, w, h);
        BufferedImage viaExport = ChartExport.render(fits, w, h, 1);
        int[] a = redRows(plain.image), b = redRows(viaExport);
        assertThat(b).containsExactly(a);
        assertThat(a[0]).isGreaterThan(0);

        // a too-long label: as JFreeChart draws it, it runs past the data area (over the title)
        JFreeChart tooLong = redLabel(longLabel);
        Pixels raw = Pixels.render(tooLong, w, h);
        Rectangle2D data = raw.dataArea();
        int[] over = redRows(raw.image);
        assertThat(over[0]).as("JFreeChart alone draws the label above the plot").isLessThan((int) data.getMinY() - 2);
        // exported, it is left out (it would need less than 70 % of its size) and the chart keeps its label
        assertThat(redRows(ChartExport.render(tooLong, w, h, 1))).containsExactly(-1, -1);
        assertThat(redRows(ChartExport.render(tooLong, w, h, 2))).containsExactly(-1, -1);
        assertThat(tooLong.getXYPlot().getRangeAxis().getLabel()).isEqualTo(longLabel);

        // a label a little too long for the axis is drawn smaller, within the plot's height
        java.awt.Font font = tooLong.getXYPlot().getRangeAxis().getLabelFont();
        java.awt.font.FontRenderContext frc = new java.awt.font.FontRenderContext(null, true, true);
        for (int n = 8; n < longLabel.length(); n++) {
            double length = font.getStringBounds(longLabel.substring(0, n), frc).getWidth();
            if (length > data.getHeight() * 1.1 && length < data.getHeight() * 1.3) {
                slightlyLong = longLabel.substring(0, n);
                break;
            }
        }
        assertThat(slightlyLong).isNotNull();
        JFreeChart bit = redLabel(slightlyLong);
        assertThat(redRows(Pixels.render(bit, w, h).image)[0]).isLessThan((int) data.getMinY());
        int[] fitted = redRows(ChartExport.render(bit, w, h, 1));
        assertThat(fitted[0]).as("shown").isGreaterThanOrEqualTo((int) data.getMinY());
        assertThat(fitted[1]).isLessThanOrEqualTo((int) Math.ceil(data.getMaxY()));
        assertThat(bit.getXYPlot().getRangeAxis().getLabelFont()).isEqualTo(font);
    }

    @Test
    void aSmallPictureGivesThePlotRoomAndALargeOneIsDrawnAsItIs() {
        JFreeChart chart = curves("Cramped");
        Graphics2D g2 = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        // large: nothing to do, the chart itself is drawn
        Rectangle2D large = new Rectangle2D.Double(0, 0, 960, 600);
        assertThat(ChartFit.fit(chart, ChartFit.layout(chart, g2, large, 1), g2, large).chart()).isSameAs(chart);

        // small and wide: JFreeChart leaves the plot a strip under the title, subtitle and legend
        int w = 520, h = 210;
        Rectangle2D small = new Rectangle2D.Double(0, 0, w, h);
        Pixels raw = Pixels.render(chart, w, h);
        assertThat(raw.dataArea().getHeight()).isLessThan(ChartFit.MIN_PLOT_SHARE * h);
        ChartFit.Fit fit = ChartFit.fit(chart, ChartFit.layout(chart, g2, small, 1), g2, small);
        JFreeChart fitted = fit.chart();
        assertThat(fit.zoom()).isEqualTo(1.0); // dropping the subtitle was enough
        assertThat(fitted).isNotSameAs(chart);
        assertThat(fitted.getSubtitles()).noneMatch(t -> t instanceof org.jfree.chart.title.TextTitle);
        assertThat(chart.getSubtitles()).anyMatch(t -> t instanceof org.jfree.chart.title.TextTitle); // unchanged
        assertThat(chart.getLegend().getPosition()).isEqualTo(org.jfree.chart.ui.RectangleEdge.BOTTOM);
        Pixels after = Pixels.render(fitted, w, h);
        assertThat(after.dataArea().getHeight()).isGreaterThan(1.25 * raw.dataArea().getHeight());
        // what ChartExport draws is the fitted chart, pixel for pixel
        BufferedImage drawn = ChartExport.render(chart, w, h, 1), direct = ChartExport.render(fitted, w, h, 1);
        int differ = 0;
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) differ += drawn.getRGB(x, y) != direct.getRGB(x, y) ? 1 : 0;
        assertThat(differ).isZero();

        // smaller still: the whole chart is drawn smaller, so text and plot shrink together and the plot shows
        Rectangle2D tiny = new Rectangle2D.Double(0, 0, 300, 130);
        ChartFit.Fit shrunk = ChartFit.fit(chart, ChartFit.layout(chart, g2, tiny, 1), g2, tiny);
        assertThat(shrunk.zoom()).isLessThan(1.0).isGreaterThanOrEqualTo(ChartFit.MIN_ZOOM - 1e-9);
        double before = ChartFit.layout(chart, g2, tiny, 1).getPlotInfo().getDataArea().getHeight();
        double now = ChartFit.layout(shrunk.chart(), g2, tiny, shrunk.zoom()).getPlotInfo().getDataArea().getHeight() * shrunk.zoom();
        assertThat(now).isGreaterThan(before + 10);
        g2.dispose();
    }

    @Test
    void pngHasTheLogicalSizeTimesTheScale() throws IOException {
        JFreeChart chart = curves("PNG");
        for (int scale : new int[] {1, 2, 3}) {
            Path file = dir.resolve("chart@" + scale + "x.png");
            ChartExport.png(chart, file, 400, 250, scale);
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image.getWidth()).isEqualTo(400 * scale);
            assertThat(image.getHeight()).isEqualTo(250 * scale);
            assertThat(dpi(file)).isCloseTo(96.0 * scale, org.assertj.core.api.Assertions.within(0.5));
            // the series colour is in the picture at every scale
            int found = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    found += Pixels.close(new Color(image.getRGB(x, y)), LIGHT.seriesColor(0), 30) ? 1 : 0;
                }
            }
            assertThat(found).isGreaterThan(50 * scale);
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("chart@1x.png")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Horizontal resolution from the PNG's pHYs chunk. */
    private static double dpi(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            var tree = (javax.imageio.metadata.IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            var phys = (javax.imageio.metadata.IIOMetadataNode) tree.getElementsByTagName("pHYs").item(0);
            return Double.parseDouble(phys.getAttribute("pixelsPerUnitXAxis")) * 0.0254;
        }
    }

    @Test
    void svgIsXmlWithTheTitleAsText() throws Exception {
        String title = "Training error 训练误差";
        Path file = dir.resolve("chart.svg");
        ChartExport.svg(curves(title), file, 640, 400);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(file.toFile());
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("width")).isEqualTo("640");
        NodeList texts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            strings.add(texts.item(i).getTextContent());
        }
        assertThat(strings).contains(title, "made by: test", "iteration");
        String raw = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(raw).contains("stroke:rgb(0,114,178)"); // series 0 in Okabe-Ito blue
    }

    @Test
    void pdfIsOnePageOfTheRightSizeWithTheChartOnIt() throws IOException {
        Path file = dir.resolve("chart.pdf");
        ChartExport.pdf(curves("PDF title"), file, 500, 300);
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            PDPage page = doc.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isEqualTo(500f);
            assertThat(page.getMediaBox().getHeight()).isEqualTo(300f);
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("PDF title");
            // the page draws one form XObject holding the chart
            assertThat(page.getResources().getXObjectNames()).hasSize(1);
            try (InputStream content = page.getContents()) {
                assertThat(new String(content.readAllBytes(), StandardCharsets.ISO_8859_1)).contains("Do");
            }
            BufferedImage image = new PDFRenderer(doc).renderImage(0, 1f);
            int blue = 0, dark = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    Color c = new Color(image.getRGB(x, y));
                    blue += Pixels.close(c, LIGHT.seriesColor(0), 30) ? 1 : 0;
                    dark += Pixels.luminance(c) < 0.3 ? 1 : 0;
                }
            }
            assertThat(blue).as("series drawn").isGreaterThan(50);
            assertThat(dark).as("text drawn").isGreaterThan(200);
            // the title is at the top: the chart is not upside down
            int topDark = 0;
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    topDark += Pixels.luminance(new Color(image.getRGB(x, y))) < 0.3 ? 1 : 0;
                }
            }
            assertThat(topDark).isGreaterThan(50);
        }
    }

    @Test
    void longCsvReadsBackToTheSameNumbers() throws IOException {
        JFreeChart chart = curves("csv");
        Path file = dir.resolve("data.csv");
        ChartExport.csv(chart, file, ChartExport.CsvLayout.LONG);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("series,x,y,y_low,y_high");
        // 4 points of plain-56; ResNet-56 lost its NaN point (not drawable), 2 remain
        assertThat(lines).hasSize(1 + 4 + 2);
        assertThat(lines.get(1)).isEqualTo("plain-56,0.0,0.9,0.85,0.95");
        assertThat(lines.get(4)).isEqualTo("plain-56,30.0,0.5,0.45,0.55");
        assertThat(lines.get(5)).isEqualTo("\"ResNet-56, width 8\",0.0,0.9,,");
        List<String> fields = csvFields(lines.get(6));
        assertThat(fields).containsExactly("ResNet-56, width 8", "25.0", "0.3", "", "");
        assertThat(Double.parseDouble(fields.get(2))).isEqualTo(0.3);
    }

    @Test
    void wideCsvJoinsSeriesOnX() throws IOException {
        Path file = dir.resolve("wide.csv");
        ChartExport.csv(curves("wide"), file, ChartExport.CsvLayout.WIDE);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo(
                "iteration,plain-56,plain-56 (low),plain-56 (high),\"ResNet-56, width 8\"");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "0.0,0.9,0.85,0.95,0.9",
                "10.0,0.7,0.65,0.75,",
                "20.0,0.55,0.5,0.6,",
                "25.0,,,,0.3",
                "30.0,0.5,0.45,0.55,");
    }

    @Test
    void heatMapsExportLongButNotWide() throws IOException {
        Grid g = new Grid(new double[] {0, 10}, new double[] {1, 2, 3},
                new double[][] {{1e-3, 2e-3}, {1e-2, Double.NaN}, {0.5, 1}});
        JFreeChart chart = GradientHeatMapChart.create(ChartText.of("t", "iteration", "block"), g, "norm", LIGHT);
        Path file = dir.resolve("heat.csv");
        ChartExport.csv(chart, file, ChartExport.CsvLayout.LONG);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("series,x,y,z");
        assertThat(lines).contains("norm,10.0,1.0,0.002", "norm,10.0,2.0,", "norm,0.0,3.0,0.5");
        Path wide = dir.resolve("heat-wide.csv");
        assertThatThrownBy(() -> ChartExport.csv(chart, wide, ChartExport.CsvLayout.WIDE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LONG");
        assertThat(wide).doesNotExist();
    }

    @Test
    void jsonReadsBackToTheSameNumbersAndMarkers() throws IOException {
        List<LesionSeries> lesions = SampleData.lesions(9);
        JFreeChart chart = LesionChart.perBlock(ChartText.of("Lesions", "deleted block", "test error")
                .withProvenance("made by: resnetlab lesion --seed 3"), lesions, "no deletion", new double[] {4}, "down", LIGHT);
        Path file = dir.resolve("lesion.json");
        ChartExport.json(chart, file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.get("format").asText()).isEqualTo(ChartExport.JSON_FORMAT);
        assertThat(root.get("title").asText()).isEqualTo("Lesions");
        assertThat(root.get("subtitles").get(0).asText()).isEqualTo("made by: resnetlab lesion --seed 3");
        JsonNode series = root.get("series");
        assertThat(series).hasSize(2);
        for (int s = 0; s < 2; s++) {
            JsonNode node = series.get(s);
            assertThat(node.get("name").asText()).isEqualTo(lesions.get(s).name());
            assertThat(node.get("xLabel").asText()).isEqualTo("deleted block");
            assertThat(node.get("yLabel").asText()).isEqualTo("test error");
            assertThat(node.has("yLow")).isFalse();
            for (int i = 0; i < 9; i++) {
                assertThat(node.get("x").get(i).asDouble()).isEqualTo(lesions.get(s).block()[i]);
                assertThat(node.get("y").get(i).asDouble()).isEqualTo(lesions.get(s).error()[i]);
            }
        }
        List<String> markers = new ArrayList<>();
        root.get("markers").forEach(m -> markers.add(m.get("axis").asText() + "@" + m.get("start").asDouble()
                + ":" + m.get("label").asText()));
        assertThat(markers).containsExactlyInAnyOrder("y@0.25:no deletion", "y@0.22:null", "x@4.0:down");
    }

    /** A bar chart of mean ± std per model, like the lessons' "final error" chart. */
    private static JFreeChart bars() {
        org.jfree.data.statistics.DefaultStatisticalCategoryDataset data = new org.jfree.data.statistics.DefaultStatisticalCategoryDataset();
        data.add(0.19, 0.02, "final training error", "identity");
        data.add(0.44, 0.05, "final training error", "λ = 0.5, shortcut");
        data.add(0.21, 0.01, "test error", "identity");
        data.add(0.47, 0.04, "test error", "λ = 0.5, shortcut");
        org.jfree.chart.plot.CategoryPlot plot = new org.jfree.chart.plot.CategoryPlot(data,
                new org.jfree.chart.axis.CategoryAxis("model"), new org.jfree.chart.axis.NumberAxis("error"),
                new org.jfree.chart.renderer.category.StatisticalBarRenderer());
        JFreeChart chart = new JFreeChart("final error", plot);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle("made by: test"));
        return chart;
    }

    @Test
    void barChartsExportTheirCategoriesMeansAndSpreads() throws IOException {
        ChartData data = ChartData.of(bars());
        assertThat(data.series()).extracting(ChartData.Series::name).containsExactly("final training error", "test error");
        ChartData.Series train = data.series().get(0);
        assertThat(train.categories()).containsExactly("identity", "λ = 0.5, shortcut");
        assertThat(train.y()).containsExactly(0.19, 0.44);
        assertThat(train.yLow()[1]).isCloseTo(0.39, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(train.yHigh()[1]).isCloseTo(0.49, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(train.xLabel()).isEqualTo("model");
        assertThat(train.yLabel()).isEqualTo("error");

        Path csv = dir.resolve("final.csv");
        ChartExport.csv(bars(), csv, ChartExport.CsvLayout.LONG);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("series,x,y,y_low,y_high,category");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(2)).startsWith("final training error,1.0,0.44,").endsWith(",\"λ = 0.5, shortcut\"");
        String wide = ChartExport.toCsv(data, ChartExport.CsvLayout.WIDE);
        assertThat(wide.split("\n")[0]).startsWith("model,category,final training error,");
        assertThat(wide.split("\n")[1]).startsWith("0.0,identity,0.19,");
        JsonNode json = new ObjectMapper().readTree(ChartExport.toJson(data));
        assertThat(json.get("series").get(1).get("categories").get(1).asText()).isEqualTo("λ = 0.5, shortcut");
    }

    @Test
    void jsonWritesGapsAsNull() throws IOException {
        ChartData data = new ChartData("t", List.of(), List.of(new ChartData.Series("s", "x", "y", null,
                new double[] {1, 2}, new double[] {Double.NaN, 3}, null, null, null)), List.of());
        JsonNode root = new ObjectMapper().readTree(ChartExport.toJson(data));
        assertThat(root.get("series").get(0).get("y").get(0).isNull()).isTrue();
        assertThat(root.get("series").get(0).get("y").get(1).asDouble()).isEqualTo(3.0);
    }

    @Test
    void pathLengthExportNamesEachPanelAndKeepsTheEffectiveRangeOnce() {
        ChartData data = ChartData.of(PathLengthChart.create(ChartText.of("t", "k", "share"), "paths", "gradient",
                "effective", SampleData.pathLengths(9), LIGHT));
        assertThat(data.series()).extracting(ChartData.Series::name).containsExactly("paths", "gradient", "share");
        assertThat(data.series().get(0).y()[1]).isEqualTo(9.0); // C(9, 1)
        assertThat(data.markers()).containsExactly(new ChartData.Marker("x", 3.5, 11.5, "effective 4–11"));
    }

    @Test
    void writePicksTheFormatFromTheExtension() throws IOException {
        JFreeChart chart = curves("any");
        for (String name : new String[] {"a.png", "a.SVG", "a.pdf", "a.csv", "a.json"}) {
            ChartExport.write(chart, dir.resolve(name), 300, 200, 2);
            assertThat(Files.size(dir.resolve(name))).as(name).isGreaterThan(100);
        }
        assertThat(ImageIO.read(dir.resolve("a.png").toFile()).getWidth()).isEqualTo(600);
        assertThat(Files.readString(dir.resolve("a.pdf"), StandardCharsets.ISO_8859_1)).startsWith("%PDF");
        assertThatThrownBy(() -> ChartExport.write(chart, dir.resolve("a.gif"), 300, 200, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.gif");
    }

    // ---- atomic writes ---------------------------------------------------------------------------

    @Test
    void exportIntoAMissingFolderNamesTheFileAndCreatesNothing() {
        Path file = dir.resolve("no-such-folder").resolve("curves.png");
        assertThatThrownBy(() -> ChartExport.png(curves("x"), file, 300, 200, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("curves.png")
                .hasMessageContaining("does not exist");
        assertThat(dir.resolve("no-such-folder")).doesNotExist();
    }

    @Test
    void exportBelowAFileNamesTheFile() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Path file = notAFolder.resolve("curves.svg");
        assertThatThrownBy(() -> ChartExport.svg(curves("x"), file, 300, 200))
                .isInstanceOf(IOException.class).hasMessageContaining("curves.svg");
        assertThat(Files.readString(notAFolder)).isEqualTo("x");
    }

    @Test
    void exportIntoAReadOnlyFolderFailsAndKeepsTheOldFile() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("locked"));
        Path file = folder.resolve("curves.csv");
        Files.writeString(file, "old content");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(folder), "running as root: a read-only folder is still writable");
            assertThatThrownBy(() -> ChartExport.csv(curves("x"), file, ChartExport.CsvLayout.LONG))
                    .isInstanceOf(IOException.class).hasMessageContaining("curves.csv");
            assertThat(Files.readString(file)).isEqualTo("old content");
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void exportIntoASystemFolderNobodyMayWriteFails() {
        // root ignores folder permissions, but nobody may create files in sysfs: this runs as root too
        Path sys = Path.of("/sys");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys.resolve("kernel")), "no sysfs");
        Path file = sys.resolve("resnetlab-chart.png");
        assertThatThrownBy(() -> ChartExport.png(curves("x"), file, 200, 100, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("resnetlab-chart.png");
        assertThat(file).doesNotExist();
    }

    @Test
    void failureWhileWritingKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("curves.png");
        Files.writeString(file, "the previous export");
        // a full disk, simulated: some bytes are written, then the write fails
        assertThatThrownBy(() -> AtomicFileWrite.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessageContaining("curves.png").hasMessageContaining("No space left");
        assertThat(Files.readString(file)).isEqualTo("the previous export");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("curves.png");
        }
    }

    @Test
    void aChartThatFailsToDrawDoesNotReplaceTheOldFile() throws IOException {
        JFreeChart chart = curves("broken");
        ((XYPlot) chart.getPlot()).addAnnotation(new AbstractXYAnnotation() {
            @Override
            public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis,
                    ValueAxis rangeAxis, int rendererIndex, PlotRenderingInfo info) {
                throw new IllegalStateException("boom");
            }
        });
        Path file = dir.resolve("broken.pdf");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> ChartExport.pdf(chart, file, 300, 200))
                .isInstanceOf(IOException.class).hasMessageContaining("broken.pdf").hasMessageContaining("boom");
        assertThat(Files.readString(file)).isEqualTo("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void successfulExportReplacesTheOldFile() throws IOException {
        Path file = dir.resolve("curves.json");
        Files.writeString(file, "old");
        ChartExport.json(curves("new"), file);
        assertThat(Files.readString(file)).contains("\"title\" : \"new\"");
    }

    private static List<String> csvFields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
