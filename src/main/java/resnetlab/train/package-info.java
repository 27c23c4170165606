/**
 * Training: SGD with momentum and weight decay, the step schedule with warm-up, the {@link resnetlab.train.Trainer}
 * loop with its listeners, evaluation, and checkpoints.
 */
package resnetlab.train;
