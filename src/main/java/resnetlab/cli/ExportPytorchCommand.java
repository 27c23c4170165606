package resnetlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.data.DataSplit;
import resnetlab.experiments.TrainedModel;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.pytorch.ProjectConfig;
import resnetlab.pytorch.PytorchProject;
import resnetlab.pytorch.PytorchSweep;
import resnetlab.experiments.SweepPresets;
import resnetlab.experiments.SweepSpec;
import resnetlab.train.RunConfig;
import resnetlab.train.TrainingRun;

/**
 * {@code export pytorch}: writes a PyTorch project ({@link PytorchProject}) for a trained checkpoint, or for the
 * network, data and recipe given by the same flags as {@code train} (then with the initial weights our builder
 * draws from the seed, so a run in PyTorch starts where ours would).
 */
@Command(name = "pytorch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a self-contained PyTorch project (model.py, weights.safetensors, config.json, train.py, "
                + "evaluate.py, README.md) for a checkpoint, or for a network and recipe given as for 'train'.",
                "Example: export pytorch --checkpoint runs/resnet56/model.ckpt --out torch/resnet56",
                "         export pytorch --sweep shortcuts --out torch/shortcuts",
                "         export pytorch --depth 110 --width 16 --dataset cifar10 --data-dir cifar-10-batches-bin "
                        + "--iterations 64000 --milestones 32000,48000 --warmup paper --augment --out torch/resnet110"})
public final class ExportPytorchCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", description = "model.ckpt written by 'train' (or 'import pytorch'): its network, "
            + "weights, data and recipe; then no network, data or recipe flags") Path checkpoint;
    @Option(names = "--sweep", description = "a sweep preset (degradation, shortcuts, units, budget) or spec file: one "
            + "project per network, initial weights per seed, and a job list with one job per (network, seed)") String sweep;
    @Mixin NetworkOptions network = new NetworkOptions();
    @Mixin DataOptions data = new DataOptions();
    @Mixin RecipeOptions recipe = new RecipeOptions();
    @Option(names = "--out", required = true, description = "project folder (created; our files in it are replaced)") Path out;

    @Override
    public Integer call() throws Exception {
        var console = spec.commandLine().getOut();
        TrainingRun.checkWritable(out);
        ProjectConfig written;
        if (checkpoint != null && sweep != null) throw new IllegalArgumentException("give --checkpoint or --sweep, not both");
        if (checkpoint != null || sweep != null) {
            String own = checkpoint != null ? "--checkpoint" : "--sweep";
            List<String> extra = spec.commandLine().getParseResult().matchedOptions().stream().map(OptionSpec::longestName)
                    .filter(n -> !n.equals(own) && !n.equals("--out")).toList();
            if (!extra.isEmpty()) {
                throw new IllegalArgumentException(own + " brings its own network" + (checkpoint != null ? "" : "s") + ", data and recipe; drop "
                        + String.join(", ", extra));
            }
        }
        if (sweep != null) {
            SweepSpec s = SweepPresets.NAMES.contains(sweep) ? SweepPresets.get(sweep) : SweepSpec.read(Path.of(sweep));
            var jobs = PytorchSweep.write(out, s);
            console.printf("wrote %s: sweep %s, %d networks x %d seeds = %d jobs (jobs.json, jobs.txt, run_sweep.py)%n", out, s.name(),
                    s.variants().size(), s.seeds().size(), jobs.size());
            return 0;
        }
        if (checkpoint != null) {
            TrainedModel model = TrainedModel.load(checkpoint, Compute.reference());
            String origin = "checkpoint " + checkpoint.toAbsolutePath().normalize()
                    + (model.meta().has("iteration") ? " (iteration " + model.meta().get("iteration").asInt() + ")" : "");
            written = PytorchProject.write(out, model.network(), model.config(), model.data().normalization(), origin);
        } else {
            var dataSpec = data.toSpec(recipe.seed);
            DataSplit split = TrainingRun.loadData(new RunConfig(network.toSpec(), null, dataSpec));
            var tc = recipe.toConfig(split);
            var netSpec = TrainingRun.fitToData(network.toSpec(), split);
            Network net = NetworkBuilder.build(netSpec, Compute.reference(), tc.seed());
            written = PytorchProject.write(out, net, new RunConfig(netSpec, tc, dataSpec), split.normalization(),
                    "initial weights drawn by resnet-lab from seed " + tc.seed());
        }
        console.printf("wrote %s: %s (%s), %s%n", out, written.spec().displayName(), written.origin(),
                String.join(", ", PytorchProject.SOURCES) + ", " + PytorchProject.CONFIG_FILE + ", " + PytorchProject.WEIGHTS_FILE);
        return 0;
    }
}
