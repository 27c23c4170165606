package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.RunEvent;
import resnetlab.app.model.TrainSettings;
import resnetlab.app.model.TrainingWorker;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.model.ShortcutType;

/**
 * "Train on to a higher target" given while a model finishes its old target is carried out: the finishing chain
 * must not switch playing off after the new play (a lesson's train action that came right after the bench's
 * previous target once waited forever with the model finished two iterations short).
 */
class TrainingWorkerPlayTest {
    /** A large test set: the evaluation at the end of a target takes milliseconds, long enough to play into. */
    static final CompletableFuture<DataSplit> DATA =
            CompletableFuture.completedFuture(Datasets.load(new DataSpec("shapes", null, 128, 3000, 16, 1)).normalized());

    private static RunEvent await(TrainingWorker w, int gen, List<RunEvent> seen, Predicate<RunEvent> wanted, double seconds)
            throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (RunEvent e; (e = w.events().poll()) != null; ) {
                if (e.generation() != gen) continue;
                seen.add(e);
                if (wanted.test(e)) return e;
            }
            Thread.onSpinWait();
        }
        return null;
    }

    @Test void aPlayThatLandsWhileTheOldTargetFinishesTrainsOn() throws Exception {
        TrainSettings s = TrainSettings.DEFAULT.withBatch(16).withIterations(1);
        try (TrainingWorker w = new TrainingWorker("play")) {
            int gen = w.build(ModelSetup.of(8, ShortcutType.IDENTITY), s.withIterations(1000), DATA, 1, 1);
            List<RunEvent> seen = new ArrayList<>();
            assertThat(await(w, gen, seen, e -> e instanceof RunEvent.Built, 60)).as("built").isNotNull();
            for (int target = 1; target <= 12; target++) {
                int k = target;
                w.setTarget(k);
                w.play();
                assertThat(await(w, gen, seen, e -> e instanceof RunEvent.Step st && st.iteration() == k, 30))
                        .as("step %d", k).isNotNull();
                // the step is out; the worker now sees its target and evaluates the test set: play into that
                Thread.sleep(k % 3);
                w.setTarget(k + 1);
                w.play();
                assertThat(await(w, gen, seen, e -> e instanceof RunEvent.Step st && st.iteration() == k + 1, 30))
                        .as("a play given %d ms after step %d reached; events: %s", k % 3, k, seen.subList(Math.max(0, seen.size() - 4), seen.size()))
                        .isNotNull();
                assertThat(await(w, gen, seen, e -> e instanceof RunEvent.Finished f && f.iteration() == k + 1, 30))
                        .as("finished at %d", k + 1).isNotNull();
                // at its target the worker is no longer playing; the next round plays it on
                long end = System.nanoTime() + 5_000_000_000L;
                while (w.isPlaying() && System.nanoTime() < end) Thread.onSpinWait();
                assertThat(w.isPlaying()).as("playing after finishing %d", k + 1).isFalse();
                target = k + 1;
            }
        }
    }
}
