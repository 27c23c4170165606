package resnetlab.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Only {@code resnetlab.kernel.simd} may link against the incubating Vector API, so that everything else
 * loads and runs on a JVM started without {@code --add-modules jdk.incubator.vector} (Kernels then falls
 * back to the EJML GEMM).
 */
class VectorApiConfinementTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("resnetlab");

    @Test
    void onlyKernelSimdUsesTheVectorApi() {
        noClasses().that().resideOutsideOfPackage("resnetlab.kernel.simd..")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .check(ENGINE);
    }

    @Test
    void theRuleSeesTheSimdPackage() {
        // guards against a vacuous pass: the importer must find the classes that do use the API
        assertThat(ENGINE.stream().filter(c -> c.getPackageName().equals("resnetlab.kernel.simd")).count())
                .isGreaterThanOrEqualTo(3);
        assertThat(ENGINE.stream().anyMatch(c -> c.getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("jdk.incubator.vector")))).isTrue();
    }
}
