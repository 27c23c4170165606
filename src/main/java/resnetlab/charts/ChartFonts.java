package resnetlab.charts;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks a font family that can draw a text, for charts drawn without the app (the headless lesson runner).
 * Java2D's logical families reach CJK fonts only where the JDK's font configuration lists one; where they
 * cannot draw the text, an installed CJK family is named instead (the app makes the same choice with JavaFX).
 */
public final class ChartFonts {
    /** CJK families in order of preference (Simplified Chinese first). */
    static final String[] CJK = {"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
            "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "SimHei",
            "Noto Sans CJK JP", "AR PL UMing CN"};

    private ChartFonts() {
    }

    /**
     * {@code theme}'s family if it can draw {@code sample}, else the first installed family that can (CJK
     * families preferred), else {@code theme}'s family (the text will show boxes: no font can draw it).
     */
    public static String familyFor(ChartTheme theme, String sample) {
        if (canDisplay(theme.fontFamily(), sample)) {
            return theme.fontFamily();
        }
        Set<String> installed = new HashSet<>(Arrays.asList(
                GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()));
        for (String f : CJK) {
            if (installed.contains(f) && canDisplay(f, sample)) {
                return f;
            }
        }
        for (String f : installed) {
            if (f.contains("CJK") && !f.contains("Mono") && !f.contains("Serif") && canDisplay(f, sample)) {
                return f;
            }
        }
        return theme.fontFamily();
    }

    /** Chinese chart text and the symbols charts mix into it (superscript minus, ∏, λ, ‖, ∂, ×, ↓). */
    static final String CHINESE_SAMPLE = "训练误差测试迭代块删除路径梯度";
    static final String SYMBOLS = "10\u207B\u2074 \u220F\u03BB\u2016\u2202\u00D7\u2193";

    /**
     * {@code theme} with a family for Chinese charts: one that draws the Chinese text and the symbols (a logical
     * family that falls back to a CJK font does both; a CJK font alone lacks the superscript minus of 10⁻⁴),
     * else one that draws the Chinese text.
     */
    public static ChartTheme forChinese(ChartTheme theme) {
        String f = familyFor(theme, CHINESE_SAMPLE + SYMBOLS);
        if (!canDisplay(f, CHINESE_SAMPLE + SYMBOLS)) f = familyFor(theme, CHINESE_SAMPLE);
        return f.equals(theme.fontFamily()) ? theme : theme.withFontFamily(f);
    }

    /** {@code theme} with a family that can draw {@code sample} (see {@link #familyFor}). */
    public static ChartTheme forText(ChartTheme theme, String sample) {
        String f = familyFor(theme, sample);
        return f.equals(theme.fontFamily()) ? theme : theme.withFontFamily(f);
    }

    static boolean canDisplay(String family, String sample) {
        return new Font(family, Font.PLAIN, 12).canDisplayUpTo(sample) == -1;
    }
}
