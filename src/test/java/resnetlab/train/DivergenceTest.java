package resnetlab.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DivergenceTest {
    @Test void theBoundIsAHundredTimesTheChanceLoss() {
        assertThat(new Divergence(10).bound()).isCloseTo(100 * Math.log(10), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new Divergence(2).bound()).isCloseTo(100 * Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test void aNonFiniteLossDivergesAtOnce() {
        assertThat(new Divergence(10).check(3, Double.NaN)).isEqualTo("diverged at iteration 3: loss NaN");
        assertThat(new Divergence(10).check(1, Double.POSITIVE_INFINITY)).isEqualTo("diverged at iteration 1: loss Infinity");
    }

    @Test void aLossAboveTheBoundDivergesOnlyWhenItStaysThereForTheWindow() {
        Divergence d = new Divergence(10);
        double high = d.bound() * 1.01;
        int i = 1;
        for (; i < Divergence.WINDOW; i++) assertThat(d.check(i, high)).as("iteration " + i).isNull();
        assertThat(d.check(i, 1e6)).isEqualTo("diverged at iteration " + i + ": loss 1.00e+06 (above 230 = 100·ln 10 for "
                + Divergence.WINDOW + " iterations in a row)");
    }

    @Test void spikesThatComeBackDoNotCount() {
        Divergence d = new Divergence(10);
        for (int i = 1; i <= 100; i++) {
            // every WINDOW-th loss is back below the bound: noisy but not diverged
            assertThat(d.check(i, i % Divergence.WINDOW == 0 ? 2.3 : 1e4)).as("iteration " + i).isNull();
        }
        assertThat(d.check(101, d.bound())).isNull(); // at the bound is not above it
    }
}
