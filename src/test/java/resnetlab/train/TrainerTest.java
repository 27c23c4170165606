package resnetlab.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;

class TrainerTest {
    static final DataSplit SHAPES = Datasets.load(new DataSpec("shapes", null, 1024, 256, 16, 7)).normalized();

    static Network net(int depth, ShortcutType s, double lambda, Compute c, long seed) {
        var d = SHAPES.train();
        return NetworkBuilder.build(NetworkSpec.of(depth, 8, d.channels(), d.height(), d.numClasses(), s).withLambda(lambda), c, seed);
    }

    @Test void shortTrainingRunLowersTheLoss() {
        try (Compute c = Compute.best(2)) {
            Trainer t = new Trainer(net(8, ShortcutType.IDENTITY, 1, c, 1), SHAPES, TrainConfig.defaults(60, 1));
            assertThat(t.run(() -> false)).isEqualTo(RunState.FINISHED);
            var h = t.history();
            double first = h.subList(0, 5).stream().mapToDouble(Trainer.Point::trainLoss).average().orElseThrow();
            double last = h.subList(55, 60).stream().mapToDouble(Trainer.Point::trainLoss).average().orElseThrow();
            System.out.printf("ResNet-8 on shapes: loss %.3f → %.3f, test error %.3f%n", first, last, t.evals().get(0).error());
            assertThat(last).isLessThan(first * 0.8);
            assertThat(t.evals().get(0).error()).isLessThan(0.9 * (1 - 1.0 / 10));
        }
    }

    /**
     * The test set (256 images) in batches of 48 ends with 16: that batch runs at the shape of 48 with its other rows
     * not counted, so error and loss are those of one image at a time, and the training step after an evaluation
     * finds every layer's buffers at its shape (before, each evaluation made every layer allocate its outputs twice).
     */
    @Test void anEvaluationCountsEveryImageOnceAndLeavesTheBuffersAtTheTrainingShape() {
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        try (Compute c = Compute.best(1)) {
            TrainConfig cfg = new TrainConfig(100, 48, 0.05, 0.9, 1e-4, List.of(), "none", 5, 1, 0, false);
            Trainer t = new Trainer(net(8, ShortcutType.IDENTITY, 1, c, 5), SHAPES, cfg);
            for (int i = 0; i < 5; i++) t.step();
            EvalResult batched = Evaluation.evaluate(t.network(), SHAPES.test(), 48, 5);
            EvalResult single = Evaluation.evaluate(t.network(), SHAPES.test(), 1, 5);
            assertThat(batched.images()).isEqualTo(256);
            assertThat(batched.error()).isEqualTo(single.error());
            assertThat(batched.loss()).isCloseTo(single.loss(), org.assertj.core.data.Offset.offset(1e-5));
            long allocated = Long.MAX_VALUE;
            // until C2 has compiled the kernels (boxed vectors allocate): run alone in a fresh JVM, 20 rounds were
            // not always enough
            for (int round = 0; round < 200 && allocated >= 500_000; round++) {
                t.step();
                t.evaluateTest();
                long before = bean.getThreadAllocatedBytes(tid);
                t.step();
                allocated = Math.min(allocated, bean.getThreadAllocatedBytes(tid) - before);
            }
            // the net's activations at batch 48 are about 3 MB; a step's own records are a few KB
            assertThat(allocated).as("bytes a training step after an evaluation allocated").isLessThan(500_000);
        }
    }

    @Test void sameSeedAndThreadsGiveIdenticalRuns() {
        List<List<Trainer.Point>> runs = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            try (Compute c = Compute.best(2)) {
                Trainer t = new Trainer(net(8, ShortcutType.IDENTITY, 1, c, 3), SHAPES, TrainConfig.defaults(8, 3));
                t.run(() -> false);
                runs.add(t.history());
            }
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }

