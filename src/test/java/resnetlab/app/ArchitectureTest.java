package resnetlab.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of resnet-lab (STYLE.md): the app is a client of the engine like the CLI; nothing below it knows
 * JavaFX, and only the SIMD kernel package touches the incubating Vector API. Inside the app, view-models do
 * not build controls, and only the smoke and benchmark mains write to stdout.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void load() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("resnetlab");
    }

    @Test
    void nothingOutsideTheAppUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("resnetlab.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree.chart.fx..", "com.sun.javafx..")
                .check(main);
    }

    @Test
    void onlyTheSimdKernelUsesTheVectorApi() {
        noClasses().that().resideOutsideOfPackage("resnetlab.kernel.simd..")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .check(main);
    }

    @Test
    void nothingBelowTheAppDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("resnetlab.app..")
                .should().dependOnClassesThat().resideInAPackage("resnetlab.app..")
                .check(main);
    }

    @Test
    void viewModelsDoNotBuildControls() {
        noClasses().that().resideInAPackage("resnetlab.app.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "resnetlab.app.view..")
                .check(main);
    }

    @Test
    void theTrainingWorkerAndSessionFilesKnowNoJavaFx() {
        noClasses().that().haveSimpleNameStartingWith("TrainingWorker").or().haveSimpleNameStartingWith("SessionFile")
                .or().haveSimpleNameStartingWith("DataCache").or().haveSimpleName("RunEvent")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .check(main);
    }

    @Test
    void onlyTheSmokeAndBenchmarkMainsWriteToStdout() {
        noClasses().that().resideInAPackage("resnetlab.app..")
                .and().doNotHaveSimpleName("Benchmark").and().doNotHaveSimpleName("SmokeShot").and().doNotHaveSimpleName("Prepare")
                .and().doNotHaveSimpleName("App").and().doNotHaveSimpleName("Soak").and().doNotHaveSimpleName("LayoutCheck")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .check(main);
    }
}
