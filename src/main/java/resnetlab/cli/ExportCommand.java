package resnetlab.cli;

import picocli.CommandLine.Command;

/** {@code export}: hands a network to another engine; {@code export pytorch} is the one there is. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a network and its recipe to another engine.",
        subcommands = {ExportPytorchCommand.class})
public final class ExportCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }
}
