package resnetlab.train;

/**
 * One 3x3 convolution in one iteration.
 *
 * @param name        e.g. "stage2.block0.conv1"
 * @param weightGrad  ‖dL/dW‖
 * @param responseStd std of the layer's response (after BN, before ReLU/addition; He 2015 Fig. 7)
 */
public record LayerStats(String name, double weightGrad, double responseStd) {}
