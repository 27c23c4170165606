package resnetlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;
import resnetlab.train.RunConfig;
import resnetlab.train.TrainConfig;
import resnetlab.train.Trainer;

class GradientFlowTest {
    static final DataSplit SHAPES = Datasets.load(new DataSpec("shapes", null, 256, 50, 8, 5)).normalized();
    static final Compute COMPUTE = Compute.best(2);

    @AfterAll static void close() { COMPUTE.close(); }

    static NetworkSpec spec(int depth, ShortcutType type, double lambda, UnitOrder unit) {
        var d = SHAPES.train();
        return NetworkSpec.of(depth, 4, d.channels(), d.height(), d.numClasses(), type).withLambda(lambda).withUnit(unit);
    }

    static GradientFlow.Result record(NetworkSpec spec, int iterations, GradientFlow.Config config) {
        Network net = NetworkBuilder.build(spec, COMPUTE, 2);
        // a small learning rate keeps λ = 1.5 (1.5^9 ≈ 38 on the direct path) from diverging in a few steps
        Trainer t = new Trainer(net, SHAPES, new TrainConfig(iterations, 32, 0.01, 0.9, 1e-4, List.of(), "none", 2, 2, 0, false));
        GradientFlow flow = new GradientFlow(net, config);
        t.addListener(flow);
        t.run(() -> false);
        return flow.result();
    }

    /**
     * He 2016 eq. 4-8: with h(x) = λx and nothing after the addition, the shortcut passes exactly λ times the
     * gradient arriving at the block, so the direct term from the top to block l is ∏λ.
     */
    @ParameterizedTest(name = "λ = {0}, {1}")
    @CsvSource({"0.5, FULL_PREACT", "1.5, FULL_PREACT", "0.5, RELU_BEFORE_ADD", "1.5, RELU_BEFORE_ADD"})
    void unmaskedScaledShortcutsPassLambdaAndTheDirectTermFollowsTheProduct(double lambda, UnitOrder unit) {
        var r = record(spec(20, ShortcutType.SCALED, lambda, unit), 3, new GradientFlow.Config(1, 2));
        assertThat(r.state()).isEqualTo("finished");
        int n = r.blocks().size();
        assertThat(n).isEqualTo(9);
        int lastDownsampling = -1;
        for (var b : r.blocks()) if (b.downsampling()) lastDownsampling = b.block();
        assertThat(lastDownsampling).isEqualTo(6);
        for (var p : r.depthProfile()) {
            var info = r.blocks().get(p.block());
            assertThat(info.lambda()).isEqualTo(lambda);
            assertThat(p.directTheory()).isCloseTo(Math.pow(lambda, n - p.block()), within(1e-12));
            if (!info.downsampling()) {
                assertThat(p.skipRatio()).as("block %d", p.block()).isCloseTo(lambda, within(1e-4 * lambda));
            } else {
                // option A keeps a quarter of the positions and only the old channels: less than λ passes
                assertThat(p.skipRatio()).isLessThan(lambda).isPositive();
            }
            if (p.block() > lastDownsampling) {
                assertThat(p.directMeasured()).as("block %d", p.block())
                        .isCloseTo(p.directTheory(), within(1e-3 * p.directTheory()));
            }
        }
        // every iteration, not only the averaged profile, shows the ratio
        for (int i = 0; i < r.iterations().size(); i++) {
            assertThat(r.skipGrad()[4][i] / r.outGrad()[4][i]).isCloseTo(lambda, within(1e-4 * lambda));
        }
    }

    @ParameterizedTest(name = "λ = {0}")
    @CsvSource({"0.5", "1.5"})
    void aPostAdditionReluMasksPartOfTheGradientSoTheRatioIsAtMostLambda(double lambda) {
        var r = record(spec(20, ShortcutType.SCALED, lambda, UnitOrder.ORIGINAL), 3, GradientFlow.Config.defaults());
        boolean someBelow = false;
        for (var p : r.depthProfile()) {
            assertThat(p.skipRatio()).isPositive().isLessThanOrEqualTo(lambda * (1 + 1e-5));
            assertThat(p.directMeasured()).isLessThanOrEqualTo(p.directTheory() * (1 + 1e-4));
            if (p.skipRatio() < 0.95 * lambda) someBelow = true;
        }
        assertThat(someBelow).as("the ReLU after the addition masks something").isTrue();
        for (int l = 0; l + 1 < r.depthProfile().size(); l++) {
            var p = r.depthProfile().get(l);
            assertThat(p.directMeasured()).isCloseTo(p.skipRatio() * r.depthProfile().get(l + 1).directMeasured(),
                    within(1e-9 * p.directMeasured()));
        }
    }

