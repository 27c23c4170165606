package resnetlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import resnetlab.tensor.Tensor;
import resnetlab.train.Evaluation;
import resnetlab.train.TrainConfig;
import resnetlab.train.Trainer;

class LesionStudyTest {
    static final DataSplit FASHION = Datasets.load(new DataSpec("fashion", null, 2000, 200, 8, 0)).normalized();
    static final Compute COMPUTE = Compute.best(2);
    static Network resnet, plain;

    /** Nets trained a little (80 iterations), so that their errors are far from chance and lesions can show. */
    @BeforeAll static void train() {
        resnet = trained(ShortcutType.IDENTITY);
        plain = trained(ShortcutType.NONE);
    }

    static Network trained(ShortcutType type) {
        var d = FASHION.train();
        Network net = NetworkBuilder.build(NetworkSpec.of(20, 8, d.channels(), d.height(), d.numClasses(), type), COMPUTE, 1);
        new Trainer(net, FASHION, new TrainConfig(80, 64, 0.1, 0.9, 1e-4, List.of(), "none", 1, 2, 0, false)).run(() -> false);
        return net;
    }

    @AfterAll static void close() { COMPUTE.close(); }

    static LesionStudy study(Network net, int testSize, int samples, long seed) {
        return new LesionStudy(net, FASHION.test(), new LesionStudy.Config(testSize, samples, seed, null, null, 64));
    }

    @Test void baselineAndSingleBlockLesionsMatchTheNetworkItselfAndLeaveItIntact() {
        LesionStudy s = study(resnet, 100, 3, 1);
        assertThat(s.testSubset().size()).isEqualTo(100);
        assertThat(s.testSubset().classCounts()).containsOnly(10);
        double base = Evaluation.evaluate(resnet, s.testSubset(), 100, 0).error();
        assertThat(s.baselineError()).isEqualTo(base);
        assertThat(s.usesCache()).isTrue();
        Tensor before = resnet.forward(s.testSubset().images(), false).copy();
        for (int b = 0; b < 9; b++) {
            var one = s.deleteBlock(b);
            resnet.blocks().get(b).setDeleted(true);
            double direct = Evaluation.evaluate(resnet, s.testSubset(), 37, 0).error(); // another batching, no cache
            resnet.restoreAll();
            assertThat(one.testError()).as("block %d", b).isEqualTo(direct);
            assertThat(one.increase()).isEqualTo(direct - base);
            assertThat(one.downsampling()).isEqualTo(b == 3 || b == 6);
            assertThat(one.stage()).isEqualTo(1 + b / 3);
        }
        assertThat(resnet.forward(s.testSubset().images(), false).data).containsExactly(before.data);
        assertThatThrownBy(() -> s.deleteBlock(9)).hasMessageContaining("block 9 does not exist");
        assertThatThrownBy(() -> s.errorWithout(2, 2)).hasMessageContaining("listed twice");
    }

