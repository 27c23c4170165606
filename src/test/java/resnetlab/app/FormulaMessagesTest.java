package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import resnetlab.app.i18n.I18n;
import resnetlab.charts.Tex;

/**
 * Every formula the app and the headless charts show typesets, in both languages: the messages are formatted as the
 * views format them (MessageFormat for the app, String.format for the chart words) and each $…$ is checked by
 * {@link Tex#problem}. A broken one is reported with its bundle and key. No raw markup (x_l, ^{…}, Σ_{…}) is left
 * outside a formula.
 */
class FormulaMessagesTest {
    private static final Pattern RAW = Pattern.compile("[A-Za-z]_[A-Za-z0-9{]|\\^\\{|\\^[0-9a-z]\\b|Σ_");

    /** "bundle key: problem" for each message whose formulas do not typeset or that has markup outside a formula. */
    static List<String> problems(ResourceBundle bundle, String name, boolean messageFormat) {
        List<String> out = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(bundle.keySet())) {
            String text = bundle.getString(key);
            if (messageFormat && text.matches("(?s).*\\{[0-9].*")) {
                MessageFormat f = new MessageFormat(text, Locale.ROOT);
                Object[] args = new Object[f.getFormatsByArgumentIndex().length];
                for (int i = 0; i < args.length; i++) args[i] = f.getFormatsByArgumentIndex()[i] != null ? (Object) 7 : "0.5";
                text = f.format(args);
            } else if (!messageFormat && text.contains("%")) {
                text = text.replaceAll("%[-0-9.]*[sdf]", "7").replace("%%", "%");
            }
            String p = Tex.problem(text);
            if (p != null) { out.add(name + " " + key + ": " + p); continue; }
            if (key.startsWith("network.")) continue; // network.txt is a text file, never typeset: "b_g=-6" as the CLI writes it
            Matcher raw = RAW.matcher(text.replaceAll("\\$[^$]*\\$", ""));
            if (raw.find()) out.add(name + " " + key + ": raw markup '" + raw.group() + "' outside $…$");
        }
        return out;
    }

    @Test
    void everyFormulaInTheMessagesTypesets() {
        List<String> p = new ArrayList<>();
        p.addAll(problems(I18n.load(I18n.ENGLISH), "messages.properties", true));
        p.addAll(problems(I18n.load(I18n.CHINESE), "messages_zh_CN.properties", true));
        ResourceBundle.Control plain = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        p.addAll(problems(ResourceBundle.getBundle("resnetlab.lessons.charts", Locale.ROOT, plain), "charts.properties", false));
        p.addAll(problems(ResourceBundle.getBundle("resnetlab.lessons.charts", Locale.SIMPLIFIED_CHINESE, plain), "charts_zh_CN.properties", false));
        assertThat(p).isEmpty();
    }

    @Test
    void bothLanguagesTypesetTheSameFormulas() {
        ResourceBundle en = I18n.load(I18n.ENGLISH), zh = I18n.load(I18n.CHINESE);
        for (String key : en.keySet()) {
            List<String> a = formulas(en.getString(key)), b = formulas(zh.getString(key));
            assertThat(b).as(key).containsExactlyInAnyOrderElementsOf(a); // word order may differ
        }
    }

    @Test
    void aBrokenFormulaIsReportedWithItsBundleAndKey() {
        ResourceBundle broken = new java.util.ListResourceBundle() {
            @Override protected Object[][] getContents() {
                return new Object[][] {{"flow.hint", "dies as $\\prod\\lambda$"}, {"paths.hint", "gives $\\left( 2^n$ paths"},
                        {"paths.count", "$n = {0}$: 2^'{'{0}'}'"}, {"flow.lambda", "open $x_L"}};
            }
        };
        assertThat(problems(broken, "messages_xx.properties", true)).satisfiesExactlyInAnyOrder(
                s -> assertThat(s).startsWith("messages_xx.properties flow.lambda: ").contains("not closed"),
                s -> assertThat(s).startsWith("messages_xx.properties paths.count: raw markup '^{'"),
                s -> assertThat(s).startsWith("messages_xx.properties paths.hint: TeX error"));
    }

    private static List<String> formulas(String s) {
        return Tex.hasFormula(s) ? Tex.split(s).stream().filter(Tex.Run::formula).map(Tex.Run::text).toList() : List.of();
    }
}
