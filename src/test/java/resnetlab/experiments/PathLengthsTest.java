package resnetlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.Route;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;
import resnetlab.train.TrainConfig;
import resnetlab.train.Trainer;

class PathLengthsTest {
    static final DataSplit SHAPES = Datasets.load(new DataSpec("shapes", null, 512, 100, 8, 3)).normalized();
    static final Compute COMPUTE = Compute.best(2);

    @AfterAll static void close() { COMPUTE.close(); }

    static Network net(int depth, ShortcutType type, long seed) {
        var d = SHAPES.train();
        return NetworkBuilder.build(NetworkSpec.of(depth, 4, d.channels(), d.height(), d.numClasses(), type), COMPUTE, seed);
    }

    // ---- counting -------------------------------------------------------------------------------------

    @Test void pathCountsAreBinomialsSummingToTwoToTheN() {
        BigInteger[] previous = PathLengths.pathCounts(0);
        assertThat(previous).containsExactly(BigInteger.ONE);
        for (int n = 1; n <= 200; n++) {
            BigInteger[] c = PathLengths.pathCounts(n);
            assertThat(c).hasSize(n + 1);
            BigInteger sum = BigInteger.ZERO;
            for (int k = 0; k <= n; k++) {
                // Pascal's rule from the previous row: an independent construction of C(n, k)
                BigInteger pascal = (k == 0 ? BigInteger.ZERO : previous[k - 1]).add(k == n ? BigInteger.ZERO : previous[k]);
                assertThat(c[k]).as("C(%d, %d)", n, k).isEqualTo(pascal);
                assertThat(c[k]).isEqualTo(c[n - k]);
                sum = sum.add(c[k]);
            }
            assertThat(sum).isEqualTo(BigInteger.TWO.pow(n));
            previous = c;
        }
        assertThat(PathLengths.pathCounts(54)[27]).isEqualTo(new BigInteger("1946939425648112"));
        assertThat(PathLengths.pathCounts(200)[100])
                .isEqualTo(new BigInteger("90548514656103281165404177077484163874504589675413336841320"));
        assertThat(PathLengths.log10(PathLengths.pathCounts(200)[100])).isCloseTo(58.956881330608674, within(1e-12));
        assertThat(PathLengths.pathCountsAsDouble(27)[13]).isEqualTo(20058300.0);
        assertThatThrownBy(() -> PathLengths.pathCounts(-1)).hasMessageContaining("must not be negative");
    }

    @Test void effectiveRangeIsTheShortestRunHoldingTheShare() {
        assertThat(PathLengths.effectiveRange(new double[] {0, 0, 5, 90, 5, 0}, 0.9)).containsExactly(3, 3);
        assertThat(PathLengths.effectiveRange(new double[] {0, 0, 5, 90, 5, 0}, 0.95)).containsExactly(2, 3);
        assertThat(PathLengths.effectiveRange(new double[] {0, 0, 5, 90, 5, 0}, 1.0)).containsExactly(2, 4);
        assertThat(PathLengths.effectiveRange(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0.9)).containsExactly(0, 8);
        // two runs of length 2 hold 90%; the one with more wins
        assertThat(PathLengths.effectiveRange(new double[] {45, 46, 0, 9}, 0.9)).containsExactly(0, 1);
        assertThat(PathLengths.effectiveRange(new double[] {7}, 0.9)).containsExactly(0, 0);
        assertThatThrownBy(() -> PathLengths.effectiveRange(new double[] {0, 0}, 0.9)).hasMessageContaining("zero");
        assertThatThrownBy(() -> PathLengths.effectiveRange(new double[] {1, -1}, 0.9)).hasMessageContaining("non-negative");
    }

    // ---- measuring ------------------------------------------------------------------------------------

    @Test void pathGradientsOfAllSubsetsSumToTheFullGradient() {
        for (UnitOrder unit : new UnitOrder[] {UnitOrder.ORIGINAL, UnitOrder.FULL_PREACT}) {
            var d = SHAPES.train();
            Network net = NetworkBuilder.build(NetworkSpec.of(14, 3, d.channels(), d.height(), d.numClasses(), ShortcutType.IDENTITY)
                    .withUnit(unit), COMPUTE, 2);
            var batch = d.firstPerClass(8);
            var ex = PathLengths.exhaustive(net, batch.images(), batch.labels());
            assertThat(ex.relativeResidual()).as(unit.name()).isLessThan(1e-4);
            assertThat(ex.meanGradient()).hasSize(7);
            assertThat(ex.fullGradient()).isPositive();
            // the network is handed back intact
            assertThat(net.blocks()).allSatisfy(b -> assertThat(b.route()).isEqualTo(Route.FULL));
        }
    }

