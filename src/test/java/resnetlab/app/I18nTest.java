package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.Comparison;
import resnetlab.app.model.DataPreset;
import resnetlab.model.DimensionOption;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/** Both languages have every message, every pattern parses, and the keys made at run time exist. */
class I18nTest {
    private final ResourceBundle en = I18n.load(I18n.ENGLISH);
    private final ResourceBundle zh = I18n.load(I18n.CHINESE);

    @Test
    void chineseIsReallyChineseAndEnglishIsTheRoot() {
        assertThat(en.getString("control.play")).isEqualTo("Play");
        assertThat(zh.getString("control.play")).isEqualTo("播放");
        assertThat(I18n.load(Locale.GERMAN).getString("control.play")).isEqualTo("Play");
    }

    @Test
    void bothLanguagesHaveTheSameKeys() {
        Set<String> a = new TreeSet<>(en.keySet()), b = new TreeSet<>(zh.keySet());
        Set<String> onlyEn = new TreeSet<>(a);
        onlyEn.removeAll(b);
        Set<String> onlyZh = new TreeSet<>(b);
        onlyZh.removeAll(a);
        assertThat(onlyEn).as("missing in Chinese").isEmpty();
        assertThat(onlyZh).as("missing in English").isEmpty();
    }

    @Test
    void everyPatternFormatsWithTheArgumentsItNames() {
        for (ResourceBundle r : List.of(en, zh)) {
            for (String k : r.keySet()) {
                String p = r.getString(k);
                if (!p.matches("(?s).*\\{[0-9].*")) continue; // no arguments: shown as written, braces and all
                MessageFormat f = new MessageFormat(p, r.getLocale());
                Object[] args = new Object[f.getFormatsByArgumentIndex().length];
                for (int i = 0; i < args.length; i++) args[i] = f.getFormatsByArgumentIndex()[i] != null ? (Object) 7 : "x";
                String out = f.format(args);
                // braces inside a TeX formula ($\\lambda^{27}$) are TeX's; outside one they are a missed argument
                assertThat(out.replaceAll("\\$[^$]*\\$", "")).as(k).doesNotContain("{").doesNotContain("}");
            }
        }
    }

    @Test
    void keysBuiltAtRunTimeExistInBothLanguages() {
        List<String> keys = new ArrayList<>();
        for (ShortcutType s : ShortcutType.values()) { keys.add("shortcut." + s.cliName()); keys.add("shortcut." + s.cliName() + ".formula"); }
        for (UnitOrder u : UnitOrder.values()) { keys.add("unit." + u.cliName()); keys.add("unit." + u.cliName() + ".order"); }
        for (DimensionOption o : DimensionOption.values()) keys.add("option." + o.name().toLowerCase(Locale.ROOT));
        for (DataPreset p : DataPreset.ALL) keys.add("data." + p.key());
        for (BenchModel.Phase p : BenchModel.Phase.values()) keys.add("phase." + p.name().toLowerCase(Locale.ROOT));
        for (Comparison c : Comparison.values()) keys.add(c.key());
        for (String f : List.of("depth", "width", "lambda", "gateBias", "dropout", "seed", "lr", "batch", "iterations")) keys.add("field." + f);
        for (String e : List.of("png", "svg", "pdf", "csv")) { keys.add("export." + e); keys.add("dialog.filter." + e); }
        keys.add("dialog.filter.rlab");
        for (String t : List.of("curves", "flow", "lesion", "paths", "units", "responses", "landscape")) { keys.add("tab." + t); keys.add("tab." + t + ".tooltip"); }
        for (String b : List.of("lesion.copy", "lesion.restore", "lesion.sweep", "control.step", "control.reset", "paths.measure", "responses.measure", "landscape.compute")) keys.add(b + ".tooltip");
        for (String k : keys) {
            assertThat(en.containsKey(k)).as("English " + k).isTrue();
            assertThat(zh.containsKey(k)).as("Chinese " + k).isTrue();
        }
    }

    @Test
    void missingKeysShowAsMarkers() {
        I18n t = new I18n(I18n.CHINESE);
        assertThat(t.get("no.such.key")).isEqualTo("!no.such.key!");
        assertThat(t.get("status.iteration", 1234)).isEqualTo("第 1234 次迭代");
        t.localeProperty().set(I18n.ENGLISH);
        assertThat(t.get("status.iteration", 1234)).isEqualTo("iteration 1234");
    }
}
