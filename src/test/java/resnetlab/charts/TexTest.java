package resnetlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TeX between $…$: split into runs, checked, and typeset in chart titles and their exports. */
class TexTest {
    @TempDir Path dir;

    static final String TITLE = "Direct term $\\frac{\\partial E}{\\partial x_L}\\prod_i \\lambda_i$ per block";

    @Test
    void textIsSplitIntoWordsInlineAndDisplayFormulas() {
        assertThat(Tex.split("a $x_L$ b $$\\sum F$$ costs \\$5")).containsExactly(Tex.Run.words("a "), new Tex.Run("x_L", true, false),
                Tex.Run.words(" b "), new Tex.Run("\\sum F", true, true), Tex.Run.words(" costs $5"));
        assertThat(Tex.hasFormula("costs \\$5")).isFalse();
        assertThat(Tex.hasFormula("λ = 0.5")).isFalse();
        assertThatThrownBy(() -> Tex.split("open $x_L")).hasMessageContaining("not closed").hasMessageContaining("character 6");
        assertThat(Tex.problem("fine $x_L = x_l + \\sum_{i=l}^{L-1} F(x_i)$")).isNull();
        assertThat(Tex.problem("bad $\\left( x$")).startsWith("TeX error in a formula:").doesNotContain("\n");
        assertThat(Tex.problem("bad $\\notacommand x$")).startsWith("TeX error in a formula:");
    }

