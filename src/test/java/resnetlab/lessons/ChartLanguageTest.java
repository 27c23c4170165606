package resnetlab.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.charts.ChartTheme;

/** --lang: the words on a headless run's charts in English (default) or Simplified Chinese. */
class ChartLanguageTest {
    @TempDir Path dir;

    static final RunOptions TINY = LessonRunnerTest.TINY;
    static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    static final Pattern ENGLISH_WORD = Pattern.compile("[A-Za-z]{3,}");
    /** Words that stay as they are in Chinese: a name, layer types, the command and the dataset in the provenance line. */
    static final Set<String> KEPT = Set.of("Kendall", "ReLU", "resnetlab", "lesson", "run", "shapes");
    static final List<String> MODELS = List.of("plain-8", "ResNet-14");

    /** One step per chart the headless runner draws, on two tiny models. */
    static final String EVERY_CHART = """
            {
              "id": "every-chart",
              "title": {"en": "Every chart", "zh": "所有图表"},
              "level": "beginner",
              "duration": 5,
              "preset": {"dataset": "shapes", "imageSize": 8, "trainSize": 64, "testSize": 40, "batch": 16, "lr": 0.05, "iterations": 100, "seeds": [5]},
              "steps": [
                {"text": {"en": "Train.", "zh": "训练。"},
                 "models": [{"depth": 8, "width": 2, "shortcut": "none"}, {"depth": 14, "width": 2}],
                 "pane": "curves", "chart": "training-error", "actions": [{"do": "train"}]},
                {"text": {"en": "Loss.", "zh": "损失。"}, "pane": "curves", "chart": "training-loss"},
                {"text": {"en": "Test.", "zh": "测试。"}, "pane": "curves", "chart": "test-error"},
                {"text": {"en": "End.", "zh": "结束。"}, "pane": "shortcuts", "chart": "final-error"},
                {"text": {"en": "Flow.", "zh": "梯度。"}, "pane": "gradient-flow", "chart": "depth-profile",
                 "actions": [{"do": "experiment", "name": "gradient-flow"}]},
                {"text": {"en": "Direct.", "zh": "直接项。"}, "pane": "gradient-flow", "chart": "direct-term"},
                {"text": {"en": "Heat.", "zh": "热图。"}, "pane": "gradient-flow", "chart": "heatmap"},
                {"text": {"en": "Weights.", "zh": "权重。"}, "pane": "gradient-flow", "chart": "weight-gradients"},
                {"text": {"en": "Counts.", "zh": "计数。"}, "pane": "paths", "chart": "path-counts"},
                {"text": {"en": "Delete.", "zh": "删除。"}, "pane": "lesions", "chart": "single-block", "actions": [{"do": "delete", "block": 1}]},
                {"text": {"en": "Swap.", "zh": "交换。"}, "pane": "lesions", "chart": "reorder",
                 "actions": [{"do": "swap", "blocks": [1, 2], "model": "ResNet-14"}]},
                {"text": {"en": "Paths.", "zh": "路径。"}, "pane": "paths", "chart": "path-lengths",
                 "actions": [{"do": "experiment", "name": "path-lengths", "model": "ResNet-14"}]},
                {"text": {"en": "Study.", "zh": "研究。"}, "pane": "lesions", "chart": "single-block",
                 "actions": [{"do": "experiment", "name": "lesion-study", "deletions": [1], "swaps": [1], "model": "ResNet-14"}]},
                {"text": {"en": "Random.", "zh": "随机。"}, "pane": "lesions", "chart": "random-k"},
                {"text": {"en": "Reorder.", "zh": "重排。"}, "pane": "lesions", "chart": "reorder"},
                {"text": {"en": "Responses.", "zh": "响应。"}, "pane": "responses", "chart": "response-std",
                 "actions": [{"do": "experiment", "name": "layer-responses"}]},
                {"text": {"en": "Surface.", "zh": "曲面。"}, "pane": "landscape", "chart": "contour",
                 "actions": [{"do": "experiment", "name": "loss-landscape", "grid": 3}]},
                {"text": {"en": "Slice.", "zh": "切片。"}, "pane": "landscape", "chart": "slice"}
              ]
            }
            """;

