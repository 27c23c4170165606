package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static resnetlab.kernel.simd.MicroKernel.MR;
import static resnetlab.kernel.simd.MicroKernel.NR;
import static resnetlab.kernel.simd.VectorGemm.KC;
import static resnetlab.kernel.simd.VectorGemm.MC;
import static resnetlab.kernel.simd.VectorGemm.NC;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import resnetlab.kernel.EjmlGemm;
import resnetlab.kernel.Gemm;
import resnetlab.kernel.GemmCase;
import resnetlab.kernel.GemmTest;
import resnetlab.kernel.NaiveGemm;
import resnetlab.kernel.Parallel;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Vector API GEMM against the naive oracle on shapes that divide neither the lane width nor the blocking,
 * with every transpose, beta 0 and 1, offsets and padded leading dimensions; plus determinism and reuse.
 */
@ExtendWith(SupportedSpecies.class)
class VectorGemmTest {
    static final double TOLERANCE = GemmTest.TOLERANCE;
    static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void closePool() { TWO.close(); }

    static Parallel threads(int t) { return t == 1 ? Parallel.SERIAL : TWO; }

    /**
     * The default kernel and variants with tiny blocks, so small shapes already cross k-, m- and n-blocks. The
     * blocks are whole micro-tiles (MR rows, NR = two vectors of columns), whatever the vector width.
     */
    static List<Gemm> variants(Parallel p) {
        return List.of(new VectorGemm(p), new VectorGemm(p, 5, 2 * MR, 2 * NR, 0), new VectorGemm(p, 7, MR, NR, 0));
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void matchesNaiveOnOddShapes(int threadCount) {
        SplittableRandom r = new SplittableRandom(7);
        List<GemmCase> cases = GemmTest.oddCases(r);
        double worst = checkAgainstNaive(cases, variants(threads(threadCount)), r);
        System.out.printf("VectorGemm (%d threads) vs NaiveGemm on %d odd shapes: max scaled error %.2e%n",
                threadCount, cases.size(), worst);
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void matchesNaiveOnShapesBeyondOneBlock(int threadCount) {
        SplittableRandom r = new SplittableRandom(11);
        int[][] shapes = {{129, 300, 17}, {300, 129, 13}, {17, 129, 300}, {13, 300, 129}, {300, 6, 300},
                {6, 300, 129}, {129, 17, 300}, {1, 300, 300}, {300, 300, 1}, {4, 129, 129}};
        List<GemmCase> cases = new ArrayList<>();
        for (int[] s : shapes) {
            for (int t = 0; t < 8; t++) {
                GemmCase dense = GemmCase.dense((t & 4) != 0, (t & 2) != 0, s[0], s[1], s[2], t & 1);
                cases.add((t & 1) == 0 ? dense : dense.padded(r));
            }
        }
        double worst = checkAgainstNaive(cases, variants(threads(threadCount)), r);
        System.out.printf("VectorGemm (%d threads) vs NaiveGemm beyond one block: max scaled error %.2e%n",
                threadCount, worst);
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void matchesNaiveOnConvolutionShapes(int threadCount) {
        // forward Y = W·cols (NN), weight gradient dW += dY·colsᵀ (NT, long k), input gradient Wᵀ·dY (TN)
        SplittableRandom r = new SplittableRandom(13);
        List<GemmCase> cases = List.of(
                GemmCase.dense(false, false, 64, 1000, 576, 0f),
                GemmCase.dense(false, true, 16, 144, 4099, 1f),
                GemmCase.dense(false, true, 32, 288, 2050, 0f).padded(r),
                GemmCase.dense(true, false, 288, 256, 32, 0f),
                GemmCase.dense(true, false, 147, 70, 16, 1f).padded(r),
                // few rows, B packed as rows: two k-blocks, C accumulated, in three blocks of 512 columns (the last
                // partial); one k-block, in blocks of the cache's share (two with the second kernel's)
                GemmCase.dense(false, false, 20, 1100, 300, 1f).padded(r),
                GemmCase.dense(false, false, 32, 530, 144, 0f));
        Parallel p = threads(threadCount);
        int rowFloats = VectorGemm.rowLength(512) * 150;
        assertThat(VectorGemm.rowLayoutColumns(rowFloats, 150)).isEqualTo(512);
        double worst = checkAgainstNaive(cases,
                List.of(new VectorGemm(p), new VectorGemm(p, KC, MC, NC, TaskGrid.MIN_TASK_FLOPS, rowFloats)), r);
        System.out.printf("VectorGemm (%d threads) vs NaiveGemm on convolution shapes: max scaled error %.2e%n",
                threadCount, worst);
    }

    @Test
    void agreesWithEjmlOnALargeProduct() {
        GemmCase cs = GemmCase.dense(false, false, 96, 520, 700, 0f);
        GemmCase.Operands o = cs.operands(3);
        double err = cs.maxScaledError(o, cs.run(new EjmlGemm(), o), cs.run(new VectorGemm(TWO), o));
        // both are float32 sums, so allow both their errors
        assertThat(err).isLessThanOrEqualTo(2 * TOLERANCE);
    }

    @Test
    void resultsAreBitIdenticalForRepeatsAndThreadCounts() {
        SplittableRandom r = new SplittableRandom(5);
        List<GemmCase> cases = List.of(
                GemmCase.dense(false, false, 70, 530, 300, 0f),
                GemmCase.dense(false, true, 20, 150, 3000, 1f).padded(r),
                GemmCase.dense(true, false, 150, 90, 20, 1f),
                GemmCase.dense(true, true, 33, 47, 290, 0f).padded(r),
                GemmCase.dense(false, false, 20, 1100, 300, 1f).padded(r),
                GemmCase.dense(false, false, 24, 700, 200, 0f).padded(r));
        Gemm one = new VectorGemm(Parallel.SERIAL), two = new VectorGemm(TWO);
        // the blocks of B packed as rows follow the cache and the threads; the sums must not
        Gemm narrowRows = new VectorGemm(Parallel.SERIAL, KC, MC, NC, TaskGrid.MIN_TASK_FLOPS, VectorGemm.rowLength(NR) * 150);
        for (GemmCase cs : cases) {
            GemmCase.Operands o = cs.operands(r.nextLong());
            float[] first = cs.run(two, o);
            assertThat(cs.run(two, o)).as("same input, same threads: " + cs).isEqualTo(first);
            assertThat(cs.run(one, o)).as("one thread vs two: " + cs).isEqualTo(first);
            assertThat(cs.run(narrowRows, o)).as("blocks of B as rows one micro-panel wide: " + cs).isEqualTo(first);
            assertThat(cs.maxScaledError(o, cs.run(new NaiveGemm(), o), first)).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void warmCallsReusePackingBuffers() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        Gemm g = new VectorGemm(Parallel.SERIAL);
        float[] a = new float[64 * 576], b = new float[576 * 1024], c = new float[64 * 1024];
        float[] bt = new float[1024 * 576];
        // Until C2 has compiled the kernels, vector code runs boxed and allocates; so measure in rounds and
        // keep the last one. A kernel that reallocated its packed blocks would allocate ~1 MiB every round.
        long perCall = Long.MAX_VALUE;
        for (int round = 0; round < 40 && perCall >= 1024; round++) {
            long before = bean.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 5; i++) {
                g.gemm(false, false, 64, 1024, 576, a, b, 0f, c);
                g.gemm(false, true, 64, 1024, 576, a, bt, 1f, c);
                // few rows: B packed as rows, in blocks of the cache's share (one k-block) and of 512 columns (three)
                g.gemm(false, false, 16, 1024, 144, a, b, 0f, c);
                g.gemm(false, false, 16, 1024, 576, a, b, 0f, c);
            }
            perCall = (bean.getThreadAllocatedBytes(tid) - before) / 20;
        }
        // packed blocks are hundreds of KiB; what remains is a lambda and a task grid per call
        assertThat(perCall).isLessThan(1024);
    }

    @Test
    void handlesEmptySizes() {
        Gemm g = new VectorGemm(TWO);
        float[] c = {Float.NaN, Float.NaN, 5f, 6f};
        g.gemm(false, false, 2, 1, 0, new float[0], 0, 1, new float[0], 0, 1, 0f, c, 0, 1);
        assertThat(c).containsExactly(0f, 0f, 5f, 6f);
        c = new float[] {3f, 4f};
        g.gemm(true, false, 1, 2, 0, new float[0], 0, 1, new float[0], 0, 2, 1f, c, 0, 2);
        assertThat(c).containsExactly(3f, 4f);
        g.gemm(false, false, 0, 2, 3, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
        g.gemm(false, false, 1, 0, 3, new float[3], 0, 3, new float[0], 0, 1, 0f, c, 0, 2);
        assertThat(c).containsExactly(3f, 4f);
    }

    @Test
    void rejectsBadArguments() {
        Gemm g = new VectorGemm(Parallel.SERIAL);
        float[] a = new float[6], b = new float[6], c = new float[4];
        assertThatThrownBy(() -> g.gemm(false, false, 2, 2, 3, a, b, 2f, c)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.gemm(false, false, 2, 2, 4, a, b, 0f, c)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.gemm(false, false, 2, 3, 2, a, b, 0f, a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blocksAreBalancedAndRounded() {
        assertThat(VectorGemm.balancedBlock(288, 256, 1)).isEqualTo(144);
        assertThat(VectorGemm.balancedBlock(576, 256, 1)).isEqualTo(192);
        assertThat(VectorGemm.balancedBlock(100, 256, 1)).isEqualTo(100);
        assertThat(VectorGemm.balancedBlock(1000, 256, 8)).isEqualTo(256);
        assertThat(VectorGemm.balancedBlock(1030, 1024, 8)).isEqualTo(520);
    }

    @Test
    void blocksOfRowsTakeAFifthOfTheLastLevelCacheSharedByTheThreads() {
        long l3 = 32L << 20;
        assertThat(VectorGemm.rowLayoutFloats(l3, 1)).isEqualTo((int) (l3 / 5 / 4));
        assertThat(VectorGemm.rowLayoutFloats(l3, 2)).isEqualTo((int) (l3 / 5 / 4 / 2));
        assertThat(VectorGemm.rowLayoutFloats(-1, 1)).as("unknown").isEqualTo(VectorGemm.ROW_LAYOUT_DEFAULT_FLOATS);
        assertThat(VectorGemm.rowLayoutFloats(2L << 20, 2)).as("small cache").isEqualTo(VectorGemm.ROW_LAYOUT_MIN_FLOATS);
        assertThat(VectorGemm.rowLayoutFloats(1L << 30, 1)).as("huge cache").isEqualTo(VectorGemm.ROW_LAYOUT_MAX_FLOATS);
        for (int kc : new int[] {65, 144, 150, 256}) {
            for (int floats : new int[] {VectorGemm.ROW_LAYOUT_MIN_FLOATS, 1_677_721, VectorGemm.ROW_LAYOUT_MAX_FLOATS}) {
                int cols = VectorGemm.rowLayoutColumns(floats, kc);
                assertThat(cols % NR).isZero();
                assertThat((long) VectorGemm.rowLength(cols) * kc).as("kc " + kc).isLessThanOrEqualTo(floats);
                assertThat((long) VectorGemm.rowLength(cols + NR) * kc).as("kc " + kc + ", widest").isGreaterThan(floats);
            }
        }
        assertThat(VectorGemm.rowLayoutColumns(100, 256)).as("at least one micro-panel").isEqualTo(NR);
    }

    @Test
    void taskGridCoversEveryUnitOnce() {
        for (int threads : new int[] {1, 2, 3}) {
            for (int rows : new int[] {1, 2, 5}) {
                for (int cols : new int[] {1, 3, 4, 9}) {
                    for (boolean rowsFirst : new boolean[] {false, true}) {
                        TaskGrid grid = TaskGrid.of(threads, 1e3, rows, cols, rowsFirst);
                        int[][] owner = new int[rows][cols];
                        for (int t = 0; t < grid.count(); t++) {
                            for (int i = grid.rowStart(t); i < grid.rowEnd(t); i++)
                                for (int j = grid.colStart(t); j < grid.colEnd(t); j++) owner[i][j]++;
                        }
                        String what = "threads=" + threads + " " + rows + "x" + cols + " rowsFirst=" + rowsFirst;
                        for (int[] row : owner) assertThat(row).as(what).containsOnly(1);
                        if (threads > 1 && rows * cols >= 2 * threads) assertThat(grid.count()).as(what).isGreaterThanOrEqualTo(threads);
                        if (threads == 1) assertThat(grid.count()).as(what).isEqualTo(1);
                        assertThat(TaskGrid.of(threads, 0.1, rows, cols, rowsFirst).count()).as("tiny: " + what).isEqualTo(1);
                    }
                }
            }
        }
    }

    @Test
    void fmaPeakIsAPlausibleRate() {
        double gflops = FmaPeak.measureGflops(50_000_000L, 2);
        // one vector FMA per few nanoseconds is the least any AVX/NEON core manages
        assertThat(gflops).isFinite().isGreaterThan(1.0).isLessThan(1000.0);
    }

    @Test
    void benchmarkReportsBothKernels() {
        var results = GemmBenchmark.run(List.of(new GemmBenchmark.Shape(8, 24, 40)));
        assertThat(results).hasSize(1);
        GemmBenchmark.Result r = results.get(0);
        assertThat(new int[] {r.m(), r.k(), r.n()}).containsExactly(8, 24, 40);
        assertThat(r.simdGflops()).isFinite().isPositive();
        assertThat(r.ejmlGflops()).isFinite().isPositive();
    }

    private static double checkAgainstNaive(List<GemmCase> cases, List<Gemm> gemms, SplittableRandom r) {
        Gemm naive = new NaiveGemm();
        double worst = 0;
        for (GemmCase cs : cases) {
            GemmCase.Operands o = cs.operands(r.nextLong());
            float[] expected = cs.run(naive, o);
            for (Gemm g : gemms) {
                double err = cs.maxScaledError(o, expected, cs.run(g, o));
                assertThat(err).as(g + " " + cs).isLessThanOrEqualTo(TOLERANCE);
                worst = Math.max(worst, err);
            }
        }
        return worst;
    }

    /**
     * Packing B is where the transposes and the panel layout are made: every element of a block must land at
     * {@code dst[q*NR*kc + p*NR + j]} (panel q, row p, column j of the panel), columns past nc zero, whether the
     * block is one run of {@link PanelPacking#RUN_FLOATS} columns, several, or ends in a part-run and a part-panel.
     */
    @Test
    void packedBPanelsHoldEveryElementOfTheBlock() {
        SplittableRandom r = new SplittableRandom(5);
        int run = PanelPacking.RUN_FLOATS;
        int[] widths = {1, NR - 1, NR, run - NR, run, run + 1, 2 * run + NR + 3, 3 * run};
        for (boolean trans : new boolean[] {false, true}) {
            for (int nc : widths) {
                int kc = 7, p0 = 3, j0 = 5, rows = p0 + kc + 2, cols = j0 + nc + 4;
                int ld = (trans ? rows : cols) + 3, off = 2;
                float[] b = new float[off + ld * (trans ? cols : rows)];
                for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble();
                int panels = (nc + NR - 1) / NR;
                float[] dst = new float[panels * NR * kc];
                java.util.Arrays.fill(dst, Float.NaN);
                PanelPacking.packB(trans, b, off, ld, p0, kc, j0, nc, dst);
                for (int q = 0; q < panels; q++) {
                    for (int p = 0; p < kc; p++) {
                        for (int j = 0; j < NR; j++) {
                            int col = q * NR + j;
                            float want = col >= nc ? 0f
                                    : trans ? b[off + (j0 + col) * ld + p0 + p] : b[off + (p0 + p) * ld + j0 + col];
                            assertThat(dst[q * NR * kc + p * NR + j])
                                    .as("trans=%s nc=%d panel %d row %d col %d", trans, nc, q, p, j).isEqualTo(want);
                        }
                    }
                }
            }
        }
    }
}
