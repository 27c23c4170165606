package resnetlab.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.util.Duration;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.Comparison;
import resnetlab.app.model.DataCache;
import resnetlab.app.model.DataPreset;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.TrainSettings;
import resnetlab.app.model.TrainingWorker;
import resnetlab.app.view.FrameRecorder;

/**
 * Is the window smooth while three models train, and what does the window cost the training? Run with
 * {@code --benchmark SECONDS} (through {@link Launcher}): first the default comparison trains headless (no
 * JavaFX) for a warm-up and then SECONDS; then the window opens and the same three models train while the
 * frame intervals of the FX thread are recorded; then headless again. Prints the frame-time percentiles and
 * the images/s with the window open as a fraction of the mean headless images/s. Numbers, not an assertion:
 * the machine may be shared.
 */
public final class Benchmark {
    static final double WARMUP_SECONDS = 12;
    private static final List<Double> HEADLESS = new ArrayList<>();

    private Benchmark() {}

    /** Throughput of the default comparison without any UI, in images per second (all models together). */
    static double headless(double seconds) throws Exception {
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
            drainFor(workers, WARMUP_SECONDS);
            long before = total(workers), t0 = System.nanoTime();
            drainFor(workers, seconds);
            double ips = (total(workers) - before) / ((System.nanoTime() - t0) / 1e9);
            for (TrainingWorker w : workers) w.close();
            return ips;
        }
    }

    private static void drainFor(List<TrainingWorker> workers, double seconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (TrainingWorker w : workers) w.events().clear(); // what the window would read, thrown away
            Thread.sleep(16);
        }
    }

    private static long total(List<TrainingWorker> workers) {
        long n = 0;
        for (TrainingWorker w : workers) n += w.imagesTrained();
        return n;
    }

    /** Called by {@link App} with the window up and the comparison playing: records, prints, exits. */
    static void measureUi(App app, double seconds) {
        LabModel lab = app.lab();
        lab.speed.set(LabModel.SPEEDS.length - 1);
        lab.iterations.set("1000000");
        if (!lab.commitSettings()) throw new IllegalStateException("benchmark settings refused: " + lab.settingsProblemsProperty().get());
        FrameRecorder rec = app.view().recorder();
        PauseTransition warm = new PauseTransition(Duration.seconds(WARMUP_SECONDS));
        long[] before = new long[1];
        long[] t0 = new long[1];
        warm.setOnFinished(e -> {
            if (!lab.isPlaying()) lab.play();
            before[0] = total(lab);
            t0[0] = System.nanoTime();
            CPU_BEFORE.clear();
            CPU_BEFORE.putAll(cpuByThreadGroup());
            rec.start();
            if (!lab.isPlaying()) System.out.println("warning: the models are not training");
            PauseTransition run = new PauseTransition(Duration.seconds(seconds));
            run.setOnFinished(f -> {
                rec.stop();
                double ips = (total(lab) - before[0]) / ((System.nanoTime() - t0[0]) / 1e9);
                UI_IPS[0] = ips;
                double wall = (System.nanoTime() - t0[0]) / 1e9;
                var after = cpuByThreadGroup();
                StringBuilder cpu = new StringBuilder("CPU use during the window phase (cores):");
                for (var entry : after.entrySet()) {
                    double used = (entry.getValue() - CPU_BEFORE.getOrDefault(entry.getKey(), 0L)) / 1e9 / wall;
                    cpu.append(String.format(Locale.ROOT, " %s %.2f", entry.getKey(), used));
                }
                System.out.println(cpu);
                System.out.printf(Locale.ROOT, "frames %d over %.0f s with %d models training: interval p50 %.1f ms, p95 %.1f ms, "
                                + "p99 %.1f ms, max %.1f ms; app work per frame p99 %.2f ms%n", rec.frames(), seconds,
                        lab.models().size(), rec.intervalPercentile(50), rec.intervalPercentile(95), rec.intervalPercentile(99),
                        rec.maxInterval(), rec.workPercentile(99));
                System.out.printf(Locale.ROOT, "training with the window open: %.1f images/s (iterations %s)%n", ips,
                        lab.models().stream().map(m -> Integer.toString(m.iteration())).toList());
                lab.close();
                Platform.exit();
            });
            run.play();
        });
        warm.play();
    }

    private static final double[] UI_IPS = {Double.NaN};
    private static final java.util.Map<String, Long> CPU_BEFORE = new java.util.TreeMap<>();

    /** CPU time so far of this process's threads, grouped: FX thread, renderer, chart drawing, training, other. */
    static java.util.Map<String, Long> cpuByThreadGroup() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
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

    private static long total(LabModel lab) {
        long n = 0;
        for (BenchModel m : lab.models()) n += m.worker().imagesTrained();
        return n;
    }

    /** {@code Launcher} calls this for {@code --benchmark}: headless, window, headless; prints the ratio. */
    static void main(String[] args, double seconds) throws Exception {
        System.out.printf(Locale.ROOT, "benchmark: %s, %d cores, %.0f s per phase after %.0f s warm-up%n",
                Comparison.DEGRADATION.models().size() + " models (plain-20, plain-56, ResNet-56, 16x16 Fashion-MNIST, width 8, batch 64)",
                Runtime.getRuntime().availableProcessors(), seconds, WARMUP_SECONDS);
        double h1 = headless(seconds);
        HEADLESS.add(h1);
        System.out.printf(Locale.ROOT, "headless: %.1f images/s%n", h1);
        javafx.application.Application.launch(App.class, args);
        double h2 = headless(seconds);
        HEADLESS.add(h2);
        System.out.printf(Locale.ROOT, "headless again: %.1f images/s%n", h2);
        double mean = (h1 + h2) / 2;
        System.out.printf(Locale.ROOT, "throughput with the window open / headless = %.1f / %.1f = %.0f%% (goal >= 85%%)%n",
                UI_IPS[0], mean, 100 * UI_IPS[0] / mean);
        System.exit(0);
    }
}
