package resnetlab.kernel;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The reference GEMM: EJML's {@code CommonOps_FDRM} on {@link FMatrixRMaj}. Single-threaded and simple,
 * it is the oracle the fast kernels are tested against and the fallback where the Vector API is missing.
 * Operands with an offset or a padded leading dimension are copied into dense matrices first.
 */
public final class EjmlGemm implements Gemm {
    @Override public String name() { return "ejml"; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Gemm.checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (beta == 0f) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        FMatrixRMaj A = view(a, aOff, lda, transA ? k : m, transA ? m : k);
        FMatrixRMaj B = view(b, bOff, ldb, transB ? n : k, transB ? k : n);
        boolean cDense = cOff == 0 && ldc == n && c.length == m * n;
        FMatrixRMaj C = cDense ? FMatrixRMaj.wrap(m, n, c) : view(c, cOff, ldc, m, n);
        if (transA && transB) {
            FMatrixRMaj At = new FMatrixRMaj(m, k);
            CommonOps_FDRM.transpose(A, At);
            if (beta == 0f) CommonOps_FDRM.multTransB(At, B, C); else CommonOps_FDRM.multAddTransB(At, B, C);
        } else if (transA) {
            if (beta == 0f) CommonOps_FDRM.multTransA(A, B, C); else CommonOps_FDRM.multAddTransA(A, B, C);
        } else if (transB) {
            if (beta == 0f) CommonOps_FDRM.multTransB(A, B, C); else CommonOps_FDRM.multAddTransB(A, B, C);
        } else {
            if (beta == 0f) CommonOps_FDRM.mult(A, B, C); else CommonOps_FDRM.multAdd(A, B, C);
        }
        if (!cDense) {
            for (int i = 0; i < m; i++) System.arraycopy(C.data, i * n, c, cOff + i * ldc, n);
        }
    }

    /** A dense rows×cols matrix holding the operand: the array itself when it is already dense, else a copy. */
    private static FMatrixRMaj view(float[] x, int off, int ld, int rows, int cols) {
        if (off == 0 && ld == cols && x.length == rows * cols) return FMatrixRMaj.wrap(rows, cols, x);
        FMatrixRMaj M = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < rows; i++) System.arraycopy(x, off + i * ld, M.data, i * cols, cols);
        return M;
    }
}