    @Test void samplingWithEnoughSamplesEnumeratesEveryPathAndMatchesTheExhaustiveMeans() {
        Network net = net(14, ShortcutType.IDENTITY, 5); // n = 6: at most C(6, 3) = 20 paths per length
        var cfg = new PathLengths.Config(20, 16, 9, 0.9);
        var r = PathLengths.sample(net, SHAPES.train(), cfg, PathLengths.Progress.NONE, () -> false);
        var batch = SHAPES.train().randomPerClass(16, 9);
        var ex = PathLengths.exhaustive(net, batch.images(), batch.labels());
        assertThat(r.n()).isEqualTo(6);
        assertThat(r.lengths()).hasSize(7);
        BigInteger total = BigInteger.ZERO;
        for (var l : r.lengths()) {
            assertThat(l.exact()).isTrue();
            assertThat(l.count()).isEqualTo(PathLengths.pathCounts(6)[l.k()]);
            assertThat(l.samples()).isEqualTo(l.count().intValueExact());
            assertThat(l.meanGradient()).isCloseTo(ex.meanGradient()[l.k()], within(1e-6 * ex.meanGradient()[l.k()] + 1e-12));
            assertThat(l.contribution()).isCloseTo(l.count().doubleValue() * l.meanGradient(), within(1e-12));
            total = total.add(l.count());
        }
        assertThat(total).isEqualTo(BigInteger.TWO.pow(6));
        assertThat(r.fullGradient()).isCloseTo(ex.fullGradient(), within(1e-6 * ex.fullGradient()));
        assertThat(r.lengths().stream().mapToDouble(PathLengths.Length::share).sum()).isCloseTo(1, within(1e-9));
    }

    @Test void samplingIsSeededAndGivesAnEffectiveRangeThatHoldsTheShare() {
        Network net = net(20, ShortcutType.IDENTITY, 1); // n = 9
        var cfg = new PathLengths.Config(6, 16, 4, 0.9);
        var a = PathLengths.sample(net, SHAPES.train(), cfg, PathLengths.Progress.NONE, () -> false);
        var b = PathLengths.sample(net, SHAPES.train(), cfg, PathLengths.Progress.NONE, () -> false);
        var c = PathLengths.sample(net, SHAPES.train(), new PathLengths.Config(6, 16, 5, 0.9), PathLengths.Progress.NONE, () -> false);
        List<Double> ma = a.lengths().stream().map(PathLengths.Length::meanGradient).toList();
        assertThat(b.lengths().stream().map(PathLengths.Length::meanGradient).toList()).isEqualTo(ma);
        assertThat(c.lengths().stream().map(PathLengths.Length::meanGradient).toList()).isNotEqualTo(ma);
        var range = a.effectiveRange();
        double inside = 0;
        for (int k = range.from(); k <= range.to(); k++) inside += a.lengths().get(k).share();
        assertThat(inside).isGreaterThanOrEqualTo(0.9 - 1e-9).isCloseTo(range.share(), within(1e-9));
        assertThat(a.peak()).isBetween(range.from(), range.to());
        // k = 0 and k = n have one path each: measured exactly, once
        assertThat(a.lengths().get(0).samples()).isEqualTo(1);
        assertThat(a.lengths().get(9).samples()).isEqualTo(1);
        assertThat(a.lengths().get(4).samples()).isEqualTo(6);
        BigInteger paths = BigInteger.ZERO;
        for (int k = range.from(); k <= range.to(); k++) paths = paths.add(PathLengths.pathCounts(9)[k]);
        assertThat(range.paths()).isEqualTo(paths);
        assertThat(range.fractionPaths()).isCloseTo(paths.doubleValue() / 512, within(1e-12));
    }

