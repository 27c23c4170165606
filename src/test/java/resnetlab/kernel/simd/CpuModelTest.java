package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link CpuModel}: what the operating systems' texts say, and the one rule that reads them. */
class CpuModelTest {
    private static final String ZEN4 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model\t\t: 17
            model name\t: AMD EPYC
            flags\t\t: fpu vme avx2 avx512f avx512bw

            processor\t: 1
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            """;
    private static final String XEON = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 106
            model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
            """;
    private static final String ZEN5 = "vendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n";
    /** An ARM machine's /proc/cpuinfo has neither line. */
    private static final String ARM = "processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\nCPU implementer\t: 0x41\n";

    @AfterEach
    void clearOverride() { System.clearProperty(CpuModel.HALF_RATE_PROPERTY); }

    @Test
    void readsLinuxCpuinfo() {
        assertThat(CpuModel.parseProcCpuinfo(ZEN4)).isEqualTo(new CpuModel("AuthenticAMD", 25));
        assertThat(CpuModel.parseProcCpuinfo(XEON)).isEqualTo(new CpuModel("GenuineIntel", 6));
        assertThat(CpuModel.parseProcCpuinfo(ZEN5)).isEqualTo(new CpuModel("AuthenticAMD", 26));
        assertThat(CpuModel.parseProcCpuinfo(ARM).family()).isEqualTo(-1);
        assertThat(CpuModel.parseProcCpuinfo("")).hasToString("unknown");
    }

    @Test
    void readsWindowsProcessorIdentifier() {
        assertThat(CpuModel.parseWindowsIdentifier("AMD64 Family 25 Model 97 Stepping 2, AuthenticAMD"))
                .isEqualTo(new CpuModel("AuthenticAMD", 25));
        assertThat(CpuModel.parseWindowsIdentifier("Intel64 Family 6 Model 140 Stepping 1, GenuineIntel"))
                .isEqualTo(new CpuModel("GenuineIntel", 6));
        assertThat(CpuModel.parseWindowsIdentifier("ARMv8 (64-bit) Family 8 Model 1 Revision 201, Qualcomm Technologies Inc"))
                .isEqualTo(new CpuModel("Qualcomm Technologies Inc", 8));
        assertThat(CpuModel.parseWindowsIdentifier("something else").family()).isEqualTo(-1);
    }

    @Test
    void onlyZen4HalvesItsWideVectorsUnlessTold() {
        assertThat(CpuModel.parseProcCpuinfo(ZEN4).halvesWideVectors()).isTrue();
        assertThat(CpuModel.parseProcCpuinfo(XEON).halvesWideVectors()).isFalse();
        assertThat(CpuModel.parseProcCpuinfo(ZEN5).halvesWideVectors()).isFalse();
        assertThat(CpuModel.parseProcCpuinfo(ARM).halvesWideVectors()).isFalse();
        System.setProperty(CpuModel.HALF_RATE_PROPERTY, "true");
        assertThat(CpuModel.parseProcCpuinfo(XEON).halvesWideVectors()).as("forced").isTrue();
        System.setProperty(CpuModel.HALF_RATE_PROPERTY, "false");
        assertThat(CpuModel.parseProcCpuinfo(ZEN4).halvesWideVectors()).as("forced").isFalse();
    }

    /** Where /proc/cpuinfo has the lines (Linux on x86), this machine is read from it, not left unknown. */
    @Test
    void thisMachineIsReadWhereItSaysWhatItIs() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        boolean x86 = System.getProperty("os.arch", "").matches("amd64|x86_64");
        assumeTrue(os.contains("linux") && x86 && System.getenv("PROCESSOR_IDENTIFIER") == null,
                "/proc/cpuinfo names vendor and family on Linux x86 only");
        CpuModel here = CpuModel.current();
        assertThat(here.family()).as("family from /proc/cpuinfo").isPositive();
        assertThat(here.vendor()).isNotBlank();
    }
}
