package resnetlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.Test;

class CurveChartTest {

    private static final ChartTheme LIGHT = ChartTheme.light();

    /** y = 10^(-x/100) for x = 0..300: a straight line on a log axis, a bent one on a linear axis. */
    private static Curve exponential() {
        double[] x = SampleData.range(301, 0, 1);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.pow(10, -x[i] / 100);
        }
        return Curve.of("loss", x, y);
    }

    @Test
    void everySeriesAppearsInItsPaletteColour() {
        List<Curve> curves = SampleData.trainingCurves(300).subList(0, 3);
        Pixels p = Pixels.render(CurveChart.create(ChartText.of("t", "iteration", "error"), curves, AxisScale.LINEAR, LIGHT),
                800, 500);
        for (int i = 0; i < 3; i++) {
            assertThat(p.count(p.dataArea(), LIGHT.seriesColor(i), 30)).as("series %d", i).isGreaterThan(150);
        }
        // a colour that is not used stays absent
        assertThat(p.count(p.dataArea(), LIGHT.seriesColor(4), 20)).isLessThan(5);
    }

    @Test
    void logScaleMakesAnExponentialStraight() {
        Curve c = exponential();
        JFreeChart log = CurveChart.create(ChartText.of("t", "iteration", "loss"), List.of(c), AxisScale.LOG, LIGHT);
        assertThat(log.getXYPlot().getRangeAxis()).isInstanceOf(LogAxis.class);
        assertThat(straightness(log)).isLessThan(3.0);

        JFreeChart linear = CurveChart.create(ChartText.of("t", "iteration", "loss"), List.of(c), AxisScale.LINEAR, LIGHT);
        assertThat(linear.getXYPlot().getRangeAxis()).isInstanceOf(NumberAxis.class);
        assertThat(straightness(linear)).isGreaterThan(20.0);
    }

    /** Pixel distance between the curve's midpoint and the midpoint of its end points. */
    private static double straightness(JFreeChart chart) {
        Pixels p = Pixels.render(chart, 800, 500);
        XYPlot plot = chart.getXYPlot();
        Rectangle2D area = p.dataArea();
        Color c = LIGHT.seriesColor(0);
        int[] cols = new int[3];
        double[] rows = new double[3];
        double[] xs = {5, 150, 295};
        for (int k = 0; k < 3; k++) {
            cols[k] = (int) plot.getDomainAxis().valueToJava2D(xs[k], area, plot.getDomainAxisEdge());
            rows[k] = p.meanRow(cols[k], area, c, 40);
            assertThat(rows[k]).as("curve found in column %d", cols[k]).isNotNaN();
        }
        return Math.abs(rows[1] - (rows[0] + rows[2]) / 2);
    }

    @Test
    void logScaleLeavesOutPointsItCannotShow() {
        double[] x = {1, 2, 3, 4};
        double[] y = {0.5, 0.0, -1, 0.25};
        JFreeChart chart = CurveChart.create(ChartText.of("t", "x", "y"), List.of(Curve.of("c", x, y)), AxisScale.LOG,
                LIGHT);
        assertThat(chart.getXYPlot().getDataset().getItemCount(0)).isEqualTo(2);
        Pixels.render(chart, 400, 300); // and draws
    }

    @Test
    void bandIsShadedInTheSeriesColour() {
        double[] x = SampleData.range(100, 0, 1);
        double[] y = new double[100], lo = new double[100], hi = new double[100];
        for (int i = 0; i < 100; i++) {
            y[i] = 0.5;
            lo[i] = 0.3;
            hi[i] = 0.7;
        }
        Color shade = Pixels.blend(LIGHT.seriesColor(0), LIGHT.plotBackground(), LIGHT.bandAlpha());
        Pixels banded = Pixels.render(CurveChart.create(ChartText.of("t", "x", "y"),
                List.of(Curve.withBand("c", x, y, lo, hi)), AxisScale.LINEAR, LIGHT), 600, 400);
        Pixels plain = Pixels.render(CurveChart.create(ChartText.of("t", "x", "y"),
                List.of(Curve.of("c", x, y)), AxisScale.LINEAR, LIGHT), 600, 400);
        int area = (int) (banded.dataArea().getWidth() * banded.dataArea().getHeight());
        assertThat(banded.count(banded.dataArea(), shade, 6)).isGreaterThan(area / 5);
        assertThat(plain.count(plain.dataArea(), shade, 6)).isLessThan(area / 100);
    }

    @Test
    void provenanceLineSitsUnderTheTitle() {
        String made = "made by: resnetlab train --depth 56 --seed 1";
        JFreeChart chart = CurveChart.create(ChartText.of("Training error", "iteration", "error").withProvenance(made),
                List.of(exponential()), AxisScale.LINEAR, LIGHT);
        assertThat(chart.getSubtitles()).anySatisfy(t -> {
            assertThat(t).isInstanceOf(TextTitle.class);
            assertThat(((TextTitle) t).getText()).isEqualTo(made);
        });
        Pixels p = Pixels.render(chart, 800, 500);
        JFreeChart without = CurveChart.create(ChartText.of("Training error", "iteration", "error"),
                List.of(exponential()), AxisScale.LINEAR, LIGHT);
        Pixels q = Pixels.render(without, 800, 500);
        // the provenance line pushes the plot down; the rows it freed hold grey text
        assertThat(p.dataArea().getMinY()).isGreaterThan(q.dataArea().getMinY() + 8);
        double top = q.dataArea().getMinY() - 4, bottom = p.dataArea().getMinY() - 8;
        int grey = p.count(new Rectangle2D.Double(0, top, 800, bottom - top), LIGHT.mutedText(), 25);
        assertThat(grey).isGreaterThan(60);
    }

    @Test
    void longCurvesAreDecimatedToThePointBudget() {
        int n = 100_000;
        double[] x = SampleData.range(n, 0, 1);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.sin(i / 500.0);
        }
        y[54_321] = 7; // a spike survives min/max decimation
        JFreeChart chart = CurveChart.create(ChartText.of("t", "x", "y"), List.of(Curve.of("c", x, y)), AxisScale.LINEAR,
                1000, LIGHT);
        var data = chart.getXYPlot().getDataset();
        assertThat(data.getItemCount(0)).isBetween(250, 1000);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < data.getItemCount(0); i++) {
            max = Math.max(max, data.getYValue(0, i));
        }
        assertThat(max).isEqualTo(7.0);
    }

    @Test
    void liveChartRedrawsOnlyWhenTold() {
        DecimatingXYDataset data = new DecimatingXYDataset(500);
        int plain = data.addSeries("plain-56");
        int res = data.addSeries("ResNet-56");
        JFreeChart chart = CurveChart.live(ChartText.of("live", "iteration", "error"), data, AxisScale.LINEAR, LIGHT);
        AtomicInteger changes = new AtomicInteger();
        chart.addChangeListener(e -> changes.incrementAndGet());
        for (int i = 0; i < 5000; i++) {
            data.append(plain, i, 0.9 - 0.4 * i / 5000.0);
            data.append(res, i, 0.9 - 0.7 * i / 5000.0);
        }
        assertThat(changes.get()).isZero();
        data.fireChanged();
        assertThat(changes.get()).isEqualTo(1);
        Pixels p = Pixels.render(chart, 640, 400);
        assertThat(p.count(p.dataArea(), LIGHT.seriesColor(0), 30)).isGreaterThan(100);
        assertThat(p.count(p.dataArea(), LIGHT.seriesColor(1), 30)).isGreaterThan(100);
        assertThat(chart.getXYPlot().getDomainAxis().getUpperBound()).isCloseTo(4999, within(100.0));
    }
}