    private static Lesson lesson(String text) {
        LoadResult r = LessonLoader.parse("test.json", text);
        assertThat(r.problems()).as(r.report()).isEmpty();
        return r.lesson();
    }

    /** Runs every step; returns, per step, the words of every chart it wrote. */
    private List<List<String>> runAndReadWords(Lesson l, RunOptions options, Path out) throws Exception {
        List<List<String>> words = new ArrayList<>();
        try (LessonRunner runner = new LessonRunner(l, options)) {
            for (LessonStep step : l.steps()) {
                StepResult r = runner.runStep(step.number(), out, LessonRunner.Progress.NONE, () -> false);
                String where = "step " + step.number() + " " + step.pane().fileName() + "/" + step.chart();
                assertThat(r.status()).as(where + ": " + r.message()).isEqualTo(StepResult.DONE);
                assertThat(r.charts()).as(where).allSatisfy(c -> assertThat(c.status()).as(where + ": " + c.message()).isEqualTo(StepResult.DONE));
                List<JFreeChart> charts = runner.lastCharts();
                assertThat(charts).as(where).isNotEmpty();
                List<String> w = new ArrayList<>();
                for (JFreeChart c : charts) w.addAll(words(c));
                words.add(w);
            }
        }
        return words;
    }

    @Test void chineseChartsCarryChineseWordsAndNoEnglishOnes() throws Exception {
        Lesson l = lesson(EVERY_CHART);
        Path out = dir.resolve("zh");
        List<List<String>> steps = runAndReadWords(l, TINY.withLanguage(Language.ZH), out);
        for (int i = 0; i < steps.size(); i++) {
            LessonStep step = l.steps().get(i);
            String where = "step " + step.number() + " " + step.pane().fileName() + "/" + step.chart();
            List<String> words = steps.get(i);
            assertThat(words).as(where).anyMatch(s -> HAN.matcher(s).find());
            for (String s : words) {
                String rest = s;
                for (String m : MODELS) rest = rest.replace(m, "");
                rest = rest.replaceAll("\\$[^$]*\\$", ""); // a TeX formula is typeset: its commands are no words on the chart
                Matcher m = ENGLISH_WORD.matcher(rest);
                while (m.find()) assertThat(KEPT).as(where + ": English word '" + m.group() + "' in \"" + s + "\"").contains(m.group());
            }
        }
        List<String> first = steps.get(0);
        assertThat(first).contains("训练误差（1 次迭代的滑动平均）", "迭代", "训练误差（批次）");
        assertThat(first).anyMatch(s -> s.startsWith("缩小运行（只表明这一步能运行，不展示效果）— shapes，8x8，"));
        assertThat(steps.get(9)).contains("被删除的块", "测试误差", "未删除");
        assertThat(steps.get(14)).anyMatch(s -> s.startsWith("与原顺序的 Kendall τ"));

        // the CSV carries the Chinese series names; the index records the language
        // the final-error bar chart's CSV has a row per model and error (it once had only its header)
        List<String> finalRows = Files.readAllLines(out.resolve("step-4").resolve("final-error.csv"));
        assertThat(finalRows).hasSize(1 + 2 * MODELS.size());
        for (String model : MODELS) assertThat(finalRows).filteredOn(r -> r.endsWith("," + model)).hasSize(2);
        assertThat(finalRows.subList(1, finalRows.size())).allSatisfy(r -> assertThat(r.split(",")[2]).matches("[0-9.]+(E-?[0-9]+)?"));
        assertThat(Files.readString(out.resolve("step-9").resolve("path-counts.csv"))).contains("路径数 $\\binom{n}{k}$").doesNotContain("number of paths");
        assertThat(Files.readString(out.resolve("step-17").resolve("contour-1.csv"))).contains("训练损失").doesNotContain("training loss");
        assertThat(Files.readString(out.resolve("step-6").resolve("direct-term.csv"))).contains("ResNet-14：实测").doesNotContain("measured");
        String md = Handout.markdown(l, TINY.withLanguage(Language.ZH), List.of());
        assertThat(md).contains("图表中的文字为简体中文");
        assertThat(Handout.index(l, TINY.withLanguage(Language.ZH), List.of())).containsEntry("chartLanguage", "zh");
    }

