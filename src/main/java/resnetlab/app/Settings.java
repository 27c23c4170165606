package resnetlab.app;

import java.util.Locale;
import resnetlab.app.i18n.I18n;

/**
 * What the app remembers between runs: the window's size, the language, the theme, and whether the
 * "How to use this in class" overlay was dismissed for good. Kept by {@link SettingsFile}.
 *
 * @param version  the file format; a file from a newer resnet-lab (larger number) is not read
 * @param language "en" or "zh"
 * @param theme    "light" or "dark"
 */
record Settings(int version, int width, int height, String language, String theme, boolean welcomeDismissed) {
    static final int VERSION = 1;
    /** Smaller than this and the window is not usable (App's minimum size). */
    static final int MIN_WIDTH = 900, MIN_HEIGHT = 600;

    static Settings defaults() {
        return new Settings(VERSION, 1440, 900, "en", "light", false);
    }

    Locale locale() { return language.equals("zh") ? I18n.CHINESE : I18n.ENGLISH; }
    boolean dark() { return theme.equals("dark"); }

    Settings withWindow(int w, int h) { return new Settings(version, w, h, language, theme, welcomeDismissed); }
    Settings withLook(Locale locale, boolean dark) {
        return new Settings(version, width, height, locale.getLanguage().equals("zh") ? "zh" : "en", dark ? "dark" : "light",
                welcomeDismissed);
    }
    Settings withWelcomeDismissed() { return new Settings(version, width, height, language, theme, true); }
}
