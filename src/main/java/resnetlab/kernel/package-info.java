/**
 * Compute kernels: the {@link resnetlab.kernel.Gemm} interface, the EJML reference GEMM, im2col/col2im, the
 * direct 3x3 convolution interface ({@link resnetlab.kernel.Conv3x3}), the elementwise passes of BN, ReLU and
 * the residual join ({@link resnetlab.kernel.Elementwise}, with its scalar reference) and the run-time choice
 * of kernel ({@link resnetlab.kernel.Kernels}, gathered per run in {@link resnetlab.kernel.Compute}).
 * Only the {@code simd} sub-package may import {@code jdk.incubator.vector}.
 */
package resnetlab.kernel;
