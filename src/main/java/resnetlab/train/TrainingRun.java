package resnetlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import resnetlab.Version;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;

/**
 * One complete run as the CLI and lessons make it: load the data, build the network, train, and write
 * {@code result.json} and the checkpoint {@code model.ckpt} into an output folder.
 */
public final class TrainingRun {
    public static final String RESULT_FILE = "result.json";
    public static final String CHECKPOINT_FILE = "model.ckpt";

    private TrainingRun() {}

    /** Loads and normalises the data of a run. */
    public static DataSplit loadData(RunConfig config) {
        return Datasets.load(config.data()).normalized();
    }

    /** The network spec with the data's shape filled in (channels, image size, classes). */
    public static NetworkSpec fitToData(NetworkSpec spec, DataSplit data) {
        var d = data.train();
        return new NetworkSpec(spec.depth(), spec.width(), d.channels(), d.height(), d.numClasses(), spec.shortcut(),
                spec.lambda(), spec.scaleBranch(), spec.gateBias(), spec.dropout(), spec.unit(), spec.option());
    }

    /** Fails early, naming the folder, when results could not be written there. */
    public static void checkWritable(Path outDir) throws IOException {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new IOException("cannot create output folder " + outDir + " (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(outDir)) throw new IOException("output folder " + outDir + " is not writable");
    }

    /**
     * Trains and writes the results.
     *
     * @param command the command line that started the run, recorded in the result
     */
    public static RunResult execute(RunConfig config, DataSplit data, Path outDir, String command,
                                    TrainingListener listener, BooleanSupplier cancelled) throws IOException {
        checkWritable(outDir);
        TrainConfig tc = config.training();
        NetworkSpec spec = fitToData(config.model(), data);
        RunConfig fitted = new RunConfig(spec, tc, config.data());
        long t0 = System.nanoTime();
        try (Compute compute = Compute.best(tc.threads())) {
            Network net = NetworkBuilder.build(spec, compute, tc.seed());
            Trainer trainer = new Trainer(net, data, tc);
            if (listener != null) trainer.addListener(listener);
            RunState state = trainer.run(cancelled);
            double seconds = (System.nanoTime() - t0) / 1e9;
            RunResult result = result(fitted, data, trainer, state, command, compute, seconds);
            Json.write(outDir.resolve(RESULT_FILE), result);
            if (state != RunState.DIVERGED) {
                Checkpoint.save(outDir.resolve(CHECKPOINT_FILE), net, checkpointMeta(fitted, data, trainer));
            }
            return result;
        }
    }

    /** What a checkpoint carries besides weights, so experiments can rebuild the same data and preprocessing. */
    public static Map<String, Object> checkpointMeta(RunConfig config, DataSplit data, Trainer trainer) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("version", Version.get());
        meta.put("config", config);
        meta.put("normalization", data.normalization());
        meta.put("iteration", trainer.iteration());
        List<EvalResult> evals = trainer.evals();
        if (!evals.isEmpty()) meta.put("testError", evals.get(evals.size() - 1).error());
        return meta;
    }

    static RunResult result(RunConfig config, DataSplit data, Trainer t, RunState state, String command,
                            Compute compute, double seconds) {
        List<RunResult.Eval> evals = new ArrayList<>();
        for (EvalResult e : t.evals()) evals.add(new RunResult.Eval(e.iteration(), e.error(), e.loss()));
        EvalResult last = t.evals().isEmpty() ? null : t.evals().get(t.evals().size() - 1);
        var fin = new RunResult.Final(t.iteration(), t.finalTrainError(), last == null ? Double.NaN : last.error(),
                last == null ? Double.NaN : last.loss(), state == RunState.DIVERGED, t.divergence(), state.name().toLowerCase());
        var throughput = new RunResult.Throughput(t.imagesPerSecond(), compute.threads(), compute.gemm().name(), seconds);
        return new RunResult("resnet-lab", Version.get(), command, config, data.train().description(), t.history(), evals, fin, throughput);
    }
}
