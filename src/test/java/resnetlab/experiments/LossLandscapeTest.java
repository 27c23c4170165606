package resnetlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Dataset;
import resnetlab.data.Datasets;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.nn.Parameter;
import resnetlab.tensor.Tensor;
import resnetlab.train.Evaluation;
import resnetlab.train.TrainConfig;
import resnetlab.train.Trainer;

class LossLandscapeTest {
    static final DataSplit DATA = Datasets.load(new DataSpec("shapes", null, 128, 40, 12, 9)).normalized();
    static final Dataset EVAL = DATA.train().firstPerClass(30);

    static Network trained(NetworkSpec spec, Compute c, long seed) {
        Network net = NetworkBuilder.build(spec, c, seed);
        new Trainer(net, DATA, new TrainConfig(4, 16, 0.1, 0.9, 1e-4, List.of(), "none", seed, 1, 0, false)).run(() -> false);
        return net;
    }

    static NetworkSpec spec(ShortcutType t) { return NetworkSpec.of(8, 4, 3, 12, 10, t); }

    static List<float[]> snapshot(Network net) {
        List<float[]> s = new ArrayList<>();
        for (Parameter p : net.parameters()) s.add(p.value.data.clone());
        for (Tensor b : net.buffers()) s.add(b.data.clone());
        return s;
    }

    static void assertBitIdentical(List<float[]> before, Network net) {
        List<float[]> after = snapshot(net);
        for (int i = 0; i < before.size(); i++) {
            float[] a = before.get(i), b = after.get(i);
            for (int j = 0; j < a.length; j++) assertThat(Float.floatToRawIntBits(b[j])).isEqualTo(Float.floatToRawIntBits(a[j]));
        }
    }

    @Test void filterNormalisationMatchesEachFilterNormAndZeroesBiasesAndBn() {
        try (Compute c = Compute.best(1)) {
            // projection shortcuts (1x1 convs) and gates (zero-initialised 1x1 convs with a bias) included
            for (ShortcutType t : List.of(ShortcutType.CONV1X1, ShortcutType.SHORTCUT_GATE)) {
                Network net = trained(spec(t), c, 1);
                List<Parameter> params = net.parameters();
                float[][] d = LossLandscape.filterNormalizedDirection(params, 7);
                int filtersChecked = 0;
                for (int p = 0; p < params.size(); p++) {
                    Tensor w = params.get(p).value;
                    if (w.rank() == 1) {
                        for (float v : d[p]) assertThat(v).as(params.get(p).name).isZero();
                        continue;
                    }
                    int filters = w.dim(0), len = w.size() / filters;
                    for (int f = 0; f < filters; f++) {
                        double dn = 0, wn = 0;
                        for (int i = f * len; i < (f + 1) * len; i++) { dn += (double) d[p][i] * d[p][i]; wn += (double) w.data[i] * w.data[i]; }
                        assertThat(Math.sqrt(dn)).as(params.get(p).name + " filter " + f).isCloseTo(Math.sqrt(wn), within(1e-5 * Math.sqrt(wn) + 1e-12));
                        filtersChecked++;
                    }
                }
                assertThat(filtersChecked).isGreaterThan(50);
                assertThat(params).anyMatch(p -> p.name.equals("fc.weight"));
                // a seed fixes the direction; another seed gives another
                assertThat(LossLandscape.filterNormalizedDirection(params, 7)[0]).isEqualTo(d[0]);
                assertThat(LossLandscape.filterNormalizedDirection(params, 8)[0]).isNotEqualTo(d[0]);
            }
        }
    }

    @Test void directionsAreRandomAgainstTheWeightsEvenWithTheTrainingSeed() {
        // The initial weights come from the same kind of seeded stream; the direction must not repeat it.
        try (Compute c = Compute.best(1)) {
            for (long seed : new long[] {1, 2, 7}) {
                Network net = NetworkBuilder.build(NetworkSpec.of(14, 8, 3, 12, 10, ShortcutType.IDENTITY), c, seed);
                List<Parameter> params = net.parameters();
                float[][] d = LossLandscape.filterNormalizedDirection(params, seed);
                int checked = 0;
                for (int p = 0; p < params.size(); p++) {
                    Tensor w = params.get(p).value;
                    if (w.rank() < 2 || w.size() < 500) continue;
                    double dot = 0, dn = 0, wn = 0;
                    for (int i = 0; i < w.size(); i++) { dot += (double) d[p][i] * w.data[i]; dn += (double) d[p][i] * d[p][i]; wn += (double) w.data[i] * w.data[i]; }
                    // random vectors of n ≥ 500 values: |cos| is about 1/√n ≤ 0.045; 0.25 is more than 5 of those
                    assertThat(Math.abs(dot / Math.sqrt(dn * wn))).as(params.get(p).name + " seed " + seed).isLessThan(0.25);
                    checked++;
                }
                assertThat(checked).isGreaterThan(10);
            }
        }
    }

