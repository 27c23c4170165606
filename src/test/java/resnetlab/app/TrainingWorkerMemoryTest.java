package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.RunEvent;
import resnetlab.app.model.TrainSettings;
import resnetlab.app.model.TrainingWorker;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.model.ShortcutType;

/** A bench model too big for the heap fails alone with the estimate as its message; the bench runs on. */
class TrainingWorkerMemoryTest {
    static final CompletableFuture<DataSplit> DATA =
            CompletableFuture.completedFuture(Datasets.load(new DataSpec("shapes", null, 128, 32, 8, 1)).normalized());

    static List<RunEvent> eventsOf(TrainingWorker w, int gen) throws InterruptedException {
        List<RunEvent> out = new ArrayList<>();
        for (int i = 0; i < 600 && out.stream().noneMatch(e -> e instanceof RunEvent.Built || e instanceof RunEvent.Failed); i++) {
            Thread.sleep(50);
            for (RunEvent e; (e = w.events().poll()) != null; ) if (e.generation() == gen) out.add(e);
        }
        return out;
    }

    @Test void aModelTooBigIsRefusedOnItsCardAndTheOthersBuild() throws Exception {
        try (TrainingWorker huge = new TrainingWorker("huge"); TrainingWorker small = new TrainingWorker("small")) {
            int g1 = huge.build(ModelSetup.of(60002, ShortcutType.IDENTITY), TrainSettings.DEFAULT, DATA, 1, 1);
            List<RunEvent> e1 = eventsOf(huge, g1);
            assertThat(e1).hasSize(1).first().isInstanceOf(RunEvent.Failed.class);
            String msg = ((RunEvent.Failed) e1.get(0)).message();
            assertThat(msg).startsWith("ResNet-60002 at batch 64 needs about").contains("but the Java heap is", "fewer models on the bench");
            int g2 = small.build(ModelSetup.of(8, ShortcutType.IDENTITY), TrainSettings.DEFAULT, DATA, 1, 1);
            assertThat(eventsOf(small, g2)).first().isInstanceOf(RunEvent.Built.class);
        }
    }
}
