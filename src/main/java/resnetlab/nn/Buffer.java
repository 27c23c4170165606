package resnetlab.nn;

import resnetlab.tensor.Tensor;

/**
 * A named non-trainable tensor of a layer (BN's running mean and variance). The name follows the layer's
 * parameters ({@code stage1.block0.bn1.running_mean} beside {@code stage1.block0.bn1.gamma}) and is the key
 * the PyTorch export writes, so a state dict moves between the two engines without a mapping table.
 */
public record Buffer(String name, Tensor value) {}
