package resnetlab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * A fixed number of worker threads for data-parallel loops. {@link #forEach} runs body(0..count-1), each
 * index exactly once, and returns when all are done. Callers keep results deterministic by letting each
 * index write its own slice and reducing slices in index order afterwards. Calls may nest (a parallel
 * convolution calling a parallel GEMM): the pool is a work-stealing {@link ForkJoinPool}.
 */
public final class Parallel implements AutoCloseable {
    /** One thread, no pool: loops run inline. */
    public static final Parallel SERIAL = new Parallel(1);

    private final int threads;
    private final ForkJoinPool pool;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setDaemon(true);
            t.setName("resnetlab-worker-" + t.getPoolIndex());
            return t;
        }, null, false);
    }

    public int threads() { return threads; }

    public void forEach(int count, IntConsumer body) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) body.accept(i);
            return;
        }
        RecursiveAction root = new RecursiveAction() {
            @Override protected void compute() {
                List<RecursiveAction> parts = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    final int index = i;
                    parts.add(new RecursiveAction() { @Override protected void compute() { body.accept(index); } });
                }
                invokeAll(parts);
            }
        };
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == pool) root.invoke();
        else pool.invoke(root);
    }

    /** A body over a half-open range of indices. */
    @FunctionalInterface
    public interface RangeBody { void run(int from, int to); }

    /** Ranges shorter than this are not worth a task of their own (forking costs microseconds). */
    public static final int MIN_RANGE = 1 << 15;

    /**
     * Runs {@code body} over [0, length) cut into at most {@link #threads()} contiguous ranges of at least
     * {@link #MIN_RANGE} indices (multiples of 64 except the last), or inline when that is only one range.
     * For passes without reductions, whose results do not depend on the split.
     */
    public void forRanges(int length, RangeBody body) {
        int ranges = Math.min(threads, Math.max(1, length / MIN_RANGE));
        if (ranges <= 1) {
            body.run(0, length);
            return;
        }
        forEach(ranges, r -> {
            int from = r == 0 ? 0 : (int) ((long) r * length / ranges) & ~63;
            int to = r == ranges - 1 ? length : (int) ((long) (r + 1) * length / ranges) & ~63;
            body.run(from, to);
        });
    }

    /** The first of {@code count} near-equal contiguous parts of [0, n): part p is [part(p), part(p + 1)). */
    public static int part(int p, int n, int count) { return (int) ((long) p * n / count); }

    @Override public void close() { if (pool != null) pool.shutdown(); }
}