    @Test void recordsTheHeatMapEveryNthIterationAndTheLayerGradients() {
        var r = record(spec(14, ShortcutType.IDENTITY, 1, UnitOrder.ORIGINAL), 5, new GradientFlow.Config(2, 2));
        assertThat(r.iterations()).containsExactly(1, 3, 5);
        assertThat(r.outGrad()).hasDimensions(6, 3);
        assertThat(r.skipGrad()).hasDimensions(6, 3);
        assertThat(r.branchGrad()).hasDimensions(6, 3);
        assertThat(r.layers()).hasSize(13); // stem + 2 per block
        assertThat(r.weightGrad()).hasDimensions(13, 3);
        assertThat(r.layers().get(0).block()).isEqualTo(-1);
        assertThat(r.layers().get(1).block()).isZero();
        assertThat(r.profileFrom()).isEqualTo(3);
        assertThat(r.profileTo()).isEqualTo(5);
        // the profile is the geometric mean of the window's two iterations
        var p = r.depthProfile().get(2);
        assertThat(p.outGrad()).isCloseTo(Math.sqrt(r.outGrad()[2][1] * r.outGrad()[2][2]), within(1e-12));
        assertThat(r.topGradient()).isCloseTo(Math.sqrt(r.outGrad()[5][1] * r.outGrad()[5][2]), within(1e-12));
        // a block's input gradient is the previous block's output gradient: both sides of it are bounded by it
        for (int i = 0; i < 3; i++) {
            for (int b = 1; b < 6; b++) {
                double in = r.outGrad()[b - 1][i];
                assertThat(in).isLessThanOrEqualTo((r.skipGrad()[b][i] + r.branchGrad()[b][i]) * (1 + 1e-5));
            }
        }
        double wg = Math.sqrt(Math.pow(r.layers().get(1).weightGrad(), 2) + Math.pow(r.layers().get(2).weightGrad(), 2));
        assertThat(r.depthProfile().get(0).weightGrad()).isCloseTo(wg, within(1e-12));
        assertThat(r.depthProfile()).allSatisfy(e -> assertThat(e.weightGrad()).isPositive());
    }

    @Test void aPlainNetHasNoDirectTerm() {
        var r = record(spec(14, ShortcutType.NONE, 1, UnitOrder.ORIGINAL), 2, GradientFlow.Config.defaults());
        for (var p : r.depthProfile()) {
            assertThat(p.skipGrad()).isZero();
            assertThat(p.directTheory()).isZero();
            assertThat(p.directMeasured()).isZero();
            assertThat(p.branchGrad()).isPositive();
        }
    }

    @Test void theDirectFactorOfEachShortcutType() {
        var d = SHAPES.train();
        double[] expected = {0, 1, 0.5, Double.NaN, Double.NaN, Double.NaN, 0.75};
        ShortcutType[] types = {ShortcutType.NONE, ShortcutType.IDENTITY, ShortcutType.SCALED, ShortcutType.EXCLUSIVE_GATE,
                ShortcutType.SHORTCUT_GATE, ShortcutType.CONV1X1, ShortcutType.DROPOUT};
        for (int i = 0; i < types.length; i++) {
            var spec = new NetworkSpec(8, 2, d.channels(), d.height(), d.numClasses(), types[i], 0.5, false, -6, 0.25,
                    UnitOrder.ORIGINAL, resnetlab.model.DimensionOption.A);
            Network net = NetworkBuilder.build(spec, COMPUTE, 1);
            var r = new GradientFlow(net, GradientFlow.Config.defaults()).result();
            assertThat(r.blocks()).hasSize(3);
            assertThat(Double.valueOf(r.blocks().get(1).lambda())).as(types[i].cliName()).isEqualTo(Double.valueOf(expected[i]));
            assertThat(r.blocks().get(1).shortcut()).isEqualTo(types[i].cliName());
            assertThat(r.depthProfile()).isEmpty();
        }
    }

    @Test void directTermTheoryIsTheProductFromEachBlockToTheTop() {
        assertThat(GradientFlow.directTermTheory(new double[] {0.5, 2, 0.5, 1})).containsExactly(0.5, 1, 0.5, 1);
        double[] half = new double[27];
        java.util.Arrays.fill(half, 0.5);
        assertThat(GradientFlow.directTermTheory(half)[0]).isCloseTo(7.450580596923828e-9, within(1e-20)); // 0.5^27
        assertThat(GradientFlow.directTermTheory(new double[0])).isEmpty();
    }

    @Test void badConfigsAndADivergedRunAreReported() {
        assertThatThrownBy(() -> new GradientFlow.Config(0, 1).validate()).hasMessageContaining("recordEvery 0");
        Network net = NetworkBuilder.build(spec(14, ShortcutType.SCALED, 3, UnitOrder.ORIGINAL), COMPUTE, 1);
        Trainer t = new Trainer(net, SHAPES, new TrainConfig(30, 32, 5, 0.9, 1e-4, List.of(), "none", 1, 2, 0, false));
        GradientFlow flow = new GradientFlow(net, GradientFlow.Config.defaults());
        t.addListener(flow);
        t.run(() -> false);
        var r = flow.result();
        assertThat(r.state()).isEqualTo("diverged");
        assertThat(r.divergence()).startsWith("diverged at iteration ");
        assertThat(r.iterations()).hasSizeLessThan(30);
    }

    @Test void resultSurvivesAJsonRoundTripAndTrainFillsTheProvenance() throws Exception {
        var spec = spec(14, ShortcutType.SCALED, 0.5, UnitOrder.FULL_PREACT);
        var run = new RunConfig(spec, new TrainConfig(2, 16, 0.01, 0.9, 1e-4, List.of(), "none", 4, 1, 0, false),
                new DataSpec("shapes", null, 256, 50, 8, 5));
        var r = GradientFlow.train(run, SHAPES, GradientFlow.Config.defaults(), null, () -> false);
        assertThat(r.training()).isEqualTo(run);
        assertThat(r.iterations()).containsExactly(1, 2);
        String json = Json.MAPPER.writeValueAsString(r);
        var back = Json.MAPPER.readValue(json, GradientFlow.Result.class);
        assertThat(Json.MAPPER.writeValueAsString(back)).isEqualTo(json);
        var tree = Json.MAPPER.readTree(json);
        assertThat(tree.at("/training/training/seed").asLong()).isEqualTo(4);
        assertThat(tree.get("version").asText()).isNotBlank();
        assertThat(tree.at("/depthProfile/0").fieldNames()).toIterable()
                .contains("block", "outGrad", "skipGrad", "branchGrad", "skipRatio", "directMeasured", "directTheory");
    }
}