    static final String NETWORK = """
            {
              "id": "network-words",
              "title": {"en": "Network", "zh": "网络"},
              "level": "beginner",
              "duration": 5,
              "preset": {"dataset": "shapes", "imageSize": 8, "trainSize": 64, "testSize": 40, "batch": 16, "lr": 0.05, "iterations": 2, "seeds": [5]},
              "steps": [
                {"text": {"en": "Look.", "zh": "看。"}, "models": [{"depth": 8, "width": 2}, {"depth": 8, "width": 2, "shortcut": "dropout", "option": "B"}], "pane": "network", "chart": "diagram"}
              ]
            }
            """;

    @Test void theNetworkTextIsWrittenInTheRunsLanguage() throws Exception {
        Lesson l = lesson(NETWORK);
        for (Language lang : Language.values()) {
            Path out = dir.resolve("net-" + lang.code());
            try (LessonRunner runner = new LessonRunner(l, TINY.withLanguage(lang))) {
                StepResult r = runner.runStep(1, out, LessonRunner.Progress.NONE, () -> false);
                assertThat(r.status()).as(r.message()).isEqualTo(StepResult.DONE);
            }
            List<String> lines = Files.readAllLines(out.resolve("step-1").resolve("network.txt"));
            assertThat(lines).hasSizeGreaterThanOrEqualTo(1 + 3);
            if (lang == Language.ZH) {
                assertThat(lines.get(0)).contains("个权重，输入 3x8x8").doesNotContain("weights");
                assertThat(lines.get(1)).contains("第 1 阶段").contains("步长 1");
                assertThat(lines.get(1).substring(0, lines.get(1).indexOf("步长"))).doesNotContain("stage");
                // every word of every block line: the layers too (identity, stride, subsample, dropout were English);
                // a model's header line starts with its name, which is the lesson's
                for (String line : lines) {
                    if (!line.startsWith(" ")) continue;
                    Matcher m = ENGLISH_WORD.matcher(line);
                    while (m.find()) assertThat(m.group()).as(line).isIn(KEPT);
                }
                assertThat(String.join("\n", lines)).contains("恒等", "下采样/2+补零→4", "卷积3x3（2→4，步长 2）", "随机失活（0.5）");
                // the model header lines too: "ResNet-8 (dropout shortcut, p=0.5)" was English
                assertThat(lines).anySatisfy(x -> assertThat(x).contains("ResNet-8（随机失活捷径，p=0.5）"));
                assertThat(String.join("\n", lines)).doesNotContain("dropout shortcut");
            } else {
                assertThat(lines.get(0)).contains(" weights, input 3x8x8").doesNotMatch(".*\\p{IsHan}.*");
                assertThat(lines.get(1)).contains("stage 1").contains("stride 1");
                assertThat(String.join("\n", lines)).contains("identity", "subsample/2+zero-pad→4", "conv3x3(2→4, stride 2)", "dropout(0.5)");
                assertThat(lines).anySatisfy(x -> assertThat(x).contains("ResNet-8 (dropout shortcut, p=0.5)"));
            }
        }
    }

    @Test void chartsStayEnglishByDefault() throws Exception {
        Lesson l = lesson(LessonFiles.VALID);
        assertThat(TINY.language()).isEqualTo(Language.EN);
        assertThat(RunOptions.defaults().language()).isEqualTo(Language.EN);
        assertThat(RunOptions.defaults().withLanguage(Language.ZH).withSmall(true).withThreads(1).withIterationScale(2).language())
                .isEqualTo(Language.ZH);
        List<List<String>> steps = runAndReadWords(l, TINY, dir.resolve("en"));
        assertThat(steps.get(0)).contains("Training error (running mean over 1 iteration)", "iteration", "training error (batch)");
        assertThat(steps.get(1)).contains("Deleting one block at test time (mean over seeds)", "deleted block", "test error", "no deletion");
        for (List<String> words : steps) assertThat(words).noneMatch(s -> HAN.matcher(s).find());
        assertThat(Handout.index(l, TINY, List.of())).containsEntry("chartLanguage", "en");
    }

