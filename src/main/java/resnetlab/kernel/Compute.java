package resnetlab.kernel;

/**
 * What a network computes with: its worker threads, its GEMM, its elementwise kernels and (when the Vector
 * API is there) its direct 3x3 convolution. One per training run, so that runs of a sweep can share a machine
 * without sharing state. Results are deterministic for a given thread count.
 *
 * <p>{@link #reference()} is the oracle: EJML GEMM, scalar elementwise loops with double sums, im2col for
 * every convolution, one thread. {@link #best} is what training uses; tests compare the two.
 */
public final class Compute implements AutoCloseable {
    /** The reference kernels on one thread, for layers that were never given a Compute (never closed). */
    public static final Compute SERIAL_REFERENCE = reference();

    private final Parallel parallel;
    private final Gemm gemm;
    private final Gemm serialGemm;
    private final Elementwise elementwise;
    private final Conv3x3 conv3x3;

    /**
     * @param gemm       may use {@code parallel}'s threads inside one call (for one large product)
     * @param serialGemm single-threaded, for calls made from inside a parallel loop (one image per task)
     */
    public Compute(Parallel parallel, Gemm gemm, Gemm serialGemm) {
        this(parallel, gemm, serialGemm, ScalarElementwise.INSTANCE, null);
    }

    /**
     * @param elementwise the BN, ReLU and join passes
     * @param conv3x3     direct 3x3 stride-1 convolution, or null to lower every convolution to im2col + GEMM
     */
    public Compute(Parallel parallel, Gemm gemm, Gemm serialGemm, Elementwise elementwise, Conv3x3 conv3x3) {
        this.parallel = parallel;
        this.gemm = gemm;
        this.serialGemm = serialGemm;
        this.elementwise = elementwise;
        this.conv3x3 = conv3x3;
    }

    /** The fastest kernels available, on {@code threads} threads. */
    public static Compute best(int threads) {
        Parallel p = threads == 1 ? Parallel.SERIAL : new Parallel(threads);
        return new Compute(p, Kernels.bestGemm(p), Kernels.bestGemm(Parallel.SERIAL), Kernels.bestElementwise(),
                Kernels.bestConv3x3());
    }

    /** The EJML reference path on one thread: the oracle of the fast path. */
    public static Compute reference() {
        EjmlGemm ejml = new EjmlGemm();
        return new Compute(Parallel.SERIAL, ejml, ejml, ScalarElementwise.INSTANCE, null);
    }

    public Parallel parallel() { return parallel; }
    public Gemm gemm() { return gemm; }
    public Gemm serialGemm() { return serialGemm; }
    public int threads() { return parallel.threads(); }
    public Elementwise elementwise() { return elementwise; }
    /** The direct 3x3 convolution, or null when convolutions lower to im2col + GEMM. */
    public Conv3x3 conv3x3() { return conv3x3; }

    @Override public void close() { if (parallel != Parallel.SERIAL) parallel.close(); }
}
