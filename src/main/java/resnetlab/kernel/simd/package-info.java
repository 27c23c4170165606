/**
 * The Vector API GEMM ({@link resnetlab.kernel.simd.VectorGemm}) and its measuring tools. This is the only
 * package allowed to import {@code jdk.incubator.vector}; nothing else links against it, and
 * {@link resnetlab.kernel.Kernels} loads {@code VectorGemm} by name so the rest of the engine runs without
 * the incubator module (falling back to the EJML reference GEMM).
 *
 * <p>Design (BLIS/GotoBLAS): {@link resnetlab.kernel.simd.PanelPacking} copies blocks of op(A) and op(B)
 * into contiguous micro-panels (this is where the transposes are absorbed), and
 * {@link resnetlab.kernel.simd.MicroKernel} multiplies one MR×kc panel of A by one kc×NR panel of B in
 * registers with FMA. {@link resnetlab.kernel.simd.FmaPeak} measures the core's FMA peak and
 * {@link resnetlab.kernel.simd.GemmBenchmark} compares the kernel with the EJML reference.
 *
 * <p>{@link resnetlab.kernel.simd.VectorConv3x3} convolves padded images directly (no im2col) for the 3x3
 * layers (stride 1 and 2) that make up most of a CIFAR ResNet, with the pixels in the vector lanes; for
 * small images, where pixel lanes would compute pad columns, its forward map and weight gradient put the
 * output channels in the lanes instead ({@link resnetlab.kernel.simd.ChannelLaneForward},
 * {@link resnetlab.kernel.simd.ChannelLaneGradient}, on channel-last copies,
 * {@link resnetlab.kernel.simd.ChannelLastImages}), chosen per layer by measurement
 * ({@link resnetlab.kernel.simd.ForwardBenchmark}, {@link resnetlab.kernel.simd.WeightGradientBenchmark}); for
 * stride-1 layers of many channels on small images, Winograd's F(2x2,3x3) with the channels in the lanes
 * ({@link resnetlab.kernel.simd.WinogradForward} for the forward and input gradient,
 * {@link resnetlab.kernel.simd.WinogradGradient} for the weight gradient).
 * {@link resnetlab.kernel.simd.VectorElementwise} runs the memory-bound passes (BN, ReLU, join, norms) at
 * memory speed.
 */
package resnetlab.kernel.simd;