    @Test void everyEnglishWordHasAChineseOneWithTheSamePlaceholders() throws Exception {
        var en = ChartWords.of(Language.EN).bundle();
        var zh = ChartWords.of(Language.ZH).bundle();
        java.util.Properties zhFile = new java.util.Properties();
        try (var in = ChartLanguageTest.class.getResourceAsStream("/resnetlab/lessons/charts_zh_CN.properties")) {
            zhFile.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        Pattern placeholder = Pattern.compile("%(?:\\.\\d+)?[sdf]|%%");
        assertThat(Collections.list(en.getKeys())).isNotEmpty();
        for (String key : Collections.list(en.getKeys())) {
            // the zh file itself has the key (not inherited from the English parent)
            assertThat(zhFile.stringPropertyNames()).as(key).contains(key);
            String e = en.getString(key), z = zh.getString(key);
            if (ENGLISH_WORD.matcher(e.replace("Kendall", "")).find()) {
                assertThat(z).as(key).isNotEqualTo(e).containsPattern(HAN);
            }
            assertThat(placeholders(placeholder, z)).as(key).isEqualTo(placeholders(placeholder, e));
        }
    }

    @Test void chineseChartsUseAFontThatDrawsChinese() {
        ChartTheme zh = LessonCharts.theme(Language.ZH);
        assertThat(new java.awt.Font(zh.fontFamily(), java.awt.Font.PLAIN, 12).canDisplayUpTo("训练误差 测试误差 迭代 被删除的块")).isEqualTo(-1);
        assertThat(LessonCharts.theme(Language.EN).fontFamily()).isEqualTo(ChartTheme.light().fontFamily());
    }

    /** A theme whose family cannot draw Chinese (a physical Latin font) gets an installed CJK family instead. */
    @Test void aFontWithoutChineseIsReplacedByOneWithIt() {
        String[] installed = java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
        org.junit.jupiter.api.Assumptions.assumeTrue(List.of(installed).contains("DejaVu Sans"), "DejaVu Sans is not installed");
        ChartTheme latin = ChartTheme.light().withFontFamily("DejaVu Sans");
        String family = resnetlab.charts.ChartFonts.familyFor(latin, "训练误差");
        assertThat(family).isNotEqualTo("DejaVu Sans");
        assertThat(new java.awt.Font(family, java.awt.Font.PLAIN, 12).canDisplayUpTo("训练误差 ‖∂E/∂x‖ ∏λ τ")).isEqualTo(-1);
        ChartTheme light = ChartTheme.light();
        assertThat(resnetlab.charts.ChartFonts.forText(light, "training error")).isSameAs(light);
        assertThat(resnetlab.charts.ChartFonts.forText(latin, "训练误差").fontFamily()).isEqualTo(family);
    }

    /**
     * Chinese charts also draw the symbols mixed into their text: "权重衰减 10⁻⁴" showed a box for the minus when the
     * charts named Noto Sans CJK SC (it has ⁴ but not ⁻); a logical family that reaches a CJK font draws both.
     */
    @Test void chineseChartsDrawTheSuperscriptMinusAndTheSymbols() {
        String text = "权重衰减 10\u207B\u2074 ‖∂E/∂x‖ ∏λ 3×3 10↓";
        String[] installed = java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
        boolean someFontCan = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12).canDisplayUpTo(text) == -1
                || java.util.Arrays.stream(installed).anyMatch(f -> new java.awt.Font(f, java.awt.Font.PLAIN, 12).canDisplayUpTo(text) == -1);
        org.junit.jupiter.api.Assumptions.assumeTrue(someFontCan, "no installed font draws Chinese and the symbols");
        for (ChartTheme t : List.of(LessonCharts.theme(Language.ZH), resnetlab.charts.ChartFonts.forChinese(ChartTheme.dark().withPresentation(true)))) {
            assertThat(new java.awt.Font(t.fontFamily(), java.awt.Font.PLAIN, 12).canDisplayUpTo(text)).as(t.fontFamily()).isEqualTo(-1);
        }
        // where no family draws the symbols, Chinese still comes first
        ChartTheme latin = ChartTheme.light().withFontFamily("DejaVu Sans");
        assertThat(new java.awt.Font(resnetlab.charts.ChartFonts.forChinese(latin).fontFamily(), java.awt.Font.PLAIN, 12)
                .canDisplayUpTo("训练误差")).isEqualTo(-1);
    }

