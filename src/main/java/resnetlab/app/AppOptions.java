package resnetlab.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.Comparison;

/**
 * Command-line flags of the app, for classrooms and for the smoke test:
 * <pre>
 *   --lang en|zh            language at start (kept when a session opens)
 *   --theme light|dark      (kept when a session opens)
 *   --presentation          large fonts, thick lines, full screen
 *   --comparison NAME       degradation (default), depth, scaled, gates, units, quick
 *   --pane NAME             curves (default), flow, lesion, paths, units, responses, landscape, landscape-3d
 *                           (the landscape pane with its surfaces in 3-D; landscape-3d:plain-56,ResNet-56
 *                           draws only the models named, as on their cards); kept when a
 *                           session opens
 *   --autostart             press play once the models are built
 *   --screenshot FILE       save a PNG of the window after --after seconds, then exit
 *   --after SECONDS         (default 8)
 *   --size WxH              window size (default 1440x900)
 *   --open FILE             open a session file at start
 *   --benchmark SECONDS     measure frame times and throughput with three models training, print, exit
 *   --iterations N          the iteration target (default 400)
 *   --measure               once the models are ready, press the main button of the pane shown (measure,
 *                           compute, delete each block)
 *   --prepare FILE          train the comparison to the target, save the session to FILE, exit (lessons
 *                           prepared before class: the curves shown are the app's own runs)
 *   --lesson ID|FILE        open the lesson panel with a shipped lesson (e.g. degradation) or a lesson file;
 *                           "--lesson list" opens the panel on the list of lessons
 *   --soak MINUTES          an unattended class: four models, lesson, panes and experiments for MINUTES,
 *                           samples to soak.csv, PASS/FAIL and exit ({@link Soak})
 *   FILE                    a session (.rlab) as --open, a lesson file (.json) as --lesson: what a
 *                           double-click on such a file hands the installed app
 *   --import-pytorch DIR    start with the bench holding only the net of a PyTorch project (exported by
 *                           'resnetlab export pytorch'), with its newest weights.safetensors (the project's or
 *                           its run folder's); as File ▸ Import PyTorch weights… does. Not with --open.
 *   --check-layout [all]    lay the window out at --size (with --presentation, --lang, --lesson), visit every
 *                           pane, print each text cut, control off the window, squeezed chart or diagram, and exit
 *                           0 ("layout ok") or 1; "all": every classroom size x presentation x language x lesson
 *                           panel ({@link LayoutCheck})
 * </pre>
 */
public record AppOptions(Locale locale, boolean dark, boolean presentation, Comparison comparison, String pane,
                         boolean autostart, Path screenshot, double after, int width, int height, Path open,
                         double benchmark, int iterations, Path prepare, boolean measure, String lesson,
                         boolean lookGiven, double soak, Path importPytorch, String checkLayout) {

    /** The options without a lesson to open. */
    public AppOptions(Locale locale, boolean dark, boolean presentation, Comparison comparison, String pane, boolean autostart,
                      Path screenshot, double after, int width, int height, Path open, double benchmark, int iterations,
                      Path prepare, boolean measure) {
        this(locale, dark, presentation, comparison, pane, autostart, screenshot, after, width, height, open, benchmark, iterations,
                prepare, measure, null, false, 0, null, null);
    }

    /** The options without a soak or a PyTorch import. */
    public AppOptions(Locale locale, boolean dark, boolean presentation, Comparison comparison, String pane, boolean autostart,
                      Path screenshot, double after, int width, int height, Path open, double benchmark, int iterations,
                      Path prepare, boolean measure, String lesson, boolean lookGiven) {
        this(locale, dark, presentation, comparison, pane, autostart, screenshot, after, width, height, open, benchmark, iterations,
                prepare, measure, lesson, lookGiven, 0, null, null);
    }

    /** True when --lang or --theme was given: a session opened at start then keeps this language and theme. */
    public boolean lookFromCommandLine() { return lookGiven; }

    public static AppOptions defaults() {
        return new AppOptions(I18n.ENGLISH, false, false, Comparison.DEGRADATION, null, false, null, 8, 1440, 900, null, 0,
                0, null, false);
    }

    public static AppOptions parse(List<String> args) {
        AppOptions o = defaults();
        Locale locale = o.locale;
        boolean dark = o.dark, presentation = o.presentation, autostart = o.autostart, measure = false;
        Comparison comparison = o.comparison;
        String pane = o.pane, lesson = null;
        boolean look = false;
        Path screenshot = null, open = null, prepare = null, importPytorch = null;
        String checkLayout = null;
        double after = o.after, benchmark = 0, soak = 0;
        int iterations = 0;
        int w = o.width, h = o.height;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--lang" -> { locale = value(args, ++i, a).toLowerCase(Locale.ROOT).startsWith("zh") ? I18n.CHINESE : I18n.ENGLISH; look = true; }
                case "--theme" -> { dark = value(args, ++i, a).equalsIgnoreCase("dark"); look = true; }
                case "--presentation" -> presentation = true;
                case "--comparison" -> comparison = Comparison.parse(value(args, ++i, a));
                case "--pane" -> pane = value(args, ++i, a);
                case "--autostart" -> autostart = true;
                case "--measure" -> measure = true;
                case "--screenshot" -> screenshot = Path.of(value(args, ++i, a));
                case "--after" -> after = Double.parseDouble(value(args, ++i, a));
                case "--open" -> open = Path.of(value(args, ++i, a));
                case "--benchmark" -> benchmark = Double.parseDouble(value(args, ++i, a));
                case "--iterations" -> iterations = Integer.parseInt(value(args, ++i, a));
                case "--prepare" -> prepare = Path.of(value(args, ++i, a));
                case "--lesson" -> lesson = value(args, ++i, a);
                case "--soak" -> soak = Double.parseDouble(value(args, ++i, a));
                case "--import-pytorch" -> importPytorch = Path.of(value(args, ++i, a));
                case "--check-layout" -> {
                    boolean all = i + 1 < args.size() && args.get(i + 1).equals("all");
                    if (all) i++;
                    checkLayout = all ? "all" : "one";
                }
                case "--size" -> {
                    String[] p = value(args, ++i, a).toLowerCase(Locale.ROOT).split("x");
                    if (p.length != 2) throw new IllegalArgumentException("--size needs WxH, e.g. 1440x900");
                    w = Integer.parseInt(p[0]);
                    h = Integer.parseInt(p[1]);
                }
                default -> {
                    if (a.startsWith("-")) throw new IllegalArgumentException("unknown option " + a);
                    // a file without an option: what a double-click or "Open with" hands the installed app
                    if (OpenFiles.kind(Path.of(a)) == OpenFiles.Kind.SESSION) open = Path.of(a);
                    else lesson = a;
                }
            }
        }
        if (importPytorch != null && open != null) throw new IllegalArgumentException("--import-pytorch and --open cannot be combined");
        return new AppOptions(locale, dark, presentation, comparison, pane, autostart, screenshot, after, w, h, open, benchmark,
                iterations, prepare, measure, lesson, look, soak, importPytorch, checkLayout);
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) throw new IllegalArgumentException(flag + " needs a value");
        return args.get(i);
    }
}
