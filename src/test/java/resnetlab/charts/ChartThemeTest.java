package resnetlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.AbstractRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

class ChartThemeTest {

    private static final ChartText TEXT = ChartText.of("Training error", "iteration", "error");

    private static List<Curve> oneCurve() {
        double[] x = SampleData.range(200, 0, 1);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.9 * Math.exp(-x[i] / 60) + 0.1;
        }
        return List.of(Curve.of("ResNet-20", x, y));
    }

    @Test
    void paletteHasEightDistinctColoursThenRepeatsDashed() {
        for (ChartTheme t : List.of(ChartTheme.light(), ChartTheme.dark())) {
            Set<Color> colours = new HashSet<>();
            for (int i = 0; i < t.paletteSize(); i++) {
                colours.add(t.seriesColor(i));
                assertThat(t.seriesStroke(i).getDashArray()).isNull();
            }
            assertThat(colours).hasSize(8);
            assertThat(t.seriesColor(8)).isEqualTo(t.seriesColor(0));
            assertThat(t.seriesStroke(8).getDashArray()).isNotNull();
        }
    }

    @Test
    void seriesColoursContrastWithTheBackground() {
        for (ChartTheme t : List.of(ChartTheme.light(), ChartTheme.dark())) {
            double bg = Pixels.luminance(t.plotBackground());
            for (int i = 0; i < t.paletteSize(); i++) {
                assertThat(Math.abs(Pixels.luminance(t.seriesColor(i)) - bg))
                        .as("%s colour %d against its background", t, i).isGreaterThan(0.2);
            }
        }
    }

    @Test
    void darkThemeHasADarkBackgroundAndLightText() {
        JFreeChart chart = CurveChart.create(TEXT, oneCurve(), AxisScale.LINEAR, ChartTheme.dark());
        Pixels p = Pixels.render(chart, 640, 400);
        assertThat(Pixels.luminance(p.at(2, 2))).isLessThan(0.15);
        Rectangle2D area = p.dataArea();
        assertThat(Pixels.luminance(p.at(area.getCenterX(), area.getMinY() + 3))).isLessThan(0.2);
        // the title is drawn in light text somewhere above the plot
        Rectangle2D titleBand = new Rectangle2D.Double(0, 0, 640, area.getMinY());
        assertThat(p.count(titleBand, ChartTheme.dark().text(), 40)).isGreaterThan(30);

        Pixels light = Pixels.render(CurveChart.create(TEXT, oneCurve(), AxisScale.LINEAR, ChartTheme.light()), 640, 400);
        assertThat(Pixels.luminance(light.at(2, 2))).isGreaterThan(0.9);
    }

    @Test
    void presentationModeDrawsThickerLinesAndLargerText() {
        ChartTheme normal = ChartTheme.light();
        ChartTheme big = normal.withPresentation(true);
        Pixels thin = Pixels.render(CurveChart.create(TEXT, oneCurve(), AxisScale.LINEAR, normal), 800, 500);
        Pixels thick = Pixels.render(CurveChart.create(TEXT, oneCurve(), AxisScale.LINEAR, big), 800, 500);
        Color c = normal.seriesColor(0);
        int thinCount = thin.count(thin.dataArea(), c, 40);
        int thickCount = thick.count(thick.dataArea(), c, 40);
        assertThat(thinCount).isGreaterThan(200);
        // 2.3x the line width on a plot that is a little shorter because of the bigger fonts
        assertThat((double) thickCount / thinCount).isGreaterThan(1.8);
        assertThat(big.titleFont().getSize2D()).isGreaterThan(1.5f * normal.titleFont().getSize2D());
        // bigger fonts leave less room: the data area shrinks
        assertThat(thick.dataArea().getHeight()).isLessThan(thin.dataArea().getHeight());
    }

    @Test
    void applyRestylesAChartMadeElsewhere() {
        XYSeries a = new XYSeries("a");
        XYSeries b = new XYSeries("b");
        for (int i = 0; i < 50; i++) {
            a.add(i, i);
            b.add(i, 50 - i);
        }
        XYSeriesCollection data = new XYSeriesCollection(a);
        data.addSeries(b);
        JFreeChart chart = ChartFactory.createXYLineChart("foreign", "x", "y", data, PlotOrientation.VERTICAL, true,
                false, false);
        ChartTheme dark = ChartTheme.dark().withPresentation(true);
        dark.apply(chart);
        Pixels p = Pixels.render(chart, 640, 400);
        assertThat(Pixels.luminance(p.at(2, 2))).isLessThan(0.15);
        assertThat(p.count(p.dataArea(), dark.seriesColor(0), 30)).isGreaterThan(100);
        assertThat(p.count(p.dataArea(), dark.seriesColor(1), 30)).isGreaterThan(100);
        assertThat(((AbstractRenderer) chart.getXYPlot().getRenderer()).lookupSeriesPaint(1)).isEqualTo(dark.seriesColor(1));
        assertThat(chart.getTitle().getFont().getSize2D()).isEqualTo(dark.titleFont().getSize2D());

        // applying the light theme afterwards switches the palette back
        ChartTheme.light().apply(chart);
        assertThat(((AbstractRenderer) chart.getXYPlot().getRenderer()).lookupSeriesPaint(0)).isEqualTo(ChartTheme.light().seriesColor(0));
    }

    @Test
    void fontsAreLogicalSoTheyFallBackToCjkFonts() {
        ChartTheme t = ChartTheme.light();
        assertThat(t.fontFamily()).isEqualTo(Font.SANS_SERIF);
        assertThat(t.titleFont().getFamily()).isEqualTo(Font.SANS_SERIF);
    }

    @Test
    void chineseTitleRendersAndUsesACjkGlyphsWhereAFontHasThem() {
        String title = "残差网络的训练误差";
        ChartText text = ChartText.of(title, "迭代次数", "训练误差").withProvenance("生成方式：resnetlab train --depth 56");
        for (ChartTheme theme : List.of(ChartTheme.light(), ChartTheme.dark().withPresentation(true))) {
            JFreeChart chart = CurveChart.create(text, oneCurve(), AxisScale.LINEAR, theme);
            assertThatCode(() -> Pixels.render(chart, 640, 400)).doesNotThrowAnyException();
            Pixels p = Pixels.render(chart, 640, 400);
            assertThat(p.count(new Rectangle2D.Double(0, 0, 640, p.dataArea().getMinY()), theme.text(), 40))
                    .isGreaterThan(30);
        }
        // whether glyphs or boxes appear depends on the machine: if any installed font has Chinese,
        // the theme's logical font must reach it
        boolean systemHasCjk = Arrays.stream(GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts())
                .anyMatch(f -> f.canDisplayUpTo(title) == -1 && !f.getFamily().equals(Font.DIALOG)
                        && !f.getFamily().equals(Font.SANS_SERIF) && !f.getFamily().equals(Font.SERIF));
        assumeTrue(systemHasCjk, "no CJK font installed (e.g. fonts-noto-cjk); glyph coverage not checked");
        assertThat(ChartTheme.light().titleFont().canDisplayUpTo(title)).isEqualTo(-1);
        assertThat(ChartTheme.light().tickLabelFont().canDisplayUpTo(title)).isEqualTo(-1);
    }
}
