package resnetlab.cli;

import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import resnetlab.data.DataSplit;
import resnetlab.train.TrainConfig;

/** The training recipe's options, shared by {@code train} and {@code export pytorch}. */
public final class RecipeOptions {
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

    /**
     * The recipe for this data: the batch at most the training set, {@code --epochs} counted in full batches
     * (one epoch when neither length is given), evaluation once per epoch unless {@code --eval-every} says otherwise.
     */
    TrainConfig toConfig(DataSplit split) {
        check();
        int batchSize = Math.min(batch, split.train().size());
        int perEpoch = split.train().size() / batchSize;
        int iterations;
        try {
            iterations = length == null ? perEpoch
                    : length.iterations != null ? length.iterations : Math.multiplyExact(length.epochs, perEpoch);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("--epochs " + length.epochs + " is more than 2^31 iterations of "
                    + perEpoch + " per epoch");
        }
        int every = evalEvery > 0 ? evalEvery : perEpoch;
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new TrainConfig(iterations, batchSize, lr, momentum, weightDecay, milestones, warmup, seed, nThreads, every, augment).validate();
    }

    /** The counts that would divide by zero or train nothing, named as the user typed them (before any data is read). */
    void check() {
        if (batch < 1) throw new IllegalArgumentException("--batch " + batch + " must be at least 1");
        if (length != null && length.epochs != null && length.epochs < 1) {
            throw new IllegalArgumentException("--epochs " + length.epochs + " must be at least 1");
        }
        if (length != null && length.iterations != null && length.iterations < 1) {
            throw new IllegalArgumentException("--iterations " + length.iterations + " must be at least 1");
        }
    }
}
