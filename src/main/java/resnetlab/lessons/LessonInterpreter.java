package resnetlab.lessons;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place that says what a lesson step does, in which order, against a {@link LessonHost}: a step that
 * sets up models first replaces them, then its actions run in the file's order; a step without "models" works
 * on the models the nearest earlier step set up, with what the steps in between did to them. How each thing is
 * done (every seed or the first, at once or live) is the host's; the differences are listed in
 * {@link LessonHost}'s javadoc.
 */
public final class LessonInterpreter {
    private LessonInterpreter() {}

    /** Step {@code step}'s own work on {@code host}: its set-up (when it sets up models), then each action; one result each, in order. */
    public static <R> List<R> step(LessonStep step, LessonHost<R> host) {
        List<R> out = new ArrayList<>();
        if (step.setsUpModels()) out.add(host.setUp(step));
        for (LessonAction a : step.actions()) out.add(a.on(host));
        return out;
    }

    /**
     * What brings a host that does not hold the models of step {@code index} (0-based) to the state they had
     * before that step: the set-up of the step that made them, then, of that step and the ones up to
     * {@code index − 1}, the actions the host {@link LessonHost#replays replays}. Empty when step {@code index}
     * sets up its own models or no step before it does.
     *
     * @param hostFor the host for the actions of step {@code i} (hosts may depend on the step's preset)
     */
    public static <R> List<R> replay(Lesson lesson, int index, java.util.function.IntFunction<LessonHost<R>> hostFor) {
        List<R> out = new ArrayList<>();
        int from = setUpStep(lesson, index);
        if (from < 0 || from == index) return out;
        out.add(hostFor.apply(from).setUp(lesson.steps().get(from)));
        for (int i = from; i < index; i++) {
            LessonHost<R> host = hostFor.apply(i);
            for (LessonAction a : lesson.steps().get(i).actions()) if (host.replays(a)) out.add(a.on(host));
        }
        return out;
    }

    /** The step at or before {@code index} (0-based) that set up the models step {@code index} works with, or −1. */
    public static int setUpStep(Lesson lesson, int index) {
        for (int i = index; i >= 0; i--) if (lesson.steps().get(i).setsUpModels()) return i;
        return -1;
    }
}
