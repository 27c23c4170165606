package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import resnetlab.kernel.Conv3x3;

/**
 * {@link Conv3x3} on the Vector API: direct convolution from padded images, no im2col and no packing of
 * the image. (Generated in part: the nine taps of {@link #tile} are written out.)
 *
 * <p>Forward (and input gradient): a register tile of {@value #MR} output channels × two "slots", a slot
 * being one vector of L consecutive output pixels of one row; the twelve accumulators take, per input
 * channel and tap, two unaligned loads of the shifted input row, six weight broadcasts and twelve FMAs,
 * the same ratio as the GEMM micro-kernel, but the input is read where it lies. Weights are packed so that
 * the six broadcasts of a tap are adjacent: {@code packed[(o/6)*6*K + (i*9 + tap)*6 + o%6]}, K = 9·ins.
 *
 * <p>Weight gradient: a tile of four output channels × the three horizontal taps of one (input channel,
 * ky); per vector of output pixels, four output-gradient loads and three shifted input loads feed twelve
 * FMAs, accumulated over every pixel of every image given and only then reduced across lanes. The loop
 * over images, rows and vectors is flattened into one loop: C2 keeps vectors in registers across one
 * loop level but boxes them when they live across nested loops (measured: 25x slower).
 */
public final class VectorConv3x3 implements Conv3x3 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Output channels per forward tile. */
    static final int MR = 6;
    /** Output channels per weight-gradient tile. */
    static final int WR = 4;

    public VectorConv3x3() {}

    @Override public String name() { return "simd-direct"; }

    @Override public int computedWidth(int w) { return (w + L - 1) / L * L; }

    @Override public int paddedWidth(int w) { return computedWidth(w) + 2; }

    @Override public int packedSize(int outs, int ins) { return (outs + MR - 1) / MR * MR * ins * 9; }

    @Override
    public void pack(float[] w, int cout, int cin, boolean adjoint, float[] packed) {
        int outs = adjoint ? cin : cout, ins = adjoint ? cout : cin, kk = ins * 9;
        int blocks = (outs + MR - 1) / MR;
        for (int ob = 0; ob < blocks; ob++) {
            for (int i = 0; i < ins; i++) {
                for (int t = 0; t < 9; t++) {
                    int dst = ob * MR * kk + (i * 9 + t) * MR;
                    for (int r = 0; r < MR; r++) {
                        int o = ob * MR + r;
                        float v = 0f;
                        if (o < outs) v = adjoint ? w[(i * cin + o) * 9 + 8 - t] : w[(o * cin + i) * 9 + t];
                        packed[dst + r] = v;
                    }
                }
            }
        }
    }

    @Override
    public void forward(float[] p, int pOff, int ins, int h, int w, float[] packed, int outs, float[] y, int yOff, int ldy) {
        int wp = paddedWidth(w), wv = computedWidth(w), spr = wv / L, slots = h * spr;
        if (ldy < wv && ldy != w) throw new IllegalArgumentException("ldy " + ldy + " < " + wv);
        int chStride = (h + 2) * wp, kk = ins * 9, plane = h * ldy;
        for (int ob = 0; ob < outs; ob += MR) {
            int rows = Math.min(MR, outs - ob);
            for (int s = 0; s < slots; s += 2) {
                int s1 = Math.min(s + 1, slots - 1); // an odd last slot is computed twice and stored twice
                int oy0 = s / spr, ox0 = (s % spr) * L, oy1 = s1 / spr, ox1 = (s1 % spr) * L;
                tile(p, pOff + oy0 * wp + ox0, pOff + oy1 * wp + ox1, chStride, wp, ins, packed, ob * kk,
                        y, yOff + ob * plane + oy0 * ldy + ox0, yOff + ob * plane + oy1 * ldy + ox1, plane, rows);
            }
        }
    }

    /** Six output channels × two slots over all input channels and taps; stores the first {@code rows} channels. */
    private static void tile(float[] p, int r0, int r1, int chStride, int wp, int ins, float[] k, int ko,
                             float[] y, int o0, int o1, int plane, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int wp2 = 2 * wp;
        for (int i = 0; i < ins; i++, r0 += chStride, r1 += chStride, ko += 9 * MR) {
            FloatVector x0, x1, b;
            x0 = FloatVector.fromArray(S, p, r0); x1 = FloatVector.fromArray(S, p, r1);
            b = FloatVector.broadcast(S, k[ko]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(S, k[ko + 1]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(S, k[ko + 2]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(S, k[ko + 3]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(S, k[ko + 4]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(S, k[ko + 5]); c50 = b.fma(x0, c50); c51 = b.fma(x1, c51);
            x0 = FloatVector.fromArray(S, p, r0 + 1); x1 = FloatVector.fromArray(S, p, r1 + 1);
            b = FloatVector.broadcast(S, k[ko + 6]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(S, k[ko + 7]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(S, k[ko + 8]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(S, k[ko + 9]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(S, k[ko + 10]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(S, k[ko + 11]); c50 = b.fma(x0, c50); c51 = b.fma(x1, c51);
            x0 = FloatVector.fromArray(S, p, r0 + 2); x1 = FloatVector.fromArray(S, p, r1 + 2);
            b = FloatVector.broadcast(S, k[ko + 12]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(S, k[ko + 13]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(S, k[ko + 14]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(S, k[ko + 15]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(S, k[ko + 16]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(S, k[ko + 17]); c50 = b.fma(x0, c50); c51 = b.fma(x1, c51);
            x0 = FloatVector.fromArray(S, p, r0 + wp); x1 = FloatVector.fromArray(S, p, r1 + wp);
            b = FloatVector.broadcast(S, k[ko + 18]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(S, k[ko + 19]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(S, k[ko + 20]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(S, k[ko + 21]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(S, k[ko + 22]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(S, k[ko + 23]); c50 = b.fma(x0, c50); c51 = b.fma(x1, c51);
            x0 = FloatVector.fromArray(S, p, r0 + wp + 1); x1 = FloatVector.fromArray(S, p, r1 + wp + 1);
            b = FloatVector.broadcast(S, k[ko + 24]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(S, k[ko + 25]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(S, k[ko + 26]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(S, k[ko + 27]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(S, k[ko + 28]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(S, k[ko + 29]); c50 = b.fma(x0, c50); c51 = b.fma(x1, c51);
            x0 = FloatVector.fromArray(S, p, r0 + wp + 2); x1 = FloatVector.fromArray(S, p, r1 + wp + 2);
            b = FloatVector.broadcast(S, k[ko + 30]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(S, k[ko + 31]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(S, k[ko + 32]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(S, k[ko + 33]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(S, k[ko + 34]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(S, k[ko + 35]); c50 = b.fma(x0, c50); c51 = b.fma(x1, c51);
            x0 = FloatVector.fromArray(S, p, r0 + wp2); x1 = FloatVector.fromArray(S, p, r1 + wp2);
            b = FloatVector.broadcast(S, k[ko + 36]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(S, k[ko + 37]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(S, k[ko + 38]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(S, k[ko + 39]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(S, k[ko + 40]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(S, k[ko + 41]); c50 = b.fma(x0, c50); c51 = b.fma(x1, c51);
            x0 = FloatVector.fromArray(S, p, r0 + wp2 + 1); x1 = FloatVector.fromArray(S, p, r1 + wp2 + 1);
            b = FloatVector.broadcast(S, k[ko + 42]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(S, k[ko + 43]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(S, k[ko + 44]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(S, k[ko + 45]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(S, k[ko + 46]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(S, k[ko + 47]); c50 = b.fma(x0, c50); c51 = b.fma(x1, c51);
            x0 = FloatVector.fromArray(S, p, r0 + wp2 + 2); x1 = FloatVector.fromArray(S, p, r1 + wp2 + 2);
            b = FloatVector.broadcast(S, k[ko + 48]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(S, k[ko + 49]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(S, k[ko + 50]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(S, k[ko + 51]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(S, k[ko + 52]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(S, k[ko + 53]); c50 = b.fma(x0, c50); c51 = b.fma(x1, c51);
        }
        c00.intoArray(y, o0); c01.intoArray(y, o1);
        if (rows == 1) return;
        o0 += plane; o1 += plane;
        c10.intoArray(y, o0); c11.intoArray(y, o1);
        if (rows == 2) return;
        o0 += plane; o1 += plane;
        c20.intoArray(y, o0); c21.intoArray(y, o1);
        if (rows == 3) return;
        o0 += plane; o1 += plane;
        c30.intoArray(y, o0); c31.intoArray(y, o1);
        if (rows == 4) return;
        o0 += plane; o1 += plane;
        c40.intoArray(y, o0); c41.intoArray(y, o1);
        if (rows == 5) return;
        o0 += plane; o1 += plane;
        c50.intoArray(y, o0); c51.intoArray(y, o1);
    }

    @Override
    public void weightGradient(float[] p, int pOff, int cin, float[] dyp, int dypOff, int cout, int images, int h, int w,
                               float[] dw) {
        int wp = paddedWidth(w), wv = computedWidth(w), chStride = (h + 2) * wp;
        int count = images * h * (wv / L);
        for (int ob = 0; ob < cout; ob += WR) {
            int rows = Math.min(WR, cout - ob);
            for (int i = 0; i < cin; i++) {
                for (int ky = 0; ky < 3; ky++) {
                    int x = pOff + i * chStride + ky * wp;
                    int d = dypOff + ob * chStride + wp + 1; // dy(ob, 0, 0) in the padded gradient
                    weightTile(p, x, cin * chStride, dyp, d, cout * chStride, chStride, rows, count, wv / L, h, wp - wv,
                            dw, ((ob * cin + i) * 3 + ky) * 3, cin * 9);
                }
            }
        }
    }

    /**
     * dw[o][i][ky][0..2] for four output channels o: Σ over {@code count} pixel vectors (images × rows × vectors
     * per row) of dy[o]·p[i][row+ky][col+kx]. {@code skip} = wp − wv steps to the next row; an image ends
     * after {@code h} rows and the next starts one image stride on. Missing channels (rows &lt; 4) reuse
     * channel ob's gradient and are not stored.
     */
    private static void weightTile(float[] p, int x, int pImage, float[] dyp, int d, int dImage, int chStride, int rows,
                                   int count, int perRow, int h, int skip, float[] dw, int at, int oStride) {
        int d1 = rows > 1 ? chStride : 0, d2 = rows > 2 ? 2 * chStride : 0, d3 = rows > 3 ? 3 * chStride : 0;
        int pNext = pImage - h * (perRow * L + skip), dNext = dImage - h * (perRow * L + skip);
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
        for (int t = 0, v = 0, row = 0; t < count; t++) {
            FloatVector x0 = FloatVector.fromArray(S, p, x), x1 = FloatVector.fromArray(S, p, x + 1);
            FloatVector x2 = FloatVector.fromArray(S, p, x + 2), g;
            g = FloatVector.fromArray(S, dyp, d);      a00 = g.fma(x0, a00); a01 = g.fma(x1, a01); a02 = g.fma(x2, a02);
            g = FloatVector.fromArray(S, dyp, d + d1); a10 = g.fma(x0, a10); a11 = g.fma(x1, a11); a12 = g.fma(x2, a12);
            g = FloatVector.fromArray(S, dyp, d + d2); a20 = g.fma(x0, a20); a21 = g.fma(x1, a21); a22 = g.fma(x2, a22);
            g = FloatVector.fromArray(S, dyp, d + d3); a30 = g.fma(x0, a30); a31 = g.fma(x1, a31); a32 = g.fma(x2, a32);
            x += L;
            d += L;
            if (++v == perRow) {
                v = 0;
                x += skip;
                d += skip;
                if (++row == h) {
                    row = 0;
                    x += pNext;
                    d += dNext;
                }
            }
        }
        dw[at] += a00.reduceLanes(VectorOperators.ADD);
        dw[at + 1] += a01.reduceLanes(VectorOperators.ADD);
        dw[at + 2] += a02.reduceLanes(VectorOperators.ADD);
        if (rows == 1) return;
        at += oStride;
        dw[at] += a10.reduceLanes(VectorOperators.ADD);
        dw[at + 1] += a11.reduceLanes(VectorOperators.ADD);
        dw[at + 2] += a12.reduceLanes(VectorOperators.ADD);
        if (rows == 2) return;
        at += oStride;
        dw[at] += a20.reduceLanes(VectorOperators.ADD);
        dw[at + 1] += a21.reduceLanes(VectorOperators.ADD);
        dw[at + 2] += a22.reduceLanes(VectorOperators.ADD);
        if (rows == 3) return;
        at += oStride;
        dw[at] += a30.reduceLanes(VectorOperators.ADD);
        dw[at + 1] += a31.reduceLanes(VectorOperators.ADD);
        dw[at + 2] += a32.reduceLanes(VectorOperators.ADD);
    }
}
