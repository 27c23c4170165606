package resnetlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import resnetlab.model.NetworkSpec;

/**
 * What a request will take from the Java heap, estimated before anything is allocated, so that a command or
 * the app can refuse a request that cannot fit (a ResNet-60002, a 30000x30000 landscape) with a message
 * instead of dying of {@link OutOfMemoryError} half-way.
 *
 * <p>The model, for a spec with stage widths w, 2w, 4w and stage image sizes s, ⌈s/2⌉, ⌈s/4⌉ (float32, 4 bytes):
 * <ul>
 *   <li>weights: the conv and FC weight count W, kept {@value #WEIGHT_COPIES_TRAINING} times when training
 *       (value, gradient, momentum, the per-thread weight-gradient partials and packed copies) and
 *       {@value #WEIGHT_COPIES_EVAL} times for evaluation (value, gradient, packed copy);</li>
 *   <li>activations: every layer keeps its output and its input gradient for the batch, about
 *       {@value #MAPS_PER_BLOCK} maps of C·H·W per block when training (conv, BN, ReLU, the addition, each
 *       forward and backward) plus the per-layer convolution workspaces; evaluation reuses the same
 *       tensors with the gradient half never touched, counted as {@value #MAPS_PER_BLOCK_EVAL};</li>
 *   <li>extras named by the caller: the data set, a landscape's saved weights and directions and its grid of
 *       doubles, a lesion study's cache.</li>
 * </ul>
 * The constants were fitted to heap measured after a warm training step (see {@code MemoryEstimateTest}); the
 * estimate is meant to be right within a factor of two, which is what deciding "fits or not" needs. All sums
 * are in double so that absurd requests (depth 60002, width 10^6) cannot overflow.
 *
 * @param parts what the estimate is made of, in order (label and bytes each)
 */
public record MemoryEstimate(List<Part> parts) {
    /** One item of an estimate, e.g. "weights" 23 GB. */
    public record Part(String label, double bytes) {}

    static final int WEIGHT_COPIES_TRAINING = 5;
    static final int WEIGHT_COPIES_EVAL = 3;
    static final int MAPS_PER_BLOCK = 20;
    static final int MAPS_PER_BLOCK_EVAL = 10;
    /** Fixed cost of a run besides its request: classes, JIT, charts, the shipped data's byte arrays. */
    public static final double BASE_BYTES = 64e6;

    public MemoryEstimate {
        parts = List.copyOf(parts);
    }

    /** Training one network on batches of {@code batch} images (weights, activations, workspaces). */
    public static MemoryEstimate training(NetworkSpec spec, int batch) {
        return new MemoryEstimate(List.of(
                new Part("weights", 4.0 * WEIGHT_COPIES_TRAINING * weights(spec)),
                new Part("activations for batch " + batch, 4.0 * MAPS_PER_BLOCK * Math.max(1, batch) * mapElements(spec))));
    }

    /** Evaluating (forward only, or one backward for gradients) a network on batches of {@code batch} images. */
    public static MemoryEstimate evaluation(NetworkSpec spec, int batch) {
        return new MemoryEstimate(List.of(
                new Part("weights", 4.0 * WEIGHT_COPIES_EVAL * weights(spec)),
                new Part("activations for batch " + batch, 4.0 * MAPS_PER_BLOCK_EVAL * Math.max(1, batch) * mapElements(spec))));
    }

    /** A data set of {@code images} images of the spec's shape, held as float32 (and its bytes). */
    public static Part data(NetworkSpec spec, long images) {
        return new Part("data", 5.0 * images * spec.inChannels() * (double) spec.imageSize() * spec.imageSize());
    }

    /**
     * A loss landscape's own memory: the saved weights θ*, two directions (and a second checkpoint for an
     * interpolation), and per grid point and slice point a loss and an error (doubles).
     */
    public static Part landscape(NetworkSpec spec, int grid, int slicePoints, boolean interpolation) {
        double copies = 3 + (interpolation ? 1 : 0);
        double points = (double) grid * grid + slicePoints;
        return new Part("landscape (" + grid + "x" + grid + " grid)", 4.0 * copies * weights(spec) + 2 * 8.0 * points);
    }

    /**
     * A lesion study's cache of every block's input for {@code testImages} images (float32); the study makes it
     * only when it fits in {@code budgetBytes} (otherwise it evaluates from the start each time, and needs none).
     */
    public static Part lesionCache(NetworkSpec spec, long testImages, double budgetBytes) {
        double bytes = 4.0 * testImages * mapElements(spec);
        return new Part("block-input cache", bytes <= budgetBytes ? bytes : 0);
    }

    /** Adds a part (named by the caller) to this estimate. */
    public MemoryEstimate plus(Part p) {
        List<Part> all = new ArrayList<>(parts);
        all.add(p);
        return new MemoryEstimate(all);
    }

    /** Adds another estimate's parts, each prefixed with {@code who} (e.g. another model of the bench). */
    public MemoryEstimate plus(String who, MemoryEstimate other) {
        List<Part> all = new ArrayList<>(parts);
        for (Part p : other.parts) all.add(new Part(who + " " + p.label, p.bytes));
        return new MemoryEstimate(all);
    }

    /** The whole estimate in bytes, the fixed base included. */
    public double bytes() {
        double s = BASE_BYTES;
        for (Part p : parts) s += p.bytes;
        return s;
    }

