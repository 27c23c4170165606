package resnetlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The trap-limit flag (and on Linux the huge-page flag) reaches the JVMs the build starts, and a JVM without the first is told what to add. */
class JitFlagsTest {
    @Test
    void theTestJvmRunsWithTheLimitThePomPasses() {
        // the Surefire argLine carries ${vector.flags}, as javafx:run and the installer carry the same flag
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).contains(JitFlags.FLAG);
        assertThat(JitFlags.perMethodTrapLimit()).isEqualTo(JitFlags.TRAP_LIMIT);
        assertThat(JitFlags.advice()).isNull();
    }

    @Test
    void onLinuxTheTestJvmHasItsHeapOnHugePagesAsTheLaunchersDo() {
        boolean linux = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("linux");
        if (!linux) {
            assertThat(JitFlags.transparentHugePages()).as("no such option off Linux").isNull();
            return;
        }
        // the pom's linux-heap profile adds the flag to the Surefire argLine, as to javafx:run and the installer
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).contains(JitFlags.LINUX_HEAP_FLAG);
        String mode = thpMode();
        if (mode.isEmpty()) assertThat(JitFlags.transparentHugePages()).as("the option exists on Linux").isNotNull();
        else if (mode.contains("[never]")) assertThat(JitFlags.transparentHugePages()).as("THP off in the kernel").isFalse();
        else assertThat(JitFlags.transparentHugePages()).as("THP mode %s", mode).isTrue();
    }

    /** The kernel's THP mode line, e.g. {@code always [madvise] never}, or "" where it cannot be read. */
    private static String thpMode() {
        try {
            return java.nio.file.Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aJvmAtTheDefaultLimitIsToldTheFlagAndAnUnknownOneNothing() {
        assertThat(JitFlags.advice(100)).contains("-XX:PerMethodTrapLimit=100;").contains(JitFlags.FLAG);
        assertThat(JitFlags.advice(JitFlags.TRAP_LIMIT - 1)).isNotNull();
        assertThat(JitFlags.advice(JitFlags.TRAP_LIMIT)).isNull();
        assertThat(JitFlags.advice(-1)).isNull();
    }

    @Test
    void theCommandLineNotesAMissingFlagOnStderrAndKeepsQuietWithIt() throws Exception {
        String without = stderrOfVersion(List.of());
        assertThat(without).contains("note: this JVM runs with -XX:PerMethodTrapLimit=100;").contains(JitFlags.FLAG);
        assertThat(stderrOfVersion(List.of(JitFlags.FLAG))).doesNotContain("PerMethodTrapLimit");
    }

    /** Stderr of {@code resnetlab.cli.Main --version} in a fresh JVM with the Vector API and {@code flags}. */
    private static String stderrOfVersion(List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "resnetlab.cli.Main", "--version"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return err;
    }
}
