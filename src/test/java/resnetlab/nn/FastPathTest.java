package resnetlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetlab.kernel.Compute;
import resnetlab.kernel.Kernels;
import resnetlab.tensor.Tensor;
import org.junit.jupiter.api.extension.ExtendWith;
import resnetlab.kernel.simd.SupportedSpecies;

/**
 * Layers on the fast path ({@link Compute#best}: direct 3x3 convolution, SIMD elementwise kernels, two
 * threads) against the same layers on the reference path ({@link Compute#reference}: im2col + EJML, scalar
 * loops with double sums, one thread), on shapes that divide neither the vector length nor the tiles.
 * Errors are scaled by the largest reference value, as for the GEMMs.
 */
@ExtendWith(SupportedSpecies.class)
class FastPathTest {
    static final Compute FAST = Compute.best(2);
    static final Compute REFERENCE = Compute.reference();

    @AfterAll static void close() { FAST.close(); }

    /** max |a − b| / max(1, max |b|). */
    static double scaledError(float[] a, float[] b) {
        double worst = 0, scale = 1;
        for (float v : b) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        return worst / scale;
    }

    @ParameterizedTest(name = "conv3x3 {0}→{1} on {2}x{3}, batch {4}, bias {5}, stride {6}")
    @CsvSource({
            "16, 16, 32, 32, 5, false, 1", "3, 16, 32, 32, 3, false, 1", "32, 32, 16, 16, 4, false, 1",
            "64, 64, 8, 8, 17, false, 1", "5, 7, 7, 13, 3, true, 1", "16, 16, 28, 28, 2, false, 1", "1, 1, 1, 1, 1, false, 1",
            "13, 17, 9, 16, 6, true, 1", "8, 5, 3, 9, 2, false, 1", "6, 4, 14, 14, 9, false, 1", "2, 3, 2, 17, 1, false, 1",
            "4, 8, 6, 8, 2, false, 1", "13, 13, 5, 11, 2, false, 1", "8, 7, 4, 24, 3, false, 1",
            "32, 32, 4, 4, 70, false, 1", "16, 16, 8, 8, 33, false, 1", "8, 8, 16, 16, 20, false, 1", "3, 5, 5, 3, 40, true, 1", "6, 5, 3, 4, 9, false, 1", "4, 4, 5, 2, 7, false, 1",
            "16, 32, 8, 8, 21, false, 2", "32, 64, 4, 4, 65, false, 2",
            "16, 32, 32, 32, 3, false, 2", "32, 64, 16, 16, 5, false, 2", "8, 16, 28, 28, 2, false, 2",
            "8, 16, 14, 14, 3, true, 2", "3, 5, 7, 9, 2, false, 2", "2, 3, 1, 1, 1, false, 2", "5, 6, 2, 33, 2, false, 2"})
    void conv3x3MatchesReference(int cin, int cout, int h, int w, int n, boolean bias, int stride) {
        assertThat(FAST.conv3x3() != null).isEqualTo(Kernels.vectorApiAvailable());
        Conv2d fast = new Conv2d("fast", cin, cout, 3, stride, 1, bias, FAST),
                ref = new Conv2d("ref", cin, cout, 3, stride, 1, bias, REFERENCE);
        GradCheck.randomize(ref.parameters(), 1, 0.3);
        for (int i = 0; i < ref.parameters().size(); i++) fast.parameters().get(i).value.copyFrom(ref.parameters().get(i).value);
        int ho = (h - 1) / stride + 1, wo = (w - 1) / stride + 1;
        Tensor x = GradCheck.randn(2, n, cin, h, w), dy = GradCheck.randn(3, n, cout, ho, wo);
        for (int rep = 0; rep < 3; rep++) { // the second round runs on warm buffers (and kept packings)
            if (rep == 2) { // the last weight changed in place: the packings must follow it (PackedWeights)
                float[] wf = fast.weight().value.data, wr = ref.weight().value.data;
                wf[wf.length - 1] += 0.75f;
                wr[wr.length - 1] += 0.75f;
            }
            for (Parameter p : fast.parameters()) p.grad.zero();
            for (Parameter p : ref.parameters()) p.grad.zero();
            Tensor yf = fast.forward(x, true), yr = ref.forward(x, true);
            assertThat(scaledError(yf.data, yr.data)).as("y").isLessThan(1e-5);
            Tensor df = fast.backward(dy), dr = ref.backward(dy);
            assertThat(scaledError(df.data, dr.data)).as("dx").isLessThan(1e-5);
            for (int i = 0; i < ref.parameters().size(); i++) {
                assertThat(scaledError(fast.parameters().get(i).grad.data, ref.parameters().get(i).grad.data))
                        .as(ref.parameters().get(i).name).isLessThan(1e-5);
            }
        }
    }

