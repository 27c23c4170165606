package resnetlab.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The contents of a run's {@code result.json}. Scripts rely on these names: {@code config}, {@code history}
 * ({@code iteration}, {@code trainLoss}, {@code trainError}, {@code lr}), {@code evals} ({@code iteration},
 * {@code testError}, {@code testLoss}), {@code final} ({@code trainError}, {@code testError}, {@code diverged})
 * and {@code throughput} ({@code imagesPerSecond}).
 */
public record RunResult(String tool, String version, String command, RunConfig config, String dataDescription,
                        List<Trainer.Point> history, List<Eval> evals,
                        @JsonProperty("final") Final finalResult, Throughput throughput) {

    public record Eval(int iteration, double testError, double testLoss) {}

    /**
     * @param trainError mean training-batch error over the last 10% of iterations
     * @param testError  test error at the end (NaN when the run diverged or was cancelled before it)
     */
    public record Final(int iterations, double trainError, double testError, double testLoss, boolean diverged,
                        String divergence, String state) {}

    public record Throughput(double imagesPerSecond, int threads, String gemm, double seconds) {}
}
