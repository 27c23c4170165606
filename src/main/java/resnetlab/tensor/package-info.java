/** Float32 NCHW tensors and elementwise operations. No JavaFX, no Vector API. */
package resnetlab.tensor;
