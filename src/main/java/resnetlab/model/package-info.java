/**
 * The papers' CIFAR-style networks: {@link resnetlab.model.NetworkSpec} (depth 6n+2, width, shortcut type,
 * unit ordering, dimension option), {@link resnetlab.model.ResidualBlock} (branch + shortcut + join) and the
 * {@link resnetlab.model.NetworkBuilder}. A plain net is the same builder with the shortcut switched off.
 */
package resnetlab.model;
