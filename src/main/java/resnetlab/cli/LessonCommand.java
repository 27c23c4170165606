package resnetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import resnetlab.lessons.Language;
import resnetlab.lessons.LessonLoader;
import resnetlab.lessons.LessonRunner;
import resnetlab.lessons.LoadResult;
import resnetlab.lessons.RunOptions;
import resnetlab.lessons.StepResult;

/**
 * {@code lesson}: the classroom lessons of {@code lessons/}. {@code lesson check FILE} validates a lesson file and
 * prints every problem as {@code file:line:column: field: message}; {@code lesson run FILE --out DIR} runs every
 * step headless and writes the results, charts and a handout; {@code lesson list} shows the shipped lessons.
 * FILE is a path or the id of a shipped lesson.
 */
@Command(name = "lesson", mixinStandardHelpOptions = true,
        description = {"Check, run and list classroom lessons (JSON files, format in lessons/README.md).",
                "Example: lesson run degradation --out handouts/degradation"},
        subcommands = {LessonCommand.Check.class, LessonCommand.Run.class, LessonCommand.ListLessons.class})
public final class LessonCommand implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** Prints every problem of a load to stderr; true when the lesson is valid. */
    static boolean report(LoadResult r, PrintWriter err) {
        for (var p : r.problems()) err.println(p);
        if (!r.ok()) err.println(r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s") + " in " + r.source());
        err.flush();
        return r.ok();
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate a lesson file; print every problem with file, line and field.", "Exit code 0: valid; 1: problems."})
    static final class Check implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "a lesson file, or the id of a shipped lesson") String file;

        @Override public Integer call() {
            LoadResult r = LessonLoader.resolve(file);
            if (!report(r, spec.commandLine().getErr())) return 1;
            var l = r.lesson();
            spec.commandLine().getOut().printf("ok: %s — %s (%s, %d minutes, %d steps)%n", l.id(), l.title().en(), l.level().fileName(),
                    l.duration(), l.steps().size());
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run every step of a lesson headless; write DIR/step-N/ (result.json, chart PNG and CSV),",
                    "DIR/index.json and the handout DIR/index.md (texts in English and Chinese).",
                    "--lang zh draws every word on the charts in Simplified Chinese.",
                    "Exit code 0: every step ran; 1: problems in the file or a step failed; 2: a bad option."})
    static final class Run implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "a lesson file, or the id of a shipped lesson") String file;
        @Option(names = "--out", required = true, description = "output folder") Path out;
        @Option(names = "--small", description = "shrink everything (8x8 images, width 4, few iterations): checks that the lesson runs, shows no effect")
        boolean small;
        @Option(names = "--scale", defaultValue = "1", description = "multiply every step's training iterations (default: ${DEFAULT-VALUE})")
        double scale;
        @Option(names = "--threads", description = "worker threads (default: all cores)") Integer threads;
        @Option(names = "--data-dir", description = "folder with MNIST or CIFAR-10 files, for lessons that use them") Path dataDir;
        @Option(names = "--lang", paramLabel = "en|zh", defaultValue = "en",
                description = "language of the words on the charts (titles, axes, legends): en or zh (default: ${DEFAULT-VALUE}); "
                        + "the handout stays bilingual") String lang;
        @Option(names = "--quiet", description = "no progress lines") boolean quiet;

        @Override public Integer call() {
            PrintWriter console = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            Language language;
            try {
                language = Language.parse(lang);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return 2;
            }
            LoadResult loaded = LessonLoader.resolve(file);
            if (!report(loaded, err)) return 1;
            RunOptions options;
            try {
                options = new RunOptions(scale, small, threads != null ? threads : Runtime.getRuntime().availableProcessors(), dataDir, language);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            var lesson = loaded.lesson();
            if (!quiet) console.printf("lesson %s — %s: %d steps%s%s%n", lesson.id(), lesson.title().en(), lesson.steps().size(),
                    small ? " (small run: checks that it runs, shows no effect)" : "", language == Language.ZH ? "; charts in Chinese" : "");
            LessonRunner.Progress progress = new LessonRunner.Progress() {
                @Override public void message(String line) { if (!quiet) { console.println(line); console.flush(); } }
            };
            try (LessonRunner runner = new LessonRunner(lesson, options)) {
                LessonRunner.Summary s = runner.runAll(out, progress, () -> false);
                long done = s.steps().stream().filter(r -> r.status().equals(StepResult.DONE)).count();
                long missing = s.steps().stream().filter(r -> r.notes().stream().anyMatch(n -> n.contains(StepResult.NOT_AVAILABLE))).count();
                console.printf(Locale.ROOT, "%s: %d of %d steps done%s; wrote %s%n", lesson.id(), done, s.steps().size(),
                        missing > 0 ? ", " + missing + " with an experiment " + StepResult.NOT_AVAILABLE : "", out.resolve("index.md"));
                for (StepResult r : s.steps()) {
                    if (!r.status().equals(StepResult.DONE)) err.println("step " + r.step() + " " + r.status() + ": " + r.message());
                }
                err.flush();
                return s.status().equals(StepResult.DONE) ? 0 : 1;
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the shipped lessons.")
    static final class ListLessons implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;

        @Override public Integer call() {
            int bad = 0;
            for (LoadResult r : LessonLoader.loadShipped()) {
                if (r.ok()) {
                    var l = r.lesson();
                    spec.commandLine().getOut().printf("%-16s %-13s %3d min  %s / %s%n", l.id(), l.level().fileName(), l.duration(),
                            l.title().en(), l.title().zh());
                } else {
                    bad++;
                    report(r, spec.commandLine().getErr());
                }
            }
            return bad == 0 ? 0 : 1;
        }
    }
}
