package resnetlab.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.scene.control.Tab;
import javafx.util.Duration;
import resnetlab.app.i18n.I18n;
import resnetlab.app.view.LayoutProblems;

/**
 * {@code --check-layout [all]}: lays the window out as a classroom sees it and lists what the class could not
 * read ({@link LayoutProblems}), pane by pane, with the lesson panel open or closed. One view is the window at
 * {@code --size} with {@code --presentation}, {@code --lang} and {@code --lesson} as given; "all" is every
 * combination of {@link #SIZES} x presentation on/off x English/Chinese x lesson panel open ({@code --lesson},
 * default {@value #DEFAULT_LESSON}) / closed, in this one JVM (32 views, a few seconds each).
 * <p>
 * Prints each problem on a line of its own, then "layout ok" and exits 0, or "layout: N problems" and exits 1.
 */
public final class LayoutCheck {
    /** Projector (1024x768), 720p projector, the common laptop, a full-HD screen. */
    public static final int[][] SIZES = {{1024, 768}, {1280, 720}, {1366, 768}, {1920, 1080}};
    static final String DEFAULT_LESSON = "shortcut-types";
    /** Pulses for a pane's layout and its charts (drawn on the chart thread) to settle after a change. */
    private static final double SETTLE_MS = 350;

    /** One window state to check. */
    record View(int width, int height, boolean presentation, Locale locale, String lesson) {
        String label() {
            return width + "x" + height + (presentation ? " presentation" : " normal") + " " + locale.getLanguage()
                    + (lesson == null ? " no-lesson" : " lesson " + lesson);
        }
    }

    private final App app;
    private final Deque<Runnable> steps = new ArrayDeque<>();
    private final List<String> problems = new ArrayList<>();
    private final Consumer<List<String>> done;

    private LayoutCheck(App app, Consumer<List<String>> done) {
        this.app = app;
        this.done = done;
    }

    /** The views {@code options} ask for: one, or all 32 with "all". */
    static List<View> views(AppOptions o) {
        if (!"all".equals(o.checkLayout())) return List.of(new View(o.width(), o.height(), o.presentation(), o.locale(), o.lesson()));
        String lesson = o.lesson() != null ? o.lesson() : DEFAULT_LESSON;
        List<View> vs = new ArrayList<>();
        for (int[] s : SIZES) for (boolean p : new boolean[] {false, true}) for (Locale l : I18n.LOCALES)
            for (String les : new String[] {null, lesson}) vs.add(new View(s[0], s[1], p, l, les));
        return vs;
    }

    /** Checks every view (on the FX thread, step by step between pulses), prints, and exits. */
    static void runAndExit(App app, List<View> views) {
        run(app, views, problems -> {
            problems.forEach(System.out::println);
            System.out.println(problems.isEmpty() ? "layout ok" : "layout: " + problems.size() + " problems in " + views.size() + " views");
            System.out.flush();
            app.lab().close();
            javafx.application.Platform.exit();
            System.exit(problems.isEmpty() ? 0 : 1);
        });
    }

    /** Checks every view and hands the problems (one line each) to {@code done}, on the FX thread. */
    public static void run(App app, List<View> views, Consumer<List<String>> done) {
        LayoutCheck c = new LayoutCheck(app, done);
        for (View v : views) c.plan(v);
        c.steps.add(() -> c.done.accept(c.problems));
        c.next();
    }

    private void plan(View v) {
        steps.add(() -> apply(v));
        steps.add(() -> { }); // one more settling period after a resize: charts are re-drawn for the new size
        for (Tab tab : app.view().tabs().getTabs()) {
            steps.add(() -> app.view().tabs().getSelectionModel().select(tab));
            steps.add(() -> {
                var scene = app.stage().getScene();
                String where = v.label() + (scene.getWidth() == v.width() && scene.getHeight() == v.height() ? ""
                        : " (window " + (int) scene.getWidth() + "x" + (int) scene.getHeight() + ")");
                for (String p : LayoutProblems.find(scene, where, tab.getId().replace("tab-", ""))) if (!problems.contains(p)) problems.add(p);
            });
        }
    }

    private void apply(View v) {
        var state = app.ui().state();
        app.stage().setFullScreen(false);
        state.presentation.set(v.presentation());
        app.stage().setFullScreen(false); // the presentation toggle asks for full screen: the view's size is checked
        state.i18n.localeProperty().set(v.locale());
        if (v.lesson() != null) app.view().openLesson(v.lesson());
        else app.view().showLessons(false);
        app.stage().setWidth(v.width());
        app.stage().setHeight(v.height());
    }

    private void next() {
        Runnable step = steps.poll();
        if (step == null) return;
        step.run();
        PauseTransition wait = new PauseTransition(Duration.millis(SETTLE_MS));
        wait.setOnFinished(e -> next());
        wait.play();
    }
}
