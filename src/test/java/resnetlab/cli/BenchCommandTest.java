package resnetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import resnetlab.io.Json;
import resnetlab.kernel.Kernels;
import resnetlab.kernel.simd.SimdSpecies;

/** {@code bench} on a tiny net: the species it reports, the per-entry shape, and a profile that adds up. */
class BenchCommandTest {
    @Test
    void reportsTheSpeciesTheShapeOfEachEntryAndAProfileThatAddsUp() throws Exception {
        TrainCommandTest.Run r = TrainCommandTest.cli("bench", "--skip-gemm", "--warmup", "0", "--models", "8", "--threads", "1,2",
                "--steps", "3", "--width", "4", "--channels", "1", "--image-size", "8", "--batch", "8");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(r.out());

        assertThat(json.at("/simd/enabled").asBoolean()).isEqualTo(Kernels.simdEnabled());
        assertThat(json.has("transparentHugePages")).isTrue();
        long cache = resnetlab.kernel.simd.LastLevelCache.bytes();
        assertThat(json.at("/cpu/lastLevelCacheBytes").isNull()).as("unknown reads null").isEqualTo(cache <= 0);
        if (cache > 0) assertThat(json.at("/cpu/lastLevelCacheBytes").asLong()).isEqualTo(cache);
        if (resnetlab.kernel.JitFlags.transparentHugePages() != null) {
            assertThat(json.get("transparentHugePages").asBoolean()).isEqualTo(resnetlab.kernel.JitFlags.transparentHugePages());
        }
        if (Kernels.simdEnabled()) {
            assertThat(json.at("/simd/bits").asInt()).isEqualTo(SimdSpecies.bits());
            assertThat(json.at("/simd/lanes").asInt()).isEqualTo(SimdSpecies.lanes());
            assertThat(r.err()).contains("SIMD kernels: " + SimdSpecies.bits() + "-bit");
        }

        JsonNode train = json.at("/training/0");
        assertThat(train.get("model").asText()).isEqualTo("ResNet-8");
        assertThat(train.get("width").asInt()).isEqualTo(4);
        assertThat(train.get("channels").asInt()).isEqualTo(1);
        assertThat(train.get("imageSize").asInt()).isEqualTo(8);
        assertThat(train.get("imagesPerSecond").asDouble()).isPositive();
        assertThat(json.at("/inference/0/channels").asInt()).isEqualTo(1);
        // --warmup 0: three untimed steps, no wait for the JIT; the record says what the warm-up was
        assertThat(train.get("warmupSteps").asInt()).isEqualTo(3);
        assertThat(json.at("/inference/0/warmupSteps").asInt()).isEqualTo(3);
        assertThat(train.get("warmupSeconds").asDouble()).isGreaterThan(0);
        assertThat(train.get("jitMillisDuringSteps").asLong()).isGreaterThanOrEqualTo(-1);
        assertThat(train.get("timings").asInt()).as("--warmup 0 times the steps once").isEqualTo(1);
        assertThat(json.at("/inference/0/timings").asInt()).isEqualTo(1);
        // both record what a warm step allocated (megabytes mean boxed vectors; compare.py flags such rounds)
        assertThat(train.has("allocatedBytesPerStep")).isTrue();
        assertThat(json.at("/inference/0/allocatedBytesPerBatch").isIntegralNumber()).isTrue();
        assertThat(json.at("/inference/0/allocatedBytesPerBatch").asLong()).isGreaterThanOrEqualTo(0);
        // the single convolutions: three shapes per thread count, each warmed up like the training before it is timed
        JsonNode conv = json.get("conv");
        assertThat(conv).hasSize(6);
        for (JsonNode c : conv) {
            assertThat(c.get("warmupSteps").asInt()).isEqualTo(3);
            assertThat(c.get("forwardMs").asDouble()).isPositive();
            assertThat(c.get("backwardMs").asDouble()).isPositive();
        }
        assertThat(conv.get(1).get("channels").asInt()).isEqualTo(8); // twice the width, half the image
        assertThat(conv.get(1).get("size").asInt()).isEqualTo(4);
        // the test JVM gets the launchers' trap limit (pom.xml), so no note about it
        assertThat(json.get("perMethodTrapLimit").asLong()).isEqualTo(resnetlab.kernel.JitFlags.TRAP_LIMIT);
        assertThat(r.err()).doesNotContain("PerMethodTrapLimit");

        // one profile per thread count; at two threads only the calling thread's times count, so it adds up too
        assertThat(json.get("profile")).hasSize(2);
        for (int p = 0; p < 2; p++) {
            JsonNode profile = json.at("/profile/" + p);
            assertThat(profile.get("threads").asInt()).isEqualTo(p + 1);
            double step = profile.get("stepMs").asDouble(), sum = sumOfKinds(profile.get("msPerStep"));
            assertThat(step).isPositive();
            assertThat(profile.at("/msPerStep/convForward").asDouble()).isPositive();
            assertThat(profile.at("/msPerStep/convBackwardWeights").asDouble()).isPositive();
            assertThat(profile.at("/msPerStep/batchNormForward").asDouble()).isPositive();
            assertThat(profile.at("/msPerStep/optimizer").asDouble()).isPositive();
            assertThat(profile.at("/msPerStep/joins").asDouble()).as("residual joins and gradient norms").isPositive();
            // the kinds (with "rest") cover the step, each counted once (rounding to 0.001 ms per kind)
            assertThat(sum).as("threads %d", p + 1).isCloseTo(step, org.assertj.core.data.Offset.offset(0.02 + 0.02 * step));
            assertThat(profile.at("/msPerStep/rest").asDouble()).as("nothing counted twice").isGreaterThan(0);

            // an inference batch, by the kinds a forward pass has: it adds up too, and has no backward kinds; in
            // inference every BN, ReLU and residual join runs in the pass of the convolution before it
            JsonNode inference = profile.get("inference");
            double batchMs = inference.get("batchMs").asDouble(), inferSum = sumOfKinds(inference.get("msPerBatch"));
            assertThat(batchMs).isPositive();
            assertThat(inference.get("msPerBatch").has("convBackwardWeights")).isFalse();
            assertThat(inference.get("msPerBatch").has("optimizer")).isFalse();
            assertThat(inference.at("/msPerBatch/convForward").asDouble()).isPositive();
            for (String fused : new String[] {"batchNormForward", "relu", "joins"}) {
                assertThat(inference.at("/msPerBatch/" + fused).asDouble()).as(fused + " outside the convolutions' pass").isZero();
            }
            assertThat(inferSum).as("inference, threads %d", p + 1).isCloseTo(batchMs, org.assertj.core.data.Offset.offset(0.02 + 0.02 * batchMs));
        }
    }

