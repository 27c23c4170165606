package resnetlab.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The one statistics helper: values checked by hand, and its NaN policy (propagate; callers skip NaN explicitly). */
class StatsTest {
    @Test void meanStdAndMedianOfKnownValues() {
        double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
        assertThat(Stats.mean(v)).isEqualTo(5.0);
        // Σ(x − 5)² = 32, n − 1 = 7
        assertThat(Stats.std(v)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-15));
        assertThat(Stats.median(v)).isEqualTo(4.5);
        assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2.0);
        assertThat(v).as("the input is not sorted in place").containsExactly(2, 4, 4, 4, 5, 5, 7, 9);
        double[] u = {9, 1, 5};
        Stats.median(u);
        assertThat(u).containsExactly(9, 1, 5);
    }

    @Test void emptyAndSingleValues() {
        assertThat(Stats.mean(new double[0])).isNaN();
        assertThat(Stats.median(new double[0])).isNaN();
        assertThat(Stats.std(new double[0])).isZero();
        assertThat(Stats.std(new double[] {3})).isZero();
    }

    @Test void nanPropagatesUnlessTheCallerLeavesItOut() {
        double[] v = {1, Double.NaN, 3};
        assertThat(Stats.mean(v)).isNaN();
        assertThat(Stats.std(v)).isNaN();
        assertThat(Stats.withoutNaN(v)).containsExactly(1, 3);
        assertThat(Stats.median(Stats.withoutNaN(v))).isEqualTo(2.0);
        assertThat(Stats.median(Stats.withoutNaN(new double[] {Double.NaN}))).isNaN();
    }
}
