package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Winograd's F(4,3) (Lavin and Gray 2016; interpolation points 0, ±1, ±2 and ∞): four outputs of a three-tap
 * correlation {@code y_r = Σ_k g_k·d_{r+k}} from six inputs with six multiplications, {@code y = Aᵀ[(G g) ⊙ (Bᵀ d)]}:
 * <pre>
 *   Bᵀ = | 4  0 −5  0  1  0 |    G = |  ¼     0     0  |    Aᵀ = | 1  1  1  1  1  0 |
 *        | 0 −4 −4  1  1  0 |        | −⅙    −⅙    −⅙  |         | 0  1 −1  2 −2  0 |
 *        | 0  4 −4 −1  1  0 |        | −⅙     ⅙    −⅙  |         | 0  1  1  4  4  0 |
 *        | 0 −2 −1  2  1  0 |        | 1/24  1/12  ⅙  |         | 0  1 −1  8 −8  1 |
 *        | 0  2 −1 −2  1  0 |        | 1/24 −1/12  ⅙  |
 *        | 0  4  0 −5  0  1 |        |  0     0     1  |
 * </pre>
 * One "line" of each transform, on vectors (each lane its own line) or, for the filters, on scalars, read and
 * written at a stride, so the kernels that use them apply them down image columns ({@code VectorConv3x3}'s row
 * Winograd), in both directions of a tile ({@link WinogradForward#forward4}) or to channel-last rows
 * ({@code ChannelLaneGradient.rowWinogradGradient}, which also uses the adjoint of the output transform,
 * {@link #gradientLine}). Checked against direct sums by ForwardMapTest and WeightGradientTest.
 */
final class WinogradF43 {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final float SIXTH = 1f / 6f, TWELFTH = 1f / 12f, TWENTY_FOURTH = 1f / 24f;

    private WinogradF43() {}

    /**
     * {@code V = Bᵀ d} for one vector of lines: d_t at {@code src[at + t·step]}, V_k to {@code dst[out + k·outStep]}:
     * {@code V₀ = 4d₀ − 5d₂ + d₄, V₁ = d₃ + d₄ − 4(d₁ + d₂), V₂ = d₄ − d₃ + 4(d₁ − d₂), V₃ = d₄ − d₂ + 2(d₃ − d₁),
     * V₄ = d₄ − d₂ − 2(d₃ − d₁), V₅ = 4d₁ − 5d₃ + d₅}.
     */
    static void inputLine(float[] src, int at, int step, float[] dst, int out, int outStep) {
        FloatVector x0 = FloatVector.fromArray(S, src, at), x1 = FloatVector.fromArray(S, src, at + step);
        FloatVector x2 = FloatVector.fromArray(S, src, at + 2 * step), x3 = FloatVector.fromArray(S, src, at + 3 * step);
        FloatVector x4 = FloatVector.fromArray(S, src, at + 4 * step), x5 = FloatVector.fromArray(S, src, at + 5 * step);
        FloatVector s34 = x3.add(x4), s12 = x1.add(x2), d43 = x4.sub(x3), d12 = x1.sub(x2);
        FloatVector d42 = x4.sub(x2), d31 = x3.sub(x1);
        FloatVector four = FloatVector.broadcast(S, 4f), minusFive = FloatVector.broadcast(S, -5f);
        FloatVector two = FloatVector.broadcast(S, 2f), minusTwo = FloatVector.broadcast(S, -2f);
        x0.fma(four, x2.fma(minusFive, x4)).intoArray(dst, out);
        s12.fma(FloatVector.broadcast(S, -4f), s34).intoArray(dst, out + outStep);
        d12.fma(four, d43).intoArray(dst, out + 2 * outStep);
        d31.fma(two, d42).intoArray(dst, out + 3 * outStep);
        d31.fma(minusTwo, d42).intoArray(dst, out + 4 * outStep);
        x1.fma(four, x3.fma(minusFive, x5)).intoArray(dst, out + 5 * outStep);
    }

    /**
     * {@link #inputLine(float[], int, int, float[], int, int)} with d₀ read from {@code top[t]} and d₅ from
     * {@code bottom[b]} (a zero row, where the lines start or end at an image's padding), the same operations. Written out
     * again rather than called from the array version: {@link WinogradForward#forward4} inlines that one twelve times,
     * and with an extra level of calls there (and a mapped store in {@link #outputLine}) its 64→64 8x8 layers had run
     * 5-20% slower in the nets; the call level alone, tried again (three fresh JVMs each, per-layer tracer), read the
     * five layers 1.412 -> 1.461 ms, within the noise but not better, so the copy stays. The rows go in as arrays and
     * offsets, not as vectors: a vector passed to a method C2 does not inline is boxed.
     */
    static void inputLine(float[] top, int t, float[] src, int at, int step, float[] bottom, int b, float[] dst, int out,
                          int outStep) {
        FloatVector x0 = FloatVector.fromArray(S, top, t), x1 = FloatVector.fromArray(S, src, at + step);
        FloatVector x2 = FloatVector.fromArray(S, src, at + 2 * step), x3 = FloatVector.fromArray(S, src, at + 3 * step);
        FloatVector x4 = FloatVector.fromArray(S, src, at + 4 * step), x5 = FloatVector.fromArray(S, bottom, b);
        FloatVector s34 = x3.add(x4), s12 = x1.add(x2), d43 = x4.sub(x3), d12 = x1.sub(x2);
        FloatVector d42 = x4.sub(x2), d31 = x3.sub(x1);
        FloatVector four = FloatVector.broadcast(S, 4f), minusFive = FloatVector.broadcast(S, -5f);
        FloatVector two = FloatVector.broadcast(S, 2f), minusTwo = FloatVector.broadcast(S, -2f);
        x0.fma(four, x2.fma(minusFive, x4)).intoArray(dst, out);
        s12.fma(FloatVector.broadcast(S, -4f), s34).intoArray(dst, out + outStep);
        d12.fma(four, d43).intoArray(dst, out + 2 * outStep);
        d31.fma(two, d42).intoArray(dst, out + 3 * outStep);
        d31.fma(minusTwo, d42).intoArray(dst, out + 4 * outStep);
        x1.fma(four, x3.fma(minusFive, x5)).intoArray(dst, out + 5 * outStep);
    }

    /**
     * {@code y = Aᵀ m} for one vector of lines: m_k at {@code src[at + k·step]}, the four outputs to
     * {@code dst[out + r·outStep]}: {@code m₀ + (m₁ + m₂) + (m₃ + m₄)}, {@code (m₁ − m₂) + 2(m₃ − m₄)},
     * {@code (m₁ + m₂) + 4(m₃ + m₄)}, {@code (m₁ − m₂) + 8(m₃ − m₄) + m₅}.
     */
    static void outputLine(float[] src, int at, int step, float[] dst, int out, int outStep) {
        FloatVector m0 = FloatVector.fromArray(S, src, at), m1 = FloatVector.fromArray(S, src, at + step);
        FloatVector m2 = FloatVector.fromArray(S, src, at + 2 * step), m3 = FloatVector.fromArray(S, src, at + 3 * step);
        FloatVector m4 = FloatVector.fromArray(S, src, at + 4 * step), m5 = FloatVector.fromArray(S, src, at + 5 * step);
        FloatVector sum12 = m1.add(m2), diff12 = m1.sub(m2), sum34 = m3.add(m4), diff34 = m3.sub(m4);
        m0.add(sum12).add(sum34).intoArray(dst, out);
        diff34.fma(FloatVector.broadcast(S, 2f), diff12).intoArray(dst, out + outStep);
        sum34.fma(FloatVector.broadcast(S, 4f), sum12).intoArray(dst, out + 2 * outStep);
        diff34.fma(FloatVector.broadcast(S, 8f), diff12).add(m5).intoArray(dst, out + 3 * outStep);
    }

    /**
     * {@code E = A dy}, the adjoint of {@link #outputLine}, for one vector of lines: dy_r at {@code src[at + r·step]}
     * (r &lt; 4), E_k to {@code dst[out + k·outStep]}: {@code E₀ = dy₀, E₁ = dy₀ + dy₁ + dy₂ + dy₃,
     * E₂ = dy₀ − dy₁ + dy₂ − dy₃, E₃ = dy₀ + 2dy₁ + 4dy₂ + 8dy₃, E₄ = dy₀ − 2dy₁ + 4dy₂ − 8dy₃, E₅ = dy₃}.
     */
    static void gradientLine(float[] src, int at, int step, float[] dst, int out, int outStep) {
        FloatVector y0 = FloatVector.fromArray(S, src, at), y1 = FloatVector.fromArray(S, src, at + step);
        FloatVector y2 = FloatVector.fromArray(S, src, at + 2 * step), y3 = FloatVector.fromArray(S, src, at + 3 * step);
        FloatVector four = FloatVector.broadcast(S, 4f);
        FloatVector even = y0.add(y2), odd = y1.add(y3), even4 = y2.fma(four, y0), odd4 = y3.fma(four, y1);
        y0.intoArray(dst, out);
        even.add(odd).intoArray(dst, out + outStep);
        even.sub(odd).intoArray(dst, out + 2 * outStep);
        odd4.fma(FloatVector.broadcast(S, 2f), even4).intoArray(dst, out + 3 * outStep);
        odd4.fma(FloatVector.broadcast(S, -2f), even4).intoArray(dst, out + 4 * outStep);
        y3.intoArray(dst, out + 5 * outStep);
    }

    /** {@code G·(a, b, c)} (a filter's three taps) to {@code dst[at + k·step]}, k &lt; 6. */
    static void filterLine(float a, float b, float c, float[] dst, int at, int step) {
        float even = (a + c) * SIXTH, odd = b * SIXTH, even4 = (a + 4f * c) * TWENTY_FOURTH, odd4 = b * TWELFTH;
        dst[at] = 0.25f * a;
        dst[at + step] = -even - odd;
        dst[at + 2 * step] = -even + odd;
        dst[at + 3 * step] = even4 + odd4;
        dst[at + 4 * step] = even4 - odd4;
        dst[at + 5 * step] = c;
    }

    /** {@link #filterLine} for a vector of filters: the same operations lane by lane, the same results. */
    static void filterLine(FloatVector a, FloatVector b, FloatVector c, float[] dst, int at, int step) {
        FloatVector even = a.add(c).mul(SIXTH), odd = b.mul(SIXTH);
        FloatVector even4 = a.add(c.mul(4f)).mul(TWENTY_FOURTH), odd4 = b.mul(TWELFTH);
        a.mul(0.25f).intoArray(dst, at);
        even.neg().sub(odd).intoArray(dst, at + step);
        even.neg().add(odd).intoArray(dst, at + 2 * step);
        even4.add(odd4).intoArray(dst, at + 3 * step);
        even4.sub(odd4).intoArray(dst, at + 4 * step);
        c.intoArray(dst, at + 5 * step);
    }

    /**
     * {@code Gᵀ u} (the three taps' gradient from the six transformed sums u_k at {@code src[at + k·step]}) to
     * {@code dst[out + ky·outStep]}.
     */
    static void filterGradientLine(float[] src, int at, int step, float[] dst, int out, int outStep) {
        float u0 = src[at], u1 = src[at + step], u2 = src[at + 2 * step], u3 = src[at + 3 * step];
        float u4 = src[at + 4 * step], u5 = src[at + 5 * step];
        dst[out] = 0.25f * u0 - SIXTH * (u1 + u2) + TWENTY_FOURTH * (u3 + u4);
        dst[out + outStep] = SIXTH * (u2 - u1) + TWELFTH * (u3 - u4);
        dst[out + 2 * outStep] = SIXTH * (u3 + u4 - u1 - u2) + u5;
    }
}
