package resnetlab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import resnetlab.data.DataSpec;

/** The data options shared by commands that load a dataset. */
public final class DataOptions {
    @Option(names = "--dataset", description = "shapes, fashion, mnist or cifar10 (default: ${DEFAULT-VALUE}, the shipped subset)", defaultValue = "fashion")
    String dataset;

    @Option(names = "--data-dir", description = "folder with the dataset's files (needed for mnist and cifar10; for fashion, the full set)")
    Path dataDir;

    @Option(names = "--train-size", description = "training images, class-balanced; 0 = all (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int trainSize;

    @Option(names = "--test-size", description = "test images, class-balanced; 0 = all (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int testSize;

    @Option(names = "--image-size", description = "side of the images the network sees; 0 = native (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int imageSize;

    DataSpec toSpec(long seed) {
        return new DataSpec(dataset, dataDir, trainSize, testSize, imageSize, seed);
    }
}
