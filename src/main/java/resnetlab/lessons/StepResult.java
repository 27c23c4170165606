package resnetlab.lessons;

import java.util.List;
import resnetlab.model.NetworkSpec;
import resnetlab.train.RunResult;
import resnetlab.train.Trainer;

/**
 * What one step did, as written to {@code step-N/result.json}. Every number says how it was made: the preset as
 * used (after {@link RunOptions} scaling), each model's seeds, and for every action its status.
 *
 * @param lesson    the lesson's id
 * @param step      1-based step number
 * @param status    {@link #DONE}, {@link #FAILED}, {@link #CANCELLED} or {@link #SKIPPED}
 * @param message   why it failed or was skipped, else null
 * @param small     true when the run was shrunk by {@link RunOptions#small()}: the numbers show that the step runs,
 *                  not the effect it teaches
 * @param models    the models after the step, with their training so far
 * @param actions   one entry per action, in order
 * @param charts    the chart of the step's pane, and how it was written
 * @param notes     what the reader should know (e.g. an experiment that is not in this build)
 */
public record StepResult(String lesson, int step, String id, String pane, String chart, Text text, Preset preset, boolean small,
                         String status, String message, List<ModelSummary> models, List<ActionResult> actions,
                         List<ChartFile> charts, List<String> notes, List<Question> questions, String version, double seconds) {
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String SKIPPED = "skipped";
    /** The status of an action or chart that needs an experiment class this build does not have. */
    public static final String NOT_AVAILABLE = "not available in this build";

    /**
     * One model of the step over all its seeds.
     *
     * @param weights          conv and FC weights (He 2015's count)
     * @param medianTrainError median over seeds of the mean training-batch error over the last 10% of iterations
     * @param medianTestError  median over seeds of the last test error
     */
    public record ModelSummary(String label, String network, NetworkSpec spec, long weights, List<SeedRun> runs,
                               double medianTrainError, double medianTestError) {}

    /**
     * One seed of one model.
     *
     * @param iterations     SGD steps taken since the model was set up
     * @param finalTrainError mean training-batch error over the last 10% of iterations (NaN before training)
     * @param testError      last test evaluation (NaN if none)
     */
    public record SeedRun(long seed, int iterations, double finalTrainError, double testError, double testLoss, boolean diverged,
                          String divergence, double imagesPerSecond, List<Trainer.Point> history, List<RunResult.Eval> evals) {}

    /**
     * One action.
     *
     * @param kind    "train", "delete", "swap", "set-lambda" or "experiment"
     * @param name    the experiment's name, else null
     * @param model   the model label it was limited to, or null for all
     * @param status  {@link #DONE}, {@link #NOT_AVAILABLE}, {@link #FAILED}
     * @param message one line for people
     * @param details the numbers (an experiment's result record, or the rows of a lesion)
     */
    public record ActionResult(String kind, String name, String model, String status, String message, Object details) {}

    /** A test-time lesion of one seed's net: block deleted or pair swapped, errors before and after. */
    public record Lesion(String model, long seed, List<Integer> blocks, double kendallTau, double baselineError, double error) {
        public double increase() { return error - baselineError; }
    }

    /** One training run's part in a "train" action. */
    public record TrainRow(String model, long seed, int fromIteration, int toIteration, double finalTrainError, double testError,
                           boolean diverged, String divergence) {}

    /**
     * The pane's chart.
     *
     * @param files  file names in the step's folder (PNG, then the numbers as CSV), empty if not drawn
     * @param status {@link #DONE} or why it was not drawn
     */
    public record ChartFile(String chart, String status, List<String> files, String message) {}
}