    @Test void languageCodes() {
        assertThat(Language.parse("zh")).isEqualTo(Language.ZH);
        assertThat(Language.parse("EN")).isEqualTo(Language.EN);
        assertThatThrownBy(() -> Language.parse("xx")).hasMessage("--lang 'xx' is not a chart language: use one of en, zh");
    }

    private static List<String> placeholders(Pattern p, String s) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }

    // ---- the words of a JFreeChart ------------------------------------------------------------------------

    static List<String> words(JFreeChart chart) {
        List<String> out = new ArrayList<>();
        if (chart.getTitle() != null) add(out, chart.getTitle().getText());
        for (Object o : chart.getSubtitles()) {
            Title t = (Title) o;
            if (t instanceof TextTitle tt) add(out, tt.getText());
            if (t instanceof PaintScaleLegend psl) axis(out, psl.getAxis());
        }
        plot(out, chart.getPlot());
        return out;
    }

    private static void plot(List<String> out, Plot plot) {
        if (plot instanceof CombinedDomainXYPlot c) {
            axis(out, c.getDomainAxis());
            for (XYPlot p : c.getSubplots()) plot(out, p);
        } else if (plot instanceof XYPlot p) {
            for (int i = 0; i < p.getDomainAxisCount(); i++) axis(out, p.getDomainAxis(i));
            for (int i = 0; i < p.getRangeAxisCount(); i++) axis(out, p.getRangeAxis(i));
            for (int i = 0; i < p.getDatasetCount(); i++) {
                XYDataset d = p.getDataset(i);
                if (d != null) for (int s = 0; s < d.getSeriesCount(); s++) add(out, String.valueOf(d.getSeriesKey(s)));
            }
            legend(out, p.getLegendItems());
            for (Layer layer : new Layer[] {Layer.FOREGROUND, Layer.BACKGROUND}) {
                markers(out, p.getDomainMarkers(layer));
                markers(out, p.getRangeMarkers(layer));
            }
            for (XYAnnotation a : p.getAnnotations()) if (a instanceof XYTextAnnotation t) add(out, t.getText());
        } else if (plot instanceof CategoryPlot p) {
            axis(out, p.getDomainAxis());
            axis(out, p.getRangeAxis());
            CategoryDataset d = p.getDataset();
            if (d != null) for (Object k : d.getRowKeys()) add(out, String.valueOf(k));
            legend(out, p.getLegendItems());
            markers(out, p.getRangeMarkers(Layer.FOREGROUND));
            markers(out, p.getRangeMarkers(Layer.BACKGROUND));
        }
    }

    private static void axis(List<String> out, Axis a) {
        if (a != null) add(out, a.getLabel());
    }

    private static void legend(List<String> out, LegendItemCollection items) {
        if (items == null) return;
        for (int i = 0; i < items.getItemCount(); i++) {
            LegendItem item = items.get(i);
            add(out, item.getLabel());
        }
    }

    private static void markers(List<String> out, Collection<?> markers) {
        if (markers == null) return;
        for (Object m : markers) add(out, ((Marker) m).getLabel());
    }

    private static void add(List<String> out, String s) {
        if (s != null && !s.isBlank()) out.add(s);
    }
}
