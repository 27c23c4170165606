package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import org.junit.jupiter.api.Test;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.Comparison;

/**
 * Presentation mode on a 720p projector: the lesson's step text gets the panel's room (a smaller title, no level or
 * models line), so a class reads more than a few lines of it; in the same window without presentation mode (a laptop's font) everything is shown.
 */
class LessonPanelCompactTest extends AppTestBase {
    @Override protected AppOptions options() {
        return new AppOptions(I18n.ENGLISH, false, true, Comparison.QUICK, "curves", false, null, 0, 1280, 720, null, 0, 0,
                null, false, "01-degradation", false, 0, null, null);
    }

    private double linesOfText() throws Exception {
        return fx(() -> {
            ScrollPane scroll = lookup("#lesson-scroll").queryAs(ScrollPane.class);
            Label text = lookup("#lesson-text").queryAs(Label.class);
            return scroll.getViewportBounds().getHeight() / (text.getFont().getSize() * 1.4);
        });
    }

    @Test void aShortProjectorGivesTheStepTextTheRoomAndALaptopWindowShowsEverything() throws Exception {
        waitUntil(30, () -> app.view().lessons().lesson() != null && lookup("#lesson-scroll").tryQuery().isPresent());
        waitUntil(10, () -> !lookup("#lesson-meta").queryAs(Label.class).isVisible());
        assertThat(linesOfText()).as("lines of the step text in view at 1280x720, presentation mode").isGreaterThanOrEqualTo(7);

        fx(() -> { app.ui().state().presentation.set(false); return null; }); // the same window, the desktop's font
        waitUntil(10, () -> lookup("#lesson-meta").queryAs(Label.class).isVisible());
        assertThat(linesOfText()).isGreaterThanOrEqualTo(7);
    }
}
