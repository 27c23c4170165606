package resnetlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class DecimatingXYDatasetTest {

    @Test
    void shortSeriesAreShownExactly() {
        DecimatingXYDataset d = new DecimatingXYDataset(100);
        int s = d.addSeries("a");
        for (int i = 0; i < 40; i++) {
            d.append(s, i, i * i);
        }
        assertThat(d.getItemCount(s)).isEqualTo(40);
        for (int i = 0; i < 40; i++) {
            assertThat(d.getXValue(s, i)).isEqualTo(i);
            assertThat(d.getYValue(s, i)).isEqualTo(i * i);
        }
    }

    @Test
    void longSeriesStayWithinTheBudgetAndKeepTheExtremes() {
        DecimatingXYDataset d = new DecimatingXYDataset(500);
        int s = d.addSeries("loss");
        SplittableRandom rnd = new SplittableRandom(1);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int n = 1_000_003;
        for (int i = 0; i < n; i++) {
            double y = 2 * Math.exp(-i / 2e5) + 0.1 * rnd.nextGaussian();
            min = Math.min(min, y);
            max = Math.max(max, y);
            d.append(s, i, y);
        }
        int count = d.getItemCount(s);
        assertThat(count).isBetween(200, 500);
        assertThat(d.appendedCount(s)).isEqualTo(n);
        double shownMin = Double.POSITIVE_INFINITY, shownMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            shownMin = Math.min(shownMin, d.getYValue(s, i));
            shownMax = Math.max(shownMax, d.getYValue(s, i));
            if (i > 0) {
                assertThat(d.getXValue(s, i)).isGreaterThan(d.getXValue(s, i - 1));
            }
        }
        assertThat(shownMin).isEqualTo(min);
        assertThat(shownMax).isEqualTo(max);
        // the newest part of the run is shown: the last point lies in the last bucket
        assertThat(d.getXValue(s, count - 1)).isGreaterThan(n - 2 * (double) n / 200);
    }

    @Test
    void appendFiresNothingAndFireChangedFiresOnce() {
        DecimatingXYDataset d = new DecimatingXYDataset(64);
        int s = d.addSeries("a");
        AtomicInteger events = new AtomicInteger();
        d.addChangeListener(e -> events.incrementAndGet());
        for (int i = 0; i < 1000; i++) {
            d.append(s, i, i);
        }
        assertThat(events.get()).isZero();
        d.fireChanged();
        assertThat(events.get()).isEqualTo(1);
    }

    @Test
    void nonFiniteValuesAreCountedButNotShown() {
        DecimatingXYDataset d = new DecimatingXYDataset(64);
        int s = d.addSeries("a");
        d.append(s, 0, 1);
        d.append(s, 1, Double.NaN);
        d.append(s, 2, Double.POSITIVE_INFINITY);
        d.append(s, 3, 2);
        assertThat(d.getItemCount(s)).isEqualTo(2);
        assertThat(d.appendedCount(s)).isEqualTo(4);
    }

    @Test
    void clearStartsOver() {
        DecimatingXYDataset d = new DecimatingXYDataset(16);
        int s = d.addSeries("a");
        for (int i = 0; i < 100; i++) {
            d.append(s, i, i);
        }
        d.clear(s);
        assertThat(d.getItemCount(s)).isZero();
        d.append(s, 5, 5);
        assertThat(d.getItemCount(s)).isEqualTo(1);
        assertThat(d.getXValue(s, 0)).isEqualTo(5);
    }

    @Test
    void rejectsDuplicateKeysAndTinyBudgets() {
        DecimatingXYDataset d = new DecimatingXYDataset(16);
        d.addSeries("a");
        assertThatThrownBy(() -> d.addSeries("a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecimatingXYDataset(4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.indexOf("a")).isZero();
        assertThat(d.indexOf("b")).isEqualTo(-1);
    }

    @Test
    void bandCurvesDecimateToBucketMeansAndKeepTheEnvelope() {
        int n = 10_000;
        double[] x = SampleData.range(n, 0, 1);
        double[] y = new double[n], lo = new double[n], hi = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            lo[i] = y[i] - 1 - (i == 778 ? 5 : 0); // y[778] = 0: the lowest edge is -6
            hi[i] = y[i] + 1;
        }
        Curve c = Curve.withBand("c", x, y, lo, hi).decimated(100);
        assertThat(c.size()).isLessThanOrEqualTo(100);
        for (double v : c.y()) {
            assertThat(v).isEqualTo(0.5);
        }
        assertThat(java.util.Arrays.stream(c.lower()).min().getAsDouble()).isEqualTo(-6);
    }

    @Test
    void gridMapTransformsEveryValue() {
        Grid g = new Grid(new double[] {0, 1}, new double[] {5}, new double[][] {{-2, 0}}).map(v -> Math.pow(10, v));
        assertThat(g.values()[0]).containsExactly(0.01, 1.0);
        assertThat(g.x()).containsExactly(0, 1);
        assertThatThrownBy(() -> new Grid(new double[] {1, 0}, new double[] {5}, new double[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Grid(new double[] {0, 1}, new double[] {5}, new double[][] {{1}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meanAndStdAndMedianOverSeeds() {
        double[] x = {0, 1};
        double[][] runs = {{1, 0.2}, {2, 0.5}, {6, Double.NaN}};
        Curve mean = Curve.meanAndStd("m", x, runs);
        assertThat(mean.y()[0]).isEqualTo(3.0);
        assertThat(mean.upper()[0] - mean.y()[0]).isCloseTo(Math.sqrt(7), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(mean.y()[1]).isCloseTo(0.35, org.assertj.core.api.Assertions.within(1e-12));
        Curve med = Curve.medianAndRange("m", x, runs);
        assertThat(med.y()).containsExactly(2.0, 0.35);
        assertThat(med.lower()).containsExactly(1.0, 0.2);
        assertThat(med.upper()).containsExactly(6.0, 0.5);
    }
}
