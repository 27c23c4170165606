package resnetlab.cli;

import picocli.CommandLine.Command;

/** {@code import}: brings weights trained by another engine back; {@code import pytorch} is the one there is. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import weights trained by another engine as a resnet-lab checkpoint.",
        subcommands = {ImportPytorchCommand.class})
public final class ImportCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }
}
