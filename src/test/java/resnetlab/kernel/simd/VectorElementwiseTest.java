package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import resnetlab.kernel.Elementwise;
import resnetlab.kernel.EngineSwitch;
import resnetlab.kernel.ScalarElementwise;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Vector API elementwise kernels against the scalar reference at lengths and offsets that do not divide
 * the lane width or the sum block (0, 1, 7, 13, 17, 1023, 1025, 4099, ...), with zeros, negatives and NaN
 * where the ReLU's rule for them matters. Maps must agree exactly; sums within a relative 1e-6·√blocks.
 */
@ExtendWith(SupportedSpecies.class)
class VectorElementwiseTest {
    static final int[] LENGTHS = {0, 1, 2, 7, 8, 9, 13, 16, 17, 31, 33, 100, 1023, 1024, 1025, 2049, 4099, 70001};
    final Elementwise simd = new VectorElementwise(), scalar = ScalarElementwise.INSTANCE;

    static float[] data(SplittableRandom r, int n, boolean specials) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 4 - 2);
            if (specials && r.nextInt(17) == 0) a[i] = r.nextBoolean() ? 0f : Float.NaN;
        }
        return a;
    }

    @Test void mapsAreExact() {
        SplittableRandom r = new SplittableRandom(3);
        for (int len : LENGTHS) {
            int off = r.nextInt(5);
            float[] x = data(r, len + off + 3, true), y = data(r, len + off + 3, false), d = data(r, len + off + 3, false);
            float[] a = new float[x.length], b = new float[x.length];
            simd.relu(x, a, off, len);
            scalar.relu(x, b, off, len);
            assertThat(a).as("relu %d", len).containsExactly(b);
            simd.reluBackward(x, d, a, off, len);
            scalar.reluBackward(x, d, b, off, len);
            assertThat(a).as("relu backward %d", len).containsExactly(b);
            simd.axpby(0.7f, y, -1.3f, d, a, off, len);
            scalar.axpby(0.7f, y, -1.3f, d, b, off, len);
            assertThat(a).as("axpby %d", len).containsExactly(b);
            float[] w1 = y.clone(), w2 = y.clone(), v1 = d.clone(), v2 = d.clone();
            v1[off] = v2[off] = 1e-38f; // becomes subnormal unless flushed
            simd.momentumStep(w1, x, v1, off, len, 0.9f, 1e-4f, 0.1f);
            scalar.momentumStep(w2, x, v2, off, len, 0.9f, 1e-4f, 0.1f);
            assertThat(w1).as("momentum step values %d", len).containsExactly(w2);
            assertThat(v1).as("momentum step velocities %d", len).containsExactly(v2);
            simd.scale(0.5f, y, a, off, len);
            scalar.scale(0.5f, y, b, off, len);
            assertThat(a).as("scale %d", len).containsExactly(b);
            // affine and the BN backward use FMA on the vector path: equal to within one rounding
            simd.affine(y, a, off, len, 0.25f, 1.5f, -0.5f);
            scalar.affine(y, b, off, len, 0.25f, 1.5f, -0.5f);
            for (int i = 0; i < a.length; i++) assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-6f));
            simd.batchNormBackward(d, y, a, off, len, 0.25f, 1.5f, -0.7f, 0.1f);
            scalar.batchNormBackward(d, y, b, off, len, 0.25f, 1.5f, -0.7f, 0.1f);
            for (int i = 0; i < a.length; i++) assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test void sumsAgreeWithDoubleSums() {
        SplittableRandom r = new SplittableRandom(5);
        for (int len : LENGTHS) {
            int off = r.nextInt(5);
            float[] x = data(r, len + off, false), dy = data(r, len + off, false);
            for (int i = 0; i < x.length; i++) x[i] += 3; // a mean far from zero: the shift must take it out
            double[] s = new double[4], t = new double[4];
            simd.moments(x, off, len, 3.1f, s, 2);
            scalar.moments(x, off, len, 3.1f, t, 2);
            double tol = 1e-6 * Math.sqrt(1 + len / 1024.0) * (len + 1);
            assertThat(s[0]).isZero();
            assertThat(s[2]).as("Σ(x − s) %d", len).isCloseTo(t[2], org.assertj.core.data.Offset.offset(tol));
            assertThat(s[3]).as("Σ(x − s)² %d", len).isCloseTo(t[3], org.assertj.core.data.Offset.offset(tol * 2));
            simd.gradientMoments(dy, x, off, len, 3f, s, 0);
            scalar.gradientMoments(dy, x, off, len, 3f, t, 0);
            assertThat(s[0]).as("Σdy %d", len).isCloseTo(t[0], org.assertj.core.data.Offset.offset(tol));
            assertThat(s[1]).as("Σdy(x − m) %d", len).isCloseTo(t[1], org.assertj.core.data.Offset.offset(tol * 2));
            assertThat(simd.sumSquares(dy, off, len)).as("Σx² %d", len)
                    .isCloseTo(scalar.sumSquares(dy, off, len), org.assertj.core.data.Offset.offset(tol * 2));
        }
    }

    /**
     * One channel of consecutive images (planes {@code stride} apart): the vector path sums short planes
     * together, in blocks that span planes, and must still agree with the reference plane by plane, for plane
     * lengths of one, two and several vectors, lengths that are no multiple of the vector, and more planes than
     * fit one sum block; overflowing blocks fall back to double.
     */
    @Test void planeSumsAgreeWithThePlaneByPlaneReference() {
        SplittableRandom r = new SplittableRandom(6);
        int lanes = SimdSpecies.lanes();
        int[] lens = {1, lanes, 2 * lanes, 3 * lanes, 7 * lanes, 8 * lanes, 9 * lanes, lanes + 3, 100};
        for (int len : lens) {
            for (int planes : new int[] {1, 2, 5, 3000 / len + 7}) {
                int channels = 3, off = 1 + len, stride = channels * len;
                float[] x = data(r, off + planes * stride, false), dy = data(r, x.length, false);
                for (int i = 0; i < x.length; i++) x[i] += 3;
                double[] s = new double[3], t = new double[3];
                simd.planeMoments(x, off, planes, stride, len, 3.1f, s, 1);
                for (int p = 0; p < planes; p++) scalar.moments(x, off + p * stride, len, 3.1f, t, 1);
                double n = (double) planes * len, tol = 1e-6 * Math.sqrt(1 + n / 1024.0) * (n + 1);
                assertThat(s[0]).isZero();
                assertThat(s[1]).as("Σ(x − s), %d planes of %d", planes, len).isCloseTo(t[1], org.assertj.core.data.Offset.offset(tol));
                assertThat(s[2]).as("Σ(x − s)², %d planes of %d", planes, len).isCloseTo(t[2], org.assertj.core.data.Offset.offset(2 * tol));
                s = new double[2];
                t = new double[2];
                simd.planeGradientMoments(dy, x, off, planes, stride, len, 3f, s, 0);
                for (int p = 0; p < planes; p++) scalar.gradientMoments(dy, x, off + p * stride, len, 3f, t, 0);
                assertThat(s[0]).as("Σdy, %d planes of %d", planes, len).isCloseTo(t[0], org.assertj.core.data.Offset.offset(tol));
                assertThat(s[1]).as("Σdy(x − m), %d planes of %d", planes, len).isCloseTo(t[1], org.assertj.core.data.Offset.offset(2 * tol));
            }
        }
        float[] big = new float[200 * lanes];
        java.util.Arrays.fill(big, 1e25f); // squares overflow float, not double
        double[] s = new double[2], t = new double[2];
        simd.planeMoments(big, 0, 200, lanes, lanes, 0f, s, 0);
        scalar.moments(big, 0, big.length, 0f, t, 0);
        assertThat(s[1]).isFinite().isCloseTo(t[1], org.assertj.core.data.Percentage.withPercentage(1e-4));
    }

    /**
     * The per-image BN maps (forward with and without ReLU, in place or not; backward) give the values of the
     * per-plane calls they replace bit for bit, on planes of whole vectors, with a tail, and shorter than a vector. So
     * does the joined map (a batch norm's map, {@code + s·h}, the ReLU: one pass where planes are whole vectors) against
     * its three calls, here and in the scalar reference (each against its own calls), in place or not, with NaN and
     * zeros in x and h, and with {@link EngineSwitch#ONE_PASS_JOIN} off.
     */
    @Test void imageMapsEqualThePlaneByPlaneCalls() {
        SplittableRandom r = new SplittableRandom(8);
        int lanes = SimdSpecies.lanes();
        for (int plane : new int[] {1, 3, lanes, lanes + 5, 4 * lanes, 49, 256}) {
            int channels = 5, off = 3, n = off + channels * plane + 2, end = off + channels * plane;
            float[] m = data(r, channels, false), a = data(r, channels, false), b = data(r, channels, false);
            float[] q = data(r, channels, false), x = data(r, n, true), dy = data(r, n, false);
            for (boolean relu : new boolean[] {false, true}) {
                float[] byImage = data(r, n, false), byPlane = byImage.clone();
                simd.channelAffine(x, byImage, off, channels, plane, m, a, b, relu);
                for (int c = 0; c < channels; c++) {
                    simd.affine(x, byPlane, off + c * plane, plane, m[c], a[c], b[c]);
                    if (relu) simd.relu(byPlane, byPlane, off + c * plane, plane);
                }
                assertThat(byImage).as("channelAffine, plane %d, relu %b", plane, relu).containsExactly(byPlane);
                float[] inPlace = x.clone();
                simd.channelAffine(inPlace, inPlace, off, channels, plane, m, a, b, relu);
                assertThat(java.util.Arrays.copyOfRange(inPlace, off, end)).as("in place, plane %d, relu %b", plane, relu)
                        .containsExactly(java.util.Arrays.copyOfRange(byPlane, off, end));
            }
            float[] byImage = new float[n], byPlane = new float[n];
            simd.channelBatchNormBackward(dy, x, byImage, off, channels, plane, m, a, q, b);
            for (int c = 0; c < channels; c++) simd.batchNormBackward(dy, x, byPlane, off + c * plane, plane, m[c], a[c], q[c], b[c]);
            assertThat(byImage).as("channelBatchNormBackward, plane %d", plane).containsExactly(byPlane);

            float[] h = data(r, n, true);
            for (float s : new float[] {1f, 0.5f, -0.3f}) {
                for (boolean relu : new boolean[] {false, true}) {
                    String what = String.format("channelAffineJoin, plane %d, s %s, relu %b", plane, s, relu);
                    float[] start = data(r, n, false), want = start.clone(), joined = start.clone();
                    joinByThreeCalls(simd, x, want, off, channels, plane, m, a, b, h, s, relu);
                    simd.channelAffineJoin(x, joined, off, channels, plane, m, a, b, h, s, relu);
                    assertThat(joined).as(what).containsExactly(want);
                    float[] switchedOff = start.clone();
                    try {
                        EngineSwitch.ONE_PASS_JOIN.set(false);
                        simd.channelAffineJoin(x, switchedOff, off, channels, plane, m, a, b, h, s, relu);
                    } finally {
                        EngineSwitch.ONE_PASS_JOIN.set(true);
                    }
                    assertThat(switchedOff).as("switched off, " + what).containsExactly(want);
                    float[] scalarWant = start.clone(), scalarJoined = start.clone();
                    joinByThreeCalls(scalar, x, scalarWant, off, channels, plane, m, a, b, h, s, relu);
                    scalar.channelAffineJoin(x, scalarJoined, off, channels, plane, m, a, b, h, s, relu);
                    assertThat(scalarJoined).as("scalar, " + what).containsExactly(scalarWant);
                    float[] inPlace = x.clone();
                    simd.channelAffineJoin(inPlace, inPlace, off, channels, plane, m, a, b, h, s, relu);
                    assertThat(java.util.Arrays.copyOfRange(inPlace, off, end)).as("in place, " + what)
                            .containsExactly(java.util.Arrays.copyOfRange(want, off, end));
                }
            }
        }
    }

    /** The three calls {@link Elementwise#channelAffineJoin} stands for: the norm's map, the join, the ReLU. */
    private static void joinByThreeCalls(Elementwise ew, float[] x, float[] y, int off, int channels, int plane, float[] m,
                                         float[] a, float[] b, float[] h, float s, boolean relu) {
        ew.channelAffine(x, y, off, channels, plane, m, a, b, false);
        ew.axpby(1f, y, s, h, y, off, channels * plane);
        if (relu) ew.relu(y, y, off, channels * plane);
    }

    @Test void overflowingFloatSumsFallBackToDouble() {
        float[] x = new float[3000];
        java.util.Arrays.fill(x, 1e25f); // squares overflow float, not double
        double[] s = new double[2], t = new double[2];
        simd.moments(x, 0, x.length, 0f, s, 0);
        scalar.moments(x, 0, x.length, 0f, t, 0);
        assertThat(s[1]).isFinite().isCloseTo(t[1], org.assertj.core.data.Percentage.withPercentage(1e-4));
        assertThat(simd.sumSquares(x, 0, x.length)).isFinite();
    }

    @Test void subnormalsAreFlushedAndCounted() {
        SplittableRandom r = new SplittableRandom(9);
        for (int len : LENGTHS) {
            float[] a = data(r, len, false);
            for (int i = 0; i < len; i += 3) a[i] = Float.MIN_VALUE * (i % 7 + 1) * (i % 2 == 0 ? 1 : -1);
            float[] b = a.clone();
            int n = simd.flushSubnormals(a, 0, len);
            assertThat(n).isEqualTo(scalar.flushSubnormals(b, 0, len)).isEqualTo((len + 2) / 3);
            assertThat(a).containsExactly(b);
            for (float v : a) assertThat(v == 0f || Math.abs(v) >= Float.MIN_NORMAL).isTrue();
        }
    }
}
