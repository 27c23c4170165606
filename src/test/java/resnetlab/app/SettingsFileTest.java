package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.Notice;

/** The remembered settings: a round trip, and a bad or newer file gives the defaults, a notice, and is not lost. */
class SettingsFileTest {
    @TempDir Path dir;

    @Test void noFileIsAFirstRunWithTheDefaults() {
        SettingsFile f = SettingsFile.open(dir.resolve("new-folder"));
        assertThat(f.settings()).isEqualTo(Settings.defaults());
        assertThat(f.notice()).isNull();
        assertThat(f.save(Settings.defaults().withWelcomeDismissed())).isNull();
        assertThat(dir.resolve("new-folder/settings.json")).exists();
    }

    @Test void whatIsSavedIsReadBack() {
        Settings s = Settings.defaults().withWindow(1280, 800).withLook(I18n.CHINESE, true).withWelcomeDismissed();
        assertThat(SettingsFile.open(dir).save(s)).isNull();
        SettingsFile again = SettingsFile.open(dir);
        assertThat(again.settings()).isEqualTo(s);
        assertThat(again.settings().locale()).isEqualTo(I18n.CHINESE);
        assertThat(again.settings().dark()).isTrue();
        assertThat(again.notice()).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("settings.json");
        }
        catch (java.io.IOException e) { throw new AssertionError(e); }
    }

    @Test void aCorruptFileGivesTheDefaultsANoticeAndIsKeptAsBad() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"version\": 1, \"width\": 1280,");
        SettingsFile f = SettingsFile.open(dir);
        assertThat(f.settings()).isEqualTo(Settings.defaults());
        assertThat(f.notice().level()).isEqualTo(Notice.Level.WARNING);
        assertThat(f.notice().key()).isEqualTo("settings.bad");
        assertThat(dir.resolve("settings.json.bad")).hasContent("{\"version\": 1, \"width\": 1280,");
        // saving now writes a fresh file and leaves the bad one alone
        assertThat(f.save(Settings.defaults().withWelcomeDismissed())).isNull();
        assertThat(SettingsFile.open(dir).settings().welcomeDismissed()).isTrue();
        assertThat(dir.resolve("settings.json.bad")).hasContent("{\"version\": 1, \"width\": 1280,");
    }

    @Test void aFieldOfTheWrongKindIsABadFileNamingTheField() throws Exception {
        Files.writeString(dir.resolve("settings.json"), "{\"version\": 1, \"theme\": \"purple\"}");
        SettingsFile f = SettingsFile.open(dir);
        assertThat(f.settings()).isEqualTo(Settings.defaults());
        assertThat(f.notice().args()[1].toString()).contains("'theme'").contains("purple");
        Files.writeString(dir.resolve("settings.json"), "{\"version\": 1, \"width\": 40}");
        assertThat(SettingsFile.open(dir).notice().args()[1].toString()).contains("40x900");
    }

    @Test void aFileFromANewerVersionIsLeftAsItIsAndNeverWrittenOver() throws Exception {
        Path file = dir.resolve("settings.json");
        String newer = "{\"version\": 7, \"width\": 1600, \"height\": 1000, \"colourScheme\": \"solarized\"}";
        Files.writeString(file, newer);
        SettingsFile f = SettingsFile.open(dir);
        assertThat(f.settings()).isEqualTo(Settings.defaults());
        assertThat(f.notice().key()).isEqualTo("settings.newer");
        assertThat(f.notice().args()).containsExactly(file.toString(), 7, Settings.VERSION);
        f.save(Settings.defaults().withLook(I18n.CHINESE, true));
        assertThat(file).hasContent(newer);
        assertThat(f.settings().language()).as("kept for this run").isEqualTo("zh");
        assertThat(dir.resolve("settings.json.bad")).doesNotExist();
    }

    @Test void testsNeverUseTheRealConfigFolder() {
        // surefire names a folder under target/ for every test (pom.xml): nothing here writes to ~/.config
        assertThat(SettingsFile.folderGiven()).isTrue();
        assertThat(SettingsFile.folder().toAbsolutePath().toString()).contains("target");
    }
}
