package resnetlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.data.DataSplit;
import resnetlab.train.IterationStats;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.RunConfig;
import resnetlab.train.RunResult;
import resnetlab.train.TrainingListener;
import resnetlab.train.TrainingRun;
import resnetlab.train.EvalResult;

/** {@code train}: trains one network and writes DIR/result.json and DIR/model.ckpt. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a plain or residual network and write DIR/result.json and DIR/model.ckpt.",
                "Example: train --model resnet --depth 20 --dataset fashion --epochs 3 --out runs/resnet20"})
public final class TrainCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin NetworkOptions network = new NetworkOptions();
    @Mixin DataOptions data = new DataOptions();

    @Mixin RecipeOptions recipe = new RecipeOptions();

    @Option(names = "--out", required = true, description = "output folder") Path out;
    @Option(names = "--quiet", description = "no progress lines") boolean quiet;

    @Override
    public Integer call() throws Exception {
        var netSpec = network.toSpec();
        var dataSpec = data.toSpec(recipe.seed);
        var console = spec.commandLine().getOut();
        recipe.check();
        DataSplit split = TrainingRun.loadData(new RunConfig(netSpec, null, dataSpec));
        var tc = recipe.toConfig(split);
        int iterations = tc.iterations(), batchSize = tc.batch(), nThreads = tc.threads();
        var config = new RunConfig(TrainingRun.fitToData(netSpec, split), tc, dataSpec);
        MemoryEstimate.training(config.model(), batchSize).plus(MemoryEstimate.data(config.model(), split.train().size() + split.test().size()))
                .require(config.model().displayName() + " at batch " + batchSize, "a smaller --depth, --width or --batch");
        TrainingRun.checkWritable(out);
        if (!quiet) {
            var d = split.train();
            console.printf("%s on %s (%d train / %d test images of %dx%dx%d): %d iterations of batch %d, %d threads%n",
                    config.model().displayName(), d.name(), d.size(), split.test().size(), d.channels(), d.height(), d.width(),
                    iterations, batchSize, nThreads);
        }
        int printEvery = Math.max(1, iterations / 20);
        TrainingListener progress = new TrainingListener() {
            private double ips;
            @Override public void onIteration(IterationStats s) {
                ips = s.batch() / Math.max(1e-9, s.seconds());
                if (!quiet && (s.iteration() % printEvery == 0 || s.iteration() == 1)) {
                    console.printf("  iter %5d/%d  epoch %2d  loss %.4f  error %.3f  lr %.4g  %.0f img/s%n",
                            s.iteration(), iterations, s.epoch(), s.loss(), s.error(), s.lr(), ips);
                }
            }
            @Override public void onEvaluation(EvalResult e) {
                if (!quiet) console.printf("  test at iter %d: error %.4f  loss %.4f (%d images)%n", e.iteration(), e.error(), e.loss(), e.images());
            }
        };
        String command = "resnetlab " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        RunResult r = TrainingRun.execute(config, split, out, command, progress, () -> false);
        var f = r.finalResult();
        if (f.diverged()) {
            // The run failed to train (no model.ckpt is written), so scripts must not go on with it: exit 1. Its
            // curves up to the divergence are in result.json.
            spec.commandLine().getErr().printf("error: %s %s; lower --lr (the history is in %s)%n", config.model().displayName(),
                    f.divergence(), out.resolve(TrainingRun.RESULT_FILE));
            return 1;
        }
        console.printf("%s: final train error %.4f, test error %.4f; %.0f images/s; wrote %s%n", config.model().displayName(),
                f.trainError(), f.testError(), r.throughput().imagesPerSecond(), out.resolve(TrainingRun.RESULT_FILE));
        return 0;
    }
}