    @Test void randomDeletionsStartAtTheBaselineAndEndWithEveryBlockGone() {
        LesionStudy s = study(resnet, 100, 4, 3);
        var r = s.randomDeletions(List.of(0, 1, 2, 8, 9), LesionStudy.Progress.NONE, () -> false);
        assertThat(r).extracting(LesionStudy.RandomK::k).containsExactly(0, 1, 2, 8, 9);
        assertThat(r.get(0).meanError()).isEqualTo(s.baselineError());
        assertThat(r.get(0).stdError()).isZero();
        assertThat(r.get(0).samples()).isEqualTo(1);
        assertThat(r.get(0).exact()).isTrue();
        assertThat(r.get(1).samples()).isEqualTo(4);
        assertThat(r.get(1).exact()).isFalse();
        assertThat(r.get(4).samples()).isEqualTo(1);
        assertThat(r.get(4).meanError()).isEqualTo(s.errorWithout(0, 1, 2, 3, 4, 5, 6, 7, 8));
        for (var k : r) assertThat(k.meanError()).isBetween(k.minError(), k.maxError());
        // seeded: the same study gives the same numbers, another seed other draws
        assertThat(study(resnet, 100, 4, 3).randomDeletions(List.of(2), LesionStudy.Progress.NONE, () -> false).get(0))
                .isEqualTo(r.get(2));
        assertThatThrownBy(() -> s.randomDeletions(List.of(10), LesionStudy.Progress.NONE, () -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot delete 10 of 9 blocks");
        assertThatThrownBy(() -> new LesionStudy.Config(100, 3, 1, List.of(-1), null, 64).validate())
                .hasMessageContaining("cannot delete -1 blocks");
    }

    @Test void allSubsetsAreTakenWhenThereAreNoMoreThanTheSamples() {
        LesionStudy s = study(resnet, 50, 9, 1);
        var r = s.randomDeletions(List.of(1), LesionStudy.Progress.NONE, () -> false).get(0);
        assertThat(r.exact()).isTrue();
        assertThat(r.samples()).isEqualTo(9);
        double mean = 0;
        for (int b = 0; b < 9; b++) mean += s.errorWithout(b) / 9;
        assertThat(r.meanError()).isCloseTo(mean, within(1e-12));
    }

    @Test void swapsKeepShapesAndReportKendallTau() {
        LesionStudy s = study(resnet, 100, 3, 2);
        int[][] pairs = s.swappablePairs();
        // stage 1: blocks 0, 1, 2; stages 2 and 3 without their downsampling blocks: 4-5 and 7-8
        assertThat(pairs).isDeepEqualTo(new int[][] {{0, 1}, {0, 2}, {1, 2}, {4, 5}, {7, 8}});
        var sw = s.randomSwaps(List.of(0, 1, 3), LesionStudy.Progress.NONE, () -> false);
        assertThat(sw.summary()).extracting(LesionStudy.Reorder::swaps).containsExactly(0, 1, 3);
        assertThat(sw.summary().get(0).meanTau()).isEqualTo(1);
        assertThat(sw.summary().get(0).meanError()).isEqualTo(s.baselineError());
        assertThat(sw.samples()).hasSize(1 + 3 + 3);
        for (var x : sw.samples()) {
            if (x.swaps() == 1) {
                // one swap of two blocks at distance d has 2d − 1 discordant pairs out of 36
                assertThat(x.tau()).isIn(1 - 4.0 * 1 / 72, 1 - 4.0 * 3 / 72);
            }
            assertThat(x.tau()).isLessThanOrEqualTo(1);
        }
        assertThat(resnet.order()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        int[] swapped = {1, 0, 2, 3, 4, 5, 6, 7, 8};
        resnet.setOrder(swapped);
        double direct = Evaluation.evaluate(resnet, s.testSubset(), 100, 0).error();
        resnet.restoreAll();
        assertThat(s.errorWithOrder(swapped)).isEqualTo(direct);
    }

    @Test void kendallTauOfPermutations() {
        assertThat(LesionStudy.kendallTau(new int[] {0, 1, 2, 3})).isEqualTo(1);
        assertThat(LesionStudy.kendallTau(new int[] {3, 2, 1, 0})).isEqualTo(-1);
        assertThat(LesionStudy.kendallTau(new int[] {1, 0, 2, 3})).isCloseTo(1 - 4.0 / 12, within(1e-12));
        assertThat(LesionStudy.kendallTau(new int[] {0})).isEqualTo(1);
    }

    /**
     * Veit 2016, the lesion contrast, in miniature: a plain net's block has nothing beside it, so deleting one
     * takes the plain net most of the way to chance, while the residual net loses little. Measured as the median
     * over blocks of (error − baseline) / (chance − baseline). With 80 training iterations the three vector widths
     * (three orders of float sums) gave 0.05-0.10 for the ResNet and 0.99-1.00 for the plain net, at baselines of
     * 0.26-0.31 and 0.44-0.57. With 40 iterations the plain net stayed at 0.80-0.83, near chance, and a change
     * in the order of BN's sums took it to 0.875: the plain baseline is asserted well below chance now.
     */
    @Test void deletingABlockTakesThePlainNetTowardsChanceButNotTheResidualNet() {
        var r = study(resnet, 200, 2, 1);
        var p = study(plain, 200, 2, 1);
        var rb = r.singleBlocks(LesionStudy.Progress.NONE, () -> false);
        var pb = p.singleBlocks(LesionStudy.Progress.NONE, () -> false);
        double rShare = medianShareToChance(rb, r.baselineError()), pShare = medianShareToChance(pb, p.baselineError());
        System.out.printf("ResNet-20 w8 8px: baseline %.3f, median single-block increase %+.3f (%.2f of the way to chance); "
                + "plain-20: baseline %.3f, %+.3f (%.2f)%n", r.baselineError(), LesionStudy.summarize(rb).medianIncrease(), rShare,
                p.baselineError(), LesionStudy.summarize(pb).medianIncrease(), pShare);
        assertThat(r.baselineError()).isLessThan(0.5);
        assertThat(p.baselineError()).isLessThan(0.75);
        assertThat(rShare).isLessThan(0.25);
        // Measured as the share of the way to chance: a tiny plain net may start near chance, leaving little absolute room.
        assertThat(pShare).isGreaterThan(0.4);
        assertThat(pShare).isGreaterThan(rShare + 0.2);
    }

    private static double medianShareToChance(List<LesionStudy.SingleBlock> blocks, double baseline) {
        double[] f = blocks.stream().mapToDouble(b -> b.increase() / (0.9 - baseline)).sorted().toArray();
        return f.length % 2 == 1 ? f[f.length / 2] : (f[f.length / 2 - 1] + f[f.length / 2]) / 2;
    }

    @Test void theWholeStudyWritesEveryPartAndReadsBack() throws Exception {
        var cfg = new LesionStudy.Config(50, 2, 1, List.of(0, 2, 9), List.of(0, 2), 64);
        var s = new LesionStudy(resnet, FASHION.test(), cfg);
        List<String> messages = new java.util.ArrayList<>();
        var r = s.run((done, total, m) -> messages.add(m), () -> false).withProvenance("resnetlab lesion --test", "x.ckpt", null);
        assertThat(r.mode()).contains("eval mode").contains("running statistics");
        assertThat(r.n()).isEqualTo(9);
        assertThat(r.testImages()).isEqualTo(50);
        assertThat(r.singleBlock()).hasSize(9);
        assertThat(r.randomK()).hasSize(3);
        assertThat(r.reorder()).hasSize(2);
        assertThat(r.reorderSamples()).hasSize(3);
        assertThat(messages).hasSizeGreaterThan(9);
        var back = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(r), LesionStudy.Result.class);
        assertThat(back).isEqualTo(r);
        var tree = Json.MAPPER.valueToTree(r);
        assertThat(tree.get("baselineError").asDouble()).isEqualTo(s.baselineError());
        assertThat(tree.at("/singleBlock/0").fieldNames()).toIterable().contains("block", "testError");
        assertThat(tree.at("/randomK/0").fieldNames()).toIterable().contains("k", "meanError", "stdError");
        assertThat(tree.at("/config/seed").asLong()).isEqualTo(1);
        assertThatThrownBy(() -> s.run(LesionStudy.Progress.NONE, () -> true)).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(resnet.order()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(resnet.blocks()).noneMatch(b -> b.isDeleted());
    }

    @Test void badSizesAreRefused() {
        assertThatThrownBy(() -> study(resnet, 5000, 2, 1)).hasMessageContaining("test size 5000 is larger than the 200 test images");
        assertThatThrownBy(() -> study(resnet, 5, 2, 1)).hasMessageContaining("smaller than the 10 classes");
        assertThatThrownBy(() -> study(resnet, 50, 0, 1)).hasMessageContaining("samples 0");
    }
}
