package resnetlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.PaintScaleLegend;
import org.junit.jupiter.api.Test;

/** Renders each experiment chart and checks what a student would see in the pixels. */
class ScientificChartsTest {

    private static final ChartTheme LIGHT = ChartTheme.light();

    @Test
    void depthProfileIsLogScaledWithDashedTheoryInTheMeasurementsColour() {
        List<Curve> measured = SampleData.depthProfiles(27);
        Curve theory = DepthProfileChart.scaledShortcutTheory("0.5^k", 0.5, 27, 2e-2);
        JFreeChart chart = DepthProfileChart.create(ChartText.of("t", "block", "‖∂E/∂x‖"), measured,
                List.of(DepthProfileChart.scaledShortcutTheory("1", 1.0, 27, 2e-2), theory), LIGHT);
        XYPlot plot = chart.getXYPlot();
        assertThat(plot.getRangeAxis()).isInstanceOf(LogAxis.class);
        assertThat(((BasicStroke) plot.getRenderer(1).getSeriesStroke(1)).getDashArray()).isNotNull();
        assertThat(((BasicStroke) plot.getRenderer(0).getSeriesStroke(1)).getDashArray()).isNull();
        assertThat(plot.getRenderer(1).getSeriesPaint(1)).isEqualTo(plot.getRenderer(0).getSeriesPaint(1));

        Pixels p = Pixels.render(chart, 800, 500);
        Rectangle2D area = p.dataArea();
        assertThat(p.count(area, LIGHT.seriesColor(0), 30)).isGreaterThan(200);
        assertThat(p.count(area, LIGHT.seriesColor(1), 30)).isGreaterThan(200);
        // the λ = 0.5 theory line spans 8 decades; on the log axis its first block lies far below its last
        double y1 = plot.getRangeAxis().valueToJava2D(theory.y()[0], area, plot.getRangeAxisEdge());
        double y27 = plot.getRangeAxis().valueToJava2D(theory.y()[26], area, plot.getRangeAxisEdge());
        assertThat(y1 - y27).isGreaterThan(area.getHeight() * 0.5);
    }

    @Test
    void theoryLineIsTheProductOfScales() {
        Curve c = DepthProfileChart.scaledShortcutTheory("t", new double[] {0.5, 2, 0.5}, 3.0);
        assertThat(c.x()).containsExactly(1, 2, 3);
        assertThat(c.y()).containsExactly(1.5, 3.0, 1.5);
        Curve deep = DepthProfileChart.scaledShortcutTheory("t", 0.5, 54, 1.0);
        assertThat(deep.y()[0]).isCloseTo(5.55e-17, within(0.01e-17)); // SCIENCE.md: 0.5^54 ≈ 5.6e-17
    }

    @Test
    void gradientHeatMapColoursSmallNormsDarkLargeNormsBrightAndGapsGrey() {
        double[] iterations = SampleData.range(20, 0, 10);
        double[] blocks = SampleData.range(9, 1, 1);
        double[][] v = new double[9][20];
        for (int j = 0; j < 9; j++) {
            for (int i = 0; i < 20; i++) {
                v[j][i] = Math.pow(10, -8 + j); // block 1: 1e-8 ... block 9: 1
            }
        }
        v[4][10] = Double.NaN;
        v[5][10] = 0.0; // a vanished gradient cannot sit on a log scale either
        JFreeChart chart = GradientHeatMapChart.create(ChartText.of("t", "iteration", "block"),
                new Grid(iterations, blocks, v), "‖∂E/∂x‖", LIGHT);
        assertThat(chart.getSubtitles()).anyMatch(t -> t instanceof PaintScaleLegend);
        Pixels p = Pixels.render(chart, 800, 500);
        XYPlot plot = chart.getXYPlot();
        ViridisScale scale = LIGHT.sequentialScale(1e-8, 1, AxisScale.LOG);
        assertThat(cell(p, plot, 50, 1)).matches(c -> Pixels.close(c, scale.colorAt(0), 6), "darkest at block 1");
        assertThat(cell(p, plot, 50, 9)).matches(c -> Pixels.close(c, scale.colorAt(1), 6), "brightest at block 9");
        assertThat(cell(p, plot, 50, 5)).matches(c -> Pixels.close(c, scale.colorAt(0.5), 6), "middle at block 5");
        assertThat(cell(p, plot, 100, 5)).matches(c -> Pixels.close(c, LIGHT.missingValue(), 6), "NaN is grey");
        assertThat(cell(p, plot, 100, 6)).matches(c -> Pixels.close(c, LIGHT.missingValue(), 6), "zero is grey");
        assertThat(Pixels.luminance(cell(p, plot, 50, 1))).isLessThan(Pixels.luminance(cell(p, plot, 50, 9)));
    }

