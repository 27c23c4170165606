package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.layout.GridPane;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.app.i18n.I18n;
import resnetlab.app.view.HelpDialogs;

/**
 * A teacher's first two starts, with the settings in a folder of the test's own: the first opens on the
 * default bench with "How to use this in class" over it; Start dismisses it for good; Help shows the keys and
 * the licences and the welcome page again; the language chosen is saved. The second start remembers both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstRunHelpTest extends AppTestBase {
    @TempDir static Path settings;

    @Override protected App newApp(AppOptions options) { return new App(options, settings); }

    @Test @Order(1)
    void firstRunShowsTheWelcomeThenHelpShowsKeysAndLicences() throws Exception {
        assertThat(fx(() -> app.welcome().isShown())).as("welcome on a first run").isTrue();
        assertThat(fx(() -> lookup("#welcome").query().isVisible())).isTrue();
        assertThat(fx(() -> app.stage().getIcons().size())).as("the window's icons, 16-512 px").isEqualTo(8);
        clickOn("#welcome-start");
        waitUntil(5, () -> !app.welcome().isShown());
        assertThat(Files.readString(settings.resolve("settings.json"))).contains("\"welcomeDismissed\" : true");

        clickOn("Help").clickOn("Keyboard shortcuts");
        waitUntil(5, () -> lookup("#help-keys").tryQuery().isPresent());
        GridPane keys = lookup("#help-keys").queryAs(GridPane.class);
        assertThat(fx(() -> keys.getChildren().size())).as("key and action for each shortcut").isEqualTo(2 * 12);
        assertThat(fx(() -> texts(keys))).contains("Space", "play / pause training", "F5", "Page Down / Page Up");
        clickOn("Close");
        waitUntil(5, () -> lookup("#help-keys").tryQuery().isEmpty());

        clickOn("Help").clickOn("About resnet-lab");
        waitUntil(5, () -> lookup("#about-licences").tryQuery().isPresent());
        GridPane licences = lookup("#about-licences").queryAs(GridPane.class);
        String shown = fx(() -> texts(licences));
        assertThat(fx(() -> licences.getChildren().size())).isEqualTo(3 * (1 + HelpDialogs.licences().size()));
        assertThat(shown).contains("OpenJFX", "GPL 2.0 with Classpath Exception", "Jackson", "Apache 2.0", "JFreeChart", "LGPL 2.1",
                "Fashion-MNIST", "MIT, Zalando SE", resnetlab.Version.get(), System.getProperty("java.version"));
        assertThat(shown).doesNotContain("${");
        clickOn("Close");
        waitUntil(5, () -> lookup("#about-licences").tryQuery().isEmpty());

        clickOn("Help").clickOn("How to use this in class");
        waitUntil(5, () -> app.welcome().isShown());
        clickOn("#welcome-later");
        waitUntil(5, () -> !app.welcome().isShown());

        clickOn("#lang-zh");
        waitUntil(5, () -> app.ui().i18n().isChinese());
        assertThat(Files.readString(settings.resolve("settings.json"))).contains("\"language\" : \"zh\"").contains("\"welcomeDismissed\" : true");

        // a lesson file handed to the running app (macOS's open-file event) opens in the lesson panel
        Path lesson = Path.of("lessons/03-gradient-flow.json").toAbsolutePath();
        fx(() -> { app.open(lesson); return null; });
        waitUntil(10, () -> app.view().lessonsShown() && app.view().lessons().lesson() != null
                && app.view().lessons().lesson().id().equals("gradient-flow"));
    }

    @Test @Order(2)
    void theSecondStartRemembersTheLanguageAndShowsNoWelcome() throws Exception {
        assertThat(fx(() -> app.welcome().isShown())).isFalse();
        assertThat(fx(() -> app.ui().i18n().locale())).isEqualTo(I18n.CHINESE);
        assertThat(fx(() -> lookup("#welcome").tryQuery().isPresent())).isFalse();
    }

    private static String texts(Node parent) {
        StringBuilder sb = new StringBuilder();
        parent.lookupAll(".label").forEach(n -> sb.append(((javafx.scene.control.Labeled) n).getText()).append('\n'));
        return sb.toString();
    }

}
