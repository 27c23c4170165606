package resnetlab.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.util.Duration;
import resnetlab.app.model.Comparison;
import resnetlab.app.model.ComputeShare;
import resnetlab.app.model.DataCache;
import resnetlab.app.model.DataPreset;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.TrainSettings;
import resnetlab.app.model.TrainingWorker;
import resnetlab.app.view.FrameRecorder;
import resnetlab.kernel.JitWatch;

/**
 * Is the window smooth while three models train, and what does the window cost the training? Run with
 * {@code --benchmark SECONDS} (through {@link Launcher}): first the default comparison trains headless (no
 * JavaFX), then the window opens and the same three models train while the frame intervals of the FX thread
 * are recorded, then headless again. Each phase measures SECONDS once the JIT compiler has settled
 * ({@link JitWatch}: at least {@value #MIN_WARMUP_SECONDS} s, at most {@value #MAX_WARMUP_SECONDS} s), so both
 * sides are steady-state speeds. Prints the frame-time percentiles, the CPU each part of the app used, and the
 * images/s with the window open as a fraction of the mean headless images/s, in total and per model. Numbers,
 * not an assertion: the machine may be shared.
 */
public final class Benchmark {
    static final double MIN_WARMUP_SECONDS = 12;
    static final double MAX_WARMUP_SECONDS = 180;
    private static final String[] NAMES = {"plain-20", "plain-56", "ResNet-56"};
    /** The window phase's result, set on the FX thread before the window closes and read after launch returns. */
    private static volatile Rate window = new Rate(Double.NaN, new double[0]);

    private Benchmark() {}

    /** One phase's result: images/s of all models together and of each. */
    record Rate(double total, double[] perModel) {}

