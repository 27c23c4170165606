package resnetlab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import resnetlab.Version;

/**
 * The command line: {@code java --add-modules jdk.incubator.vector -jar target/resnet-lab.jar COMMAND ...}.
 * Bad arguments get one line on stderr and exit code 2; a failed run exits 1.
 */
@Command(name = "resnetlab", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Train and study plain and residual networks (He 2015/2016, Veit 2016, Li 2018).",
        subcommands = {TrainCommand.class, EvaluateCommand.class, ExportCommand.class, ImportCommand.class, BenchCommand.class, GradientFlowCommand.class, PathsCommand.class,
                LesionCommand.class, SweepCommand.class, ResponsesCommand.class, LandscapeCommand.class,
                LessonCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams; returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException || ex instanceof resnetlab.data.DatasetException) {
                c.getErr().println("error: " + ex.getMessage());
                return ex instanceof IllegalArgumentException ? 2 : 1;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] {"resnet-lab " + Version.get()}; }
    }
}
