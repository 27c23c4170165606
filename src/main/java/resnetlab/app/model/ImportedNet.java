package resnetlab.app.model;

import java.nio.file.Path;

/**
 * Where an imported bench model's weights came from, and whether the laptop can train it live. Shown on its
 * model card; a net that is not {@code live} is analysed (lesions, paths, landscape) but Play does not train it.
 *
 * @param weights      the safetensors file the weights were read from
 * @param project      the PyTorch project folder whose config.json gave the network
 * @param live         small enough to train live ({@link PytorchBridge#trainsLive})
 * @param macsPerImage estimated multiply-adds of one forward pass of one image ({@link PytorchBridge#macsPerImage})
 */
public record ImportedNet(Path weights, Path project, boolean live, long macsPerImage) {}
