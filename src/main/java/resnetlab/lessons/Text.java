package resnetlab.lessons;

import java.util.Locale;

/**
 * A text in both languages of the app: English and Simplified Chinese. Both are required in a lesson file.
 *
 * @param en English
 * @param zh Simplified Chinese
 */
public record Text(String en, String zh) {
    /** The text in a language: "zh" (any zh locale) gives Chinese, anything else English. */
    public String in(String language) {
        return language != null && language.toLowerCase(Locale.ROOT).startsWith("zh") ? zh : en;
    }

    public String in(Locale locale) {
        return in(locale == null ? null : locale.getLanguage());
    }
}
