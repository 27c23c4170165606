package resnetlab.kernel.simd;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the SIMD tests of a Surefire run that forces vectors wider than this CPU has: the {@code simd-512}
 * execution on an AVX2 or NEON machine would only repeat the default run (the kernels fall back to the
 * widest hardware species), so it says why it skipped instead. Used with {@code @ExtendWith} by every test
 * class that the per-species executions in {@code pom.xml} run.
 */
public final class SupportedSpecies implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        int requested = SimdSpecies.requestedBits();
        if (requested == 0 || SimdSpecies.supports(requested)) {
            return ConditionEvaluationResult.enabled("SIMD kernels at " + SimdSpecies.describe());
        }
        return ConditionEvaluationResult.disabled("-D" + SimdSpecies.PROPERTY + "=" + requested + " asks for "
                + requested + "-bit vectors; this CPU's widest are " + SimdSpecies.hardwareBits() + " bits");
    }
}
