package resnetlab.pytorch;

import java.util.List;
import resnetlab.data.DataSpec;
import resnetlab.data.Normalization;
import resnetlab.model.NetworkSpec;
import resnetlab.train.RunConfig;
import resnetlab.train.TrainConfig;

/**
 * {@code config.json} of an exported PyTorch project: everything {@code model.py}, {@code train.py} and
 * {@code evaluate.py} need, and everything an import needs to rebuild the network.
 *
 * @param format        always {@value #FORMAT}; a file without it is not one of our projects
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param version       the resnet-lab code version that wrote the project
 * @param origin        where the weights came from (a checkpoint path, or "initial weights, seed S")
 * @param spec          the network (depth, width, shortcut, unit, option, channels, image size, classes)
 * @param training      the recipe (iterations, batch, lr, momentum, weight decay, milestones, warm-up, seed, augment)
 * @param data          the data spec (dataset, folder, subset sizes, image size); a null folder with "fashion"
 *                      means the shipped subset, copied into the project's {@code data/fashion-mnist}
 * @param normalization per-channel mean and std of the training images, applied before the network
 * @param decayed       the parameters that get weight decay (conv and FC weights)
 */
public record ProjectConfig(String format, int formatVersion, String version, String origin, NetworkSpec spec,
                            TrainConfig training, DataSpec data, Normalization normalization, List<String> decayed) {
    public static final String FORMAT = "resnet-lab PyTorch project";
    public static final int FORMAT_VERSION = 1;

    public RunConfig runConfig() { return new RunConfig(spec, training, data); }
}
