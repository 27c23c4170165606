package resnetlab.app.model;

import java.nio.file.Files;
import java.nio.file.Path;
import resnetlab.data.DataSplit;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.train.Checkpoint;

/**
 * A bench model's weights as they are now, in a network of its own (so an experiment can take it over while the
 * original trains on), with the data it trains on. Made on a background thread: the copy waits for the model's
 * worker to finish its current step.
 *
 * @param iteration the iteration the weights are from
 */
public record WeightCopy(int slot, String name, int iteration, Network network, DataSplit data) {

    public static WeightCopy of(LabModel lab, BenchModel m, Compute compute) throws Exception {
        if (m.built() == null || m.builtSetup() == null) throw new IllegalStateException(LabModel.modelLabel(m) + " is not built yet");
        Path tmp = Files.createTempFile("resnetlab-copy", ".ckpt");
        try {
            int it = m.worker().saveCheckpoint(tmp).get();
            Network net = Checkpoint.load(tmp, compute).network();
            DataSplit data = lab.dataCache().get(DataPreset.byKey(m.builtSetup().preset()), lab.dataFolder.get(),
                    lab.settings().seed()).get();
            return new WeightCopy(m.slot(), LabModel.modelLabel(m), it, net, data);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