    /** Whether it fits in a heap of {@code heapBytes}. */
    public boolean fits(long heapBytes) { return bytes() <= heapBytes; }

    /**
     * Throws {@link IllegalArgumentException} with {@link #refusal} when the request does not fit in this JVM's
     * heap ({@link Runtime#maxMemory()}).
     *
     * @param what   what is asked for, e.g. "ResNet-60002 at batch 128"
     * @param change the request's own knobs, e.g. "a smaller --depth, --width or --batch"
     */
    public void require(String what, String change) {
        long heap = heap();
        if (!fits(heap)) throw new Refusal(this, what, change, heap, machineMemory());
    }

    /**
     * A request refused because it does not fit: the message is {@link #refusal}'s English line (the CLI prints
     * it); the app builds its own line in the user's language from the figures.
     *
     * @param heap    the Java heap's size in bytes
     * @param machine this machine's memory in bytes, 0 if unknown
     */
    public static final class Refusal extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient MemoryEstimate estimate;
        private final String what;
        private final long heap;
        private final long machine;

        public Refusal(MemoryEstimate estimate, String what, String change, long heap, long machine) {
            super(estimate.refusal(what, change, heap, machine));
            this.estimate = estimate;
            this.what = what;
            this.heap = heap;
            this.machine = machine;
        }

        public MemoryEstimate estimate() { return estimate; }
        public String what() { return what; }
        public long heap() { return heap; }
        /** This machine's memory in bytes, 0 if unknown. */
        public long machine() { return machine; }
        /** Whether more -Xmx could help: the request fits in this machine's memory (or that is unknown). */
        public boolean moreHeapHelps() { return machine <= 0 || estimate.bytes() * 1.1 <= machine; }
        /** The -Xmx to ask for, in whole GB: the estimate plus 10 %. */
        public long suggestedHeapGb() { return (long) Math.ceil(estimate.bytes() * 1.1 / 1e9); }
    }

    /**
     * The heap the checks compare with: this JVM's ({@link Runtime#maxMemory()}), or fewer bytes when the system
     * property {@value #HEAP_PROPERTY} says so, e.g. {@code -Dresnetlab.memory.heap=100000000}: the refusals can then be
     * seen (and tested) without asking for a huge model. A value above the real heap is ignored.
     */
    public static long heap() {
        long real = Runtime.getRuntime().maxMemory();
        Long assumed = Long.getLong(HEAP_PROPERTY);
        return assumed != null && assumed > 0 ? Math.min(real, assumed) : real;
    }

    /** The system property that lowers the heap the checks assume; see {@link #heap()}. */
    public static final String HEAP_PROPERTY = "resnetlab.memory.heap";

    /** This machine's physical memory in bytes, or 0 when the JVM cannot say. */
    static long machineMemory() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : 0;
    }

    /**
     * "a 30000x30000 landscape of ResNet-8 needs about 14.5 GB (weights 0.1 MB, ..., landscape (30000x30000 grid) 14.4 GB)
     * but the Java heap is 6.3 GB: start Java with more (-Xmx16g) or ask for less (a smaller --grid ...)"; when even
     * the machine's memory ({@code machine} bytes, 0 if unknown) is too small, -Xmx cannot help and it says so.
     */
    public String refusal(String what, String change, long heap, long machine) {
        StringBuilder b = new StringBuilder(what).append(" needs about ").append(format(bytes())).append(" (");
        for (int i = 0; i < parts.size(); i++) b.append(i > 0 ? ", " : "").append(parts.get(i).label).append(' ').append(format(parts.get(i).bytes));
        b.append(") but the Java heap is ").append(format(heap));
        double gb = Math.ceil(bytes() * 1.1 / 1e9);
        if (machine > 0 && bytes() * 1.1 > machine) {
            b.append(", and this machine has only ").append(format(machine)).append(": ask for less (").append(change).append(')');
        } else {
            b.append(": start Java with more (-Xmx").append(String.format(Locale.ROOT, "%.0fg", gb)).append(") or ask for less (")
                    .append(change).append(')');
        }
        return b.toString();
    }

    /** Bytes as "97 MB", "23.1 GB", "4.2e+03 TB". */
    public static String format(double bytes) {
        if (bytes < 10e6) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        if (bytes < 1e9) return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
        if (bytes < 1e12) return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        return String.format(Locale.ROOT, "%.3g TB", bytes / 1e12);
    }

    /** Conv and FC weights: stem 9·c·w, per block two 3x3 convs (c_in·c_out·9 + c_out²·9), FC 4w·classes. */
    static double weights(NetworkSpec spec) {
        double w = spec.width(), n = Math.max(1, (spec.depth() - 2) / 6);
        double s = 9 * spec.inChannels() * w;
        double in = w;
        for (int stage = 0; stage < 3; stage++) {
            double c = w * (1 << stage);
            s += 9 * (in * c + c * c) + (n - 1) * 18 * c * c;
            in = c;
        }
        return s + 4 * w * spec.classes();
    }

    /** Elements of one image's feature maps summed over the blocks (C·H·W per block) and the stem. */
    static double mapElements(NetworkSpec spec) {
        double n = Math.max(0, (spec.depth() - 2) / 6);
        double size = spec.imageSize();
        double s = spec.width() * size * size; // stem
        for (int stage = 0; stage < 3; stage++) {
            double hw = Math.ceil(size / (1 << stage));
            s += n * spec.width() * (1 << stage) * hw * hw;
        }
        return s;
    }
}
