/**
 * Compute kernels: the {@link resnetlab.kernel.Gemm} interface, the EJML reference GEMM, im2col/col2im and
 * the run-time choice of kernel. Only the {@code simd} sub-package may import {@code jdk.incubator.vector}.
 */
package resnetlab.kernel;
