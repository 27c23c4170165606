package resnetlab.lessons;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.Test;

/** The lessons are library code: no console, no UI, no dependency on the clients (cli, app). */
class LessonArchitectureTest {
    static final JavaClasses LESSONS = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("resnetlab.lessons");

    @Test void noConsoleOutput() {
        noClasses().should(GeneralCodingRules.ACCESS_STANDARD_STREAMS).check(LESSONS);
    }

    @Test void noJavaFxAndNoClients() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree.chart.fx..", "resnetlab.app..", "resnetlab.cli..")
                .check(LESSONS);
    }
}
