package resnetlab.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Class-balanced choice of image indices, from labels alone, so the same choice serves byte images
 * ({@link ByteImages#toDataset}) and float datasets ({@link Dataset#select}).
 *
 * <p>A subset of {@code total} images over k classes takes {@code total/k} images of every class, and one
 * more of each of the first {@code total % k} classes. Indices come back in ascending (file) order, so the
 * classes stay interleaved as the file has them.
 */
public final class Subsets {
    private Subsets() {}

    /** How many images of each class a balanced subset of {@code total} takes. */
    public static int[] quota(int numClasses, int total) {
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        if (total < 0) throw new IllegalArgumentException("subset size must not be negative, got " + total);
        int[] q = new int[numClasses];
        for (int c = 0; c < numClasses; c++) q[c] = total / numClasses + (c < total % numClasses ? 1 : 0);
        return q;
    }

    /** The first images of each class in file order, {@link #quota} of each; deterministic without a seed. */
    public static int[] firstPerClass(int[] labels, int numClasses, int total) {
        int[] need = quota(numClasses, total);
        checkAvailable(labels, numClasses, total, need);
        int[] taken = new int[numClasses];
        int[] out = new int[total];
        int k = 0;
        for (int i = 0; i < labels.length && k < total; i++) {
            int c = labels[i];
            if (taken[c] < need[c]) {
                taken[c]++;
                out[k++] = i;
            }
        }
        return out;
    }

    /** A seeded random sample of {@link #quota} images of each class; the same seed gives the same indices. */
    public static int[] randomPerClass(int[] labels, int numClasses, int total, long seed) {
        int[] need = quota(numClasses, total);
        checkAvailable(labels, numClasses, total, need);
        int[][] byClass = indicesByClass(labels, numClasses);
        var rng = new SplittableRandom(seed);
        int[] out = new int[total];
        int k = 0;
        for (int c = 0; c < numClasses; c++) {
            int[] idx = byClass[c];
            // Partial Fisher-Yates: the first need[c] slots become a uniform sample without replacement.
            for (int j = 0; j < need[c]; j++) {
                int r = j + rng.nextInt(idx.length - j);
                int t = idx[j]; idx[j] = idx[r]; idx[r] = t;
                out[k++] = idx[j];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** Images per class. */
    public static int[] counts(int[] labels, int numClasses) {
        int[] n = new int[numClasses];
        for (int l : labels) n[l]++;
        return n;
    }

    private static int[][] indicesByClass(int[] labels, int numClasses) {
        int[] n = counts(labels, numClasses);
        int[][] by = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) by[c] = new int[n[c]];
        int[] fill = new int[numClasses];
        for (int i = 0; i < labels.length; i++) by[labels[i]][fill[labels[i]]++] = i;
        return by;
    }

    private static void checkAvailable(int[] labels, int numClasses, int total, int[] need) {
        if (total > labels.length) {
            throw new IllegalArgumentException("a subset of " + total + " images is larger than the " + labels.length + " available");
        }
        int[] have = counts(labels, numClasses);
        for (int c = 0; c < numClasses; c++) {
            if (have[c] < need[c]) {
                throw new IllegalArgumentException("a class-balanced subset of " + total + " images needs " + need[c]
                        + " of class " + c + ", which has only " + have[c]);
            }
        }
    }
}
