package resnetlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.data.DataSpec;
import resnetlab.io.Json;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.train.IterationStats;
import resnetlab.train.RunResult;
import resnetlab.train.TrainConfig;
import resnetlab.train.TrainingRun;

class SweepTest {
    @TempDir Path dir;

    static final DataSpec DATA = new DataSpec("shapes", null, 128, 64, 12, 3);
    static final TrainConfig TRAINING = new TrainConfig(4, 16, 0.1, 0.9, 1e-4, List.of(), "none", 1, 1, 2, false);

    static NetworkSpec net(ShortcutType t) { return NetworkSpec.of(8, 4, 3, 12, 10, t); }

    static SweepSpec spec(List<NetworkSpec> variants, List<Long> seeds) {
        return new SweepSpec("tiny", "", variants, TRAINING, DATA, seeds);
    }

    /** Records what the sweep did. */
    static final class Log implements Sweep.Listener {
        final List<String> started = new CopyOnWriteArrayList<>();
        final AtomicInteger plainIterations = new AtomicInteger();
        @Override public void onRunStarted(Sweep.Run run) { started.add(run.id()); }
        @Override public void onIteration(Sweep.Run run, IterationStats s) { if (run.id().startsWith("plain")) plainIterations.incrementAndGet(); }
    }

    @Test void interruptedSweepResumesWithoutRedoingFinishedRuns() throws Exception {
        SweepSpec spec = spec(List.of(net(ShortcutType.IDENTITY), net(ShortcutType.NONE)), List.of(1L));
        Log first = new Log();
        // Cancel the second run (plain-8) after two of its four iterations.
        SweepResult partial = new Sweep(spec, dir, 1, "test").run(first, () -> first.plainIterations.get() >= 2);
        assertThat(first.started).containsExactly("resnet-8-s1", "plain-8-s1");
        assertThat(partial.complete()).isFalse();
        assertThat(partial.runs()).extracting(SweepResult.RunSummary::state).containsExactly("finished", "cancelled");
        Path done = dir.resolve("runs/resnet-8-s1/result.json");
        byte[] before = Files.readAllBytes(done);
        assertThat(Json.MAPPER.readTree(dir.resolve("result.json").toFile()).get("complete").asBoolean()).isFalse();

        Log second = new Log();
        SweepResult resumed = new Sweep(spec, dir, 1, "test").run(second, () -> false);
        assertThat(second.started).containsExactly("plain-8-s1"); // the finished run was not redone
        assertThat(resumed.complete()).isTrue();
        assertThat(resumed.runs()).extracting(SweepResult.RunSummary::reused).containsExactly(true, false);
        assertThat(resumed.runs()).extracting(SweepResult.RunSummary::state).containsExactly("finished", "finished");
        assertThat(Files.readAllBytes(done)).isEqualTo(before);
        RunResult reread = Json.MAPPER.readValue(done.toFile(), RunResult.class);
        assertThat(resumed.runs().get(0).trainError()).isEqualTo(reread.finalResult().trainError());
        assertThat(Files.exists(dir.resolve("runs/plain-8-s1/" + TrainingRun.CHECKPOINT_FILE))).isTrue();

        // The summary's statistics are those of the runs' own result files.
        SweepResult.ConfigSummary c = resumed.configurations().get(1);
        assertThat(c.label()).isEqualTo("plain-8");
        assertThat(c.trainError().median()).isEqualTo(resumed.runs().get(1).trainError());
        assertThat(c.trainCurve()).hasSize(4);
        assertThat(c.trainCurve().get(3).median()).isCloseTo(c.trainError().median(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.testCurve()).extracting(SweepResult.CurvePoint::iteration).containsExactly(2, 4);

        // A different budget in the same folder would overwrite finished work: refused, naming the field.
        assertThatThrownBy(() -> new Sweep(spec.withIterations(5), dir, 1, "test").run(null, () -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training.iterations: 4 there, 5 now");
        assertThat(Files.readAllBytes(done)).isEqualTo(before);
    }

    @Test void aDivergingRunDoesNotStopTheOthersAndParallelRunsMatchSerialOnes() throws Exception {
        NetworkSpec exploding = net(ShortcutType.SCALED).withLambda(1e15); // ∏λ = 1e45 overflows float: the loss is NaN
        SweepSpec spec = spec(List.of(net(ShortcutType.IDENTITY), exploding), List.of(1L, 2L));
        SweepResult parallel = new Sweep(spec, dir.resolve("p2"), 2, "test").run(null, () -> false);
        assertThat(parallel.runs()).extracting(SweepResult.RunSummary::state)
                .containsExactly("finished", "diverged", "finished", "diverged");
        assertThat(parallel.runs().get(1).message()).startsWith("diverged at iteration");
        assertThat(parallel.complete()).isTrue();
        assertThat(parallel.findings()).contains(exploding.displayName() + " diverged in 2 of 2 seeds.");
        assertThat(parallel.configurations().get(1).trainError().count()).isZero();

        // The file reads back into the record.
        SweepResult reread = Json.MAPPER.readValue(dir.resolve("p2/result.json").toFile(), SweepResult.class);
        assertThat(reread.spec()).isEqualTo(spec);
        assertThat(reread.runs()).isEqualTo(parallel.runs());

        SweepResult serial = new Sweep(spec, dir.resolve("p1"), 1, "test").run(null, () -> false);
        for (int i = 0; i < 4; i += 2) {
            assertThat(serial.runs().get(i).trainError()).isEqualTo(parallel.runs().get(i).trainError());
            assertThat(serial.runs().get(i).testError()).isEqualTo(parallel.runs().get(i).testError());
        }
        // Seeds differ: different runs.
        RunResult s1 = Json.MAPPER.readValue(dir.resolve("p1/runs/resnet-8-s1/result.json").toFile(), RunResult.class);
        RunResult s2 = Json.MAPPER.readValue(dir.resolve("p1/runs/resnet-8-s2/result.json").toFile(), RunResult.class);
        assertThat(s1.history().get(3).trainLoss()).isNotEqualTo(s2.history().get(3).trainLoss());
    }

    @Test void runIdsAreFolderNames() {
        assertThat(Sweep.runId(net(ShortcutType.SCALED).withLambda(0.5), 3)).isEqualTo("resnet-8-lambda-0.5-s3");
        assertThat(Sweep.runId(net(ShortcutType.IDENTITY).withUnit(resnetlab.model.UnitOrder.FULL_PREACT), 1))
                .isEqualTo("resnet-8-full-preact-s1");
        assertThat(Sweep.runId(net(ShortcutType.EXCLUSIVE_GATE), 2)).isEqualTo("resnet-8-exclusive-gate-bg-6-s2");
    }
}
