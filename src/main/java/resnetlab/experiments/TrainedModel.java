package resnetlab.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.data.Normalization;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.train.Checkpoint;
import resnetlab.train.RunConfig;

/**
 * A checkpoint from {@code train} brought back to life: the network with its weights, the run's config and
 * its data, preprocessed with the normalisation saved at training time, so evaluations match the run.
 */
public record TrainedModel(Network network, RunConfig config, DataSplit data, JsonNode meta) {

    public static TrainedModel load(Path checkpoint, Compute compute) throws IOException {
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, compute);
        JsonNode meta = loaded.meta();
        if (meta == null || !meta.has("config") || !meta.has("normalization")) {
            throw new IOException(checkpoint + ": the checkpoint has no training config or normalisation (was it written by 'train'?)");
        }
        RunConfig config = Json.MAPPER.treeToValue(meta.get("config"), RunConfig.class);
        Normalization norm = Json.MAPPER.treeToValue(meta.get("normalization"), Normalization.class);
        DataSplit raw = Datasets.load(config.data());
        DataSplit data = new DataSplit(raw.train().normalized(norm), raw.test().normalized(norm));
        return new TrainedModel(loaded.network(), config, data, meta);
    }

    /** The test error the run reported when it saved the checkpoint (NaN if none). */
    public double savedTestError() {
        return meta.has("testError") ? meta.get("testError").asDouble() : Double.NaN;
    }
}
