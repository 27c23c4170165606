package resnetlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Dataset;
import resnetlab.data.Datasets;
import resnetlab.data.Normalization;
import resnetlab.experiments.TrainedModel;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.NetworkSpec;
import resnetlab.train.EvalResult;
import resnetlab.train.Evaluation;

/**
 * {@code evaluate}: a checkpoint's test error in eval mode, as JSON with the keys of the PyTorch project's
 * {@code evaluate.py} ({@code testError}, {@code images}, and {@code testLoss}). Without data flags the
 * checkpoint's own data spec is used; each data flag given replaces that one field. The images are always
 * normalised with the statistics saved in the checkpoint, as the network was trained.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Test error of a checkpoint as JSON (testError, testLoss, images).",
                "Example: evaluate --checkpoint runs/resnet56/model.ckpt --test-size 1000"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "model.ckpt written by 'train' or 'import pytorch'") Path checkpoint;
    @Mixin DataOptions data = new DataOptions();
    @Option(names = "--batch", defaultValue = "250", description = "evaluation batch (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--threads", description = "worker threads (default: all cores)") Integer threads;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try (Compute compute = Compute.best(nThreads)) {
            TrainedModel model = TrainedModel.load(checkpoint, compute);
            DataSpec base = model.config().data();
            Set<String> given = spec.commandLine().getParseResult().matchedOptions().stream().map(OptionSpec::longestName)
                    .collect(java.util.stream.Collectors.toSet());
            DataSpec ds = new DataSpec(
                    given.contains("--dataset") ? data.dataset : base.name(),
                    given.contains("--data-dir") ? data.dataDir : base.dataDir(),
                    given.contains("--train-size") ? data.trainSize : base.trainSize(),
                    given.contains("--test-size") ? data.testSize : base.testSize(),
                    given.contains("--image-size") ? data.imageSize : base.imageSize(), base.seed());
            Dataset test;
            if (ds.equals(base)) {
                test = model.data().test();
            } else {
                DataSplit raw = Datasets.load(ds);
                Normalization norm = model.data().normalization();
                test = raw.test().normalized(norm);
                NetworkSpec ns = model.network().spec();
                if (test.channels() != ns.inChannels() || test.height() != ns.imageSize() || test.numClasses() != ns.classes()) {
                    throw new IllegalArgumentException("the network takes " + ns.inChannels() + "x" + ns.imageSize() + "x" + ns.imageSize()
                            + " images of " + ns.classes() + " classes, " + test.name() + " has " + test.channels() + "x" + test.height()
                            + "x" + test.width() + " of " + test.numClasses());
                }
            }
            EvalResult r = Evaluation.evaluate(model.network(), test, batch, model.meta().path("iteration").asInt(0));
            ObjectNode json = Json.MAPPER.createObjectNode();
            json.put("testError", r.error());
            json.put("testLoss", r.loss());
            json.put("images", r.images());
            json.put("checkpoint", checkpoint.toString());
            json.put("model", model.network().spec().displayName());
            json.put("data", test.description());
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(json));
        }
        return 0;
    }
}
