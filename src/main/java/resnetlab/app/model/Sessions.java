package resnetlab.app.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * Saving the bench to a session file and opening one ({@link SessionFile}: settings, curves, weights and the
 * window's layout in one file). Each runs as a long task ({@link LabModel#runTask}); the steps are split so that
 * they can be tested without a toolkit: {@link #snapshot} (FX thread: what to save), {@link #write} (background:
 * weights copied between two of each model's steps, so training need not stop; the file written atomically),
 * {@link #read} (background: the whole file checked first) and {@link #apply} (FX thread: only then is the bench
 * replaced, so a corrupt file leaves everything as it was).
 */
public final class Sessions {
    private final LabModel lab;

    public Sessions(LabModel lab) {
        this.lab = lab;
    }

    /** The bench as it is to be saved, taken on the FX thread; the weights are copied later, by {@link #write}. */
    record Snapshot(List<BenchModel> models, List<ModelSetup> setups, List<double[][]> trains, List<double[][]> tests,
                    List<double[][]> gradients, SessionData.Settings settings, Path dataFolder, Map<String, String> layout) {}

    /** How far {@link #write} is: done of total. */
    interface Progress {
        void update(long done, long total);
    }

    /**
     * Saves the bench, settings, curves, weights and {@code layout} into one file, in the background. Returns the
     * task, or null when another task is running.
     */
    public Task<Path> save(Path file, Map<String, String> layout) {
        Snapshot snap = snapshot(layout);
        Task<Path> t = new Task<>() {
            @Override protected Path call() throws Exception {
                updateMessage(file.getFileName().toString());
                return write(snap, file, this::isCancelled, this::updateProgress);
            }
        };
        t.setOnSucceeded(e -> lab.post(Notice.info("notice.saved", file.toString())));
        return lab.runTask(t, "error.saveSession") ? t : null;
    }

    /**
     * Opens a session in the background. The file is checked completely first; only then is the bench replaced,
     * so a corrupt file leaves everything as it was (and the error names the problem). {@code layout} receives
     * the saved layout on the FX thread.
     */
    public Task<SessionData> open(Path file, Consumer<Map<String, String>> layout) {
        Task<SessionData> t = new Task<>() {
            private SessionFile.Opened opened;

            @Override protected SessionData call() throws Exception {
                updateMessage(file.getFileName().toString());
                updateProgress(-1, 1);
                opened = read(file);
                return opened.data();
            }

            @Override protected void succeeded() {
                apply(opened, layout);
                lab.post(Notice.info("notice.opened", file.toString()));
            }
        };
        return lab.runTask(t, "error.openSession") ? t : null;
    }

    Snapshot snapshot(Map<String, String> layout) {
        TrainSettings s = lab.settings();
        List<BenchModel> ms = List.copyOf(lab.models());
        List<ModelSetup> setups = new ArrayList<>();
        List<double[][]> trains = new ArrayList<>(), tests = new ArrayList<>(), grads = new ArrayList<>();
        for (BenchModel m : ms) {
            ModelSetup setup = m.builtSetup() != null ? m.builtSetup() : m.draft().parse().setup();
            setups.add(setup);
            trains.add(rows(m.trainHistory()));
            tests.add(rows(m.testHistory()));
            grads.add(m.gradients().rows());
        }
        var settings = new SessionData.Settings(s.lr(), s.batch(), s.iterations(), s.evalEvery(), s.seed(), lab.speed.get());
        return new Snapshot(ms, setups, trains, tests, grads, settings, lab.dataFolder.get(), layout);
    }

    /** Writes the snapshot, with each model's weights as of now; returns the file, or null when cancelled. */
    static Path write(Snapshot snap, Path file, BooleanSupplier cancelled, Progress progress) throws Exception {
        Path tmp = Files.createTempDirectory("resnetlab-save");
        try {
            Map<String, Path> ckpts = new LinkedHashMap<>();
            List<SessionData.Model> out = new ArrayList<>();
            List<BenchModel> ms = snap.models();
            for (int i = 0; i < ms.size(); i++) {
                if (cancelled.getAsBoolean()) return null;
                progress.update(i, ms.size() + 1);
                BenchModel m = ms.get(i);
                if (snap.setups().get(i) == null) continue;
                String name = "model-" + i + ".ckpt";
                Integer it = null;
                if (m.built() != null && m.phase() != BenchModel.Phase.FAILED) {
                    Path p = tmp.resolve(name);
                    it = m.worker().saveCheckpoint(p).get();
                    ckpts.put(name, p);
                }
                out.add(new SessionData.Model(snap.setups().get(i), it == null ? 0 : it, it == null ? null : name,
                        trim(snap.trains().get(i), it), trim(snap.tests().get(i), it), trim(snap.gradients().get(i), it)));
            }
            if (out.isEmpty()) throw new IOException("there is no valid model to save");
            Path folder = snap.dataFolder();
            SessionData data = new SessionData(SessionFile.FORMAT, resnetlab.Version.get(), snap.settings(),
                    folder == null ? null : folder.toString(), snap.layout(), out);
            SessionFile.write(file, data, ckpts);
            progress.update(1, 1);
            return file;
        } finally {
            deleteTree(tmp);
        }
    }

    /** Reads and checks a whole session file; its checkpoints are unpacked into a temporary folder. */
    static SessionFile.Opened read(Path file) throws Exception {
        Path tmp = Files.createTempDirectory("resnetlab-open");
        tmp.toFile().deleteOnExit();
        try {
            return SessionFile.read(file, tmp);
        } catch (Exception e) {
            deleteTree(tmp);
            throw e;
        }
    }

    /** Replaces the bench with the session's models, settings and curves (FX thread). */
    void apply(SessionFile.Opened opened, Consumer<Map<String, String>> layout) {
        SessionData d = opened.data();
        var s = d.settings();
        lab.pause();
        lab.form().restore(new TrainSettings(s.lr(), s.batch(), s.iterations(), s.evalEvery() == 0 ? 25 : s.evalEvery(), s.seed()));
        lab.speed.set(Math.max(0, Math.min(LabModel.SPEEDS.length - 1, s.speed())));
        if (d.dataFolder() != null) lab.dataFolder.set(Path.of(d.dataFolder()));
        List<ModelSetup> setups = new ArrayList<>();
        for (SessionData.Model m : d.models()) setups.add(m.setup());
        List<BenchModel> made = lab.replaceModels(setups);
        for (int i = 0; i < made.size(); i++) {
            SessionData.Model sm = d.models().get(i);
            BenchModel m = made.get(i);
            m.restoreHistory(sm.train() == null ? new double[0][] : sm.train(), sm.test() == null ? new double[0][] : sm.test(),
                    sm.gradients());
            Path ckpt = sm.checkpoint() == null ? null : opened.checkpoints().get(sm.checkpoint());
            if (ckpt == null) lab.commitDraft(m, true);
            else lab.restore(m, sm.setup(), ckpt, sm.iteration());
        }
        if (layout != null && d.layout() != null) layout.accept(d.layout());
    }

    private static double[][] rows(History h) {
        double[][] r = new double[h.size()][];
        for (int i = 0; i < r.length; i++) r[i] = new double[] {h.x(i), h.a(i), h.b(i)};
        return r;
    }

    /** Rows up to the saved iteration (the history may already hold a step or two more). */
    private static double[][] trim(double[][] rows, Integer iteration) {
        if (iteration == null) return new double[0][];
        int n = 0;
        while (n < rows.length && rows[n][0] <= iteration) n++;
        return Arrays.copyOf(rows, n);
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files only
        }
    }
}
