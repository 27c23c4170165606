package resnetlab.tensor;

/** Elementwise operations on float arrays, with double accumulation where a sum is taken. */
public final class Ops {
    private Ops() {}

    /** Euclidean norm of the first {@code len} values, accumulated in double. */
    public static double norm(float[] a, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) s += (double) a[i] * a[i];
        return Math.sqrt(s);
    }

    /** y += x. */
    public static void addInPlace(float[] y, float[] x) {
        for (int i = 0; i < y.length; i++) y[i] += x[i];
    }

    /** out = a + b. */
    public static void add(float[] a, float[] b, float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = a[i] + b[i];
    }

    /** out = s * a. */
    public static void scale(float[] a, float s, float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = s * a[i];
    }

    /** True if any value is NaN or infinite. */
    public static boolean hasNonFinite(float[] a) {
        for (float v : a) if (!Float.isFinite(v)) return true;
        return false;
    }

    /** Standard deviation (population) over all values, accumulated in double. */
    public static double std(float[] a) {
        if (a.length == 0) return 0;
        double s = 0, s2 = 0;
        for (float v : a) { s += v; s2 += (double) v * v; }
        double m = s / a.length;
        return Math.sqrt(Math.max(0, s2 / a.length - m * m));
    }
}
