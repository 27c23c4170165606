package resnetlab.app.model;

import resnetlab.model.NetworkSpec;

/**
 * What a {@link TrainingWorker} reports from its thread. Events are queued and read on the FX thread once per
 * frame; {@code generation} tells events of a model that has since been rebuilt from current ones.
 */
public sealed interface RunEvent {
    int generation();

    /**
     * The network is ready.
     *
     * @param lambdas      shortcut scale per block (λ for scaled shortcuts, else 1)
     * @param downsampling per block: the shape changes here (first block of stages 2 and 3)
     * @param iteration    iterations already trained (a restored session), 0 for a fresh net
     */
    record Built(int generation, NetworkSpec spec, long weights, String data, double[] lambdas, boolean[] downsampling,
                 int threads, int iteration) implements RunEvent {}

    /**
     * One SGD step. Gradient norms are per block in build order (block 0 next to the input).
     *
     * @param inGrad     ‖∂E/∂x_b‖ at the input of block b (block 0: the first block's input)
     * @param outGrad    ‖∂E/∂y_b‖ arriving at the output of block b
     * @param skipGrad   the part leaving through the shortcut (0 in a plain net)
     * @param branchGrad the part leaving through the residual branch F
     */
    record Step(int generation, int iteration, int epoch, double loss, double error, double lr, int batch, double seconds,
                double[] inGrad, double[] outGrad, double[] skipGrad, double[] branchGrad, long imagesTotal,
                long nanoTime) implements RunEvent {}

    /** A test-set evaluation. */
    record Eval(int generation, int iteration, double error, double loss, int images) implements RunEvent {}

    /**
     * The run diverged ({@link resnetlab.train.Divergence}: a NaN/infinite loss, or one above the bound for several
     * iterations); the model stopped. {@code message} is the engine's English line; {@code loss} and {@code bound}
     * let the window say it in the user's language.
     */
    record Diverged(int generation, int iteration, String message, double loss, double bound) implements RunEvent {
        public Diverged(int generation, int iteration, String message) { this(generation, iteration, message, Double.NaN, Double.NaN); }
    }

    /**
     * Building, restoring or training failed; the message is meant for the user. {@code notice}, when not null, is the
     * same in the user's language (a refused request: {@link MemoryCheck}).
     */
    record Failed(int generation, String message, Notice notice) implements RunEvent {
        public Failed(int generation, String message) { this(generation, message, null); }
    }

    /** The run reached its iteration target and stopped. */
    record Finished(int generation, int iteration) implements RunEvent {}
}
