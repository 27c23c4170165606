package resnetlab.charts;

import java.awt.AlphaComposite;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.apache.batik.dom.GenericDOMImplementation;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;

/**
 * Saves a chart as a picture (PNG, SVG, PDF) or its numbers ({@link ChartData}) as CSV or JSON.
 *
 * <p>Sizes are in logical pixels: the chart is laid out at {@code width × height}, as on screen. A PNG
 * is then drawn at {@code scale} times that many device pixels (2 or 3 for sharp slides) and tagged with
 * {@code 96 × scale} dpi, so slide software places it at the logical size. SVG and PDF are vector
 * formats of {@code width × height} units (PDF: points); SVG keeps text as text, PDF draws glyphs as
 * outlines, which keeps Chinese labels exact without embedding fonts.
 *
 * <p>Every write is atomic: the bytes go to a temporary file in the target folder, which is then
 * renamed over the target ({@code ATOMIC_MOVE}, or a plain replace where the file system cannot). A
 * failed export (folder missing or not writable, disk full, a drawing error) leaves an existing file
 * as it was, and throws an {@link IOException} whose message names the file.
 *
 * <p><b>CSV layouts.</b> {@link CsvLayout#LONG} (the default) has one row per point and columns
 * {@code series,x,y}, then {@code y_low,y_high} if any series has a band or error bars, then {@code z}
 * if any series is a heat map, then {@code category} if any series is a bar chart's (x is then the category's
 * index); it works for every chart. {@link CsvLayout#WIDE} has one row per distinct
 * x value: the first column is x (headed by the x-axis label), then one column per series headed by its
 * name (plus "name (low)" and "name (high)" for bands), with an empty cell where a series has no point
 * at that x; a bar chart's category names follow x in a {@code category} column; heat maps cannot be
 * written wide. Numbers are written with {@link Double#toString} (full
 * precision, '.' decimal point); missing values are empty cells. UTF-8, no byte-order mark, RFC 4180
 * quoting, "\n" line ends.
 *
 * <p><b>JSON</b> is an object {@code {"format": "resnetlab-chart-data/1", "title", "subtitles": [...],
 * "series": [{"name", "xLabel", "yLabel", "zLabel"?, "x": [...], "y": [...], "yLow"?, "yHigh"?,
 * "z"?, "categories"?}], "markers": [{"axis": "x"|"y", "start", "end", "label"}]}}; non-finite numbers are
 * {@code null}.
 */
public final class ChartExport {

    /** How {@link #csv} lays out the numbers; see the class comment. */
    public enum CsvLayout {
        /** One row per point: series,x,y[,y_low,y_high][,z]. Works for every chart. */
        LONG,
        /** One row per x, one column per series. Not for heat maps. */
        WIDE
    }

    /** Format identifier written into every JSON export. */
    public static final String JSON_FORMAT = "resnetlab-chart-data/1";

    private static final double BASE_DPI = 96;

    private ChartExport() {
    }

