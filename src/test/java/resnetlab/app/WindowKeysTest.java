package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * F11 and F5 pressed like a teacher presses them: the window goes full screen and back; presentation mode turns
 * on (style class, larger fonts, the charts' presentation theme, full screen) and off, also while a text field has
 * the focus (the keys are caught on the scene before any control sees them).
 */
class WindowKeysTest extends AppTestBase {

    private double rootFontSize() throws Exception {
        return fx(() -> ((javafx.scene.control.Label) app.view().lookup(".label")).getFont().getSize());
    }

    @Test
    void f11TogglesFullScreen() throws Exception {
        Stage stage = app.stage();
        clickOn("#tab-curves");
        assertThat(fx(stage::isFullScreen)).isFalse();
        type(KeyCode.F11);
        waitUntil(5, stage::isFullScreen);
        assertThat(fx(() -> app.ui().state().presentation.get())).as("F11 is full screen only, not presentation").isFalse();
        type(KeyCode.F11);
        waitUntil(5, () -> !stage.isFullScreen());
        assertThat(fx(() -> app.view().getStyleClass().contains("presentation"))).isFalse();
    }

    @Test
    void f5TogglesPresentationModeEvenFromATextField() throws Exception {
        Stage stage = app.stage();
        clickOn("#tab-curves");
        double normal = rootFontSize();
        assertThat(fx(() -> app.ui().state().chartThemeProperty().get().isPresentation())).isFalse();

        type(KeyCode.F5);
        waitUntil(5, () -> app.ui().state().presentation.get() && stage.isFullScreen());
        assertThat(fx(() -> app.view().getStyleClass().contains("presentation"))).isTrue();
        assertThat(fx(() -> app.ui().state().chartThemeProperty().get().isPresentation())).isTrue();
        pauseFor(200); // CSS applied on the next pulse
        assertThat(rootFontSize()).as("fonts grow in presentation mode").isGreaterThan(normal * 1.2);

        // presentation mode folds the bench into a strip; its button opens the bench as a drawer
        assertThat(fx(() -> lookup("#width-0").tryQuery().map(n -> n.isVisible() && n.getScene() != null).orElse(false))).isFalse();
        clickOn("#bench-drawer");
        clickOn("#width-0"); // a text field has the focus: F5 still reaches the window
        assertThat(fx(() -> app.view().getScene().getFocusOwner() instanceof TextField)).isTrue();
        type(KeyCode.F5);
        waitUntil(5, () -> !app.ui().state().presentation.get() && !stage.isFullScreen());
        assertThat(fx(() -> app.view().getStyleClass().contains("presentation"))).isFalse();
        assertThat(fx(() -> app.ui().state().chartThemeProperty().get().isPresentation())).isFalse();
        pauseFor(200);
        assertThat(rootFontSize()).isEqualTo(normal);
    }
}
