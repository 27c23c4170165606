package resnetlab.nn;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a training step's time goes, by kind of layer: {@code bench}'s "profile" section, so the next
 * engineer sees which kernels to work on. Off by default; while off, each timed call costs one volatile read.
 *
 * <p>Times are wall-clock nanoseconds summed over calls, taken by {@link Sequential} around each leaf layer
 * (every layer of the CIFAR nets but the blocks' joins, pooling and the classifier sits in one), by the residual
 * block around its join and gradient norms, by {@link Conv2d} around its weight-gradient work, and by the optimizer around its update. Conv backward
 * is timed whole; its data part is the whole minus the weight-gradient part. Only the thread that called
 * {@link #start()} counts: with more threads, the weight gradient of each thread's chunk of images runs side
 * by side with the others', and the starting thread's share stands for the part's wall time (the chunks are
 * near-equal), so the kinds still add up to the step.
 */
public final class LayerProfile {
    /** The kinds a step is split into; {@link #OTHER} is what the step's caller attributes to the rest. */
    public enum Kind {
        CONV_FORWARD, CONV_BACKWARD, CONV_BACKWARD_WEIGHTS, BATCH_NORM_FORWARD, BATCH_NORM_BACKWARD,
        RELU, OPTIMIZER, OTHER_LAYERS,
        /** The residual joins (add, scale, gate products) and the gradient norms the blocks record. */
        JOINS
    }

    private static volatile boolean enabled;
    /** The thread whose times count (the one that called {@link #start()}). */
    private static volatile Thread owner;
    private static final LongAdder[] NANOS = new LongAdder[Kind.values().length];

    static {
        for (int i = 0; i < NANOS.length; i++) NANOS[i] = new LongAdder();
    }

    private LayerProfile() {}

    /** Starts collecting, from zero. */
    public static void start() {
        for (LongAdder a : NANOS) a.reset();
        owner = Thread.currentThread();
        enabled = true;
    }

    /** Stops collecting and returns the nanoseconds per kind since {@link #start()}. */
    public static Map<Kind, Long> stop() {
        enabled = false;
        Map<Kind, Long> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) m.put(k, NANOS[k.ordinal()].sum());
        return m;
    }

    /** A timestamp to pass to {@link #add}, or 0 when not collecting. */
    public static long begin() { return enabled ? System.nanoTime() : 0L; }

    /**
     * Adds the time since {@code begin} (a {@link #begin()} value) to {@code kind}; nothing when it was 0 or on a
     * thread other than the one that started the profile.
     */
    public static void add(Kind kind, long begin) {
        if (begin != 0L && Thread.currentThread() == owner) NANOS[kind.ordinal()].add(System.nanoTime() - begin);
    }

    /** The nanoseconds counted under {@code kind} since {@link #start()}. */
    static long nanos(Kind kind) { return NANOS[kind.ordinal()].sum(); }

    /** The kind a leaf layer's forward or backward call is counted under. */
    static Kind kindOf(Layer layer, boolean forward) {
        if (layer instanceof Conv2d) return forward ? Kind.CONV_FORWARD : Kind.CONV_BACKWARD;
        if (layer instanceof BatchNorm2d) return forward ? Kind.BATCH_NORM_FORWARD : Kind.BATCH_NORM_BACKWARD;
        if (layer instanceof Relu) return Kind.RELU;
        return Kind.OTHER_LAYERS;
    }
}
