package resnetlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
import resnetlab.model.UnitOrder;
import resnetlab.nn.BatchNorm2d;
import resnetlab.tensor.Tensor;
import resnetlab.train.TrainConfig;
import resnetlab.train.Trainer;

class LayerResponsesTest {
    static final DataSplit DATA = Datasets.load(new DataSpec("shapes", null, 128, 60, 12, 5)).normalized();

    static Network trained(NetworkSpec spec, Compute c) {
        Network net = NetworkBuilder.build(spec, c, 2);
        new Trainer(net, DATA, new TrainConfig(5, 16, 0.1, 0.9, 1e-4, List.of(), "none", 2, 1, 0, false)).run(() -> false);
        return net;
    }

    /** std over all values of BN's eval-mode output y = γ(x − μ)/√(σ² + ε) + β, straight from the conv output x. */
    static double directStd(Tensor x, BatchNorm2d bn) {
        int n = x.n(), c = x.c(), plane = x.h() * x.w();
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                double mu = bn.runningMean().data[ch], inv = 1 / Math.sqrt(bn.runningVar().data[ch] + BatchNorm2d.EPS);
                double g = bn.gamma().value.data[ch], b = bn.beta().value.data[ch];
                for (int j = 0; j < plane; j++) {
                    double y = bn == null ? 0 : g * (x.data[(i * c + ch) * plane + j] - mu) * inv + b;
                    s += y;
                    s2 += y * y;
                }
            }
        }
        double m = s / x.size();
        return Math.sqrt(s2 / x.size() - m * m);
    }

    static double plainStd(Tensor x) {
        double s = 0, s2 = 0;
        for (float v : x.data) { s += v; s2 += (double) v * v; }
        double m = s / x.size();
        return Math.sqrt(s2 / x.size() - m * m);
    }

    @Test void valuesAreTheStdOfTheProbeTensorsInEvalMode() {
        try (Compute c = Compute.best(1)) {
            for (UnitOrder unit : List.of(UnitOrder.ORIGINAL, UnitOrder.FULL_PREACT)) {
                NetworkSpec spec = NetworkSpec.of(14, 4, 3, 12, 10, ShortcutType.IDENTITY).withUnit(unit);
                Network net = trained(spec, c);
                Dataset batch = LayerResponses.batch(DATA.test(), new LayerResponses.Config(30));
                assertThat(batch.size()).isEqualTo(30);
                var r = LayerResponses.measure("x", null, 2L, net, batch);
                assertThat(r.layers()).hasSize(13); // stem + 2 per block
                assertThat(r.images()).isEqualTo(30);
                for (int i = 0; i < r.layers().size(); i++) {
                    Network.ConvProbe p = net.probes().get(i);
                    var layer = r.layers().get(i);
                    assertThat(layer.index()).isEqualTo(i + 1);
                    assertThat(layer.name()).isEqualTo(p.name());
                    Tensor x = p.conv().lastOutput();
                    assertThat(x.n()).isEqualTo(30);
                    double direct = p.bnAfter() != null ? directStd(x, p.bnAfter()) : plainStd(x);
                    assertThat(layer.std()).as(unit + " " + p.name()).isCloseTo(direct, within(1e-5 * Math.max(1, direct)));
                }
                List<Double> expected = new ArrayList<>(r.layers().stream().map(LayerResponses.LayerStd::std).toList());
                expected.sort(Comparator.reverseOrder());
                assertThat(r.sorted()).isEqualTo(expected);
                assertThat(r.mean()).isCloseTo(expected.stream().mapToDouble(d -> d).average().orElseThrow(), within(1e-12));
                if (unit == UnitOrder.FULL_PREACT) {
                    assertThat(net.probes().stream().filter(p -> p.bnAfter() == null)).isNotEmpty();
                }
            }
        }
    }

    @Test void evalModeIsNotTrainingMode() {
        // Trained BN running statistics differ from one batch's statistics: a training-mode measurement would differ.
        try (Compute c = Compute.best(1)) {
            Network net = trained(NetworkSpec.of(8, 4, 3, 12, 10, ShortcutType.NONE), c);
            Dataset batch = LayerResponses.batch(DATA.test(), new LayerResponses.Config(20));
            var eval = LayerResponses.measure("plain-8", null, null, net, batch);
            net.forward(batch.images(), true);
            double trainingMode = net.probes().get(1).responseStd();
            assertThat(eval.layers().get(1).std()).isNotCloseTo(trainingMode, within(1e-6));
        }
    }

    @Test void findingsCompareResidualWithPlainAndDeepWithShallow() {
        NetworkSpec p20 = NetworkSpec.of(20, 8, 1, 16, 10, ShortcutType.NONE), r20 = p20.withShortcut(ShortcutType.IDENTITY);
        var nets = List.of(fake("plain-20", p20, 0.9), fake("ResNet-20", r20, 0.6), fake("ResNet-56", r20.withDepth(56), 0.7));
        assertThat(LayerResponses.findings(nets)).containsExactly(
                "ResNet-20: mean response std 0.600 vs 0.900 for plain-20: smaller (He 2015 Fig. 7: smaller for ResNets).",
                "ResNet-56: mean response std 0.700 vs 0.600 for ResNet-20: not smaller here (He 2015 Fig. 7: smaller the deeper the ResNet).");
    }

    static LayerResponses.NetResponses fake(String label, NetworkSpec spec, double mean) {
        return new LayerResponses.NetResponses(label, spec, null, 1L, 10, List.of(), List.of(), mean);
    }
}
