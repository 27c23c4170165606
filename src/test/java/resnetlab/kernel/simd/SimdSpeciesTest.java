package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The species the kernels are built for: the widest hardware one by default, the forced one in the
 * per-species Surefire runs, never one wider than the CPU; and the micro-kernel's tile follows it.
 */
@ExtendWith(SupportedSpecies.class)
class SimdSpeciesTest {
    @Test
    void kernelsRunTheRequestedSpeciesOrTheWidestHardwareOne() {
        int requested = SimdSpecies.requestedBits();
        int expected = requested == 0 ? FloatVector.SPECIES_PREFERRED.vectorBitSize() : requested;
        assertThat(SimdSpecies.bits()).as(SimdSpecies.describe()).isEqualTo(expected);
        assertThat(SimdSpecies.lanes()).isEqualTo(expected / Float.SIZE);
        System.out.println("SIMD kernels under test: " + SimdSpecies.describe());
    }

    /**
     * Under {@code -XX:UseAVX=2} (the pom's simd-avx2 run on x86-64, as an AVX2-only CPU) the JVM offers no vector
     * wider than 256 bits, so the kernels run 8 lanes on AVX2 code: the run tests what it says it tests.
     */
    @Test
    void anAvx2OnlyJvmOffersAtMost256Bits() {
        boolean avx2 = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:UseAVX=2");
        if (avx2) assertThat(SimdSpecies.hardwareBits()).as(SimdSpecies.describe()).isLessThanOrEqualTo(256);
        System.out.println("JVM limited to AVX2 code: " + avx2 + "; " + SimdSpecies.describe());
    }

    @Test
    void everyKernelUsesTheSameSpecies() {
        assertThat(MicroKernel.S).isSameAs(SimdSpecies.FLOAT);
        assertThat(VectorConv3x3.S).isSameAs(SimdSpecies.FLOAT);
        assertThat(MicroKernel.NR).isEqualTo(2 * SimdSpecies.lanes());
        assertThat(new VectorConv3x3().computedWidth(SimdSpecies.lanes() - 1, 2)).isEqualTo(SimdSpecies.lanes());
    }

    @Test
    void parsesTheThreeWidthsAndAuto() {
        assertThat(SimdSpecies.parseBits(null)).isZero();
        assertThat(SimdSpecies.parseBits(" auto ")).isZero();
        assertThat(SimdSpecies.parseBits("128")).isEqualTo(128);
        assertThat(SimdSpecies.parseBits("256")).isEqualTo(256);
        assertThat(SimdSpecies.parseBits(" 512")).isEqualTo(512);
        assertThat(SimdSpecies.parseBits("1024")).as("not a width: read as auto, with a warning").isZero();
        assertThat(SimdSpecies.parseBits("avx2")).isZero();
    }

    @Test
    void aNarrowerRequestIsHonouredAndAWiderOneFallsBackToTheHardware() {
        var hardware = FloatVector.SPECIES_128; // pretend: a NEON machine
        assertThat(SimdSpecies.choose(0, hardware)).isSameAs(hardware);
        assertThat(SimdSpecies.choose(512, hardware)).isSameAs(hardware);
        assertThat(SimdSpecies.choose(256, FloatVector.SPECIES_512)).isEqualTo(FloatVector.SPECIES_256);
        assertThat(SimdSpecies.choose(128, FloatVector.SPECIES_256)).isEqualTo(FloatVector.SPECIES_128);
    }
}
