package resnetlab.data;

import java.util.List;
import resnetlab.tensor.Tensor;

/**
 * Labelled images as the files store them: unsigned bytes, one image after another, each in CHW order.
 * Image {@code i}, channel {@code c}, pixel (y, x) is {@code pixels[((i*channels + c)*height + y)*width + x] & 0xFF}
 * (MNIST has one channel; a CIFAR-10 record is already 1024 red, 1024 green, 1024 blue bytes).
 *
 * <p>Readers return this form so that only the images a run selects are turned into floats
 * ({@link #toDataset}).
 */
public record ByteImages(byte[] pixels, int[] labels, int channels, int height, int width) {
    public ByteImages {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        long need = (long) labels.length * channels * height * width;
        if (pixels.length != need) {
            throw new IllegalArgumentException(labels.length + " images of " + channels + "x" + height + "x" + width
                    + " need " + need + " bytes, got " + pixels.length);
        }
    }

    public int count() { return labels.length; }

    /** C*H*W, the length of one image. */
    public int imageLength() { return channels * height * width; }

    /**
     * The images at {@code indices}, in that order, as a float dataset with pixel values {@code byte/255} in [0, 1].
     * Labels must lie in 0..classNames.size()-1 (the readers have checked that).
     */
    public Dataset toDataset(int[] indices, String name, String description, List<String> classNames) {
        int len = imageLength();
        var images = new Tensor(indices.length, channels, height, width);
        int[] picked = new int[indices.length];
        float[] dst = images.data;
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= count()) throw new IndexOutOfBoundsException("index " + i + " of " + count() + " images");
            picked[k] = labels[i];
            int src = i * len, off = k * len;
            for (int j = 0; j < len; j++) dst[off + j] = (pixels[src + j] & 0xFF) * (1f / 255f);
        }
        return new Dataset(name, description, classNames, images, picked);
    }

    /** All images, in file order, as a float dataset (see {@link #toDataset(int[], String, String, List)}). */
    public Dataset toDataset(String name, String description, List<String> classNames) {
        int[] all = new int[count()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return toDataset(all, name, description, classNames);
    }

    /** The parts one after another (CIFAR-10's five training batches); all parts must have one image shape. */
    public static ByteImages concat(List<ByteImages> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("nothing to concatenate");
        ByteImages first = parts.get(0);
        int n = 0;
        for (ByteImages p : parts) {
            if (p.channels != first.channels || p.height != first.height || p.width != first.width) {
                throw new IllegalArgumentException("image shapes differ: " + first.channels + "x" + first.height + "x"
                        + first.width + " vs " + p.channels + "x" + p.height + "x" + p.width);
            }
            n += p.count();
        }
        byte[] pixels = new byte[n * first.imageLength()];
        int[] labels = new int[n];
        int at = 0;
        for (ByteImages p : parts) {
            System.arraycopy(p.pixels, 0, pixels, at * first.imageLength(), p.pixels.length);
            System.arraycopy(p.labels, 0, labels, at, p.count());
            at += p.count();
        }
        return new ByteImages(pixels, labels, first.channels, first.height, first.width);
    }
}
