package resnetlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import resnetlab.tensor.Tensor;

class NormalizationTest {
    private static double[] channelMeanStd(Tensor t, int c) {
        int plane = t.h() * t.w();
        double s = 0, s2 = 0;
        for (int i = 0; i < t.n(); i++) for (int j = 0; j < plane; j++) {
            double v = t.data[(i * t.c() + c) * plane + j];
            s += v; s2 += v * v;
        }
        double n = (double) t.n() * plane, m = s / n;
        return new double[] {m, Math.sqrt(s2 / n - m * m)};
    }

    @Test
    void trainingChannelsGetMeanZeroStdOne() {
        DataSplit s = Datasets.load(new DataSpec("shapes", null, 2000, 500, 16, 3)).normalized();
        for (int c = 0; c < 3; c++) {
            double[] ms = channelMeanStd(s.train().images(), c);
            assertThat(ms[0]).isCloseTo(0, within(1e-4));
            assertThat(ms[1]).isCloseTo(1, within(1e-4));
        }
        assertThat(s.normalization().isIdentity()).isFalse();
        assertThat(s.test().normalization()).isEqualTo(s.train().normalization());
    }

    @Test
    void testSetUsesTheTrainingStatistics() {
        DataSplit raw = Datasets.load(new DataSpec("fashion", null, 1000, 200, 0, 0));
        Normalization n = Normalization.fit(raw.train());
        DataSplit s = raw.normalized();
        // test pixel 0 of image 3 is (raw - train mean) / train std, not standardised by its own statistics
        float x = raw.test().images().data[3 * 784];
        assertThat(s.test().images().data[3 * 784]).isCloseTo((x - n.mean()[0]) / n.std()[0], within(1e-6f));
        // Fashion-MNIST: mean about 0.286, std about 0.353
        assertThat(n.mean()[0]).isCloseTo(0.286f, within(0.02f));
        assertThat(n.std()[0]).isCloseTo(0.353f, within(0.02f));
        // and the raw split is untouched
        assertThat(raw.normalization().isIdentity()).isTrue();
    }

    @Test
    void invertRestoresPixels() {
        Dataset d = ProceduralShapes.generate(50, 8, 2);
        Normalization n = Normalization.fit(d);
        Tensor t = d.normalized(n).images().copy();
        n.invertInPlace(t);
        for (int i = 0; i < t.size(); i++) assertThat(t.data[i]).isCloseTo(d.images().data[i], within(1e-5f));
    }

    @Test
    void blankChannelIsShiftedNotDividedByZero() {
        var t = new Tensor(4, 2, 3, 3);
        for (int i = 0; i < t.size(); i++) t.data[i] = i % 18 < 9 ? 0.5f : i % 5;
        Normalization n = Normalization.fit(t);
        assertThat(n.mean()[0]).isEqualTo(0.5f);
        assertThat(n.std()[0]).isEqualTo(1f);
        n.applyInPlace(t);
        for (float v : t.data) assertThat(v).isFinite();
    }

    @Test
    void normalisingTwiceIsRefused() {
        Dataset d = new Dataset("d", "", List.of("a"), new Tensor(2, 1, 2, 2), new int[2]);
        Dataset once = d.normalized(new Normalization(new float[] {0.5f}, new float[] {2f}));
        assertThatThrownBy(() -> once.normalized(Normalization.fit(once))).isInstanceOf(IllegalStateException.class);
    }
}
