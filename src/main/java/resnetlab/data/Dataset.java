package resnetlab.data;

import java.util.List;
import resnetlab.tensor.Tensor;

/**
 * A labelled image set held in memory: images as one float32 NCHW {@link Tensor} of shape (N, C, H, W),
 * labels as {@code int[N]} in 0..numClasses-1, the class names, a name and a short description of where
 * the images came from and what was done to them.
 *
 * <p>Storage: pixel (n, c, y, x) is {@code images().data[((n*C + c)*H + y)*W + x]}; image n is the
 * contiguous slice of length C*H*W starting at {@code n*C*H*W}. Pixels are in [0, 1] (byte/255) until
 * {@link #normalized} applies a {@link Normalization}, which {@link #normalization()} then reports.
 *
 * <p>A dataset is not changed after construction: {@link #select}, {@link #resized} and {@link #normalized}
 * return new datasets. {@link #images()} hands out the tensor itself for speed; callers read it, never write.
 */
public final class Dataset {
    private final String name;
    private final String description;
    private final List<String> classNames;
    private final Tensor images;
    private final int[] labels;
    private final Normalization normalization;

    /** A dataset of raw pixels; {@code images} is (N, C, H, W) and {@code labels} has N entries. */
    public Dataset(String name, String description, List<String> classNames, Tensor images, int[] labels) {
        this(name, description, classNames, images, labels, null);
    }

    private Dataset(String name, String description, List<String> classNames, Tensor images, int[] labels,
                    Normalization normalization) {
        if (images.rank() != 4) throw new IllegalArgumentException("images must be NCHW, got " + images.shapeString());
        if (images.n() != labels.length) {
            throw new IllegalArgumentException(images.n() + " images but " + labels.length + " labels");
        }
        if (classNames.isEmpty()) throw new IllegalArgumentException("no class names");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is out of range 0.."
                        + (classNames.size() - 1));
            }
        }
        this.name = name;
        this.description = description;
        this.classNames = List.copyOf(classNames);
        this.images = images;
        this.labels = labels;
        this.normalization = normalization != null ? normalization : Normalization.identity(images.c());
    }

    public String name() { return name; }
    /** Where the images came from and what was done to them, one or two sentences. */
    public String description() { return description; }
    public List<String> classNames() { return classNames; }
    public int numClasses() { return classNames.size(); }

    /** The (N, C, H, W) image tensor itself, not a copy: read only. */
    public Tensor images() { return images; }
    /** A copy of the labels. */
    public int[] labels() { return labels.clone(); }
    public int label(int i) { return labels[i]; }

    public int size() { return labels.length; }
    public int channels() { return images.c(); }
    public int height() { return images.h(); }
    public int width() { return images.w(); }
    /** C*H*W, the length of one image in {@link #images()}. */
    public int imageLength() { return images.c() * images.h() * images.w(); }

    /** What has been applied to the pixels: the identity for raw [0, 1] pixels. */
    public Normalization normalization() { return normalization; }

    /** Images per class, indexed by label. */
    public int[] classCounts() { return Subsets.counts(labels, numClasses()); }

    /** One image as a new (1, C, H, W) tensor. */
    public Tensor image(int i) {
        int len = imageLength();
        float[] d = new float[len];
        System.arraycopy(images.data, i * len, d, 0, len);
        return new Tensor(d, 1, channels(), height(), width());
    }

    /** The same images and labels (shared, not copied) under another name and description. */
    public Dataset named(String name, String description) {
        return new Dataset(name, description, classNames, images, labels, normalization);
    }

    /** The images at {@code indices}, in that order (an index may repeat). */
    public Dataset select(int[] indices) {
        int len = imageLength();
        var out = new Tensor(indices.length, channels(), height(), width());
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("index " + i + " of " + size() + " images");
            System.arraycopy(images.data, i * len, out.data, k * len, len);
            l[k] = labels[i];
        }
        return new Dataset(name, description, classNames, out, l, normalization);
    }

    /** A class-balanced subset of {@code total} images: the first of each class in order ({@link Subsets#firstPerClass}). */
    public Dataset firstPerClass(int total) {
        return select(Subsets.firstPerClass(labels, numClasses(), total));
    }

    /** A class-balanced subset of {@code total} images drawn with {@code seed} ({@link Subsets#randomPerClass}). */
    public Dataset randomPerClass(int total, long seed) {
        return select(Subsets.randomPerClass(labels, numClasses(), total, seed));
    }

    /** Square images of {@code size} x {@code size}; see {@link #resized(int, int)}. */
    public Dataset resized(int size) { return resized(size, size); }

    /**
     * Every image resampled to {@code height} x {@code width}, channel by channel: area averaging along an axis
     * that shrinks, bilinear interpolation along one that grows. The same size returns this dataset.
     */
    public Dataset resized(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("size must be positive, got " + height + "x" + width);
        if (height == height() && width == width()) return this;
        var out = new Tensor(size(), channels(), height, width);
        Resampling.resize(images.data, size() * channels(), height(), width(), out.data, height, width);
        String how = Resampling.method(Math.max(height(), width()), Math.max(height, width));
        String note = " Resized " + height() + "x" + width() + " → " + height + "x" + width + " (" + how + ").";
        return new Dataset(name, description + note, classNames, out, labels, normalization);
    }

    /** The images standardised with {@code n} (usually {@code Normalization.fit(train)}); only raw pixels can be normalised. */
    public Dataset normalized(Normalization n) {
        if (!normalization.isIdentity()) throw new IllegalStateException(name + " is already normalised: " + normalization);
        var out = images.copy();
        n.applyInPlace(out);
        return new Dataset(name, description, classNames, out, labels, n);
    }

    @Override public String toString() {
        return name + " (" + size() + " images, " + channels() + "x" + height() + "x" + width() + ", "
                + numClasses() + " classes)";
    }
}
