package resnetlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The benchmark's warm-up ends when the JIT compiler is quiet, not after a fixed time. */
class JitWatchTest {
    private long nanos;
    private long compileMs;

    private JitWatch watch() { return new JitWatch(JitWatch.WINDOW_SECONDS, JitWatch.QUIET_SHARE, () -> nanos, () -> compileMs); }

    /** Advances the fake clock by {@code seconds} in quarter-second samples, compiling {@code msPerSecond}. */
    private boolean runFor(JitWatch w, double seconds, double msPerSecond, double min, double max) {
        boolean settled = false;
        for (int i = 0; i < seconds * 4 && !settled; i++) {
            nanos += 250_000_000L;
            compileMs += Math.round(msPerSecond / 4);
            settled = w.settled(min, max);
        }
        return settled;
    }

    @Test
    void aBusyCompilerKeepsTheWarmUpGoingAQuietOneEndsIt() {
        JitWatch w = watch();
        assertThat(runFor(w, 30, 200, 12, 90)).as("compiling 20% of the time").isFalse();
        assertThat(w.secondsSinceStart()).isEqualTo(30.0);
        // quiet from now on: settled once the last 10 s hold (almost) no compilation
        assertThat(runFor(w, 8, 0, 12, 90)).isFalse();
        assertThat(runFor(w, 3, 0, 12, 90)).isTrue();
        assertThat(w.secondsSinceStart()).isBetween(38.5, 40.5);
    }

    @Test
    void neverBeforeTheMinimumAndAlwaysAtTheMaximum() {
        JitWatch quiet = watch();
        assertThat(runFor(quiet, 11.75, 0, 12, 90)).isFalse();
        assertThat(runFor(quiet, 0.25, 0, 12, 90)).isTrue();

        JitWatch busy = watch();
        assertThat(runFor(busy, 89.75, 500, 12, 90)).isFalse();
        assertThat(runFor(busy, 0.25, 500, 12, 90)).isTrue();
    }

    @Test
    void aLittleCompilationStillCountsAsQuiet() {
        JitWatch w = watch();
        // 1% of the time compiling (10 ms per second) is under the 2% threshold
        assertThat(runFor(w, 20, 10, 12, 90)).isTrue();
        assertThat(w.secondsSinceStart()).isEqualTo(12.0);
    }

    @Test
    void withoutACompileCounterOnlyTheMinimumCounts() {
        JitWatch w = new JitWatch(JitWatch.WINDOW_SECONDS, JitWatch.QUIET_SHARE, () -> nanos, () -> -1);
        assertThat(runFor(w, 20, 0, 12, 90)).isTrue();
        assertThat(w.secondsSinceStart()).isEqualTo(12.0);
    }

    @Test
    void aShortWindowSettlesSoonerAndAsksForItsOwnShare() {
        // bench's warm-up: quiet means under 5% of the last 2 s
        JitWatch w = new JitWatch(2, 0.05, () -> nanos, () -> compileMs);
        assertThat(runFor(w, 6, 200, 3, 60)).as("compiling 20% of the time").isFalse();
        assertThat(runFor(w, 1.5, 0, 3, 60)).as("quiet for 1.5 s of a 2 s window").isFalse();
        // a quarter-second later the window's oldest sample is past the last busy one but one: 50 ms of 2 s
        assertThat(runFor(w, 0.5, 0, 3, 60)).isTrue();
        assertThat(w.secondsSinceStart()).isEqualTo(7.75);
        // 4% of the time still counts as quiet there, and would not in the 10 s window at 2%
        JitWatch lenient = new JitWatch(2, 0.05, () -> nanos, () -> compileMs);
        assertThat(runFor(lenient, 3, 40, 3, 60)).isTrue();
    }

    @Test
    void aWindowOrShareThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new JitWatch(0, 0.02)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JitWatch(2, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
