package resnetlab.data;

import java.util.SplittableRandom;
import resnetlab.tensor.Tensor;

/**
 * Deals a dataset out in mini-batches, epoch after epoch, into tensors it reuses.
 *
 * <p>Each epoch visits every image once (the last {@code size % batchSize} are left out when
 * {@code dropLast}). A shuffled epoch's order is a Fisher-Yates permutation drawn from a stream named by
 * (seed, epoch), and augmentation draws from a second stream named the same way: the same seed gives the
 * same batches, and {@link #startEpoch} can jump to any epoch. A full batch fills one tensor of shape
 * (batchSize, C, H, W) and one {@code int[batchSize]}; the smaller last batch, if kept, fills a second pair
 * of its own size. Once both exist, dealing allocates nothing.
 *
 * <p>Use: {@code while (b.next()) step(b.images(), b.labels());} for one epoch, then {@code b.startEpoch(e)};
 * or {@link #advance()} per iteration, which rolls over into the next epoch by itself.
 * The arrays and tensors returned are overwritten by the next batch.
 */
public final class Batches {
    private static final long ORDER = 0x0BDE2L, AUGMENT = 0xA06L;

    private final Dataset data;
    private final int batchSize;
    private final boolean dropLast;
    private final boolean shuffle;
    private final Augmentation augmentation;
    private final long seed;
    private final int[] order;
    private final int batchesPerEpoch;

    private final Tensor fullImages;
    private final int[] fullLabels, fullIndices;
    private Tensor tailImages;
    private int[] tailLabels, tailIndices;

    private Tensor images;
    private int[] labels, indices;
    private int epoch, position;
    private SplittableRandom augmentRandom;

    private Batches(Dataset data, int batchSize, boolean dropLast, boolean shuffle, Augmentation augmentation, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        this.data = data;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.shuffle = shuffle;
        this.augmentation = augmentation;
        this.seed = seed;
        this.order = new int[data.size()];
        this.batchesPerEpoch = dropLast ? data.size() / batchSize : (data.size() + batchSize - 1) / batchSize;
        if (batchesPerEpoch == 0) {
            throw new IllegalArgumentException(data.name() + " has " + data.size() + " images, not one "
                    + (dropLast ? "full " : "") + "batch of " + batchSize);
        }
        this.fullImages = new Tensor(batchSize, data.channels(), data.height(), data.width());
        this.fullLabels = new int[batchSize];
        this.fullIndices = new int[batchSize];
        startEpoch(0);
    }

    /** Training batches: shuffled anew each epoch and augmented, all from {@code seed}. */
    public static Batches shuffled(Dataset data, int batchSize, boolean dropLast, Augmentation augmentation, long seed) {
        return new Batches(data, batchSize, dropLast, true, augmentation, seed);
    }

    /** Evaluation batches: the dataset in its own order, the last partial batch kept, no augmentation. */
    public static Batches inOrder(Dataset data, int batchSize) {
        return new Batches(data, batchSize, false, false, Augmentation.NONE, 0);
    }

    /** Restarts at the first batch of {@code epoch} (0-based), with that epoch's order and augmentation. */
    public void startEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must not be negative, got " + epoch);
        this.epoch = epoch;
        this.position = 0;
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (shuffle) {
            SplittableRandom r = Seeds.stream(seed, ORDER, epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i]; order[i] = order[j]; order[j] = t;
            }
        }
        augmentRandom = augmentation.isNone() ? null : Seeds.stream(seed, AUGMENT, epoch);
    }

    /** Fills the next batch of this epoch; false (and nothing filled) when the epoch is used up. */
    public boolean next() {
        int left = order.length - position;
        int n = Math.min(batchSize, left);
        if (n == 0 || (dropLast && n < batchSize)) return false;
        if (n == batchSize) {
            images = fullImages; labels = fullLabels; indices = fullIndices;
        } else {
            if (tailImages == null || tailImages.n() != n) {
                tailImages = new Tensor(n, data.channels(), data.height(), data.width());
                tailLabels = new int[n];
                tailIndices = new int[n];
            }
            images = tailImages; labels = tailLabels; indices = tailIndices;
        }
        int len = data.imageLength();
        float[] src = data.images().data;
        for (int k = 0; k < n; k++) {
            int i = order[position + k];
            indices[k] = i;
            labels[k] = data.label(i);
            System.arraycopy(src, i * len, images.data, k * len, len);
        }
        if (augmentRandom != null) augmentation.apply(images, n, augmentRandom);
        position += n;
        return true;
    }

    /** Fills the next batch, starting the next epoch first when this one is used up: one call per iteration. */
    public void advance() {
        if (!next()) {
            startEpoch(epoch + 1);
            next();
        }
    }

    /** The current batch, (count, C, H, W). */
    public Tensor images() { return images; }
    /** Labels of the current batch, {@link #count()} entries. */
    public int[] labels() { return labels; }
    /** Dataset indices of the current batch's images. */
    public int[] indices() { return indices; }
    /** Images in the current batch: the batch size, or fewer for a kept last batch. */
    public int count() { return labels == null ? 0 : labels.length; }

    public int epoch() { return epoch; }
    public int batchesPerEpoch() { return batchesPerEpoch; }
    public int batchSize() { return batchSize; }
    public Dataset dataset() { return data; }
}