    /**
     * Veit's finding: in a trained ResNet the gradient per path falls fast with its length, so the paths that carry
     * the gradient are short, well below n/2. At initialisation the fall is much slower (measured: g_10/g_0 about
     * 4e-3 against 3e-6 after training; effective lengths 6-14 against 3-9); a few dozen SGD steps are enough to
     * show the difference (n = 27 blocks, tiny width and images).
     */
    @Test void trainingMovesTheEffectivePathsBelowHalfTheDepth() {
        DataSplit fashion = Datasets.load(new DataSpec("fashion", null, 1000, 100, 8, 1)).normalized();
        var d = fashion.train();
        Network net = NetworkBuilder.build(NetworkSpec.of(56, 4, d.channels(), d.height(), d.numClasses(), ShortcutType.IDENTITY), COMPUTE, 3);
        var cfg = new PathLengths.Config(4, 32, 1, 0.9);
        var batches = resnetlab.data.Batches.shuffled(d, 64, true, resnetlab.data.Augmentation.NONE, 1);
        for (int i = 0; i < 15; i++) { batches.advance(); net.forward(batches.images(), true); }
        var before = PathLengths.sample(net, d, cfg, PathLengths.Progress.NONE, () -> false);
        new Trainer(net, fashion, new TrainConfig(40, 64, 0.1, 0.9, 1e-4, List.of(), "none", 3, 2, 0, false)).run(() -> false);
        var after = PathLengths.sample(net, d, cfg, PathLengths.Progress.NONE, () -> false);
        System.out.printf("ResNet-56 w4 8px: untrained range %d-%d (peak %d), after 40 steps %d-%d (peak %d); g_10/g_0 %.1e -> %.1e%n",
                before.effectiveRange().from(), before.effectiveRange().to(), before.peak(), after.effectiveRange().from(),
                after.effectiveRange().to(), after.peak(), ratio(before, 10), ratio(after, 10));
        assertThat(before.n()).isEqualTo(27);
        assertThat((double) after.effectiveRange().to()).isLessThan(27 / 2.0);
        assertThat((double) after.peak()).isLessThan(27 / 2.0);
        assertThat(ratio(after, 10)).isLessThan(1e-3).isLessThan(ratio(before, 10) / 10);
    }

    private static double ratio(PathLengths.Result r, int k) {
        return r.lengths().get(k).meanGradient() / r.lengths().get(0).meanGradient();
    }

    @Test void plainAndGatedNetsAreRefusedWithAClearMessage() {
        Network plain = net(14, ShortcutType.NONE, 1);
        assertThatThrownBy(() -> PathLengths.sample(plain, SHAPES.train(), PathLengths.Config.defaults(), PathLengths.Progress.NONE, () -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain-14 is a plain net");
        Network gated = net(14, ShortcutType.EXCLUSIVE_GATE, 1);
        assertThatThrownBy(() -> PathLengths.exhaustive(gated, SHAPES.train().firstPerClass(4).images(), SHAPES.train().firstPerClass(4).labels()))
                .hasMessageContaining("gated shortcuts");
        assertThatThrownBy(() -> new PathLengths.Config(0, 8, 1, 0.9).validate()).hasMessageContaining("samples 0");
        assertThatThrownBy(() -> new PathLengths.Config(5, 8, 1, 1.5).validate()).hasMessageContaining("share 1.5");
    }

    @Test void resultSurvivesAJsonRoundTrip() throws Exception {
        Network net = net(14, ShortcutType.IDENTITY, 5);
        var r = PathLengths.sample(net, SHAPES.train(), new PathLengths.Config(3, 8, 1, 0.9), PathLengths.Progress.NONE, () -> false)
                .withProvenance("resnetlab paths --test", "x.ckpt", null);
        String json = Json.MAPPER.writeValueAsString(r);
        var back = Json.MAPPER.readValue(json, PathLengths.Result.class);
        assertThat(back).isEqualTo(r);
        var tree = Json.MAPPER.readTree(json);
        assertThat(tree.get("n").asInt()).isEqualTo(6);
        assertThat(tree.at("/lengths/3").fieldNames()).toIterable().contains("k", "count", "meanGradient", "contribution");
        assertThat(tree.at("/lengths/3/count").bigIntegerValue()).isEqualTo(BigInteger.valueOf(20));
        assertThat(tree.at("/effectiveRange").fieldNames()).toIterable().contains("from", "to");
        assertThat(tree.get("version").asText()).isNotBlank();
        assertThat(tree.at("/config/seed").asLong()).isEqualTo(1);
    }
}
