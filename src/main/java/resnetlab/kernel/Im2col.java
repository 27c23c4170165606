package resnetlab.kernel;

import java.util.Arrays;

/**
 * im2col and col2im for one image, the lowering that turns a convolution into a GEMM.
 *
 * <p>Image: (C, H, W) at {@code x[xOff + (c*H + y)*W + x]}. Columns: a (C·k·k) × (Ho·Wo) row-major matrix,
 * row {@code (c*k + ky)*k + kx}, column {@code oy*Wo + ox}, holding {@code x[c, oy*s - p + ky, ox*s - p + kx]}
 * (zero outside the image). Ho = (H + 2p - k)/s + 1. The row order matches a weight tensor (Cout, C, k, k)
 * read as a Cout × (C·k·k) matrix, so {@code Y = W · cols}.
 *
 * <p>Inner loops run over valid ranges computed once per row, so they carry no per-element bounds tests.
 */
public final class Im2col {
    private Im2col() {}

    public static int outSize(int size, int k, int stride, int pad) {
        return (size + 2 * pad - k) / stride + 1;
    }

    public static void im2col(float[] x, int xOff, int c, int h, int w, int k, int stride, int pad, float[] cols) {
        int ho = outSize(h, k, stride, pad), wo = outSize(w, k, stride, pad);
        int plane = ho * wo;
        for (int ch = 0; ch < c; ch++) {
            int chOff = xOff + ch * h * w;
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int row = ((ch * k + ky) * k + kx) * plane;
                    // valid output columns: 0 <= ox*s - p + kx < w
                    int oxLo = ceilDiv(pad - kx, stride), oxHi = ceilDiv(w + pad - kx, stride); // [oxLo, oxHi)
                    oxLo = Math.max(0, oxLo);
                    oxHi = Math.min(wo, oxHi);
                    for (int oy = 0; oy < ho; oy++) {
                        int iy = oy * stride - pad + ky;
                        int dst = row + oy * wo;
                        if (iy < 0 || iy >= h || oxLo >= oxHi) {
                            Arrays.fill(cols, dst, dst + wo, 0f);
                            continue;
                        }
                        if (oxLo > 0) Arrays.fill(cols, dst, dst + oxLo, 0f);
                        if (oxHi < wo) Arrays.fill(cols, dst + oxHi, dst + wo, 0f);
                        int src = chOff + iy * w - pad + kx;
                        if (stride == 1) {
                            System.arraycopy(x, src + oxLo, cols, dst + oxLo, oxHi - oxLo);
                        } else {
                            for (int ox = oxLo; ox < oxHi; ox++) cols[dst + ox] = x[src + ox * stride];
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds each column entry back into the image position it came from. */
    public static void col2im(float[] cols, int c, int h, int w, int k, int stride, int pad, float[] dx, int dxOff) {
        int ho = outSize(h, k, stride, pad), wo = outSize(w, k, stride, pad);
        int plane = ho * wo;
        Arrays.fill(dx, dxOff, dxOff + c * h * w, 0f);
        for (int ch = 0; ch < c; ch++) {
            int chOff = dxOff + ch * h * w;
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int row = ((ch * k + ky) * k + kx) * plane;
                    int oxLo = Math.max(0, ceilDiv(pad - kx, stride));
                    int oxHi = Math.min(wo, ceilDiv(w + pad - kx, stride));
                    if (oxLo >= oxHi) continue;
                    for (int oy = 0; oy < ho; oy++) {
                        int iy = oy * stride - pad + ky;
                        if (iy < 0 || iy >= h) continue;
                        int src = row + oy * wo;
                        int dst = chOff + iy * w - pad + kx;
                        if (stride == 1) {
                            for (int ox = oxLo; ox < oxHi; ox++) dx[dst + ox] += cols[src + ox];
                        } else {
                            for (int ox = oxLo; ox < oxHi; ox++) dx[dst + ox * stride] += cols[src + ox];
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
