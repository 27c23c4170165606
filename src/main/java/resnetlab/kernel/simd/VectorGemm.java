package resnetlab.kernel.simd;

import static resnetlab.kernel.simd.MicroKernel.MR;
import static resnetlab.kernel.simd.MicroKernel.NR;

import java.util.Arrays;
import resnetlab.kernel.Gemm;
import resnetlab.kernel.Parallel;

/**
 * Single-precision GEMM on the Vector API, {@code C = op(A)·op(B) + beta·C}, in the BLIS/GotoBLAS design.
 *
 * <pre>
 * for jc in [0, n) step NC                      columns of C owned by one task, in NC-wide slabs
 *   for pc in [0, k) step kc                    k-blocks; C accumulates across them
 *     pack op(B)[pc.., jc..]  → kc×NC panels     (L2/L3; absorbs transB)
 *     for ic in [0, m) step MC
 *       pack op(A)[ic.., pc..] → MC×kc panels    (L2; absorbs transA)
 *       for jr step NR, ir step MR: MicroKernel  (6×16 tile in registers, kc FMA steps;
 *                                                 ir outer instead when kc <= 64, see macroKernel)
 * </pre>
 *
 * <p>Where the rows of C fit one MC block (64×576×4096, the 1x1 and im2col products of up to 144 channels), each
 * packed element of B serves that block only, so a slab is not packed whole first: B is packed a run of
 * {@link PanelPacking#RUN_FLOATS} columns at a time (288×256 floats, 288 KiB) and multiplied at once, while the run
 * is in L2; a whole slab (4.5 MiB) had gone out to L3 between its packing and its use. 64×576×4096, one thread,
 * both in one JVM alternating: 5 % faster (eight rounds, 1.02-1.09). Same sums in the same order, same results.
 *
 * <p>Few rows of C (at most {@link #ROW_LAYOUT_MAX_ROWS}, B not transposed): each element of B then serves only
 * those few rows, so the packing, not the products, dominates (16×144×65536: packing B took two thirds of the
 * time), and the packing is bound by reading B from memory. There B is packed as rows instead
 * ({@link PanelPacking#packBRows}: one contiguous copy per row of a block, rows {@link #ROW_PAD} floats longer than
 * the block so that a micro-panel's rows fall into different L1 sets) and the kernel steps a row per p. Each stripe
 * of {@link MicroKernel#MR} rows of C is swept across the block before the next (as for a short k, see macroKernel):
 * C is then written in long runs, and C is about a sixth of this shape's memory traffic. The block is as wide as a
 * fifth of the last-level cache allows ({@link #rowLayoutFloats}), so that each row of B is read in one long run:
 * the memory's prefetchers start afresh at each run, and 2 KiB runs (blocks of 512 columns, kept in L2) left
 * 16×144×65536 at 0.40-0.45 of the peak on the Zen 4 EPYC (32 MiB L3), against 0.48-0.49 with 6.4 MiB blocks (11,616
 * columns: 45 KiB runs), 0.45-0.48 with 4 MiB and 0.47-0.50 with 8 MiB; 12 MiB fell to 0.38 and 16 MiB to 0.26, the
 * block no longer staying in L3 (`GemmBenchmark`, fresh JVMs in turns, 2026-12-07). Where k takes several k-blocks,
 * C's stripes are re-read by each, and the blocks stay {@link #ROW_LAYOUT_ACCUMULATING_NC} wide. The same sums in the
 * same order whatever the block.
 *
 * <p>Edges: packing pads partial panels with zeros; a bottom panel of at most four rows runs a four-row
 * kernel, and a right-edge tile narrower than 16 is computed into a scratch tile and copied. k-blocks are
 * balanced (k = 288 gives 144 + 144, not 256 + 32).
 *
 * <p>C = A·Bᵀ with a long k (a convolution's weight gradient, k = H·W·batch) runs the same loops: the k-blocks
 * accumulate into C, which stays in cache when m and n are small. A dot-product kernel reading both
 * operands in place (both are contiguous along k) was tried for it and measured slower than packing here.
 *
 * <p>Threads: the output is cut into tasks ({@link TaskGrid}: ranges along the longer side of C first) run by
 * {@link Parallel#forEach}; each element of C is computed by one task. The k-blocking depends only on
 * (m, n, k), and every element is summed in the same order whichever task computes it, so results are
 * bit-identical for any thread count. Packing buffers live in a per-thread {@link Workspace} and are reused,
 * so a warm call allocates only the few task objects of {@code Parallel}.
 */
