package resnetlab.pytorch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a Python 3 that imports torch and NumPy, for the tests that use PyTorch as an outside oracle. Tried in
 * order: {@code $RESNETLAB_PYTHON}, {@code /usr/bin/python3} (Debian's python3-torch installs there; a pyenv
 * {@code python3} first on the PATH often has no torch), then {@code python3} on the PATH. Where none works the
 * tests skip with {@link #assume()}, saying why; the Java side never needs Python. {@code RESNETLAB_PYTHON=none}
 * skips them on purpose.
 */
final class PythonTorch {
    record Result(int code, String out) {}

    private static final String PROBE = "import torch, numpy; print(torch.__version__)";
    private static String interpreter;
    private static String reason;

    private PythonTorch() {}

    /** The interpreter's path; skips the calling test when there is none. */
    static synchronized String assume() {
        Assumptions.assumeTrue(interpreter() != null, reason);
        return interpreter;
    }

    /** The interpreter's path, or null (for set-up code that must not skip: the reason then shows on the tests). */
    static synchronized String interpreter() {
        if (interpreter == null && reason == null) find();
        return interpreter;
    }

    private static void find() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("RESNETLAB_PYTHON");
        if ("none".equals(env)) {
            reason = "RESNETLAB_PYTHON=none: the PyTorch tests are switched off";
            return;
        }
        if (env != null && !env.isBlank()) candidates.add(env);
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        List<String> tried = new ArrayList<>();
        for (String c : candidates) {
            try {
                Result r = run(Path.of("."), 120, c, "-c", PROBE);
                if (r.code() == 0) {
                    interpreter = c;
                    return;
                }
                tried.add(c + " (" + r.out().strip().lines().reduce((a, b) -> b).orElse("exit " + r.code()) + ")");
            } catch (IOException e) {
                tried.add(c + " (" + e.getMessage() + ")");
            }
        }
        reason = "no Python 3 with torch and numpy (install python3-torch python3-numpy; tried " + String.join(", ", tried) + ")";
    }

    /** Runs a command in {@code dir}, stdout and stderr merged; fails the test on a timeout. */
    static Result run(Path dir, int timeoutSeconds, String... command) throws IOException {
        return run(dir, timeoutSeconds, List.of(command));
    }

    static Result run(Path dir, int timeoutSeconds, List<String> command) throws IOException {
        Path log = Files.createTempFile("python", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Copies a test resource of this package (a Python driver) into {@code dir}. */
    static Path script(Path dir, String name) throws IOException {
        try (var in = PythonTorch.class.getResourceAsStream("/resnetlab/pytorch/" + name)) {
            if (in == null) throw new IOException("test resource " + name + " is missing");
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }
}
