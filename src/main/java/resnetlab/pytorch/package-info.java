/**
 * The bridge to PyTorch: a network and its recipe exported as a self-contained PyTorch project (model, weights
 * in safetensors, config, training and evaluation scripts; see {@link resnetlab.pytorch.PytorchProject}), and
 * weights trained there imported back as a resnet-lab checkpoint ({@link resnetlab.pytorch.PytorchImport}).
 * The Python files are resources beside this package, copied as they are. No Python is needed on the Java side.
 */
package resnetlab.pytorch;