    @Test
    void aFormulaTypesetDiffersFromItsSourceAndIsInTheThemesColour() {
        BufferedImage img = Tex.image("\\frac{\\partial E}{\\partial x_l}", false, 20, Color.RED, 2);
        assertThat(img.getHeight()).as("a fraction is two lines high").isGreaterThan(2 * 20);
        int red = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) {
            int argb = img.getRGB(x, y);
            if ((argb >>> 24) > 200) {
                assertThat(argb & 0xFFFFFF).isEqualTo(0xFF0000);
                red++;
            }
        }
        assertThat(red).isGreaterThan(50);
    }

    @Test
    void aTitleIsDrawnWithinTheSizeItAskedFor() {
        TexTitle title = new TexTitle(TITLE + " and words after it", new java.awt.Font("SansSerif", java.awt.Font.BOLD, 16));
        BufferedImage img = new BufferedImage(900, 200, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = img.createGraphics();
        org.jfree.chart.ui.Size2D size = title.arrange(g, org.jfree.chart.block.RectangleConstraint.NONE);
        title.draw(g, new java.awt.geom.Rectangle2D.Double(0, 50, 900, size.getHeight()));
        g.dispose();
        int left = 900, right = 0, top = 200, bottom = 0;
        for (int y = 0; y < 200; y++) for (int x = 0; x < 900; x++) if ((img.getRGB(x, y) >>> 24) > 100) {
            left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
        }
        // words after a formula keep the title's font (JLaTeXMath once left a huge one behind)
        assertThat(top).isGreaterThanOrEqualTo(48);
        assertThat(bottom).isLessThanOrEqualTo(50 + (int) size.getHeight() + 2);
        assertThat(right - left).isLessThanOrEqualTo((int) size.getWidth() + 2).isGreaterThan(200);
    }

    @Test
    void aTitleWiderThanItsChartWrapsAtSpacesNotCutOff() {
        TexTitle title = new TexTitle(TITLE + " and words after it", new java.awt.Font("SansSerif", java.awt.Font.BOLD, 16));
        BufferedImage img = new BufferedImage(600, 300, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = img.createGraphics();
        org.jfree.chart.ui.Size2D one = title.arrange(g, org.jfree.chart.block.RectangleConstraint.NONE);
        org.jfree.chart.ui.Size2D narrow = title.arrange(g, org.jfree.chart.block.RectangleConstraint.NONE.toRangeWidth(new org.jfree.data.Range(0, 200)));
        assertThat(one.getWidth()).isGreaterThan(250);
        assertThat(narrow.getWidth()).isLessThanOrEqualTo(200);
        assertThat(narrow.getHeight()).as("two lines or more").isGreaterThan(1.5 * one.getHeight());
        title.draw(g, new java.awt.geom.Rectangle2D.Double(200, 50, 200, narrow.getHeight()));
        g.dispose();
        int left = 600, right = 0, bottom = 0;
        for (int y = 0; y < 300; y++) for (int x = 0; x < 600; x++) if ((img.getRGB(x, y) >>> 24) > 100) {
            left = Math.min(left, x); right = Math.max(right, x); bottom = Math.max(bottom, y);
        }
        assertThat(left).isGreaterThanOrEqualTo(198);
        assertThat(right).isLessThanOrEqualTo(402);
        assertThat(bottom).isLessThanOrEqualTo(50 + (int) narrow.getHeight() + 2);
    }

    @Test
    void chartTitlesTypesetTheirFormulasInEveryExport() throws Exception {
        ChartText text = new ChartText(TITLE, "block", "gradient", "made by a test");
        JFreeChart typeset = CurveChart.create(text, SampleData.depthProfiles(8), AxisScale.LOG, ChartTheme.light());
        assertThat(typeset.getTitle()).isInstanceOf(TexTitle.class);
        assertThat(typeset.getTitle().getText()).isEqualTo(TITLE);
        JFreeChart raw = CurveChart.create(text, SampleData.depthProfiles(8), AxisScale.LOG, ChartTheme.light());
        TextTitle plain = new TextTitle(TITLE, raw.getTitle().getFont());
        plain.setPaint(raw.getTitle().getPaint());
        plain.setPadding(raw.getTitle().getPadding());
        raw.setTitle(plain);
        BufferedImage a = ChartExport.render(typeset, 700, 420, 1), b = ChartExport.render(raw, 700, 420, 1);
        int differ = 0;
        for (int y = 0; y < 60; y++) for (int x = 0; x < 700; x++) if (a.getRGB(x, y) != b.getRGB(x, y)) differ++;
        assertThat(differ).as("title rows: the typeset title is not the raw TeX").isGreaterThan(500);

        for (String ext : List.of("png", "svg", "pdf", "csv")) ChartExport.write(typeset, dir.resolve("t." + ext), 700, 420, 1);
        assertThat(Files.readString(dir.resolve("t.svg"))).doesNotContain("\\frac").contains("Direct term");
        assertThat(Files.readString(dir.resolve("t.csv"))).isNotEmpty();
        try (var doc = org.apache.pdfbox.Loader.loadPDF(dir.resolve("t.pdf").toFile())) {
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo(TITLE); // the raw text, as the data
        }
        // a broken formula in a title is drawn as its source, never an exception
        JFreeChart broken = CurveChart.create(new ChartText("bad $\\left( x$ title", "x", "y", null), SampleData.depthProfiles(4),
                AxisScale.LINEAR, ChartTheme.light());
        assertThat(ChartExport.render(broken, 400, 300, 1).getWidth()).isEqualTo(400);
    }

    @Test
    void axisLabelsTypesetTheirFormulasInEveryExport() throws Exception {
        String y = "$\\|\\partial E/\\partial x_l\\|$ (log)";
        JFreeChart typeset = CurveChart.create(new ChartText("t", "block input $l$", y, null), SampleData.depthProfiles(8), AxisScale.LOG,
                ChartTheme.light());
        assertThat(typeset.getXYPlot().getRangeAxis().getAttributedLabel()).as("the theme typesets a label with a formula").isNotNull();
        assertThat(typeset.getXYPlot().getRangeAxis().getLabel()).isEqualTo(y); // the raw text stays the data (CSV header)
        JFreeChart raw = CurveChart.create(new ChartText("t", "block input $l$", y, null), SampleData.depthProfiles(8), AxisScale.LOG,
                ChartTheme.light());
        raw.getXYPlot().getRangeAxis().setAttributedLabel((java.text.AttributedString) null);
        BufferedImage a = ChartExport.render(typeset, 700, 420, 1), b = ChartExport.render(raw, 700, 420, 1);
        int differ = 0;
        for (int yy = 0; yy < 420; yy++) for (int x = 0; x < 40; x++) if (a.getRGB(x, yy) != b.getRGB(x, yy)) differ++;
        assertThat(differ).as("y-axis label strip: typeset, not the raw TeX").isGreaterThan(100);
        ChartExport.write(typeset, dir.resolve("a.svg"), 700, 420, 1);
        assertThat(Files.readString(dir.resolve("a.svg"))).doesNotContain("\\partial"); // typeset (Batik writes the line as outlines)
        ChartExport.write(typeset, dir.resolve("a.png"), 700, 420, 1);

        // a broken formula in a label is set as its source, never an exception
        java.text.AttributedString bad = Tex.attributed("bad $\\left( x$", new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 12), Color.BLACK);
        StringBuilder sb = new StringBuilder();
        var it = bad.getIterator();
        for (char c = it.first(); c != java.text.CharacterIterator.DONE; c = it.next()) sb.append(c);
        assertThat(sb.toString()).isEqualTo("bad $\\left( x$");
    }
}