    private static Color cell(Pixels p, XYPlot plot, double x, double y) {
        Rectangle2D a = p.dataArea();
        return p.at(plot.getDomainAxis().valueToJava2D(x, a, plot.getDomainAxisEdge()),
                plot.getRangeAxis().valueToJava2D(y, a, plot.getRangeAxisEdge()));
    }

    @Test
    void pathLengthChartStacksThreePanelsAndShadesTheEffectiveRange() {
        PathLengthProfile data = SampleData.pathLengths(27);
        JFreeChart chart = PathLengthChart.create(ChartText.of("t", "path length k", "share"), "paths", "gradient",
                "effective", data, LIGHT);
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getPlot();
        List<XYPlot> panels = plot.getSubplots();
        assertThat(panels).hasSize(3);
        assertThat(panels.get(0).getRangeAxis()).isInstanceOf(LogAxis.class);
        assertThat(panels.get(1).getRangeAxis()).isInstanceOf(LogAxis.class);
        assertThat(panels.get(2).getRangeAxis()).isNotInstanceOf(LogAxis.class);

        Pixels p = Pixels.render(chart, 900, 700);
        Color shade = Pixels.blend(new Color(LIGHT.highlight().getRGB() & 0xFFFFFF), LIGHT.plotBackground(),
                LIGHT.highlight().getAlpha() / 255.0);
        Rectangle2D contribution = p.subplotArea(2);
        // near the top of the contribution panel, inside the range: only the shade
        double top = contribution.getMinY() + contribution.getHeight() * 0.1;
        double inside = plot.getDomainAxis().valueToJava2D(9.5, contribution, plot.getDomainAxisEdge());
        double outside = plot.getDomainAxis().valueToJava2D(22.5, contribution, plot.getDomainAxisEdge());
        assertThat(p.at(inside, top)).matches(c -> Pixels.close(c, shade, 6), "shaded inside the effective range");
        assertThat(p.at(outside, top)).matches(c -> Pixels.close(c, LIGHT.plotBackground(), 6), "plain outside");
        // bars in their colours: counts in panel 0, contributions in panel 2
        assertThat(p.count(p.subplotArea(0), LIGHT.seriesColor(5), 10)).isGreaterThan(1000);
        assertThat(p.count(contribution, LIGHT.seriesColor(0), 10)).isGreaterThan(1000);
        // the bar of length 0 (C(n,0) = 1 path) is still visible on the log axis
        double k0 = plot.getDomainAxis().valueToJava2D(0, contribution, plot.getDomainAxisEdge());
        Rectangle2D counts = p.subplotArea(0);
        assertThat(p.at(k0, counts.getMaxY() - 2)).matches(c -> Pixels.close(c, LIGHT.seriesColor(5), 10),
                "bar at k = 0");
    }

