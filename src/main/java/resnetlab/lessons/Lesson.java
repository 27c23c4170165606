package resnetlab.lessons;

import java.util.List;

/**
 * A validated lesson.
 *
 * @param id       short stable name, e.g. "degradation"
 * @param title    shown in the lesson browser
 * @param level    who it is for
 * @param duration classroom minutes
 * @param summary  one or two sentences for the browser (may be null)
 * @param preset   the lesson's default preset
 * @param steps    at least one
 * @param source   where it was read from (file path or classpath resource)
 */
public record Lesson(String id, Text title, Level level, int duration, Text summary, Preset preset,
                     List<LessonStep> steps, String source) {
    public Lesson {
        steps = List.copyOf(steps);
    }
}
