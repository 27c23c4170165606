/**
 * Lessons: guided classroom sequences read from JSON files ({@code lessons/*.json}, format in
 * {@code lessons/README.md} and {@code lessons/lesson.schema.json}).
 *
 * <ul>
 * <li>{@link resnetlab.lessons.LessonLoader} reads a lesson from a path, a classpath resource or a shipped id
 *     and validates all of it; it never throws for a broken file but returns a {@link resnetlab.lessons.LoadResult}
 *     with every {@link resnetlab.lessons.LessonProblem} (file, line, column, field, message).</li>
 * <li>{@link resnetlab.lessons.Lesson}, {@link resnetlab.lessons.LessonStep}, {@link resnetlab.lessons.Preset},
 *     {@link resnetlab.lessons.StepModel}, {@link resnetlab.lessons.LessonAction}: the validated content.</li>
 * <li>{@link resnetlab.lessons.LessonRunner} runs steps headless (the {@code lesson run} command and the app's
 *     "run this step"): builds and trains the models, performs the actions, runs the experiments, and writes
 *     per-step results, charts and a handout.</li>
 * </ul>
 *
 * No JavaFX and no console output here: the CLI and the app are clients.
 */
package resnetlab.lessons;
