package resnetlab.app;

import java.util.logging.Logger;
import javafx.application.Application;
import resnetlab.kernel.JitFlags;

/**
 * Entry point of the desktop app. A plain class, not an {@link Application}, so that the app starts from the
 * class path (JavaFX refuses to launch an Application subclass as main class without modules).
 * {@code --benchmark SECONDS} runs {@link Benchmark} around the window.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        // the installer and mvn javafx:run pass the flag; a hand-typed java command may not
        String jitAdvice = JitFlags.advice();
        if (jitAdvice != null) Logger.getLogger(Launcher.class.getName()).warning(jitAdvice);
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--benchmark")) {
                Benchmark.main(args, Double.parseDouble(args[i + 1]));
                return;
            }
        }
        OpenFiles.listen(); // macOS sends a double-clicked file as an event, maybe before the window exists
        Application.launch(App.class, args);
    }
}
