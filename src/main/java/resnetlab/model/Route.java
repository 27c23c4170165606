package resnetlab.model;

/**
 * Which way a block's backward pass goes (Veit 2016's path sampling). FULL is normal backprop; BRANCH_ONLY
 * sends the gradient only through the residual branch F, SKIP_ONLY only through the shortcut. Both keep the
 * mask of a post-addition ReLU, so the 2^n routed gradients of n blocks sum to the full one.
 */
public enum Route { FULL, BRANCH_ONLY, SKIP_ONLY }
