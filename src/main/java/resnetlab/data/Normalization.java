package resnetlab.data;

import java.util.Arrays;
import resnetlab.tensor.Tensor;

/**
 * Per-channel standardisation {@code x' = (x - mean[c]) / std[c]}, with mean and std taken over every pixel
 * of channel c in the training set (population std, summed in double) and applied unchanged to the test set.
 * A channel whose std is below {@link #MIN_STD} (a blank channel) is only shifted, not scaled.
 */
public record Normalization(float[] mean, float[] std) {
    public static final float MIN_STD = 1e-6f;

    public Normalization {
        if (mean.length != std.length) throw new IllegalArgumentException("mean has " + mean.length + " channels, std " + std.length);
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("std must be positive: " + Arrays.toString(std));
        mean = mean.clone();
        std = std.clone();
    }

    /** Mean 0, std 1: pixels as they are. */
    public static Normalization identity(int channels) {
        float[] one = new float[channels];
        Arrays.fill(one, 1f);
        return new Normalization(new float[channels], one);
    }

    /** Mean and std per channel of a dataset's images, NCHW. */
    public static Normalization fit(Dataset train) {
        return fit(train.images());
    }

    /** Mean and std per channel over all N*H*W values of each channel of an NCHW tensor. */
    public static Normalization fit(Tensor images) {
        int n = images.n(), c = images.c(), plane = images.h() * images.w();
        float[] mean = new float[c], std = new float[c];
        float[] d = images.data;
        for (int ch = 0; ch < c; ch++) {
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * plane;
                for (int j = 0; j < plane; j++) {
                    double v = d[off + j];
                    s += v;
                    s2 += v * v;
                }
            }
            double count = Math.max(1.0, (double) n * plane);
            double m = s / count;
            double sd = Math.sqrt(Math.max(0, s2 / count - m * m));
            mean[ch] = (float) m;
            std[ch] = sd < MIN_STD ? 1f : (float) sd;
        }
        return new Normalization(mean, std);
    }

    /** A copy of the per-channel means. */
    @Override public float[] mean() { return mean.clone(); }
    /** A copy of the per-channel standard deviations. */
    @Override public float[] std() { return std.clone(); }
    public int channels() { return mean.length; }

    public boolean isIdentity() {
        for (int c = 0; c < mean.length; c++) if (mean[c] != 0f || std[c] != 1f) return false;
        return true;
    }

    /** {@code x = (x - mean[c]) / std[c]} in place, for any N of an NCHW tensor with {@link #channels()} channels. */
    public void applyInPlace(Tensor t) {
        checkChannels(t);
        int plane = t.h() * t.w();
        for (int i = 0; i < t.n(); i++) {
            for (int c = 0; c < mean.length; c++) {
                int off = (i * mean.length + c) * plane;
                float m = mean[c], inv = 1f / std[c];
                for (int j = 0; j < plane; j++) t.data[off + j] = (t.data[off + j] - m) * inv;
            }
        }
    }

    /** {@code x = x*std[c] + mean[c]} in place: back to pixel values, for showing a normalised image. */
    public void invertInPlace(Tensor t) {
        checkChannels(t);
        int plane = t.h() * t.w();
        for (int i = 0; i < t.n(); i++) {
            for (int c = 0; c < mean.length; c++) {
                int off = (i * mean.length + c) * plane;
                float m = mean[c], s = std[c];
                for (int j = 0; j < plane; j++) t.data[off + j] = t.data[off + j] * s + m;
            }
        }
    }

    private void checkChannels(Tensor t) {
        if (t.rank() != 4 || t.c() != mean.length) {
            throw new IllegalArgumentException("normalisation has " + mean.length + " channels, tensor is " + t.shapeString());
        }
    }

    @Override public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }
    @Override public int hashCode() { return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std); }
    @Override public String toString() { return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]"; }
}
