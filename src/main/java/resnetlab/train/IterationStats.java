package resnetlab.train;

import java.util.List;

/**
 * What one training iteration reports to listeners.
 *
 * @param iteration 1-based count of steps taken
 * @param epoch     0-based epoch of the batch
 * @param loss      mean cross-entropy of the batch
 * @param error     fraction of the batch misclassified
 * @param lr        learning rate used for the step
 * @param seconds   wall time of the step
 * @param blocks    per block gradient norms
 * @param layers    per 3x3 convolution weight-gradient norm and response std
 */
public record IterationStats(int iteration, int epoch, double loss, double error, double lr, int batch, double seconds,
                             List<BlockStats> blocks, List<LayerStats> layers) {}