    @Test
    void lesionChartDrawsBaselinesAndErrorBars() {
        List<LesionSeries> series = SampleData.lesions(27);
        JFreeChart chart = LesionChart.perBlock(ChartText.of("t", "deleted block", "error"), series, "no deletion",
                new double[] {10, 19}, "downsampling", LIGHT);
        Pixels p = Pixels.render(chart, 800, 500);
        XYPlot plot = chart.getXYPlot();
        Rectangle2D area = p.dataArea();
        int row = (int) Math.round(plot.getRangeAxis().valueToJava2D(0.22, area, plot.getRangeAxisEdge()));
        Rectangle2D baselineRow = new Rectangle2D.Double(area.getMinX(), row - 1, area.getWidth(), 3);
        // plain-56's baseline at 0.22: a dashed line in its colour across the plot, with gaps
        int dashes = p.countTinted(baselineRow, LIGHT.seriesColor(1), LIGHT.plotBackground(), 0.5);
        assertThat(dashes).isBetween((int) (area.getWidth() * 0.4), (int) (area.getWidth() * 1.9));
        Rectangle2D emptyRow = new Rectangle2D.Double(area.getMinX(), row + 12, area.getWidth(), 3);
        assertThat(p.countTinted(emptyRow, LIGHT.seriesColor(1), LIGHT.plotBackground(), 0.5)).isZero();
        assertThat(p.count(area, LIGHT.seriesColor(0), 30)).isGreaterThan(100);

        List<Curve> k = SampleData.lesionsVersusK();
        JFreeChart bars = LesionChart.versusDeleted(ChartText.of("t", "k", "error"), k, LIGHT);
        Pixels q = Pixels.render(bars, 800, 500);
        XYPlot bp = bars.getXYPlot();
        Rectangle2D ba = q.dataArea();
        // at k = 10 the bar runs from 0.66 to 0.78: the column is coloured well above and below the point
        int col = (int) Math.round(bp.getDomainAxis().valueToJava2D(10, ba, bp.getDomainAxisEdge()));
        double hiY = bp.getRangeAxis().valueToJava2D(0.77, ba, bp.getRangeAxisEdge());
        double loY = bp.getRangeAxis().valueToJava2D(0.67, ba, bp.getRangeAxisEdge());
        Color c = LIGHT.seriesColor(0);
        assertThat(q.count(new Rectangle2D.Double(col - 1, hiY, 3, 2), c, 40)).isPositive();
        assertThat(q.count(new Rectangle2D.Double(col - 1, loY - 2, 3, 2), c, 40)).isPositive();
    }

    @Test
    void landscapeHasADarkMinimumBrightRimAndContourLines() {
        Grid loss = SampleData.landscape(31, false);
        JFreeChart chart = LandscapeChart.contour(ChartText.of("t", "α", "β"), loss, "loss", AxisScale.LOG, 8, LIGHT);
        XYPlot plot = chart.getXYPlot();
        List<XYAnnotation> annotations = plot.getAnnotations();
        assertThat(annotations).hasSize(1);
        assertThat(((ContourAnnotation) annotations.get(0)).segmentCount()).isGreaterThan(100);
        Pixels p = Pixels.render(chart, 700, 600);
        Rectangle2D a = p.dataArea();
        Color centre = p.at(a.getCenterX(), a.getCenterY());
        Color corner = p.at(a.getMinX() + 3, a.getMinY() + 3);
        assertThat(Pixels.luminance(centre)).isLessThan(0.25);
        assertThat(Pixels.luminance(corner)).isGreaterThan(0.6);
        // the contour lines: near-white pixels inside the plot
        Color line = Pixels.blend(Color.WHITE, new Color(0x21918C), LIGHT.contourLine().getAlpha() / 255.0);
        assertThat(p.count(a, line, 40)).isGreaterThan(50);
        // no contour lines asked: none drawn
        JFreeChart bare = LandscapeChart.contour(ChartText.of("t", "α", "β"), loss, "loss", AxisScale.LOG, 0, LIGHT);
        assertThat(bare.getXYPlot().getAnnotations()).isEmpty();
    }

    @Test
    void sliceChartMarksTheTrainedWeights() {
        JFreeChart chart = LandscapeChart.slice(ChartText.of("t", "α", "loss"), SampleData.slices(41), AxisScale.LINEAR,
                LIGHT);
        XYPlot plot = chart.getXYPlot();
        assertThat(plot.getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND)).hasSize(1);
        assertThat(plot.getDomainAxis().getLowerBound()).isLessThan(-0.99);
        assertThat(plot.getDomainAxis().getUpperBound()).isGreaterThan(0.99);
        Pixels p = Pixels.render(chart, 600, 400);
        assertThat(p.count(p.dataArea(), LIGHT.seriesColor(1), 30)).isGreaterThan(100);
    }
}
