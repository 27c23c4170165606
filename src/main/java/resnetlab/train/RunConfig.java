package resnetlab.train;

import resnetlab.data.DataSpec;
import resnetlab.model.NetworkSpec;

/** Everything needed to re-run a training run: the network, the recipe and the data (seed included). */
public record RunConfig(NetworkSpec model, TrainConfig training, DataSpec data) {}
