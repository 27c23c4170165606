package resnetlab.kernel;

/**
 * What a network computes with: its worker threads and its GEMM. One per training run, so that runs of a
 * sweep can share a machine without sharing state. Results are deterministic for a given thread count.
 */
public final class Compute implements AutoCloseable {
    private final Parallel parallel;
    private final Gemm gemm;

    public Compute(Parallel parallel, Gemm gemm) {
        this.parallel = parallel;
        this.gemm = gemm;
    }

    /** The fastest kernels available, on {@code threads} threads. */
    public static Compute best(int threads) {
        Parallel p = threads == 1 ? Parallel.SERIAL : new Parallel(threads);
        return new Compute(p, Kernels.bestGemm(p));
    }

    /** The EJML reference path on one thread: the oracle of the fast path. */
    public static Compute reference() {
        return new Compute(Parallel.SERIAL, new EjmlGemm());
    }

    public Parallel parallel() { return parallel; }
    public Gemm gemm() { return gemm; }
    public int threads() { return parallel.threads(); }

    @Override public void close() { if (parallel != Parallel.SERIAL) parallel.close(); }
}
