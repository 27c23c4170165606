package resnetlab.kernel;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed number of threads for data-parallel loops. {@link #forEach} runs body(0..count-1), each index
 * exactly once, and returns when all are done. Callers keep results deterministic by letting each index write
 * its own slice and reducing slices in index order afterwards: which thread runs an index never matters.
 *
 * <p>Why not a {@code ForkJoinPool}: a training step of the nets a class trains (ResNet-56, width 8, 16x16
 * images, batch 64) makes about a thousand parallel calls of 20-200 µs each. Handing each one to a pool whose
 * workers sleep between calls costs a wake-up per worker per call, and on two cores that made two threads
 * slower than one. So this is a gang, the way OpenMP runtimes work: the calling thread is worker 0 and takes
 * part; {@code threads - 1} helpers spin for a short while after each call ({@link #SPIN_NANOS}) before they
 * park, so the next call of the same step finds them awake. Indices are claimed from a shared counter, so a
 * helper that the operating system paused costs nothing but its own share.
 *
 * <p>Nesting: a call made while this gang is busy (from inside a body, or from a second thread using the
 * same instance) runs inline on the calling thread. A parallel convolution therefore calls a serial GEMM
 * per image, and the GEMM's own parallel loop is used only for a large product called from outside.
 */
public final class Parallel implements AutoCloseable {
    /** One thread, no helpers: loops run inline. */
    public static final Parallel SERIAL = new Parallel(1);

    /**
     * How long an idle helper spins before it parks: a little longer than the serial gaps between the
     * parallel calls of one training step, far shorter than the pause between steps of a live window.
     */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final int threads;
    private final Helper[] helpers;
    /** Set while one {@link #forEach} runs; a call that finds it set runs inline. */
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The loop the helpers work on; a new object per call, published by the volatile write. */
    private volatile Loop loop;
    private volatile boolean closed;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper();
            helpers[i].thread.setName("resnetlab-worker-" + (i + 1));
            helpers[i].thread.start();
        }
    }

    public int threads() { return threads; }

    public void forEach(int count, IntConsumer body) {
        if (helpers.length == 0 || count <= 1 || closed || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < count; i++) body.accept(i);
            return;
        }
        try {
            Loop l = new Loop(body, count);
            loop = l;
            for (Helper h : helpers) if (h.parked) LockSupport.unpark(h.thread);
            l.work();
            l.awaitDone();
            if (l.failure != null) rethrow(l.failure);
        } finally {
            busy.set(false);
        }
    }

    /** A body over a half-open range of indices. */
    @FunctionalInterface
    public interface RangeBody { void run(int from, int to); }

    /** Ranges shorter than this are not worth a task of their own (a hand-off costs about a microsecond). */
    public static final int MIN_RANGE = 1 << 13;

    /**
     * Chunks of a batch of {@code images} for a pass over a tensor of {@code size} floats: one per thread (at most one
     * per image), or one when the tensor is too small to pay for a hand-off. Chunk t holds images
     * [{@link #part}(t), {@link #part}(t + 1)), the split the convolutions use, so each thread keeps its own images.
     */
    public int imageChunks(int images, int size) {
        return size < MIN_RANGE ? 1 : Math.max(1, Math.min(images, threads));
    }

    /**
     * Runs {@code body} over [0, length) cut into at most {@link #threads()} contiguous ranges of at least
     * {@link #MIN_RANGE} indices (multiples of 64 except the last), or inline when that is only one range.
     * For passes without reductions, whose results do not depend on the split.
     */
    public void forRanges(int length, RangeBody body) {
        int ranges = rangesFor(length);
        if (ranges <= 1) {
            body.run(0, length);
            return;
        }
        forEach(ranges, r -> body.run(rangeStart(r, length, ranges), rangeStart(r + 1, length, ranges)));
    }

    /** A body over a half-open range of indices that adds its sums into {@code sums} (zeroed for it). */
    @FunctionalInterface
    public interface RangeSums { void run(int from, int to, double[] sums); }

    /**
     * Sums over [0, length) on the ranges of {@link #forRanges}: each range adds into a zeroed array of
     * {@code sums.length}, and {@code sums} is set to those arrays added in range order, so the result depends on
     * the thread count and the length, never on timing. {@code partials} is the caller's scratch for the ranges'
     * arrays, at least {@link #threads()} of at least {@code sums.length} (see {@link #partialSums}), so that a warm
     * caller allocates nothing but the loop's task.
     */
    public void sums(int length, double[] sums, double[][] partials, RangeSums body) {
        Arrays.fill(sums, 0);
        int ranges = rangesFor(length);
        if (ranges <= 1) {
            body.run(0, length, sums);
            return;
        }
        if (partials.length < ranges) throw new IllegalArgumentException(partials.length + " partial arrays for " + ranges + " ranges");
        forEach(ranges, r -> {
            double[] p = partials[r];
            Arrays.fill(p, 0, sums.length, 0);
            body.run(rangeStart(r, length, ranges), rangeStart(r + 1, length, ranges), p);
        });
        for (int r = 0; r < ranges; r++) for (int j = 0; j < sums.length; j++) sums[j] += partials[r][j];
    }

    /** Scratch for {@link #sums}: one array of {@code count} sums per thread (see {@link #separateSums}). */
    public double[][] partialSums(int count) { return separateSums(threads, count); }

    /**
     * Bytes left unused after each of the per-thread arrays that threads write side by side (two cache lines: the
     * line and the one the hardware fetches with it), so that no two threads' writes share a line; see
     * {@link #separateSums}.
     */
    public static final int SEPARATION_BYTES = 128;

    /**
     * {@code arrays} arrays of at least {@code count} sums, one per thread that adds into its own: each has
     * {@link #SEPARATION_BYTES} unused bytes after the sums. Arrays allocated one after the other lie side by side in
     * memory, and without the padding the last sums of one and the first of the next shared a cache line: two cores
     * adding into one line take turns owning it (false sharing). The sums pass of batch norm over a 64x8x16x16 tensor
     * (the classroom net: 16 doubles an array) took as long on two threads as on one (12-13.5 µs); padded, 6.4-7.6 µs
     * against 9.6-11 on one.
     */
    public static double[][] separateSums(int arrays, int count) {
        return new double[arrays][count + SEPARATION_BYTES / Double.BYTES];
    }

    private int rangesFor(int length) { return Math.min(threads, Math.max(1, length / MIN_RANGE)); }

    /** Start of range r of {@code ranges} over [0, length): multiples of 64 except the end. */
    private static int rangeStart(int r, int length, int ranges) {
        return r == 0 ? 0 : r == ranges ? length : (int) ((long) r * length / ranges) & ~63;
    }

    /** The first of {@code count} near-equal contiguous parts of [0, n): part p is [part(p), part(p + 1)). */
    public static int part(int p, int n, int count) { return (int) ((long) p * n / count); }

    /** Stops the helpers (they are daemons, but a closed gang frees its threads at once). */
    @Override public void close() {
        if (helpers.length == 0) return;
        closed = true;
        for (Helper h : helpers) LockSupport.unpark(h.thread);
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }

    /** One call of {@link #forEach}: indices handed out by a counter, completion counted by another. */
    private static final class Loop {
        final IntConsumer body;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;
        /** The caller, once it has stopped spinning; the index that completes the loop wakes it. */
        volatile Thread waiter;

        Loop(IntConsumer body, int count) { this.body = body; this.count = count; }

        /** Runs indices until none are left. After a failure the rest are claimed but skipped. */
        void work() {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                try {
                    if (failure == null) body.accept(i);
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                } finally {
                    if (done.incrementAndGet() == count) {
                        Thread w = waiter;
                        if (w != null) LockSupport.unpark(w);
                    }
                }
            }
        }

        /** The caller's wait for indices still running on helpers: spin while they are short, then park. */
        void awaitDone() {
            long start = System.nanoTime();
            while (done.get() < count && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
            if (done.get() == count) return;
            waiter = Thread.currentThread();
            while (done.get() < count) LockSupport.park(this);
        }
    }

    private final class Helper implements Runnable {
        final Thread thread = new Thread(this);
        volatile boolean parked;

        Helper() { thread.setDaemon(true); }

        @Override public void run() {
            Loop seen = null;
            while (!closed) {
                Loop l = loop;
                if (l != seen) {
                    seen = l;
                    l.work();
                    continue;
                }
                long start = System.nanoTime();
                while (loop == seen && !closed && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                if (loop == seen && !closed) {
                    parked = true;
                    // Re-check after announcing: forEach reads `parked` after publishing its loop.
                    if (loop == seen && !closed) LockSupport.park(this);
                    parked = false;
                }
            }
        }
    }
}
