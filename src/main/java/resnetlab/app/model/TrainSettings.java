package resnetlab.app.model;

import java.util.List;
import resnetlab.train.TrainConfig;

/**
 * How every model on the bench is trained: the paper's SGD recipe (momentum 0.9, weight decay 1e-4) with a
 * constant learning rate, which the lesson can change.
 *
 * @param lr         learning rate η
 * @param batch      images per SGD step
 * @param iterations when the runs stop (the progress bar's 100%)
 * @param evalEvery  test-set evaluation every this many iterations
 * @param seed       shared seed: weights and data order of every model that has no seed of its own
 */
public record TrainSettings(double lr, int batch, int iterations, int evalEvery, long seed) {
    public static final TrainSettings DEFAULT = new TrainSettings(0.1, 64, 400, 25, 11);

    public TrainConfig config(long seed, int threads) {
        return new TrainConfig(iterations, batch, lr, 0.9, 1e-4, List.of(), "none", seed, threads, evalEvery, false).validate();
    }

    public TrainSettings withLr(double v) { return new TrainSettings(v, batch, iterations, evalEvery, seed); }
    public TrainSettings withBatch(int v) { return new TrainSettings(lr, v, iterations, evalEvery, seed); }
    public TrainSettings withIterations(int v) { return new TrainSettings(lr, batch, v, evalEvery, seed); }
    public TrainSettings withSeed(long v) { return new TrainSettings(lr, batch, iterations, evalEvery, v); }
}