    /** The chart drawn at {@code width × height} logical pixels into an image {@code scale} times larger. */
    public static BufferedImage render(JFreeChart chart, int width, int height, double scale) {
        checkSize(width, height);
        if (!(scale > 0) || scale > 16) {
            throw new IllegalArgumentException("scale must be in (0, 16], was " + scale);
        }
        int pw = (int) Math.round(width * scale), ph = (int) Math.round(height * scale);
        BufferedImage image = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.scale(pw / (double) width, ph / (double) height);
            Rectangle2D area = new Rectangle2D.Double(0, 0, width, height);
            ChartRenderingInfo info = ChartFit.layoutInfo();
            chart.draw(g2, area, info);
            ChartFit.Fit fit = ChartFit.fit(chart, info, g2, area);
            if (fit.chart() != chart) { // a small picture: the plot was squeezed or a label ran long; draw again
                g2.setComposite(AlphaComposite.Clear);
                g2.fill(area);
                g2.setComposite(AlphaComposite.SrcOver);
                fit.draw(g2, area);
            }
        } finally {
            g2.dispose();
        }
        return image;
    }

    /**
     * The smallest data area (of the plot, or of each subplot of a combined plot) when the chart is drawn at
     * {@code width × height} as {@link #render} draws it, fitted; in the picture's logical pixels. For the window's
     * layout check: a plot squeezed to a sliver by its title, legend or subtitles is unreadable.
     */
    public static Rectangle2D plotArea(JFreeChart chart, int width, int height) {
        checkSize(width, height);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g2 = scratch.createGraphics();
        try {
            Rectangle2D area = new Rectangle2D.Double(0, 0, width, height);
            ChartFit.Fit fit = ChartFit.fit(chart, ChartFit.layout(chart, g2, area, 1), g2, area);
            ChartRenderingInfo info = ChartFit.layout(fit.chart(), g2, area, fit.zoom());
            org.jfree.chart.plot.PlotRenderingInfo plot = info.getPlotInfo();
            Rectangle2D smallest = plot.getDataArea();
            for (int i = 0; i < plot.getSubplotCount(); i++) {
                Rectangle2D d = plot.getSubplotInfo(i).getDataArea();
                if (d.getWidth() * d.getHeight() < smallest.getWidth() * smallest.getHeight()) smallest = d;
            }
            double z = fit.zoom();
            return new Rectangle2D.Double(smallest.getX() * z, smallest.getY() * z, smallest.getWidth() * z, smallest.getHeight() * z);
        } finally {
            g2.dispose();
        }
    }

    /** For vector output: the chart laid out once on a scratch image, then fitted to the picture. */
    private static ChartFit.Fit fit(JFreeChart chart, int width, int height) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g2 = scratch.createGraphics();
        try {
            Rectangle2D area = new Rectangle2D.Double(0, 0, width, height);
            return ChartFit.fit(chart, ChartFit.layout(chart, g2, area, 1), g2, area);
        } finally {
            g2.dispose();
        }
    }

    /** PNG of {@code width × height} logical pixels at {@code scale} (1, 2, 3 ...), tagged 96·scale dpi. */
    public static void png(JFreeChart chart, Path file, int width, int height, double scale) throws IOException {
        checkSize(width, height);
        AtomicFileWrite.write(file, out -> writePng(render(chart, width, height, scale), BASE_DPI * scale, out));
    }

    /** SVG of {@code width × height} user units; text stays text (font family generic sans-serif). */
    public static void svg(JFreeChart chart, Path file, int width, int height) throws IOException {
        checkSize(width, height);
        AtomicFileWrite.write(file, out -> {
            DOMImplementation dom = GenericDOMImplementation.getDOMImplementation();
            Document doc = dom.createDocument("http://www.w3.org/2000/svg", "svg", null);
            SVGGeneratorContext ctx = SVGGeneratorContext.createDefault(doc);
            ctx.setComment("resnet-lab chart");
            ctx.setEmbeddedFontsOn(false);
            SVGGraphics2D g2 = new SVGGraphics2D(ctx, false);
            g2.setSVGCanvasSize(new Dimension(width, height));
            fit(chart, width, height).draw(g2, new Rectangle2D.Double(0, 0, width, height));
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            g2.stream(writer, true);
            writer.flush();
            g2.dispose();
        });
    }

    /** One-page PDF of {@code width × height} points, drawn as vectors. */
    public static void pdf(JFreeChart chart, Path file, int width, int height) throws IOException {
        checkSize(width, height);
        AtomicFileWrite.write(file, out -> {
            try (PDDocument doc = new PDDocument()) {
                PDPage page = new PDPage(new PDRectangle(width, height));
                doc.addPage(page);
                PdfBoxGraphics2D g2 = new PdfBoxGraphics2D(doc, width, height);
                fit(chart, width, height).draw(g2, new Rectangle2D.Double(0, 0, width, height));
                g2.dispose();
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.drawForm(g2.getXFormObject());
                }
                if (chart.getTitle() != null) {
                    doc.getDocumentInformation().setTitle(chart.getTitle().getText());
                }
                doc.getDocumentInformation().setCreator("resnet-lab");
                doc.save(out);
            }
        });
    }

    /** The chart's numbers as CSV in the given layout. */
    public static void csv(JFreeChart chart, Path file, CsvLayout layout) throws IOException {
        String text = toCsv(ChartData.of(chart), layout); // fail on WIDE heat maps before touching the file
        AtomicFileWrite.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The chart's numbers as JSON (format in the class comment). */
    public static void json(JFreeChart chart, Path file) throws IOException {
        String text = toJson(ChartData.of(chart));
        AtomicFileWrite.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Picks the format from the file's extension: .png (at {@code scale}), .svg, .pdf, .csv (long
     * layout), .json. For the CLI's {@code --out} option.
     */
    public static void write(JFreeChart chart, Path file, int width, int height, double scale) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        switch (ext) {
            case "png" -> png(chart, file, width, height, scale);
            case "svg" -> svg(chart, file, width, height);
            case "pdf" -> pdf(chart, file, width, height);
            case "csv" -> csv(chart, file, CsvLayout.LONG);
            case "json" -> json(chart, file);
            default -> throw new IllegalArgumentException(
                    "Cannot tell the format of " + file + ": use .png, .svg, .pdf, .csv or .json");
        }
    }

    // ---- text formats ----------------------------------------------------------------------------

    /** CSV text (layouts in the class comment). */
    public static String toCsv(ChartData data, CsvLayout layout) {
        return layout == CsvLayout.WIDE ? wideCsv(data) : longCsv(data);
    }

    private static String longCsv(ChartData data) {
        boolean intervals = data.series().stream().anyMatch(ChartData.Series::hasInterval);
        boolean z = data.series().stream().anyMatch(ChartData.Series::hasZ);
        StringBuilder sb = new StringBuilder("series,x,y");
        if (intervals) {
            sb.append(",y_low,y_high");
        }
        if (z) {
            sb.append(",z");
        }
        boolean categories = data.series().stream().anyMatch(ChartData.Series::hasCategories);
        if (categories) {
            sb.append(",category");
        }
        sb.append('\n');
        for (ChartData.Series s : data.series()) {
            String name = quote(s.name());
            for (int i = 0; i < s.size(); i++) {
                sb.append(name).append(',').append(num(s.x()[i])).append(',').append(num(s.y()[i]));
                if (intervals) {
                    sb.append(',').append(s.hasInterval() ? num(s.yLow()[i]) : "");
                    sb.append(',').append(s.hasInterval() ? num(s.yHigh()[i]) : "");
                }
                if (z) {
                    sb.append(',').append(s.hasZ() ? num(s.z()[i]) : "");
                }
                if (categories) {
                    sb.append(',').append(s.hasCategories() ? quote(s.categories().get(i)) : "");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String wideCsv(ChartData data) {
        List<ChartData.Series> all = data.series();
        TreeSet<Double> xs = new TreeSet<>();
        List<String> header = new ArrayList<>();
        String xLabel = all.isEmpty() || all.get(0).xLabel() == null ? "x" : all.get(0).xLabel();
        header.add(xLabel);
        Map<Double, String> categoryOf = new LinkedHashMap<>();
        for (ChartData.Series s : all) {
            for (int i = 0; s.hasCategories() && i < s.size(); i++) {
                categoryOf.putIfAbsent(s.x()[i], s.categories().get(i));
            }
        }
        if (!categoryOf.isEmpty()) {
            header.add("category");
        }
        List<Map<Double, Integer>> index = new ArrayList<>();
        for (ChartData.Series s : all) {
            if (s.hasZ()) {
                throw new IllegalArgumentException(
                        "Series '" + s.name() + "' is a heat map; write it with CsvLayout.LONG");
            }
            Map<Double, Integer> at = new LinkedHashMap<>();
            for (int i = 0; i < s.size(); i++) {
                double x = s.x()[i];
                if (!Double.isNaN(x)) {
                    xs.add(x);
                    at.putIfAbsent(x, i);
                }
            }
            index.add(at);
            header.add(s.name());
            if (s.hasInterval()) {
                header.add(s.name() + " (low)");
                header.add(s.name() + " (high)");
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Iterator<String> it = header.iterator(); it.hasNext();) {
            sb.append(quote(it.next())).append(it.hasNext() ? "," : "\n");
        }
        for (double x : xs) {
            sb.append(num(x));
            if (!categoryOf.isEmpty()) {
                sb.append(',').append(quote(categoryOf.getOrDefault(x, "")));
            }
            for (int k = 0; k < all.size(); k++) {
                ChartData.Series s = all.get(k);
                Integer i = index.get(k).get(x);
                sb.append(',').append(i == null ? "" : num(s.y()[i]));
                if (s.hasInterval()) {
                    sb.append(',').append(i == null ? "" : num(s.yLow()[i]));
                    sb.append(',').append(i == null ? "" : num(s.yHigh()[i]));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** JSON text (format in the class comment). */
    public static String toJson(ChartData data) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", JSON_FORMAT);
        root.put("title", data.title());
        ArrayNode subtitles = root.putArray("subtitles");
        data.subtitles().forEach(subtitles::add);
        ArrayNode series = root.putArray("series");
        for (ChartData.Series s : data.series()) {
            ObjectNode o = series.addObject();
            o.put("name", s.name());
            o.put("xLabel", s.xLabel());
            o.put("yLabel", s.yLabel());
            if (s.hasZ()) {
                o.put("zLabel", s.zLabel());
            }
            numbers(o.putArray("x"), s.x());
            numbers(o.putArray("y"), s.y());
            if (s.hasInterval()) {
                numbers(o.putArray("yLow"), s.yLow());
                numbers(o.putArray("yHigh"), s.yHigh());
            }
            if (s.hasZ()) {
                numbers(o.putArray("z"), s.z());
            }
            if (s.hasCategories()) {
                ArrayNode names = o.putArray("categories");
                s.categories().forEach(names::add);
            }
        }
        ArrayNode markers = root.putArray("markers");
        for (ChartData.Marker m : data.markers()) {
            ObjectNode o = markers.addObject();
            o.put("axis", m.axis());
            number(o, "start", m.start());
            number(o, "end", m.end());
            o.put("label", m.label());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("JSON tree could not be written", e); // cannot happen for a tree of numbers and strings
        }
    }

    private static void numbers(ArrayNode array, double[] values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                array.add(v);
            } else {
                array.addNull();
            }
        }
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    // ---- PNG -------------------------------------------------------------------------------------

    private static void writePng(BufferedImage image, double dpi, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG writer available");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            setDpi(meta, dpi);
            writer.write(null, new IIOImage(image, null, meta), param);
            ios.flush();
        } finally {
            writer.dispose();
        }
    }

    /** Physical pixel size in the PNG pHYs chunk (pixels per metre). */
    private static void setDpi(IIOMetadata meta, double dpi) throws IIOInvalidTreeException {
        String perMetre = Integer.toString((int) Math.round(dpi / 0.0254));
        IIOMetadataNode phys = new IIOMetadataNode("pHYs");
        phys.setAttribute("pixelsPerUnitXAxis", perMetre);
        phys.setAttribute("pixelsPerUnitYAxis", perMetre);
        phys.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(phys);
        meta.mergeTree("javax_imageio_png_1.0", root);
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1 || width > 20000 || height > 20000) {
            throw new IllegalArgumentException("chart size must be 1..20000 pixels, was " + width + "×" + height);
        }
    }
}