public final class VectorGemm implements Gemm {
    /** Largest k-block: a 256×16 B micro-panel (16 KiB) plus a 6×256 A panel fit L1. */
    static final int KC = 256;
    /** Rows of op(A) packed at once: 144×256 floats = 144 KiB, kept in L2. */
    static final int MC = 144;
    /**
     * Columns of op(B) packed at once: 256×4096 floats = 4 MiB, in L3; its 16 KiB micro-panels go through L1.
     * Longer slabs read the source rows in longer runs, which measured 5-10 % faster than 1024 on the
     * memory-bound convolution shapes (16×144×65536) and the same on the others.
     */
    static final int NC = 4096;
    /** k-blocks this short (an input gradient Wᵀ·dY has k = Cout) change the macro-kernel's loop order. */
    static final int SHORT_K = 64;
    /** Floats of a packed B block in the short-k order: 256 KiB, half of L2. */
    static final int SHORT_K_BLOCK_FLOATS = 64 * 1024;
    /** Rows of C up to which B is packed as rows (see the class comment). */
    static final int ROW_LAYOUT_MAX_ROWS = 32;
    /**
     * Columns of a block of B packed as rows where k takes more than one k-block: each k-block then re-reads the
     * block's stripe of C, which stays in L2 this narrow (32×512 floats, 64 KiB). 32x288x16384 with blocks a fifth of L3
     * wide ran at 0.96 of the rate with these on one thread, 0.85-0.88 on two (Zen 4 EPYC, 2026-12-07).
     */
    static final int ROW_LAYOUT_ACCUMULATING_NC = 512;
    /** Share of the last-level cache that the blocks of B packed as rows fill, all threads of a call together. */
    static final int ROW_LAYOUT_CACHE_SHARE = 5;
    /** Floats of such a block where the cache size is unknown (4 MiB), and the bounds of the share (1 and 8 MiB). */
    static final int ROW_LAYOUT_DEFAULT_FLOATS = 1 << 20, ROW_LAYOUT_MIN_FLOATS = 1 << 18, ROW_LAYOUT_MAX_FLOATS = 1 << 21;
    /** Floats added to each packed row: one 64-byte line, so rows 2112 bytes apart spread over the L1 sets. */
    static final int ROW_PAD = 16;

    private final Parallel parallel;
    private final int kcMax, mcMax, ncMax;
    /** Floats of a block of B packed as rows, padding included (see the class comment). */
    private final int rowFloats;
    private final double minTaskFlops;
    /**
     * Sized for the largest blocks when a thread first multiplies (4-8 MiB with the default blocking: the larger of
     * a kc×NC block and a block packed as rows), so the grow branches are never taken in steady state: a workspace
     * that grew on a new thread once made C2 throw away the compiled kernels ({@code unstable_if}) and run
     * interpreted/C1 code for seconds while it recompiled (seen when the app's models start on threads of their own).
     */
    private final ThreadLocal<Workspace> workspaces;

    /** The GEMM used by {@link resnetlab.kernel.Kernels#bestGemm}; {@code parallel} runs inside each call. */
    public VectorGemm(Parallel parallel) {
        this(parallel, KC, MC, NC, TaskGrid.MIN_TASK_FLOPS);
    }

    /**
     * With other block sizes and task threshold: for tests (tiny blocks and {@code minTaskFlops} 0 exercise
     * every edge and every task split) and for tuning.
     */
    VectorGemm(Parallel parallel, int kcMax, int mcMax, int ncMax, double minTaskFlops) {
        this(parallel, kcMax, mcMax, ncMax, minTaskFlops, rowLayoutFloats(LastLevelCache.bytes(), parallel.threads()));
    }

    /** And with the floats of a block of B packed as rows (tests: small blocks cross block edges on small shapes). */
    VectorGemm(Parallel parallel, int kcMax, int mcMax, int ncMax, double minTaskFlops, int rowFloats) {
        if (kcMax < 1 || mcMax < MR || ncMax < NR) throw new IllegalArgumentException("blocking too small");
        this.parallel = parallel;
        this.kcMax = kcMax;
        this.mcMax = mcMax / MR * MR;
        this.ncMax = ncMax / NR * NR;
        this.minTaskFlops = minTaskFlops;
        this.rowFloats = rowFloats;
        // packedBlock never asks for more: panels of kc×NC, or rows of a block of the cache's share (at least one
        // micro-panel wide), or of ROW_LAYOUT_ACCUMULATING_NC columns
        int aFloats = this.mcMax * kcMax;
        int rowsAccumulating = rowLength(Math.min(this.ncMax, ROW_LAYOUT_ACCUMULATING_NC)) * kcMax;
        int bFloats = Math.max(Math.max(this.ncMax * kcMax, rowsAccumulating), Math.max(rowFloats, rowLength(NR) * kcMax));
        this.workspaces = ThreadLocal.withInitial(() -> new Workspace(aFloats, bFloats));
    }

