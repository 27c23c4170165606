package resnetlab.train;

/**
 * Gradient norms of one block in one backward pass.
 *
 * @param block       block index in build order
 * @param outGrad     ‖dL/dy‖ arriving at the block output
 * @param skipGrad    ‖dL/dx‖ leaving through the shortcut (0 for a plain block)
 * @param branchGrad  ‖dL/dx‖ leaving through the residual branch
 * @param shortcutScale λ of a scaled shortcut, else 1: the factor the direct term picks up here
 */
public record BlockStats(int block, double outGrad, double skipGrad, double branchGrad, double shortcutScale) {}
