/**
 * Layers with forward/backward pairs (conv, BN, ReLU, scale, dropout mask, option-A subsample, pooling,
 * linear) and the softmax cross-entropy loss. Every layer is checked against finite differences in tests.
 */
package resnetlab.nn;