    @Test void centreIsThePlainEvaluationAndWeightsComeBackBitForBit() {
        try (Compute c = Compute.best(1)) {
            Network net = trained(spec(ShortcutType.IDENTITY), c, 1);
            Network other = trained(spec(ShortcutType.IDENTITY), c, 2);
            List<float[]> before = snapshot(net);
            var plain = Evaluation.evaluate(net, EVAL, 16, 0);
            var config = new LossLandscape.Config(3, 5, 1.0, 0, "train", 3, 3, 0.0, 1.0, 16);
            List<Double> fractions = new ArrayList<>();
            var scan = LossLandscape.scan(config, net, other, EVAL, (f, m) -> fractions.add(f), () -> false);
            assertThat(scan.complete()).isTrue();
            assertThat(scan.centre().loss()).isEqualTo(plain.loss());
            assertThat(scan.surface().alpha()).containsExactly(-1, 0, 1);
            assertThat(scan.surface().loss()[1][1]).isEqualTo(plain.loss());
            assertThat(scan.surface().error()[1][1]).isEqualTo(plain.error());
            assertThat(scan.slice().loss()[2]).isEqualTo(plain.loss());
            assertThat(scan.surface().loss()[0][0]).isNotEqualTo(plain.loss());
            assertThat(scan.slice().loss()[0]).isGreaterThan(plain.loss()); // a trained net sits in a basin
            // interpolation ends are the two nets
            assertThat(scan.interpolation().loss()[0]).isEqualTo(plain.loss());
            assertThat(scan.interpolation().loss()[2]).isEqualTo(Evaluation.evaluate(other, EVAL, 16, 0).loss());
            assertBitIdentical(before, net);
            assertThat(fractions).hasSize(1 + 5 + 3 + 9);
            assertThat(fractions.get(fractions.size() - 1)).isCloseTo(1.0, within(1e-12));
            for (int i = 1; i < fractions.size(); i++) assertThat(fractions.get(i)).isGreaterThan(fractions.get(i - 1));
        }
    }

    @Test void cancelStopsEarlyAndRestoresTheWeights() {
        try (Compute c = Compute.best(1)) {
            Network net = trained(spec(ShortcutType.IDENTITY), c, 1);
            List<float[]> before = snapshot(net);
            var config = new LossLandscape.Config(5, 0, 1.0, 0, "train", 3, 0, 0.0, 1.0, 16);
            AtomicInteger updates = new AtomicInteger();
            var scan = LossLandscape.scan(config, net, null, EVAL, (f, m) -> updates.incrementAndGet(), () -> updates.get() >= 4);
            assertThat(scan.complete()).isFalse();
            assertThat(updates.get()).isEqualTo(4); // centre + 3 grid points, then the flag was seen
            long evaluated = java.util.Arrays.stream(scan.surface().loss()).flatMapToDouble(java.util.Arrays::stream)
                    .filter(v -> !Double.isNaN(v)).count();
            assertThat(evaluated).isEqualTo(3);
            assertBitIdentical(before, net);
        }
    }

    @Test void localMinimaAreCounted() {
        assertThat(LossLandscape.localMinima2d(new double[][] {{3, 2, 3}, {2, 1, 2}, {3, 2, 3}})).isEqualTo(1);
        assertThat(LossLandscape.localMinima2d(new double[][] {{1, 2, 1}, {2, 3, 2}, {1, 2, 0.5}})).isEqualTo(4);
        assertThat(LossLandscape.localMinima1d(new double[] {2, 1, 2, 0.5, 3})).isEqualTo(2);
    }
}
