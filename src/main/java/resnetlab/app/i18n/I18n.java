package resnetlab.app.i18n;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Every word the app shows, in the language chosen at run time. Strings live in
 * {@code resnetlab/app/messages.properties} (English) and {@code messages_zh_CN.properties} (Simplified
 * Chinese), read as UTF-8 (Java 9+), formatted with {@link MessageFormat}.
 *
 * <p>Views bind to {@link #text(String, Object...)} so that switching {@link #localeProperty()} relabels the
 * whole window at once. A missing key shows as {@code !key!}, which the tests look for. Used on the FX thread.
 */
public final class I18n {
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    public static final List<Locale> LOCALES = List.of(ENGLISH, CHINESE);
    static final String BUNDLE = "resnetlab.app.messages";

    private final ObjectProperty<Locale> locale = new SimpleObjectProperty<>(this, "locale", ENGLISH);
    private ResourceBundle bundle;
    private Locale bundleLocale;

    public I18n(Locale initial) {
        locale.set(initial);
    }

    public ObjectProperty<Locale> localeProperty() { return locale; }
    public Locale locale() { return locale.get(); }
    public boolean isChinese() { return CHINESE.getLanguage().equals(locale.get().getLanguage()); }

    /** The bundle for {@code l}; the root (English) bundle stands in for unknown locales. */
    public static ResourceBundle load(Locale l) {
        return ResourceBundle.getBundle(BUNDLE, l, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The message for {@code key} in the current language, formatted with {@code args}. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle().getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        if (args.length == 0) return pattern;
        return new MessageFormat(pattern, locale.get()).format(args);
    }

    /** True when the bundle of the current language has {@code key}. */
    public boolean has(String key) { return bundle().containsKey(key); }

    /**
     * The bundle of the current language, loaded on first use after a switch: bindings re-read their text while
     * the locale's listeners run, in any order, so the bundle must never lag behind the locale.
     */
    private ResourceBundle bundle() {
        Locale l = locale.get();
        if (!l.equals(bundleLocale)) {
            bundle = load(l);
            bundleLocale = l;
        }
        return bundle;
    }

    /** A binding that re-reads {@code key} whenever the language changes. */
    public StringBinding text(String key, Object... args) {
        return Bindings.createStringBinding(() -> get(key, args), locale);
    }

    /** A binding recomputed when the language or any of {@code deps} changes. */
    public StringBinding bind(Callable<String> compute, Observable... deps) {
        Observable[] all = new Observable[deps.length + 1];
        all[0] = locale;
        System.arraycopy(deps, 0, all, 1, deps.length);
        return Bindings.createStringBinding(compute, all);
    }

    /** Short number for status lines: 3 significant digits, scientific below 1e-3. */
    public static String num(double v) {
        if (Double.isNaN(v)) return "–";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) return String.format(Locale.ROOT, "%.1e", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