    /**
     * One layer run on inputs of different sizes (whose maps pack the weights in different layouts: Winograd on 8x8,
     * pixel lanes on 16x16 and 32x32 here at 16 lanes) and back, with its weights changed in place between some calls:
     * each call must be the reference's, in inference (the packing kept across calls) and in the input gradient.
     */
    @ParameterizedTest(name = "{0}→{0}")
    @CsvSource({"64", "32", "16"})
    void keptPackingsFollowTheInputSizeAndTheWeights(int channels) {
        followsTheReferenceOverSizes(channels);
    }

    /**
     * Each engine switch off ({@code bench --ab}'s other side) changes no result: the same sequence of sizes and
     * weight changes as above, 16 and 32 channels (the row-Winograd layers, the 8x8 rows unpadded in pairs at 16 lanes,
     * the kept packings, the weight gradients with the inputs in the lanes, the six-row weight-gradient tiles of
     * 16-register machines, the 16-channel 8x8 layers' Winograd), against the reference path.
     */
    @ParameterizedTest(name = "{0} off, {1}→{1}")
    @CsvSource({"ROW_WINOGRAD, 16", "ROW_WINOGRAD, 32", "KEEP_PACKINGS, 16", "KEEP_PACKINGS, 64", "UNPAD_PAIRS, 16",
            "VECTOR_PAD, 16", "SHIFTED_PLANES, 16", "TAP_LANES, 16", "TAP_LANES, 32", "SIX_ROW_GRADIENT, 32",
            "ROW_WINOGRAD_4, 16", "ROW_WINOGRAD_4, 32", "ROW_WINOGRAD_4, 64", "WINOGRAD_4X4, 32", "WINOGRAD_4X4, 64", "WINOGRAD_16, 16"})
    void everyEngineSwitchOffGivesTheSameResults(resnetlab.kernel.EngineSwitch engineSwitch, int channels) {
        try {
            engineSwitch.set(false);
            followsTheReferenceOverSizes(channels);
        } finally {
            engineSwitch.set(true);
        }
    }

    private static void followsTheReferenceOverSizes(int channels) {
        Conv2d fast = new Conv2d("fast", channels, channels, 3, 1, 1, false, FAST),
                ref = new Conv2d("ref", channels, channels, 3, 1, 1, false, REFERENCE);
        GradCheck.randomize(ref.parameters(), 7, 0.3);
        fast.weight().value.copyFrom(ref.weight().value);
        int[] sizes = {8, 16, 8, 8, 32, 4, 8};
        for (int call = 0; call < sizes.length; call++) {
            int s = sizes[call];
            if (call == 3 || call == 6) { // a weight in the middle, in place
                int j = ref.weight().value.size() / 2 + call;
                fast.weight().value.data[j] -= 0.5f;
                ref.weight().value.data[j] -= 0.5f;
            }
            Tensor x = GradCheck.randn(8 + call, 3, channels, s, s), dy = GradCheck.randn(20 + call, 3, channels, s, s);
            assertThat(scaledError(fast.forward(x, false).data, ref.forward(x, false).data)).as("y, call " + call + ", " + s + "x" + s)
                    .isLessThan(1e-5);
            if (call % 2 == 0) {
                fast.forward(x, true);
                ref.forward(x, true);
                assertThat(scaledError(fast.backward(dy).data, ref.backward(dy).data)).as("dx, call " + call + ", " + s + "x" + s)
                        .isLessThan(1e-5);
            }
        }
    }

