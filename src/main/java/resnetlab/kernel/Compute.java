package resnetlab.kernel;

/**
 * What a network computes with: its worker threads and its GEMM. One per training run, so that runs of a
 * sweep can share a machine without sharing state. Results are deterministic for a given thread count.
 */
public final class Compute implements AutoCloseable {
    private final Parallel parallel;
    private final Gemm gemm;
    private final Gemm serialGemm;

    /**
     * @param gemm       may use {@code parallel}'s threads inside one call (for one large product)
     * @param serialGemm single-threaded, for calls made from inside a parallel loop (one image per task)
     */
    public Compute(Parallel parallel, Gemm gemm, Gemm serialGemm) {
        this.parallel = parallel;
        this.gemm = gemm;
        this.serialGemm = serialGemm;
    }

    /** The fastest kernels available, on {@code threads} threads. */
    public static Compute best(int threads) {
        Parallel p = threads == 1 ? Parallel.SERIAL : new Parallel(threads);
        return new Compute(p, Kernels.bestGemm(p), Kernels.bestGemm(Parallel.SERIAL));
    }

    /** The EJML reference path on one thread: the oracle of the fast path. */
    public static Compute reference() {
        EjmlGemm ejml = new EjmlGemm();
        return new Compute(Parallel.SERIAL, ejml, ejml);
    }

    public Parallel parallel() { return parallel; }
    public Gemm gemm() { return gemm; }
    public Gemm serialGemm() { return serialGemm; }
    public int threads() { return parallel.threads(); }

    @Override public void close() { if (parallel != Parallel.SERIAL) parallel.close(); }
}
