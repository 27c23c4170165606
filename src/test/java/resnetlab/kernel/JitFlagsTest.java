package resnetlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The trap-limit flag reaches the JVMs the build starts, and a JVM without it is told what to add. */
class JitFlagsTest {
    @Test
    void theTestJvmRunsWithTheLimitThePomPasses() {
        // the Surefire argLine carries ${vector.flags}, as javafx:run and the installer carry the same flag
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).contains(JitFlags.FLAG);
        assertThat(JitFlags.perMethodTrapLimit()).isEqualTo(JitFlags.TRAP_LIMIT);
        assertThat(JitFlags.advice()).isNull();
    }

    @Test
    void aJvmAtTheDefaultLimitIsToldTheFlagAndAnUnknownOneNothing() {
        assertThat(JitFlags.advice(100)).contains("-XX:PerMethodTrapLimit=100;").contains(JitFlags.FLAG);
        assertThat(JitFlags.advice(JitFlags.TRAP_LIMIT - 1)).isNotNull();
        assertThat(JitFlags.advice(JitFlags.TRAP_LIMIT)).isNull();
        assertThat(JitFlags.advice(-1)).isNull();
    }
}
