package resnetlab.lessons;

import java.util.List;

/**
 * One step of a lesson.
 *
 * @param number    1-based position in the lesson
 * @param id        optional short name from the file (null if none)
 * @param text      what the teacher says or the class reads, in both languages
 * @param models    the models this step sets up, or null when it keeps the previous step's models (trained state included)
 * @param preset    the preset in force: the lesson's, with this step's overrides
 * @param pane      the pane to show
 * @param chart     the chart within the pane
 * @param actions   what the step does, in order
 * @param questions discussion questions with answers for the teacher
 */
public record LessonStep(int number, String id, Text text, List<StepModel> models, Preset preset, Pane pane,
                         String chart, List<LessonAction> actions, List<Question> questions) {
    public LessonStep {
        models = models == null ? null : List.copyOf(models);
        actions = List.copyOf(actions);
        questions = List.copyOf(questions);
    }

    /** True when the step builds new models; false when it continues with the previous step's. */
    public boolean setsUpModels() { return models != null; }
}
