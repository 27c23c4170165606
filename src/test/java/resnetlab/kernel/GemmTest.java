package resnetlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The EJML reference against the naive double-accumulating oracle, and the run-time choice of kernel. */
public class GemmTest {
    /** Errors are in units of sqrt(k+1)·Σ|a·b|; float32 summation stays well below this. */
    public static final double TOLERANCE = 1e-6;
    static final int[] SIZES = {0, 1, 3, 4, 6, 13, 17};

    @Test
    void ejmlMatchesNaiveOnOddShapesEveryTransposeAndBeta() {
        Gemm naive = new NaiveGemm(), ejml = new EjmlGemm();
        SplittableRandom r = new SplittableRandom(42);
        double worst = 0;
        int cases = 0;
        for (GemmCase cs : oddCases(r)) {
            GemmCase.Operands o = cs.operands(r.nextLong());
            double err = cs.maxScaledError(o, cs.run(naive, o), cs.run(ejml, o));
            assertThat(err).as(cs.toString()).isLessThanOrEqualTo(TOLERANCE);
            worst = Math.max(worst, err);
            cases++;
        }
        assertThat(cases).isGreaterThan(1000);
        System.out.printf("EjmlGemm vs NaiveGemm: %d cases, max scaled error %.2e%n", cases, worst);
    }

    @Test
    void naiveComputesAKnownProduct() {
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        float[] a = {1, 2, 3, 4, 5, 6}, b = {7, 8, 9, 10, 11, 12}, c = {1, 1, 1, 1};
        new NaiveGemm().gemm(false, false, 2, 2, 3, a, b, 1f, c);
        assertThat(c).containsExactly(59, 65, 140, 155);
        float[] at = {1, 4, 2, 5, 3, 6}, bt = {7, 9, 11, 8, 10, 12}, c2 = new float[4];
        new NaiveGemm().gemm(true, true, 2, 2, 3, at, bt, 0f, c2);
        assertThat(c2).containsExactly(58, 64, 139, 154);
    }

    @Test
    void rejectsBadArguments() {
        Gemm g = new EjmlGemm();
        float[] a = new float[6], b = new float[6], c = new float[4];
        assertThatThrownBy(() -> g.gemm(false, false, 2, 2, 3, a, b, 0.5f, c)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.gemm(false, false, 2, 3, 3, a, b, 0f, c)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.gemm(false, false, 2, 2, 3, a, b, 0f, a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bestGemmIsTheVectorKernelWhenTheModuleIsPresent() {
        assertThat(Kernels.vectorApiAvailable()).as("surefire starts the JVM with jdk.incubator.vector").isTrue();
        Gemm g = Kernels.bestGemm(Parallel.SERIAL);
        assertThat(g.getClass().getName()).isEqualTo("resnetlab.kernel.simd.VectorGemm");
        assertThat(g.name()).isEqualTo("simd");
    }

    /** Every (m, n, k) from {@link #SIZES}, each transpose, beta 0 and 1, dense and padded. */
    public static List<GemmCase> oddCases(SplittableRandom r) {
        List<GemmCase> cases = new ArrayList<>();
        for (int m : SIZES) for (int n : SIZES) for (int k : SIZES) {
            for (int t = 0; t < 8; t++) {
                boolean ta = (t & 4) != 0, tb = (t & 2) != 0;
                float beta = t & 1;
                GemmCase dense = GemmCase.dense(ta, tb, m, n, k, beta);
                cases.add(dense);
                cases.add(dense.padded(r));
            }
        }
        return cases;
    }
}
