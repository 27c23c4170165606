package resnetlab.lessons;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import resnetlab.Version;
import resnetlab.io.AtomicFiles;
import resnetlab.io.Json;

/**
 * The summary of a lesson run: {@code index.json} (machine-readable: every step's status and files) and
 * {@code index.md}, a handout with each step's text in English and Chinese, its chart, its results and the
 * discussion questions (answers for the teacher in a separate section at the end).
 */
final class Handout {
    static final String INDEX_JSON = "index.json";
    static final String INDEX_MD = "index.md";

    private Handout() {}

    static void write(Lesson lesson, RunOptions options, List<StepResult> results, Path outDir) throws IOException {
        Json.write(outDir.resolve(INDEX_JSON), index(lesson, options, results));
        AtomicFiles.writeString(outDir.resolve(INDEX_MD), markdown(lesson, options, results));
    }

    static Map<String, Object> index(Lesson lesson, RunOptions options, List<StepResult> results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "resnetlab-lesson-run/1");
        m.put("lesson", lesson.id());
        m.put("title", lesson.title());
        m.put("source", lesson.source());
        m.put("version", Version.get());
        m.put("small", options.small());
        m.put("iterationScale", options.iterationScale());
        m.put("threads", options.threads());
        m.put("chartLanguage", options.language().code());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepResult r : results) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", r.step());
            s.put("id", r.id());
            s.put("pane", r.pane());
            s.put("chart", r.chart());
            s.put("status", r.status());
            s.put("message", r.message());
            s.put("dir", "step-" + r.step());
            List<String> files = new ArrayList<>();
            files.add("step-" + r.step() + "/result.json");
            for (StepResult.ChartFile c : r.charts()) for (String f : c.files()) files.add("step-" + r.step() + "/" + f);
            s.put("files", files);
            s.put("notes", r.notes());
            s.put("seconds", r.seconds());
            steps.add(s);
        }
        m.put("steps", steps);
        return m;
    }

    static String markdown(Lesson lesson, RunOptions options, List<StepResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(lesson.title().en()).append(" / ").append(lesson.title().zh()).append("\n\n");
        md.append("Level: ").append(lesson.level().fileName()).append(" · about ").append(lesson.duration()).append(" minutes · lesson `")
                .append(lesson.id()).append("` · resnet-lab ").append(Version.get()).append("\n\n");
        if (lesson.summary() != null) md.append(lesson.summary().en()).append("\n\n").append(lesson.summary().zh()).append("\n\n");
        md.append(options.language() == Language.ZH ? "Chart words are in Simplified Chinese (`--lang zh`). / 图表中的文字为简体中文。\n\n"
                : "Chart words are in English (`--lang zh` draws them in Chinese). / 图表中的文字为英文（使用 `--lang zh` 可改为中文）。\n\n");
        if (options.small()) {
            md.append("> **Small run.** Images, nets, data and iterations were shrunk to check that every step runs. "
                    + "The numbers and charts below do not show the effects the lesson teaches.\n"
                    + "> **缩小运行。** 图像、网络、数据和迭代次数都被缩小，只用来检查每一步能否运行；下面的数字和图表并不能展示本课所讲的效果。\n\n");
        } else if (options.iterationScale() != 1) {
            md.append(String.format(Locale.ROOT, "> Training iterations were scaled by %s.%n%n", options.iterationScale()));
        }
        for (StepResult r : results) {
            md.append("## Step ").append(r.step()).append(" / 第 ").append(r.step()).append(" 步\n\n");
            md.append(r.text().en()).append("\n\n").append(r.text().zh()).append("\n\n");
            if (!r.status().equals(StepResult.DONE)) {
                md.append("*This step ").append(r.status()).append(r.message() == null ? "" : ": " + r.message()).append("*\n\n");
            }
            for (StepResult.ChartFile c : r.charts()) {
                for (String f : c.files()) {
                    if (f.endsWith(".png")) md.append("![").append(c.chart()).append("](step-").append(r.step()).append('/').append(f).append(")\n\n");
                    if (f.endsWith(".txt")) md.append("Architecture: [").append(f).append("](step-").append(r.step()).append('/').append(f).append(")\n\n");
                }
            }
            table(md, r);
            for (StepResult.ActionResult a : r.actions()) actionLines(md, a);
            if (!r.actions().isEmpty()) md.append('\n');
            for (String n : r.notes()) md.append("- Note: ").append(n).append('\n');
            if (!r.notes().isEmpty()) md.append('\n');
            if (!r.questions().isEmpty()) {
                md.append("**Questions / 讨论题**\n\n");
                int i = 1;
                for (Question q : r.questions()) {
                    md.append(i++).append(". ").append(q.question().en()).append("<br>").append(q.question().zh()).append('\n');
                }
                md.append('\n');
            }
        }
        boolean any = results.stream().anyMatch(r -> !r.questions().isEmpty());
        if (any) {
            md.append("## For the teacher: answers / 教师参考答案\n\n");
            for (StepResult r : results) {
                int i = 1;
                for (Question q : r.questions()) {
                    md.append("- Step ").append(r.step()).append(", question ").append(i++).append(": ").append(q.answer().en())
                            .append("<br>").append(q.answer().zh()).append('\n');
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static void table(StringBuilder md, StepResult r) {
        boolean trained = r.models().stream().anyMatch(m -> m.runs().stream().anyMatch(s -> s.iterations() > 0));
        if (!trained) return;
        md.append("| model | iterations | seeds | training error (last 10%, median) | test error (median) |\n|---|---|---|---|---|\n");
        for (StepResult.ModelSummary m : r.models()) {
            long diverged = m.runs().stream().filter(StepResult.SeedRun::diverged).count();
            md.append(String.format(Locale.ROOT, "| %s%s | %d | %d | %s | %s |%n", m.label(),
                    diverged == 0 ? "" : " (diverged: " + diverged + " of " + m.runs().size() + " seeds)", m.runs().get(0).iterations(),
                    m.runs().size(), fmt(m.medianTrainError()), fmt(m.medianTestError())));
        }
        md.append('\n');
    }

    /** One line per action, and one per lesion row, so the handout carries the numbers the class discussed. */
    private static void actionLines(StringBuilder md, StepResult.ActionResult a) {
        md.append("- ").append(a.kind()).append(a.name() != null ? " " + a.name() : "").append(a.model() != null ? " (" + a.model() + ")" : "")
                .append(": ").append(a.status().equals(StepResult.DONE) ? a.message() : a.status()).append('\n');
        if (a.details() instanceof List<?> rows) {
            for (Object row : rows) {
                if (row instanceof StepResult.Lesion l) {
                    md.append(String.format(Locale.ROOT, "  - %s seed %d: %s → test error %s (intact %s)%n", l.model(), l.seed(),
                            l.blocks().size() == 1 ? "block " + (l.blocks().get(0) + 1) + " deleted" // people count from 1
                                    : "blocks " + (l.blocks().get(0) + 1) + " and " + (l.blocks().get(1) + 1) + " swapped",
                            fmt(l.error()), fmt(l.baselineError())));
                }
            }
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