    /**
     * Floats of a block of B packed as rows for each of {@code threads} tasks: together a fifth of a last-level cache
     * of {@code cacheBytes} (-1: unknown, then 4 MiB), each between 1 and 8 MiB.
     */
    static int rowLayoutFloats(long cacheBytes, int threads) {
        if (cacheBytes <= 0) return ROW_LAYOUT_DEFAULT_FLOATS;
        long floats = cacheBytes / ROW_LAYOUT_CACHE_SHARE / Float.BYTES / Math.max(1, threads);
        return (int) Math.max(ROW_LAYOUT_MIN_FLOATS, Math.min(ROW_LAYOUT_MAX_FLOATS, floats));
    }

    /** Columns of a block of B packed as rows, k-block kc: whole micro-tiles, kc padded rows within the floats. */
    static int rowLayoutColumns(int rowFloats, int kc) {
        return Math.max(NR, (rowFloats / kc - ROW_PAD) / NR * NR);
    }

    @Override public String name() { return "simd"; }

    @Override public String toString() {
        return "VectorGemm[" + parallel.threads() + " threads, kc<=" + kcMax + ", mc<=" + mcMax + ", nc<=" + ncMax
                + ", rows of B packed " + rowFloats + " floats at a time, task>=" + minTaskFlops + " flops]";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Gemm.checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        boolean accumulate = beta != 0f;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        int kc = balancedBlock(k, kcMax, 1);
        int rowUnits = ceilDiv(m, MR), colUnits = ceilDiv(n, NR);
        TaskGrid grid = TaskGrid.of(parallel.threads(), 2.0 * m * n * k / minTaskFlops, rowUnits, colUnits, m > n);
        parallel.forEach(grid.count(), t -> {
            int r0 = grid.rowStart(t) * MR, r1 = Math.min(m, grid.rowEnd(t) * MR);
            int c0 = grid.colStart(t) * NR, c1 = Math.min(n, grid.colEnd(t) * NR);
            packedBlock(transA, transB, r0, r1, c0, c1, k, kc, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc,
                    workspaces.get());
        });
    }

    /** C[r0..r1)[c0..c1) over all of k, in the loop order of the class comment. */
    private void packedBlock(boolean transA, boolean transB, int r0, int r1, int c0, int c1, int k, int kc,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             boolean accumulate, float[] c, int cOff, int ldc, Workspace ws) {
        // short k: B blocks small enough for L2, swept row stripe by row stripe (see macroKernel)
        boolean rowsOuter = kc <= SHORT_K;
        // few rows of C: B packed as rows (see the class comment)
        boolean rowLayout = !rowsOuter && !transB && r1 - r0 <= ROW_LAYOUT_MAX_ROWS;
        // one block of rows otherwise: B packed a run at a time (see the class comment)
        boolean runWise = !rowsOuter && !rowLayout && r1 - r0 <= mcMax;
        int ncBlock = rowsOuter ? Math.min(ncMax, roundUp(SHORT_K_BLOCK_FLOATS / kc, NR))
                : !rowLayout ? ncMax
                : kc < k ? Math.min(ncMax, ROW_LAYOUT_ACCUMULATING_NC) // C accumulates: its stripes kept in L2
                : rowLayoutColumns(rowFloats, kc);
        int ncPacked = Math.min(ncBlock, roundUp(c1 - c0, NR));
        // where the kernel finds B: micro-panel jr at jr·kb, step NR per p; or as rows: at jr, step one row
        int ld = rowLayout ? rowLength(ncPacked) : NR;
        float[] ap = ws.packedA(Math.min(mcMax, roundUp(r1 - r0, MR)) * kc);
        float[] bp = ws.packedB((rowLayout ? ld : ncPacked) * kc);
        for (int jc = c0; jc < c1; jc += ncBlock) {
            int nc = Math.min(ncBlock, c1 - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kb = Math.min(kc, k - pc);
                boolean add = accumulate || pc > 0;
                if (runWise) { // each run multiplied while it is still in L2
                    PanelPacking.packA(transA, a, aOff, lda, r0, r1 - r0, pc, kb, ap);
                    for (int jr = jc; jr < jc + nc; jr += PanelPacking.RUN_FLOATS) {
                        int run = Math.min(PanelPacking.RUN_FLOATS, jc + nc - jr);
                        PanelPacking.packB(transB, b, bOff, ldb, pc, kb, jr, run, bp);
                        macroKernel(r1 - r0, run, kb, ap, bp, kb, NR, c, cOff + r0 * ldc + jr, ldc, add, false, ws.tile);
                    }
                    continue;
                }
                if (rowLayout) PanelPacking.packBRows(b, bOff, ldb, pc, kb, jc, nc, bp, ld);
                else PanelPacking.packB(transB, b, bOff, ldb, pc, kb, jc, nc, bp);
                for (int ic = r0; ic < r1; ic += mcMax) {
                    int mc = Math.min(mcMax, r1 - ic);
                    PanelPacking.packA(transA, a, aOff, lda, ic, mc, pc, kb, ap);
                    macroKernel(mc, nc, kb, ap, bp, rowLayout ? 1 : kb, ld, c, cOff + ic * ldc + jc, ldc, add, rowsOuter || rowLayout, ws.tile);
                }
            }
        }
    }

