package resnetlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static resnetlab.experiments.LossLandscapeTest.EVAL;
import static resnetlab.experiments.LossLandscapeTest.assertBitIdentical;
import static resnetlab.experiments.LossLandscapeTest.snapshot;
import static resnetlab.experiments.LossLandscapeTest.spec;
import static resnetlab.experiments.LossLandscapeTest.trained;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.ShortcutType;

/** Coarse to fine: each level contains the previous one, reuses its points, and ends on the plain scan's numbers. */
class RefiningLandscapeTest {

    static LossLandscape.Config config(int grid, int slice) {
        return new LossLandscape.Config(grid, slice, 1.0, 0, "train", 3, 0, 0.0, 1.0, 16);
    }

    @Test void levelsNestSoThatEveryPointIsReused() {
        assertThat(RefiningLandscape.levels(51)).containsExactly(6, 26, 51);
        assertThat(RefiningLandscape.levels(31)).containsExactly(6, 16, 31);
        assertThat(RefiningLandscape.levels(41)).containsExactly(6, 11, 21, 41);
        assertThat(RefiningLandscape.levels(11)).containsExactly(6, 11);
        assertThat(RefiningLandscape.levels(7)).containsExactly(7);
        assertThat(RefiningLandscape.levels(24)).containsExactly(7, 24); // 23 intervals: prime, no ladder
        for (int n = 2; n <= 101; n++) {
            int[] l = RefiningLandscape.levels(n);
            assertThat(l[0]).as("first level of %d", n).isLessThanOrEqualTo(9);
            assertThat(l[l.length - 1]).isEqualTo(n);
            for (int k = 1; k < l.length; k++) {
                if (k == 1 && l[0] == 7 && (l[1] - 1) % 6 != 0) continue; // the fallback first level
                assertThat((l[k] - 1) % (l[k - 1] - 1)).as("%d inside %d", l[k - 1], l[k]).isZero();
            }
        }
        assertThatThrownBy(() -> RefiningLandscape.levels(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test void theFinestLevelIsThePlainScanAndEachPointIsEvaluatedOnce() {
        try (Compute c = Compute.best(1)) {
            Network net = trained(spec(ShortcutType.IDENTITY), c, 1);
            var plain = LossLandscape.scan(config(11, 11), net, null, EVAL, LossLandscape.Progress.NONE, () -> false);
            RefiningLandscape r = new RefiningLandscape(config(11, 11), net, EVAL);
            assertThat(r.levelCount()).isEqualTo(2);
            assertThat(r.newPointsAt(0)).isEqualTo(1 + 6 + 36);
            List<LossLandscape.Scan> levels = new ArrayList<>();
            AtomicInteger evaluations = new AtomicInteger();
            LossLandscape.Scan last = r.run((f, m) -> evaluations.incrementAndGet(), levels::add, () -> false);
            assertThat(levels).hasSize(2);
            // α = 0 on the slice and α = β = 0 on the grid are θ* itself: the centre's value, not evaluated again
            assertThat(evaluations.get()).as("centre + 11 slice points + 121 grid points, none twice").isEqualTo(1 + 10 + 120);
            assertThat(r.plannedPoints(0) + r.plannedPoints(1)).isEqualTo(1 + 10 + 120);
            assertThat(last.complete()).isTrue();
            assertThat(levels.get(0).complete()).isFalse();
            assertThat(levels.get(0).surface().loss()).hasDimensions(6, 6);
            assertThat(last.surface().alpha()).containsExactly(plain.surface().alpha());
            for (int j = 0; j < 11; j++) assertThat(last.surface().loss()[j]).containsExactly(plain.surface().loss()[j]);
            assertThat(last.slice().loss()).containsExactly(plain.slice().loss());
            // the coarse level's points are the fine level's at every other index
            for (int j = 0; j < 6; j++) {
                for (int i = 0; i < 6; i++) {
                    assertThat(levels.get(0).surface().loss()[j][i]).isEqualTo(last.surface().loss()[2 * j][2 * i]);
                }
            }
            assertThat(last.centre().loss()).isEqualTo(plain.centre().loss());
        }
    }

    @Test void aCancelledRefinementRestoresEveryWeightAndBufferBitForBit() {
        try (Compute c = Compute.best(1)) {
            for (ShortcutType t : new ShortcutType[] {ShortcutType.IDENTITY, ShortcutType.NONE}) {
                Network net = trained(spec(t), c, 1);
                List<float[]> before = snapshot(net);
                RefiningLandscape r = new RefiningLandscape(config(11, 11), net, EVAL);
                AtomicInteger updates = new AtomicInteger();
                List<LossLandscape.Scan> levels = new ArrayList<>();
                // cancel in the middle of the second level's surface
                LossLandscape.Scan last = r.run((f, m) -> updates.incrementAndGet(), levels::add, () -> updates.get() >= 43 + 5 + 30);
                assertThat(levels).hasSize(2);
                assertThat(levels.get(0).surface().loss()[5]).doesNotContain(Double.NaN);
                assertThat(last.complete()).isFalse();
                long evaluated = java.util.Arrays.stream(last.surface().loss()).flatMapToDouble(java.util.Arrays::stream)
                        .filter(v -> !Double.isNaN(v)).count();
                assertThat(evaluated).isGreaterThan(36).isLessThan(121);
                assertBitIdentical(before, net);
            }
        }
    }

    @Test void aFailureInTheMiddleOfALevelStillRestoresTheWeights() {
        try (Compute c = Compute.best(1)) {
            Network net = trained(spec(ShortcutType.IDENTITY), c, 1);
            List<float[]> before = snapshot(net);
            RefiningLandscape r = new RefiningLandscape(config(7, 0), net, EVAL);
            AtomicInteger updates = new AtomicInteger();
            assertThatThrownBy(() -> r.level(0, (f, m) -> { if (updates.incrementAndGet() == 10) throw new IllegalStateException("boom"); },
                    () -> false)).hasMessage("boom");
            assertBitIdentical(before, net);
        }
    }
}