    /**
     * A packing kept across calls follows the engine switches: F(4x4,3x3) and F(2x2,3x3) pack different layouts, so a
     * layer whose weights did not change must repack when {@code winograd-4x4} flips between two calls
     * ({@code PackedWeights} keys on {@code EngineSwitch.state()}).
     */
    @Test
    void keptPackingsFollowTheEngineSwitches() {
        Conv2d fast = new Conv2d("fast", 64, 64, 3, 1, 1, false, FAST), ref = new Conv2d("ref", 64, 64, 3, 1, 1, false, REFERENCE);
        GradCheck.randomize(ref.parameters(), 11, 0.3);
        fast.weight().value.copyFrom(ref.weight().value);
        Tensor x = GradCheck.randn(5, 3, 64, 8, 8);
        float[] expected = ref.forward(x, false).data;
        try {
            for (boolean on : new boolean[] {true, false, true}) {
                resnetlab.kernel.EngineSwitch.WINOGRAD_4X4.set(on);
                assertThat(scaledError(fast.forward(x, false).data, expected)).as("winograd-4x4 " + on).isLessThan(1e-5);
            }
        } finally {
            resnetlab.kernel.EngineSwitch.WINOGRAD_4X4.set(true);
        }
    }

    /**
     * Training asks the stem for parameter gradients only ({@code backward(dy, false)}): they must be the very
     * values the full backward adds, on every path a stem can take (direct 3x3 of stride 1 and 2 with one or
     * three input channels, im2col for 1x1, the reference path), and no input gradient is returned.
     */
    @ParameterizedTest(name = "{0}→{1} k{2} stride {3} on {4}x{4}, batch {5}, fast {6}")
    @CsvSource({"3, 16, 3, 1, 32, 5, true", "1, 8, 3, 1, 16, 9, true", "3, 16, 3, 2, 15, 3, true",
            "16, 16, 3, 1, 8, 33, true", "4, 8, 1, 1, 7, 3, true", "3, 16, 3, 1, 12, 4, false", "4, 6, 1, 2, 9, 2, false"})
    void parameterGradientsWithoutTheInputGradientAreTheSame(int cin, int cout, int k, int stride, int size, int n,
                                                            boolean fast) {
        Compute compute = fast ? FAST : REFERENCE;
        Conv2d full = new Conv2d("full", cin, cout, k, stride, k / 2, true, compute),
                weightsOnly = new Conv2d("weightsOnly", cin, cout, k, stride, k / 2, true, compute);
        GradCheck.randomize(full.parameters(), 4, 0.3);
        for (int i = 0; i < full.parameters().size(); i++) weightsOnly.parameters().get(i).value.copyFrom(full.parameters().get(i).value);
        int out = (size + 2 * (k / 2) - k) / stride + 1;
        Tensor x = GradCheck.randn(5, n, cin, size, size), dy = GradCheck.randn(6, n, cout, out, out);
        for (int rep = 0; rep < 2; rep++) { // the second round on warm buffers, after a full backward in between
            for (Parameter p : full.parameters()) p.grad.zero();
            for (Parameter p : weightsOnly.parameters()) p.grad.zero();
            full.forward(x, true);
            weightsOnly.forward(x, true);
            assertThat(full.backward(dy, true)).isNotNull();
            assertThat(weightsOnly.backward(dy, false)).isNull();
            for (int i = 0; i < full.parameters().size(); i++) {
                assertThat(weightsOnly.parameters().get(i).grad.data).as(full.parameters().get(i).name)
                        .containsExactly(full.parameters().get(i).grad.data);
            }
            weightsOnly.forward(x, true);
            assertThat(weightsOnly.backward(dy).data).as("a full backward after a weights-only one")
                    .containsExactly(full.backward(dy).data);
        }
    }
    /**
     * Option A on two threads (one range of images per thread) is the serial copy, bit for bit, also on the second
     * call, whose reused buffers hold the first call's values; and tensors too small to split.
     */
    @ParameterizedTest(name = "subsample {0}→{1} on {2}x{2}, batch {3}")
    @CsvSource({"8, 16, 16, 7", "16, 32, 8, 9", "3, 5, 5, 2"})
    void optionASubsampleOnTwoThreadsIsTheSerialCopy(int cin, int cout, int size, int batch) {
        Subsample fast = new Subsample(cout, 2), reference = new Subsample(cout, 2);
        fast.useCompute(FAST);
        for (long seed = 40; seed < 42; seed++) {
            Tensor x = GradCheck.randn(seed, batch, cin, size, size);
            float[] expected = reference.forward(x, true).data;
            assertThat(fast.forward(x, true).data).containsExactly(expected);
            Tensor dy = GradCheck.randn(seed + 10, batch, cout, (size + 1) / 2, (size + 1) / 2);
            float[] dxExpected = reference.backward(dy).data;
            assertThat(fast.backward(dy).data).containsExactly(dxExpected);
        }
    }
}
