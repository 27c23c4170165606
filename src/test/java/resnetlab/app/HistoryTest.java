package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import resnetlab.app.model.GradientHistory;
import resnetlab.app.model.History;

/** Long runs keep bounded, evenly spaced histories. */
class HistoryTest {

    @Test
    void keepsEverythingBelowTheCap() {
        History h = new History(8);
        for (int i = 1; i <= 8; i++) h.add(i, 10 * i, 100 * i);
        assertThat(h.xs()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(h.as()[7]).isEqualTo(80);
        assertThat(h.bs()[7]).isEqualTo(800);
    }

    @Test
    void halvesWithADoublingStrideAndStaysEven() {
        History h = new History(8);
        for (int i = 0; i < 1000; i++) h.add(i, i, -i);
        assertThat(h.size()).isBetween(4, 8);
        double[] x = h.xs();
        assertThat(x[0]).isEqualTo(0);
        double step = x[1] - x[0];
        for (int i = 1; i < x.length; i++) assertThat(x[i] - x[i - 1]).isEqualTo(step);
        assertThat(step).isEqualTo(128); // 1000 points into at most 8: every 128th
        assertThat(h.lastX()).isGreaterThan(1000 - 2 * step);
    }

    @Test
    void rejectsOddCaps() {
        assertThatThrownBy(() -> new History(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gradientHistoryIsAGridAndItsProfileAGeometricMean() {
        GradientHistory g = new GradientHistory(4);
        for (int it = 1; it <= 10; it++) g.add(it, new double[] {it, 1e-3});
        assertThat(g.size()).isLessThanOrEqualTo(4);
        double[] its = g.iterations();
        for (int i = 1; i < its.length; i++) assertThat(its[i]).isGreaterThan(its[i - 1]);
        double[][] v = g.values();
        assertThat(v).hasNumberOfRows(2);
        assertThat(v[0]).hasSize(its.length);
        assertThat(v[0][0]).isEqualTo(its[0]);
        double[] p = g.recentProfile();
        double geo = 1;
        for (int i = 1; i <= 10; i++) geo *= i;
        assertThat(p[0]).isCloseTo(Math.pow(geo, 0.1), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p[1]).isCloseTo(1e-3, org.assertj.core.data.Offset.offset(1e-15));
    }
}
