package resnetlab.lessons;

import java.util.List;
import resnetlab.data.DataSpec;
import resnetlab.train.TrainConfig;

/**
 * Data and training recipe of a step: small enough for a classroom laptop. SGD uses the paper's momentum 0.9
 * and weight decay 1e-4 at a constant learning rate.
 *
 * @param dataset    a {@link DataSpec#NAMES} name ("fashion" is the shipped Fashion-MNIST subset, "shapes" is drawn)
 * @param imageSize  side of the images the nets see (0 = native)
 * @param trainSize  training images, class-balanced (0 = all)
 * @param testSize   test images, class-balanced (0 = all)
 * @param batch      images per SGD step
 * @param lr         learning rate
 * @param iterations SGD steps of a "train" action that does not say how many
 * @param seeds      one training run per seed for every model (weights and data order)
 * @param evalEvery  test evaluation every N iterations during training (0 = only at the end of each "train")
 * @param warmup     "none", "paper" or N (see {@link TrainConfig#warmup()})
 */
public record Preset(String dataset, int imageSize, int trainSize, int testSize, int batch, double lr, int iterations,
                     List<Long> seeds, int evalEvery, String warmup) {
    public Preset {
        seeds = List.copyOf(seeds);
    }

    /** The data of this preset; the shapes are drawn with the first seed, so every seed sees the same images. */
    public DataSpec dataSpec(java.nio.file.Path dataDir) {
        boolean files = dataset.equals("mnist") || dataset.equals("cifar10");
        return new DataSpec(dataset, files ? dataDir : null, trainSize, testSize, imageSize, seeds.get(0));
    }

    /** The training recipe for one seed. */
    public TrainConfig trainConfig(long seed, int totalIterations, int threads) {
        return new TrainConfig(Math.max(1, totalIterations), batch, lr, 0.9, 1e-4, List.of(), warmup, seed, threads,
                evalEvery, false);
    }

    public Preset withSize(int imageSize, int trainSize, int testSize, int batch, int iterations, List<Long> seeds) {
        return new Preset(dataset, imageSize, trainSize, testSize, batch, lr, iterations, seeds, evalEvery, warmup);
    }
}
