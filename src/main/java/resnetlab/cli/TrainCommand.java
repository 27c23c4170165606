package resnetlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.data.DataSplit;
import resnetlab.train.IterationStats;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.RunConfig;
import resnetlab.train.RunResult;
import resnetlab.train.TrainConfig;
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

    static final class Length {
        @Option(names = "--epochs", description = "passes over the training set") Integer epochs;
        @Option(names = "--iterations", description = "SGD steps") Integer iterations;
    }

    @ArgGroup(exclusive = true) Length length;

    @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--lr", defaultValue = "0.1", description = "learning rate (default: ${DEFAULT-VALUE})") double lr;
    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE})") double momentum;
    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "weight decay on conv/FC weights (default: ${DEFAULT-VALUE})") double weightDecay;
    @Option(names = "--milestones", split = ",", description = "iterations at which lr is divided by 10, e.g. 32000,48000") List<Integer> milestones;
    @Option(names = "--warmup", defaultValue = "none", description = "none, paper (lr 0.01 until training error < 80%%), or N iterations (default: ${DEFAULT-VALUE})") String warmup;
    @Option(names = "--augment", description = "pad-4 random crop and horizontal flip") boolean augment;
    @Option(names = "--eval-every", defaultValue = "0", description = "evaluate the test set every N iterations (default: once per epoch)") int evalEvery;
    @Option(names = "--seed", defaultValue = "1", description = "seed of weights, data order and augmentation (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--threads", description = "worker threads (default: all cores)") Integer threads;
    @Option(names = "--out", required = true, description = "output folder") Path out;
    @Option(names = "--quiet", description = "no progress lines") boolean quiet;

    @Override
    public Integer call() throws Exception {
        var netSpec = network.toSpec();
        var dataSpec = data.toSpec(seed);
        var console = spec.commandLine().getOut();
        if (batch < 1) throw new IllegalArgumentException("--batch " + batch + " must be at least 1");
        if (length != null && length.epochs != null && length.epochs < 1) {
            throw new IllegalArgumentException("--epochs " + length.epochs + " must be at least 1");
        }
        if (length != null && length.iterations != null && length.iterations < 1) {
            throw new IllegalArgumentException("--iterations " + length.iterations + " must be at least 1");
        }
        DataSplit split = TrainingRun.loadData(new RunConfig(netSpec, null, dataSpec));
        int batchSize = Math.min(batch, split.train().size());
        int perEpoch = split.train().size() / batchSize;
        int iterations;
        try {
            iterations = length == null ? perEpoch
                    : length.iterations != null ? length.iterations : Math.multiplyExact(length.epochs, perEpoch);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("--epochs " + length.epochs + " is more than 2^31 iterations of " + perEpoch + " per epoch");
        }
        int every = evalEvery > 0 ? evalEvery : perEpoch;
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        var tc = new TrainConfig(iterations, batchSize, lr, momentum, weightDecay, milestones, warmup, seed, nThreads, every, augment).validate();
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