    /** Floats per row of a block of B packed as rows, {@code nc} columns: whole micro-tiles and the L1 pad. */
    static int rowLength(int nc) { return roundUp(nc, NR) + ROW_PAD; }

    /**
     * All micro-tiles of one packed mc×kc block of A times one kc×nc block of B. Normally column panels are
     * the outer loop (BLIS: a B micro-panel stays in L1 while the A panels stream from L2). With a short k
     * the tile stores dominate instead, and {@code rowsOuter} sweeps each stripe of C from left to right so that C
     * is written in long runs; the B block is then small enough to be re-read from L2. So with B packed as rows.
     * The B micro-panel of columns jr starts at {@code jr·panelStride} and steps {@code bs} per p.
     */
    private static void macroKernel(int mc, int nc, int kc, float[] ap, float[] bp, int panelStride, int bs,
                                    float[] c, int co, int ldc, boolean add, boolean rowsOuter, float[] tile) {
        if (rowsOuter) {
            for (int ir = 0; ir < mc; ir += MR) {
                for (int jr = 0; jr < nc; jr += NR) microTile(ir, jr, mc, nc, kc, ap, bp, jr * panelStride, bs, c, co, ldc, add, tile);
            }
        } else {
            for (int jr = 0; jr < nc; jr += NR) {
                for (int ir = 0; ir < mc; ir += MR) microTile(ir, jr, mc, nc, kc, ap, bp, jr * panelStride, bs, c, co, ldc, add, tile);
            }
        }
    }

    /** The MR×NR tile at (ir, jr) of the block: six- or four-row kernel, or the scratch tile at the right edge. */
    private static void microTile(int ir, int jr, int mc, int nc, int kc, float[] ap, float[] bp, int bo, int bs,
                                  float[] c, int co, int ldc, boolean add, float[] tile) {
        int rows = Math.min(MR, mc - ir), cols = Math.min(NR, nc - jr);
        int o = co + ir * ldc + jr;
        if (MR == 8) {
            if (cols == NR) {
                MicroKernel.multiply8(kc, ap, ir * kc, bp, bo, bs, c, o, ldc, rows, add);
                return;
            }
            MicroKernel.multiply8(kc, ap, ir * kc, bp, bo, bs, tile, 0, NR, MR, false);
        } else if (cols == NR && rows > 4) {
            MicroKernel.multiply(kc, ap, ir * kc, bp, bo, bs, c, o, ldc, rows, add);
        } else if (cols == NR) {
            MicroKernel.multiply4(kc, ap, ir * kc, bp, bo, bs, c, o, ldc, rows, add);
        } else {
            MicroKernel.multiply(kc, ap, ir * kc, bp, bo, bs, tile, 0, NR, MR, false);
        }
        if (cols < NR) {
            // right edge: the full tile went into scratch; copy its valid columns (scalar tail)
            for (int r = 0; r < rows; r++) {
                int ci = o + r * ldc, ti = r * NR;
                if (add) for (int j = 0; j < cols; j++) c[ci + j] += tile[ti + j];
                else System.arraycopy(tile, ti, c, ci, cols);
            }
        }
    }

    // ---- blocking helpers ------------------------------------------------------------------------

    /**
     * Splits {@code len} into ceil(len/max) nearly equal blocks and returns the block length, rounded up to
     * a multiple of {@code quantum} (so 288 with max 256 gives 144 + 144, not 256 + 32).
     */
    static int balancedBlock(int len, int max, int quantum) {
        int blocks = ceilDiv(len, max);
        return Math.min(roundUp(ceilDiv(len, blocks), quantum), roundUp(max, quantum));
    }

    static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    static int roundUp(int a, int q) { return ceilDiv(a, q) * q; }

    /** Per-thread packing buffers, reused; they grow only if a block is larger than the sizes given. */
    static final class Workspace {
        private float[] a, b;
        final float[] tile = new float[MR * NR];

        Workspace(int aFloats, int bFloats) {
            a = new float[aFloats];
            b = new float[bFloats];
        }

        float[] packedA(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] packedB(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }
    }
}
