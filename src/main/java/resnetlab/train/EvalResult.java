package resnetlab.train;

/** Test-set evaluation after {@code iteration} steps: error fraction and mean loss over {@code images}. */
public record EvalResult(int iteration, double error, double loss, int images) {}
