package resnetlab.experiments;

import java.util.List;
import resnetlab.model.NetworkSpec;

/**
 * The contents of a sweep's {@code result.json}: how it was made, every run, a summary per configuration
 * (variant) over the seeds, and what happened in words.
 *
 * @param tool           "resnet-lab"
 * @param version        code version ({@link resnetlab.Version#get()})
 * @param command        the command line or caller that started the sweep
 * @param spec           the sweep as run (complete: a valid spec file)
 * @param parallel       runs trained at the same time
 * @param complete       every run finished or diverged (false after a cancel, a failure or an interruption)
 * @param runs           one per variant and seed, in plan order
 * @param configurations one per variant, in spec order
 * @param findings       sentences with numbers stating what happened in this sweep
 * @param claims         the papers' claims this sweep can test, each with whether it held here
 * @param seconds        wall time of this invocation (reused runs cost nothing)
 */
public record SweepResult(String tool, String version, String command, SweepSpec spec, int parallel, boolean complete,
                          List<RunSummary> runs, List<ConfigSummary> configurations, List<String> findings,
                          List<Claim> claims, double seconds) {

    /**
     * One training run.
     *
     * @param id         folder name under {@code runs/}, e.g. {@code plain-56-s2}
     * @param variant    index into the spec's variants
     * @param label      the variant's display name, e.g. "ResNet-56 (λ=0.5)"
     * @param seed       the run's training seed
     * @param state      finished, diverged, cancelled, failed or not-run
     * @param reused     true if the result was already on disk from an earlier invocation and not redone
     * @param iterations SGD steps taken
     * @param trainError mean training-batch error over the last 10% of iterations (NaN unless finished)
     * @param testError  test error at the end (NaN unless finished)
     * @param message    the divergence or failure message, else null
     * @param seconds    wall time of the run when it was trained
     * @param imagesPerSecond training throughput of the run
     */
    public record RunSummary(String id, int variant, String label, long seed, String state, boolean reused, int iterations,
                             double trainError, double testError, String message, double seconds, double imagesPerSecond) {
        public boolean finished() { return "finished".equals(state); }
    }

    /**
     * One variant over its seeds. Only finished runs enter the statistics; diverged runs are counted.
     *
     * @param trainCurve median over seeds of each run's training error smoothed over a trailing window of
     *                   {@code smoothing} iterations (10% of the run, so the last point is the final training error),
     *                   with the seeds' minimum and maximum
     * @param testCurve  median, minimum and maximum over seeds of the test error at each evaluation
     */
    public record ConfigSummary(int variant, String label, NetworkSpec model, int runs, int finished, int diverged, int failed,
                                Spread trainError, Spread testError, int smoothing,
                                List<CurvePoint> trainCurve, List<CurvePoint> testCurve) {}

    /** Median, minimum and maximum of {@code values} (the per-seed values, in seed order); NaN when empty. */
    public record Spread(double median, double min, double max, List<Double> values) {
        public static Spread of(List<Double> values) {
            // a seed without a value (NaN: diverged or not finished) is left out
            double[] v = values.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (v.length == 0) return new Spread(Double.NaN, Double.NaN, Double.NaN, List.copyOf(values));
            return new Spread(resnetlab.tensor.Stats.median(v), v[0], v[v.length - 1], List.copyOf(values));
        }

        public int count() { return (int) values.stream().filter(x -> !Double.isNaN(x)).count(); }
    }

    public record CurvePoint(int iteration, double median, double min, double max) {}

    /**
     * A claim from the papers, checked on this sweep.
     *
     * @param id       stable key: "degradation", "residual-beats-plain", "scaled-shortcut"
     * @param claim    the claim in words
     * @param holds    whether it held in this sweep
     * @param evidence the numbers it was decided on
     */
    public record Claim(String id, String claim, boolean holds, String evidence) {}
}