    /** The milliseconds of a profile's kinds added up, each checked not negative. */
    private static double sumOfKinds(JsonNode kinds) {
        double sum = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = kinds.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> kind = it.next();
            assertThat(kind.getValue().asDouble()).as(kind.getKey()).isGreaterThanOrEqualTo(0);
            sum += kind.getValue().asDouble();
        }
        return sum;
    }

    @Test
    void anEngineSwitchIsTimedOffAndOnInOneRunAndLeftOn() throws Exception {
        TrainCommandTest.Run r = TrainCommandTest.cli("bench", "--skip-gemm", "--skip-conv", "--no-profile", "--warmup", "0",
                "--models", "8", "--threads", "1", "--steps", "1", "--width", "16", "--channels", "1", "--image-size", "16",
                "--batch", "4", "--ab", "row-winograd", "--ab-rounds", "3");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.has("training")).as("--ab replaces the training entries").isFalse();
        JsonNode ab = json.at("/ab/0");
        assertThat(ab.get("switch").asText()).isEqualTo("row-winograd");
        assertThat(ab.get("model").asText()).isEqualTo("ResNet-8");
        assertThat(ab.get("threads").asInt()).isEqualTo(1);
        assertThat(ab.get("rounds").asInt()).isEqualTo(3);
        for (String side : new String[] {"train", "infer"}) {
            double off = ab.get(side + "MsOff").asDouble(), on = ab.get(side + "MsOn").asDouble();
            assertThat(off).as(side).isPositive();
            assertThat(on).as(side).isPositive();
            assertThat(ab.get(side + "OnOverOff").asDouble()).as(side).isCloseTo(on / off, org.assertj.core.data.Offset.offset(0.002 + 0.01 * on / off));
            assertThat(ab.get(side + "OnOverOffPerRound")).as(side).hasSize(3);
        }
        assertThat(r.err()).contains("A/B row-winograd: ResNet-8");
        assertThat(resnetlab.kernel.EngineSwitch.ROW_WINOGRAD.on()).as("on again after the run").isTrue();
    }

    /**
     * Steps during which the compiler took more than 3% of their time are timed again after another warm-up, at most
     * three timings in all; the last timing is reported with the compile time it saw.
     */
    @Test
    void stepsTheCompilerSharedAreTimedAgain() {
        int[] steps = {0}, warmUps = {0};
        // the compiler busy (1 s a step) in the first timing only, then quiet
        long[] compiled = {0};
        BenchCommand.Timed t = BenchCommand.timedSteps(4, 3, () -> compiled[0], () -> {
            steps[0]++;
            if (steps[0] <= 4) compiled[0] += 1000;
        }, () -> warmUps[0]++, i -> { }, i -> { });
        assertThat(t.timings()).isEqualTo(2);
        assertThat(warmUps[0]).isEqualTo(1);
        assertThat(steps[0]).isEqualTo(8);
        assertThat(t.jitMillis()).isZero();
        assertThat(t.seconds()).hasSize(4);
        // always busy: three timings and no more, the last one's compile time reported
        BenchCommand.Timed busy = BenchCommand.timedSteps(2, 3, () -> compiled[0] += 500, () -> { }, () -> { }, i -> { }, i -> { });
        assertThat(busy.timings()).isEqualTo(3);
        assertThat(busy.jitMillis()).isEqualTo(500);
        // no counter (-1): timed once
        assertThat(BenchCommand.timedSteps(2, 3, () -> -1, () -> { }, () -> { }, i -> { }, i -> { }).timings()).isEqualTo(1);
    }

    @Test
    void anUnknownSwitchIsNamedWithTheKnownOnes() {
        TrainCommandTest.Run r = TrainCommandTest.cli("bench", "--skip-gemm", "--ab", "turbo", "--models", "8");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--ab: unknown engine switch 'turbo'; known: row-winograd");
        TrainCommandTest.Run rounds = TrainCommandTest.cli("bench", "--skip-gemm", "--ab", "row-winograd", "--ab-rounds", "0");
        assertThat(rounds.code()).isNotZero();
        assertThat(rounds.err()).contains("--ab-rounds must be between 1 and 1000, got 0");
    }

    @Test
    void theClassroomPresetSetsTheNetsAClassTrains() throws Exception {
        TrainCommandTest.Run r = TrainCommandTest.cli("bench", "--classroom", "--skip-gemm", "--no-profile", "--warmup", "0",
                "--threads", "1", "--steps", "1");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode train = Json.MAPPER.readTree(r.out()).at("/training/0");
        assertThat(train.get("model").asText()).isEqualTo("ResNet-56");
        assertThat(train.get("width").asInt()).isEqualTo(8);
        assertThat(train.get("channels").asInt()).isEqualTo(1);
        assertThat(train.get("imageSize").asInt()).isEqualTo(16);
        assertThat(train.get("batch").asInt()).isEqualTo(64);
        assertThat(Json.MAPPER.readTree(r.out()).has("profile")).isFalse();
        assertThat(Json.MAPPER.readTree(r.out()).has("conv")).isTrue();
    }

    @Test
    void skipConvLeavesOutTheSingleConvolutions() throws Exception {
        TrainCommandTest.Run r = TrainCommandTest.cli("bench", "--skip-gemm", "--skip-conv", "--no-profile", "--warmup", "0",
                "--models", "8", "--threads", "1", "--steps", "1", "--width", "4", "--channels", "1", "--image-size", "8",
                "--batch", "8");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.has("conv")).isFalse();
        assertThat(json.at("/training/0/imagesPerSecond").asDouble()).isPositive();
    }
}
