/**
 * Lessons: guided classroom sequences read from JSON files ({@code lessons/*.json}). The format is defined by
 * {@code lessons/lesson.schema.json} (explained for teachers in {@code lessons/README.md}): the loader validates
 * every file against it ({@code LessonSchema}) and checks in Java only what a schema cannot say ({@code LessonReader}).
 *
 * <ul>
 * <li>{@link resnetlab.lessons.LessonLoader} reads a lesson from a path, a classpath resource or a shipped id
 *     and validates all of it; it never throws for a broken file but returns a {@link resnetlab.lessons.LoadResult}
 *     with every {@link resnetlab.lessons.LessonProblem} (file, line, column, field, message).</li>
 * <li>{@link resnetlab.lessons.Lesson}, {@link resnetlab.lessons.LessonStep}, {@link resnetlab.lessons.Preset},
 *     {@link resnetlab.lessons.StepModel}, {@link resnetlab.lessons.LessonAction}: the validated content; texts are
 *     {@link resnetlab.lessons.Text} in English and Chinese ({@code text.in(locale)}).</li>
 * <li>{@link resnetlab.lessons.LessonRunner} runs steps headless (the {@code lesson run} command and the app's
 *     "run this step"): builds and trains the models, performs the actions, runs the experiments, and writes
 *     per-step results ({@link resnetlab.lessons.StepResult}), charts and a handout.</li>
 * </ul>
 *
 * <p>How a client drives a lesson, on a worker thread:
 * <pre>{@code
 * LoadResult r = LessonLoader.resolve("degradation");          // or LessonLoader.loadShipped() for the browser
 * if (!r.ok()) show(r.problems());                              // file:line:column: field: message
 * try (LessonRunner runner = new LessonRunner(r.lesson(), RunOptions.defaults())) {
 *     StepResult s = runner.runStep(2, null, progress, cancelFlag::get);   // runs step 1 first if needed
 *     runner.models();                                          // the live networks and trainers of the step
 * }
 * }</pre>
 *
 * No JavaFX and no console output here: the CLI and the app are clients.
 */
package resnetlab.lessons;
