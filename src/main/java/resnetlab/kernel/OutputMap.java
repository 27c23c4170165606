package resnetlab.kernel;

/**
 * A per-channel map that a convolution's kernel may apply to each output as it writes it, in registers, instead of a
 * pass over the outputs afterwards: an inference's batch norm, residual join and ReLU,
 * {@code y = relu?((v − mean[c])·scale[c] + shift[c] + joinScale·join[i])}, with the values of
 * {@link Elementwise#channelAffine} ({@code join} null) and {@link Elementwise#channelAffineJoin} bit for bit.
 * {@code join} has the outputs' layout: output i of the convolution's output array takes {@code join[i]}.
 */
public record OutputMap(float[] mean, float[] scale, float[] shift, float[] join, float joinScale, boolean relu) {}
