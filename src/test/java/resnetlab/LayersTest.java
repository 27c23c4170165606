package resnetlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine's order, lowest first: a package may use the ones below it, never one above. The numerical core is
 * tensor ← kernel ← nn ← model ← train ← experiments ← lessons ← clients (cli, app); beside it sit small
 * packages at the level of what they need: io (files and JSON) and charts (drawing numbers; knows no network)
 * at the bottom, data (datasets as tensors) beside kernel, pytorch (export/import) beside lessons. The clients
 * do not use each other. And no package, nor any package of the app, is part of a dependency cycle.
 */
class LayersTest {
    /** The levels, lowest first; each holds package patterns (ArchUnit syntax). */
    static final List<List<String>> LEVELS = List.of(
            List.of("resnetlab.tensor..", "resnetlab.io..", "resnetlab.charts.."),
            List.of("resnetlab.kernel..", "resnetlab.data.."),
            List.of("resnetlab.nn.."),
            List.of("resnetlab.model.."),
            List.of("resnetlab.train.."),
            List.of("resnetlab.experiments.."),
            List.of("resnetlab.lessons..", "resnetlab.pytorch.."),
            List.of("resnetlab.cli..", "resnetlab.app.."));

    private static JavaClasses main;

    @BeforeAll
    static void load() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("resnetlab");
    }

    @TestFactory
    List<DynamicTest> noLevelUsesALevelAboveIt() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < LEVELS.size() - 1; i++) {
            List<String> above = new ArrayList<>();
            for (List<String> l : LEVELS.subList(i + 1, LEVELS.size())) above.addAll(l);
            for (String pkg : LEVELS.get(i)) {
                tests.add(DynamicTest.dynamicTest(pkg + " uses nothing above it", () -> noClasses().that().resideInAPackage(pkg)
                        .should().dependOnClassesThat().resideInAnyPackage(above.toArray(String[]::new)).check(main)));
            }
        }
        return tests;
    }

    @Test
    void theClientsDoNotUseEachOther() {
        noClasses().that().resideInAPackage("resnetlab.cli..").should().dependOnClassesThat().resideInAPackage("resnetlab.app..").check(main);
        noClasses().that().resideInAPackage("resnetlab.app..").should().dependOnClassesThat().resideInAPackage("resnetlab.cli..").check(main);
    }

    @Test
    void besidePackagesAreIndependent() {
        noClasses().that().resideInAPackage("resnetlab.lessons..").should().dependOnClassesThat().resideInAPackage("resnetlab.pytorch..").check(main);
        noClasses().that().resideInAPackage("resnetlab.pytorch..").should().dependOnClassesThat().resideInAPackage("resnetlab.lessons..").check(main);
    }

    /** Over every package, each on its own (kernel and kernel.simd, app and app.view are different slices). */
    @Test
    void noCyclesBetweenPackages() {
        slices().matching("resnetlab.(**)").should().beFreeOfCycles().check(main);
    }

    /** Every package of the code is in a level, so a new package cannot slip past these rules unnoticed. */
    @Test
    void everyPackageHasALevel() {
        List<String> all = new ArrayList<>();
        LEVELS.forEach(all::addAll);
        noClasses().that().resideOutsideOfPackages(all.toArray(String[]::new)).and().resideOutsideOfPackage("resnetlab")
                .should().bePublic().orShould().notBePublic()
                .because("every package of resnetlab belongs in LayersTest.LEVELS").allowEmptyShould(true).check(main);
    }
}