    /** Throughput of the default comparison without any UI. */
    static Rate headless(double seconds) throws Exception {
        List<ModelSetup> setups = Comparison.DEGRADATION.models();
        TrainSettings s = TrainSettings.DEFAULT.withIterations(Integer.MAX_VALUE / 2);
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / setups.size()));
        List<TrainingWorker> workers = new ArrayList<>();
        try (DataCache data = new DataCache()) {
            for (int i = 0; i < setups.size(); i++) {
                TrainingWorker w = new TrainingWorker("bench" + i);
                w.setSpeed(Double.POSITIVE_INFINITY);
                w.setTarget(s.iterations());
                w.build(setups.get(i), s, data.get(DataPreset.byKey(setups.get(i).preset()), null, s.seed()), s.seed(), threads);
                w.play();
                workers.add(w);
            }
            JitWatch jit = new JitWatch();
            while (!jit.settled(MIN_WARMUP_SECONDS, MAX_WARMUP_SECONDS)) drainFor(workers, 0.25);
            System.out.printf(Locale.ROOT, "  warm-up %.0f s (until the JIT compiler was quiet)%n", jit.secondsSinceStart());
            long[] before = counts(workers);
            long compile0 = jit.compileMillis(), t0 = System.nanoTime();
            drainFor(workers, seconds);
            double wall = (System.nanoTime() - t0) / 1e9;
            long[] after = counts(workers);
            for (TrainingWorker w : workers) w.close();
            System.out.printf(Locale.ROOT, "  JIT compilation during the phase: %d ms%n", jit.compileMillis() - compile0);
            return rate(before, after, wall);
        }
    }

    private static void drainFor(List<TrainingWorker> workers, double seconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (TrainingWorker w : workers) w.events().clear(); // what the window would read, thrown away
            Thread.sleep(16);
        }
    }

    private static long[] counts(List<TrainingWorker> workers) {
        return workers.stream().mapToLong(TrainingWorker::imagesTrained).toArray();
    }

    private static Rate rate(long[] before, long[] after, double seconds) {
        double[] per = new double[after.length];
        double total = 0;
        for (int i = 0; i < per.length; i++) {
            per[i] = (after[i] - before[i]) / seconds;
            total += per[i];
        }
        return new Rate(total, per);
    }

    /** Called by {@link App} with the window up and the comparison playing: records, prints, exits. */
    static void measureUi(App app, double seconds) {
        LabModel lab = app.lab();
        if (app.welcome() != null) app.welcome().close(); // as in Soak: a class closes it first
        lab.speed.set(LabModel.SPEEDS.length - 1);
        lab.iterations.set("1000000");
        if (!lab.commitSettings()) throw new IllegalStateException("benchmark settings refused: " + lab.settingsProblemsProperty().get());
        FrameRecorder rec = app.view().recorder();
        JitWatch jit = new JitWatch();
        long[] warmStart = counts(lab);
        Timeline warm = new Timeline();
        warm.setCycleCount(Animation.INDEFINITE);
        warm.getKeyFrames().add(new KeyFrame(Duration.millis(250), e -> {
            if (!jit.settled(MIN_WARMUP_SECONDS, MAX_WARMUP_SECONDS)) return;
            warm.stop();
            Rate during = rate(warmStart, counts(lab), jit.secondsSinceStart());
            System.out.printf(Locale.ROOT, "  warm-up %.0f s (until the JIT compiler was quiet), meanwhile %.1f images/s%n",
                    jit.secondsSinceStart(), during.total());
            measureWindowPhase(lab, rec, jit, seconds);
        }));
        warm.play();
    }

    private static void measureWindowPhase(LabModel lab, FrameRecorder rec, JitWatch jit, double seconds) {
        if (!lab.isPlaying()) lab.play();
        if (!lab.isPlaying()) System.out.println("warning: the models are not training");
        long[] before = counts(lab);
        long t0 = System.nanoTime(), compile0 = jit.compileMillis(), turns0 = ComputeShare.sharingNanos(t0);
        var cpuBefore = cpuByThreadGroup();
        rec.start();
        PauseTransition run = new PauseTransition(Duration.seconds(seconds));
        run.setOnFinished(f -> {
            rec.stop();
            double wall = (System.nanoTime() - t0) / 1e9;
            Rate r = rate(before, counts(lab), wall);
            window = r;
            StringBuilder cpu = new StringBuilder("  CPU use during the window phase (cores):");
            cpuByThreadGroup().forEach((group, nanos) -> cpu.append(String.format(Locale.ROOT, " %s %.2f", group,
                    (nanos - cpuBefore.getOrDefault(group, 0L)) / 1e9 / wall)));
            System.out.println(cpu);
            System.out.printf(Locale.ROOT, "  JIT compilation during the phase: %d ms%n", jit.compileMillis() - compile0);
            System.out.printf(Locale.ROOT, "  frames %d over %.0f s with %d models training: interval p50 %.1f ms, p95 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms; app work per frame p99 %.2f ms%n", rec.frames(), seconds,
                    lab.models().size(), rec.intervalPercentile(50), rec.intervalPercentile(95), rec.intervalPercentile(99),
                    rec.maxInterval(), rec.workPercentile(99));
            System.out.printf(Locale.ROOT, "  the models took turns (frames were slow) for %.1f s of the phase%n",
                    (ComputeShare.sharingNanos(System.nanoTime()) - turns0) / 1e9);
            System.out.printf(Locale.ROOT, "window open: %.1f images/s %s%n", r.total(), perModel(r.perModel()));
            lab.close();
            Platform.exit();
        });
        run.play();
    }

    /** CPU time so far of this process's threads, grouped: FX thread, renderer, chart drawing, training, other. */
    static Map<String, Long> cpuByThreadGroup() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new TreeMap<>();
        for (var info : mx.dumpAllThreads(false, false)) {
            long t = mx.getThreadCpuTime(info.getThreadId());
            if (t < 0) continue;
            String n = info.getThreadName();
            String g = n.startsWith("JavaFX Application") ? "fx" : n.startsWith("QuantumRenderer") ? "prism"
                    : n.startsWith("chart-render") ? "charts" : n.startsWith("train-") || n.startsWith("resnetlab") || n.contains("parallel") ? "training" : "other";
            out.merge(g, t, Long::sum);
        }
        return out;
    }

    private static long[] counts(LabModel lab) {
        return lab.models().stream().mapToLong(m -> m.worker().imagesTrained()).toArray();
    }

    private static String perModel(double[] ips) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < ips.length; i++) {
            b.append(i == 0 ? "" : ", ").append(i < NAMES.length ? NAMES[i] : "#" + (i + 1));
            b.append(String.format(Locale.ROOT, " %.1f", ips[i]));
        }
        return b.append(')').toString();
    }

    /** {@code Launcher} calls this for {@code --benchmark}: headless, window, headless; prints the ratio. */
    static void main(String[] args, double seconds) throws Exception {
        System.out.printf(Locale.ROOT, "benchmark: %s, %d cores, %.0f s per phase once the JIT compiler is quiet%n",
                Comparison.DEGRADATION.models().size() + " models (plain-20, plain-56, ResNet-56, 16x16 Fashion-MNIST, width 8, batch 64)",
                Runtime.getRuntime().availableProcessors(), seconds);
        System.out.println("headless:");
        Rate h1 = headless(seconds);
        System.out.printf(Locale.ROOT, "headless: %.1f images/s %s%n", h1.total(), perModel(h1.perModel()));
        System.out.println("window:");
        javafx.application.Application.launch(App.class, args);
        System.out.println("headless again:");
        Rate h2 = headless(seconds);
        System.out.printf(Locale.ROOT, "headless again: %.1f images/s %s%n", h2.total(), perModel(h2.perModel()));
        double mean = (h1.total() + h2.total()) / 2;
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < Math.min(window.perModel().length, h1.perModel().length); i++) {
            double m = (h1.perModel()[i] + h2.perModel()[i]) / 2;
            each.append(String.format(Locale.ROOT, "%s %s %.0f%%", i == 0 ? "" : ",", i < NAMES.length ? NAMES[i] : "#" + (i + 1),
                    100 * window.perModel()[i] / m));
        }
        System.out.printf(Locale.ROOT, "throughput with the window open / headless = %.1f / %.1f = %.0f%% (goal >= 85%%); per model:%s%n",
                window.total(), mean, 100 * window.total() / mean, each);
        System.exit(0);
    }
}
