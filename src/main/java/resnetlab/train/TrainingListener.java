package resnetlab.train;

/**
 * Receives a run's progress. Called on the training thread: implementations that touch a UI must hand the
 * data over to the UI thread themselves and must not block.
 */
public interface TrainingListener {
    default void onIteration(IterationStats stats) {}
    default void onEvaluation(EvalResult eval) {}
    /** The run stopped because the loss became NaN or infinite. */
    default void onDiverged(int iteration, String message) {}
    default void onFinished(RunState state) {}
}
