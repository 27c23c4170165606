package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's pass criteria on made-up samples: flat heap, frame p99 below the limit, no exception. */
class SoakVerdictTest {
    static List<Soak.Sample> samples(double heapGrowthPerSample, double p99, int exceptions) {
        List<Soak.Sample> out = new ArrayList<>();
        for (int i = 1; i <= 28; i++) {
            double noise = (i % 3 - 1) * 15; // ±15 MB of collector noise
            out.add(new Soak.Sample(i * 15, 400 + noise + i * heapGrowthPerSample, 16, p99, 40, 900, i % 7, exceptions));
        }
        return out;
    }

    @Test void aFlatHeapSmoothFramesAndNoExceptionPass() {
        assertThat(Soak.verdict(samples(0, 24, 0))).startsWith("soak: PASS").contains("flat");
    }

    @Test void anExperimentLiftingSingleSamplesIsNotALeak() {
        List<Soak.Sample> s = new ArrayList<>(samples(0, 24, 0));
        for (int i = s.size() - 6; i < s.size(); i += 2) {
            Soak.Sample x = s.get(i);
            s.set(i, new Soak.Sample(x.seconds(), x.heapMb() + 600, x.p50(), x.p99(), x.max(), x.imagesPerSecond(), x.pane(), 0));
        }
        assertThat(Soak.verdict(s)).startsWith("soak: PASS");
    }

    @Test void aGrowingHeapFails() {
        assertThat(Soak.verdict(samples(10, 24, 0))).startsWith("soak: FAIL").contains("GROWING");
    }

    @Test void slowFramesOrAnExceptionFail() {
        assertThat(Soak.verdict(samples(0, 60, 0))).startsWith("soak: FAIL").contains("worst frame p99 60.0 ms");
        assertThat(Soak.verdict(samples(0, 24, 1))).startsWith("soak: FAIL").contains("1 uncaught exceptions");
        List<Soak.Sample> frozen = new ArrayList<>(samples(0, 24, 0)); // a period without any frame
        Soak.Sample x = frozen.get(20);
        frozen.set(20, new Soak.Sample(x.seconds(), x.heapMb(), Double.NaN, Double.NaN, Double.NaN, x.imagesPerSecond(), x.pane(), 0));
        assertThat(Soak.verdict(frozen)).startsWith("soak: FAIL").contains("worst frame p99 Infinity ms");
    }

    @Test void theVerdictAndEachRowSayTheMachinesLoad() {
        List<Soak.Sample> s = new ArrayList<>();
        for (Soak.Sample x : samples(0, 24, 0)) {
            s.add(new Soak.Sample(x.seconds(), x.heapMb(), x.p50(), x.p99(), x.max(), x.imagesPerSecond(), x.pane(), 0, x.seconds() / 30,
                    x.seconds() % 90 == 0, x.seconds() % 45 == 0 ? 15 : 2.5));
        }
        // steady samples start after 120 s: loads 4.5 .. 14 (seconds 135 .. 420, divided by 30)
        assertThat(Soak.verdict(s)).endsWith("; machine load average 4.5-14.0 (median 9.5)");
        // load, experiment running (at 90 s), seconds spent taking turns
        assertThat(s.get(0).csv()).endsWith(",0.50,0,2.5");
        assertThat(s.get(5).csv()).endsWith(",3.00,1,15.0");
        assertThat(Soak.verdict(samples(0, 24, 0))).doesNotContain("load average"); // unknown (-1): not claimed
    }

    @Test void tooShortARunFails() {
        assertThat(Soak.verdict(samples(0, 24, 0).subList(0, 9))).startsWith("soak: FAIL").contains("at least 3 minutes");
    }
}
