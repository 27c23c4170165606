package resnetlab.app.view;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.paint.Color;
import resnetlab.app.i18n.I18n;
import resnetlab.charts.ChartTheme;

/**
 * How the window looks right now: language, light or dark, presentation mode. Views bind to it; charts are
 * re-made with {@link #chartTheme()} when it changes. FX thread only.
 */
public final class UiState {
    public final I18n i18n;
    public final BooleanProperty dark = new SimpleBooleanProperty(this, "dark", false);
    /** Large fonts and thick lines, readable from the back of a room. */
    public final BooleanProperty presentation = new SimpleBooleanProperty(this, "presentation", false);
    private final ObjectBinding<ChartTheme> chartTheme;

    /** A font with Chinese glyphs, or null when the system has none. */
    private final String cjkFamily = findCjkFamily();
    private final ObjectBinding<String> fontFamily;

    public UiState(I18n i18n) {
        this.i18n = i18n;
        fontFamily = Bindings.createObjectBinding(() -> i18n.isChinese() && cjkFamily != null ? cjkFamily : "System",
                i18n.localeProperty());
        chartTheme = Bindings.createObjectBinding(() -> {
            ChartTheme t = (dark.get() ? ChartTheme.dark() : ChartTheme.light()).withPresentation(presentation.get());
            // Java2D's logical fonts reach CJK only where the JDK's font configuration lists one; else a CJK font is
            // named (ChartFonts prefers a family that also draws the symbols, such as the minus of 10⁻⁴)
            return i18n.isChinese() ? resnetlab.charts.ChartFonts.forChinese(t) : t;
        }, dark, presentation, i18n.localeProperty());
    }

    public ObjectBinding<ChartTheme> chartThemeProperty() { return chartTheme; }

    /**
     * The family the window's text uses: the system font, or in Chinese a CJK font. JavaFX on Linux does not
     * fall back to CJK fonts packed as .ttc (as Noto Sans CJK is on Debian), so Chinese text names one.
     */
    public ObjectBinding<String> fontFamilyProperty() { return fontFamily; }
    public String fontFamily() { return fontFamily.get(); }
    /** The CJK family for text that is Chinese whatever the language (the "中文" button), or "System". */
    public String cjkFamily() { return cjkFamily == null ? "System" : cjkFamily; }

    private static String findCjkFamily() {
        java.util.List<String> have = javafx.scene.text.Font.getFamilies();
        for (String f : new String[] {"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
                "SimHei", "Noto Sans CJK JP", "AR PL UMing CN"}) {
            if (have.contains(f)) return f;
        }
        for (String f : have) if (f.contains("CJK") && !f.contains("Mono") && !f.contains("Serif")) return f;
        return null;
    }
    public ChartTheme chartTheme() { return chartTheme.get(); }

    /** The colour of bench slot {@code slot}: the same as its curves in the charts. */
    public Color slotColor(int slot) { return fx(chartTheme().seriesColor(slot)); }

    public static Color fx(java.awt.Color c) {
        return Color.rgb(c.getRed(), c.getGreen(), c.getBlue(), c.getAlpha() / 255.0);
    }

    public static String css(Color c) {
        return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }
}
