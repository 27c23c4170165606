package resnetlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.pytorch.PytorchImport;

/** {@code import pytorch}: a project's network with weights from a safetensors file, saved as a checkpoint. */
@Command(name = "pytorch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import weights trained in PyTorch (a project written by 'export pytorch') as a resnet-lab checkpoint.",
                "Example: import pytorch --project torch/resnet56 --weights torch/resnet56/run/weights.safetensors --out resnet56.ckpt"})
public final class ImportPytorchCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--project", required = true, description = "the project folder (its config.json gives the network)") Path project;
    @Option(names = "--weights", required = true, description = "a safetensors file with the network's state dict") Path weights;
    @Option(names = "--out", required = true, description = "the checkpoint to write (e.g. model.ckpt)") Path out;

    @Override
    public Integer call() throws Exception {
        var imported = PytorchImport.read(project, weights);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) java.nio.file.Files.createDirectories(parent);
        resnetlab.train.Checkpoint.save(out, imported.network(), imported.meta());
        spec.commandLine().getOut().printf("wrote %s: %s from %s%n", out, imported.network().spec().displayName(), weights);
        return 0;
    }
}
