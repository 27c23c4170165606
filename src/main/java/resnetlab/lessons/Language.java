package resnetlab.lessons;

import java.util.Locale;

/**
 * The language of the words drawn on a headless run's charts (titles, axis labels, legends, provenance line).
 * Model labels, numbers, symbols and units stay as they are. The handout text is always bilingual.
 */
public enum Language {
    /** English (the default). */
    EN("en", Locale.ROOT),
    /** Simplified Chinese. */
    ZH("zh", Locale.SIMPLIFIED_CHINESE);

    private final String code;
    private final Locale locale;

    Language(String code, Locale locale) {
        this.code = code;
        this.locale = locale;
    }

    /** The name on the command line and in index.json: "en" or "zh". */
    public String code() { return code; }

    /** The locale of the chart words' resource bundle (ROOT = the English base bundle). */
    Locale locale() { return locale; }

    /** The allowed codes for messages: "en, zh". */
    public static String allowed() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Language::code).toList());
    }

    /** The language with this code ("en" or "zh", any case). */
    public static Language parse(String code) {
        for (Language l : values()) if (l.code.equalsIgnoreCase(code == null ? "" : code.trim())) return l;
        throw new IllegalArgumentException("--lang '" + code + "' is not a chart language: use one of " + allowed());
    }
}
