package resnetlab.lessons;

/**
 * What carries out a lesson's steps: one method per thing a step can do. {@link LessonInterpreter} decides what
 * is done in which order (a step's set-up, then its actions; what a step that keeps earlier models replays);
 * a host decides how. A host returns one {@code R} per call: the headless runner does the work at once
 * ({@code R} is ignored), the app's bench returns a stage to be started and polled from the frame loop, and
 * the file checker ({@link LessonReader}) only tracks which models exist and what they have done.
 *
 * <p>The two hosts that run lessons differ here, and only here:
 * <table>
 * <caption>headless run vs. the app's bench</caption>
 * <tr><th></th><th>{@code lesson run} ({@link LessonRunner})</th><th>app ({@code app.model.LessonModel})</th></tr>
 * <tr><td>models</td><td>every model of the step</td><td>the first {@code LabModel.MAX_MODELS} (4); the others are named in a warning</td></tr>
 * <tr><td>seeds</td><td>every seed of the preset; summaries are medians over seeds</td><td>the preset's first seed</td></tr>
 * <tr><td>train</td><td>synchronously, evaluating every {@code evalEvery} iterations</td><td>live on the models' training threads, shown as it goes</td></tr>
 * <tr><td>delete / swap</td><td>on every targeted model and seed, recorded in result.json</td><td>delete: the first targeted model, a tile switched off in
 *     the Deleting layers pane; swap: each targeted model on a copy, shown in the pane</td></tr>
 * <tr><td>lesion study</td><td>the step's k values and draws</td><td>the pane's own k values and draws</td></tr>
 * <tr><td>a step that keeps earlier models</td><td>runs the earlier steps in full first (their charts are not written)</td>
 *     <td>replays only the earlier set-up, "train" and "set-lambda" ({@link #replays})</td></tr>
 * <tr><td>output</td><td>step folders, charts, handout</td><td>the panes, live</td></tr>
 * </table>
 *
 * @param <R> what one call yields (a stage of work, a result, or nothing)
 */
public interface LessonHost<R> {
    /** Puts the step's models in place, new and untrained, instead of the ones before. */
    R setUp(LessonStep step);

    /** Trains the targeted models {@code a.iterations()} more steps (0: the preset's iterations). */
    R train(LessonAction.Train a);

    /** Deletes one block at test time, evaluates, restores. */
    R delete(LessonAction.DeleteBlock a);

    /** Swaps two same-shape blocks at test time, evaluates, restores. */
    R swap(LessonAction.SwapBlocks a);

    /** Replaces the targeted models by untrained ones with the shortcut λx. */
    R setLambda(LessonAction.SetLambda a);

    /** Runs an experiment on the targeted models. */
    R experiment(LessonAction.RunExperiment a);

    /**
     * Whether replaying the steps before a step that keeps their models repeats this action. By default only
     * what changes the models (train, set-lambda); test-time edits and experiments leave them as they were.
     */
    default boolean replays(LessonAction a) {
        return a instanceof LessonAction.Train || a instanceof LessonAction.SetLambda;
    }
}
