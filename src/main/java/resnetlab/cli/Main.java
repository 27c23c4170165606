package resnetlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import resnetlab.Version;

/**
 * The command line: {@code java --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=10000 -jar
 * target/resnet-lab.jar COMMAND ...} (the second flag: {@link resnetlab.kernel.JitFlags}; without it every command
 * starts with a note on stderr).
 * Every command reports through the two handlers here: bad input (an option picocli rejects, an
 * {@link IllegalArgumentException} such as a depth that is not 6n+2, a request too big for the heap) gets one
 * line on stderr and exit code 2; a failed run (an unreadable file, a corrupt dataset, an unexpected exception,
 * running out of memory all the same) gets one line and exit code 1. The stack trace is printed only with
 * {@code --debug}, which every command accepts.
 */
@Command(name = "resnetlab", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Train and study plain and residual networks (He 2015/2016, Veit 2016, Li 2018).",
        subcommands = {TrainCommand.class, EvaluateCommand.class, ExportCommand.class, ImportCommand.class, BenchCommand.class, GradientFlowCommand.class, PathsCommand.class,
                LesionCommand.class, SweepCommand.class, ResponsesCommand.class, LandscapeCommand.class,
                LessonCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "print the stack trace of an unexpected error") boolean debug;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    public static void main(String[] args) {
        String jitAdvice = resnetlab.kernel.JitFlags.advice();
        if (jitAdvice != null) System.err.println("note: " + jitAdvice);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams; returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = configure(new CommandLine(new Main()), debug);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            if (debug) e.printStackTrace(err);
            err.println("error: out of memory (Java heap " + resnetlab.train.MemoryEstimate.format(Runtime.getRuntime().maxMemory())
                    + "): give Java more with -Xmx or ask for less (a smaller depth, width, batch or grid)");
            return 1;
        }
    }

    /**
     * Installs the one error handling every command gets (and the path converter) on {@code cl}: a bad option
     * or value, and an {@link IllegalArgumentException} from a command, one line and exit 2; an
     * {@link java.io.IOException} or {@link resnetlab.data.DatasetException}, one line and exit 1; anything else
     * one line naming the command, exit 1, and the stack trace only when {@code debug}. Commands just throw.
     */
    static CommandLine configure(CommandLine cl, boolean debug) {
        cl.registerConverter(Path.class, Main::path);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            if (debug) ex.printStackTrace(c.getErr());
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException || ex instanceof resnetlab.data.DatasetException) {
                c.getErr().println("error: " + ex.getMessage());
                return ex instanceof IllegalArgumentException ? 2 : 1;
            }
            c.getErr().println("error: " + c.getCommandName() + " failed: " + ex + (debug ? "" : " (--debug prints the stack trace)"));
            return 1;
        });
        return cl;
    }

    /** Paths of options: an empty one would silently mean the current folder, so it is refused. */
    private static Path path(String s) {
        if (s.isBlank()) throw new CommandLine.TypeConversionException("an empty path; name a file or folder");
        return Path.of(s);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] {"resnet-lab " + Version.get()}; }
    }
}