    @Test void listenerSeesBlockGradientsAndScaledShortcutsFollowLambda() {
        try (Compute c = Compute.best(2)) {
            Trainer t = new Trainer(net(20, ShortcutType.SCALED, 0.5, c, 1), SHAPES, TrainConfig.defaults(3, 1));
            List<IterationStats> seen = new ArrayList<>();
            t.addListener(new TrainingListener() { @Override public void onIteration(IterationStats s) { seen.add(s); } });
            t.run(() -> false);
            assertThat(seen).hasSize(3);
            IterationStats s = seen.get(2);
            assertThat(s.blocks()).hasSize(9);
            assertThat(s.layers()).hasSize(19); // stem + 2 per block
            for (BlockStats b : s.blocks()) {
                assertThat(b.shortcutScale()).isEqualTo(0.5);
                assertThat(b.branchGrad()).isPositive();
                assertThat(b.skipGrad()).isPositive().isLessThanOrEqualTo(0.5 * b.outGrad() * (1 + 1e-5));
            }
            assertThat(s.layers().get(1).responseStd()).isPositive();
            // the optimizer's gradient norms belong to the layers they are reported for
            var probes = t.network().probes();
            for (int i = 0; i < probes.size(); i++) {
                float[] g = probes.get(i).conv().weight().grad.data;
                double norm = 0;
                for (float x : g) norm += (double) x * x;
                norm = Math.sqrt(norm);
                assertThat(s.layers().get(i).weightGrad()).as(probes.get(i).name()).isCloseTo(norm, org.assertj.core.data.Offset.offset(1e-6 * norm));
            }
        }
    }

    @Test void divergingRunStopsWithAClearState() {
        try (Compute c = Compute.best(2)) {
            TrainConfig cfg = new TrainConfig(30, 64, 0.5, 0.9, 1e-4, List.of(), "none", 1, 2, 0, false);
            Trainer t = new Trainer(net(56, ShortcutType.SCALED, 1.5, c, 1), SHAPES, cfg);
            List<String> messages = new ArrayList<>();
            t.addListener(new TrainingListener() { @Override public void onDiverged(int i, String m) { messages.add(m); } });
            assertThat(t.run(() -> false)).isEqualTo(RunState.DIVERGED);
            System.out.println("λ=1.5, depth 56: " + t.divergence());
            assertThat(t.divergence()).startsWith("diverged at iteration ");
            assertThat(messages).containsExactly(t.divergence());
            assertThat(t.step()).isNull();
        }
    }

    @Test void paperWarmupHoldsPointZeroOneUntilErrorFallsBelowEightyPercent() {
        LearningRateSchedule s = new LearningRateSchedule(0.1, List.of(100, 150), "paper");
        assertThat(s.rate(0)).isEqualTo(0.01);
        s.observeError(0.85);
        assertThat(s.rate(1)).isEqualTo(0.01);
        s.observeError(0.79);
        assertThat(s.rate(2)).isEqualTo(0.1);
        assertThat(s.rate(120)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.rate(160)).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-12));
        LearningRateSchedule fixed = new LearningRateSchedule(0.1, List.of(), "5");
        assertThat(fixed.rate(4)).isEqualTo(0.01);
        assertThat(fixed.rate(5)).isEqualTo(0.1);
    }

    @Test void cancelStopsBetweenSteps() {
        try (Compute c = Compute.reference()) {
            Trainer t = new Trainer(net(8, ShortcutType.IDENTITY, 1, c, 1), SHAPES, TrainConfig.defaults(50, 1));
            assertThat(t.run(() -> t.iteration() >= 4)).isEqualTo(RunState.CANCELLED);
            assertThat(t.iteration()).isEqualTo(4);
        }
    }

    @Test void badConfigNamesTheField() {
        var cfg = new TrainConfig(0, 128, -1, 0.9, 1e-4, List.of(), "soon", 1, 1, 0, false);
        assertThat(cfg.problems()).anyMatch(p -> p.startsWith("iterations 0"))
                .anyMatch(p -> p.startsWith("lr -1"))
                .anyMatch(p -> p.contains("warmup 'soon'"));
    }
}
