package resnetlab.lessons;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words on a headless run's charts in one {@link Language}, from {@code resnetlab/lessons/charts.properties}
 * (English) and {@code charts_zh_CN.properties} (Simplified Chinese; UTF-8, read by {@link ResourceBundle}). A
 * value used with {@link #format} is a {@link String#format} pattern ({@code %s}, {@code %d}, {@code %%}).
 */
final class ChartWords {
    static final String BUNDLE = "resnetlab.lessons.charts";
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Language language;
    private final ResourceBundle bundle;

    private ChartWords(Language language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle(BUNDLE, language.locale(), ChartWords.class.getClassLoader(), NO_FALLBACK);
    }

    private static final ChartWords EN = new ChartWords(Language.EN), ZH = new ChartWords(Language.ZH);

    static ChartWords of(Language language) {
        return language == Language.ZH ? ZH : EN;
    }

    Language language() { return language; }

    /** The bundle itself (for tests: every English key has a Chinese value). */
    ResourceBundle bundle() { return bundle; }

    /** The words under {@code key}. */
    String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("chart words: no '" + key + "' in " + BUNDLE + " (" + language.code() + ")", e);
        }
    }

    /** The pattern under {@code key} filled with {@code args} (numbers formatted as in Locale.ROOT). */
    String format(String key, Object... args) {
        return String.format(Locale.ROOT, get(key), args);
    }
}
