package resnetlab.app;

import java.nio.file.Path;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import resnetlab.app.view.UiState;

/**
 * The window and its {@link SettingsFile}: at start the saved size, language and theme are applied (unless the
 * command line chose them), and each later change of language or theme, the size at close, and the dismissed
 * welcome overlay are saved. Runs that take screenshots, benchmark or prepare a session read and write no
 * settings (their pictures and numbers must not depend on the machine's user) unless a settings folder was
 * named for them ({@code -Dresnetlab.configDir}).
 */
final class AppSettings {
    private final SettingsFile file;
    /** Where a failed save is reported; set by attach. */
    private App app;

    private AppSettings(SettingsFile file) { this.file = file; }

    /** Settings for a real start from the command line: the user's folder, or none for an automated run. */
    static AppSettings forLaunch(AppOptions o) {
        boolean automated = o.screenshot() != null || o.benchmark() > 0 || o.prepare() != null || o.checkLayout() != null;
        return automated && !SettingsFile.folderGiven() ? none() : in(SettingsFile.folder());
    }

    static AppSettings in(Path folder) { return new AppSettings(SettingsFile.open(folder)); }

    /** No file: defaults, nothing saved (tests, screenshots). */
    static AppSettings none() { return new AppSettings(null); }

    boolean active() { return file != null; }
    Settings settings() { return file == null ? Settings.defaults() : file.settings(); }

    /** True until the welcome overlay is dismissed for good; never for a run without settings. */
    boolean showWelcome() { return file != null && !file.settings().welcomeDismissed(); }

    void dismissWelcome() { save(settings().withWelcomeDismissed()); }

    /** Applies the saved look and size and starts saving changes; posts the file's notice, if any. */
    void attach(App app, AppOptions o, Stage stage) {
        if (file == null) return;
        UiState state = app.ui().state();
        Settings s = file.settings();
        if (!o.lookFromCommandLine()) {
            state.i18n.localeProperty().set(s.locale());
            state.dark.set(s.dark());
        }
        AppOptions d = AppOptions.defaults();
        if (o.width() == d.width() && o.height() == d.height()) { // no --size: the size the window had last time
            stage.setWidth(s.width());
            stage.setHeight(s.height());
        }
        if (file.notice() != null) app.lab().post(file.notice());
        state.i18n.localeProperty().addListener((obs, a, b) -> save(settings().withLook(b, state.dark.get())));
        state.dark.addListener((obs, a, b) -> save(settings().withLook(state.i18n.locale(), b)));
        stage.addEventHandler(WindowEvent.WINDOW_HIDING, e -> {
            if (!stage.isFullScreen() && !stage.isMaximized() && stage.getWidth() >= Settings.MIN_WIDTH
                    && stage.getHeight() >= Settings.MIN_HEIGHT) {
                save(settings().withWindow((int) Math.round(stage.getWidth()), (int) Math.round(stage.getHeight())));
            }
        });
        this.app = app;
    }

    private void save(Settings s) {
        if (file == null) return;
        var problem = file.save(s);
        if (problem != null && app != null) app.lab().post(problem);
    }
}
