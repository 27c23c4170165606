package resnetlab.kernel;

/** Triple loop with double accumulation: the slowest and plainest GEMM, used only as a test oracle. */
public final class NaiveGemm implements Gemm {
    @Override public String name() { return "naive"; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Gemm.checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += (double) av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = (float) (beta == 0f ? s : c[ci] + s);
            }
        }
    }
}
