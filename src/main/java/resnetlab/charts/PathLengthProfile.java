package resnetlab.charts;

import java.util.Objects;

/**
 * The unraveled view of a residual net with n blocks (Veit et al. 2016, §3 and §4.2), one entry per
 * path length k: how many paths have that length, how much gradient one such path carries, and how much
 * gradient all of them carry together. Computed by the experiment; the chart only draws it. NaN marks a
 * length that was not sampled. Arrays are copied.
 *
 * @param length          path lengths k, e.g. 0..n
 * @param pathCount       C(n, k), the number of paths of length k
 * @param gradientPerPath E‖g_k‖, the mean gradient magnitude of a single path of length k
 * @param contribution    C(n, k) · E‖g_k‖ (or that normalised to sum to 1)
 * @param effectiveFrom   first path length of the effective range (e.g. 5 for ResNet-110), NaN for none
 * @param effectiveTo     last path length of the effective range (e.g. 17), NaN for none
 */
public record PathLengthProfile(double[] length, double[] pathCount, double[] gradientPerPath,
        double[] contribution, double effectiveFrom, double effectiveTo) {

    public PathLengthProfile {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(pathCount, "pathCount");
        Objects.requireNonNull(gradientPerPath, "gradientPerPath");
        Objects.requireNonNull(contribution, "contribution");
        int n = length.length;
        if (pathCount.length != n || gradientPerPath.length != n || contribution.length != n) {
            throw new IllegalArgumentException("all arrays need one value per path length (" + n + ")");
        }
        if (effectiveFrom > effectiveTo) {
            throw new IllegalArgumentException("effective range " + effectiveFrom + ".." + effectiveTo + " is empty");
        }
        length = length.clone();
        pathCount = pathCount.clone();
        gradientPerPath = gradientPerPath.clone();
        contribution = contribution.clone();
    }

    public boolean hasEffectiveRange() {
        return !Double.isNaN(effectiveFrom) && !Double.isNaN(effectiveTo);
    }
}
