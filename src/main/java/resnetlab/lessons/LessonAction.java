package resnetlab.lessons;

import java.util.List;

/**
 * What a step does with its models, in order. {@code model} names the model an action applies to (its label);
 * null means every model of the step. Block fields are indices into {@code Network.blocks()}, counted from 0;
 * lesson files count from 1, as the app's tiles and every chart do, and {@link LessonReader} converts.
 */
public sealed interface LessonAction {
    /** The model label this action is limited to, or null for all. */
    String model();

    /** The name in lesson files ("train", "delete", ...). */
    String kind();

    /**
     * Hands this action to the host's method for its kind ({@link LessonInterpreter}). A new action is a new record
     * here plus a method in {@link LessonHost}: the compiler then names every host that does not carry it out yet.
     */
    <R> R on(LessonHost<R> host);

    /** Trains every targeted model (every seed) for {@code iterations} more SGD steps, then evaluates the test set. */
    record Train(int iterations, String model) implements LessonAction {
        public String kind() { return "train"; }

        @Override public <R> R on(LessonHost<R> host) { return host.train(this); }
    }

    /** Deletes block {@code block} of the trained net at test time (y = bypass(x), no retraining), evaluates, restores it. */
    record DeleteBlock(int block, String model) implements LessonAction {
        public String kind() { return "delete"; }

        @Override public <R> R on(LessonHost<R> host) { return host.delete(this); }
    }

    /** Swaps two same-shape blocks at test time, evaluates, restores the order. */
    record SwapBlocks(int first, int second, String model) implements LessonAction {
        public String kind() { return "swap"; }

        @Override public <R> R on(LessonHost<R> host) { return host.swap(this); }
    }

    /**
     * Replaces the targeted models by new, untrained ones with scaled shortcuts h(x) = λx (He 2016 §3.1);
     * with {@code scaleBranch} F is scaled by 1 − λ too.
     */
    record SetLambda(double lambda, boolean scaleBranch, String model) implements LessonAction {
        public String kind() { return "set-lambda"; }

        @Override public <R> R on(LessonHost<R> host) { return host.setLambda(this); }
    }

    /**
     * Runs an experiment on the targeted models (first seed of each).
     *
     * @param samples   path-lengths: subsets per length; lesion-study: draws per k (0 = default)
     * @param batch     path-lengths: images in the batch (0 = default)
     * @param testSize  lesion-study: test images (0 = default)
     * @param images    layer-responses: test images in the batch; loss-landscape: training images evaluated (0 = default)
     * @param deletions lesion-study: the k of "delete k random blocks" (null = default)
     * @param swaps     lesion-study: the k of "k random swaps" (null = default)
     * @param grid      loss-landscape: points per side of the grid (0 = default)
     */
    record RunExperiment(Experiment experiment, String model, int samples, int batch, int testSize, int images,
                         List<Integer> deletions, List<Integer> swaps, int grid) implements LessonAction {
        public RunExperiment {
            deletions = deletions == null ? null : List.copyOf(deletions);
            swaps = swaps == null ? null : List.copyOf(swaps);
        }

        public String kind() { return "experiment"; }

        @Override public <R> R on(LessonHost<R> host) { return host.experiment(this); }
    }
}
