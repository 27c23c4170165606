package resnetlab.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The layout check finds what it is meant to find, in a small window made for the purpose: a label cut to "…",
 * a text field too narrow for its value, and a box whose children run past its edge; and nothing in the same
 * window when everything fits.
 */
class LayoutProblemsTest {
    static {
        System.setProperty("testfx.robot", "glass");
        System.setProperty("testfx.headless", "true");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("java.awt.headless", "true");
    }

    private static Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    /** Shows {@code root} at 400x200, lets it lay out, and returns the check's lines. */
    private static List<String> check(javafx.scene.Parent root) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            stage.setScene(new Scene(root, 400, 200));
            stage.show();
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> LayoutProblems.find(stage.getScene(), "test", "pane")).get(30, TimeUnit.SECONDS);
    }

    @Test
    void fittingWindowHasNoProblems() throws Exception {
        Label name = new Label("ResNet-56");
        TextField depth = new TextField("56");
        depth.setPrefColumnCount(4);
        List<String> problems = check(new VBox(8, name, depth));
        assertEquals(List.of(), problems);
    }

    @Test
    void findsACutLabelAHiddenValueAndAnOverflowingBox() throws Exception {
        Label cut = new Label("ResNet-56 (λ=0.5), a name too long for its label");
        cut.setId("cut-name");
        cut.setMaxWidth(80);
        Label whole = new Label("fits");
        whole.setId("whole");
        TextField depth = new TextField("110");
        depth.setId("depth");
        depth.setPrefColumnCount(1);
        depth.setMaxWidth(24);
        depth.setMinWidth(24);
        Label wide1 = new Label("a label that keeps its width");
        Label wide2 = new Label("and another one beside it");
        for (Label l : List.of(wide1, wide2)) l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        wide2.setId("wide2");
        HBox row = new HBox(8, wide1, wide2);
        row.setId("row");
        row.setMinWidth(200); // a box held narrower than its children need
        row.setMaxWidth(200);
        VBox root = new VBox(8, cut, whole, depth, row);
        root.setFillWidth(false);
        List<String> problems = check(root);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("test: #cut-name") && p.contains("text cut")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("test: #depth") && p.contains("value \"110\" hidden")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("test: #wide2") && p.contains("runs out of its")), problems::toString);
        assertTrue(problems.stream().noneMatch(p -> p.contains("#whole")), problems::toString);
        assertEquals(3, problems.size(), problems::toString);
    }
}
