package resnetlab.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.util.Duration;
import resnetlab.app.model.ComputeShare;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.LessonModel;
import resnetlab.app.view.FrameRecorder;
import resnetlab.app.view.MainView;
import resnetlab.kernel.Heap;

/**
 * The unattended class ({@code --soak MINUTES}): the app runs for that long as a class would leave it, with four
 * models training, a lesson stepping forward and back every {@value #LESSON_SECONDS} s, the panes switching every
 * {@value #PANE_SECONDS} s, and every {@value #EXPERIMENT_SECONDS} s (when none is running) an experiment started on
 * the next of the experiment panes in turn (lesions, paths, responses, landscape); one still running after
 * {@value #EXPERIMENT_LIMIT_SECONDS} s is cancelled. Every {@value #SAMPLE_SECONDS} s it writes one CSV row to
 * {@code soak.csv} in the current folder: seconds, heap in use after a full collection (MB), frame interval
 * p50/p99/max over the last period (ms), training images/s over the period, the pane shown, the count of
 * uncaught exceptions so far, the machine's load average (1 minute; -1 where the system cannot say: on a shared
 * machine the frame times follow the other programs' load, so every row says what it was), whether an experiment was
 * running at the sample, and the seconds of the period the models took turns ({@link ComputeShare}).
 *
 * <p>Verdict at the end (printed, and the exit code): PASS when the frame p99 of every period after the JIT
 * warm-up ({@value #WARMUP_SECONDS} s) is below {@value #FRAME_P99_LIMIT_MS} ms, no exception escaped, and the heap
 * after GC is flat: the smallest sample of the last third is at most {@value #HEAP_GROWTH_LIMIT} above the smallest
 * of the first third (plus 32 MB for noise); the floor, because a running or shown experiment lifts single samples. The full collection of each sample runs with the frame recorder
 * stopped, so it is not counted as a slow frame. A leak of a few MB per minute shows over an hour; over 5 minutes this
 * catches only a fast one, which is what the CI run is for.
 */
final class Soak {
    static final int SAMPLE_SECONDS = 15;
    static final int PANE_SECONDS = 20;
    static final int LESSON_SECONDS = 30;
    static final int EXPERIMENT_SECONDS = 90;
    /**
     * An experiment still running after this long is cancelled when the next is due, as a class would move on: on a
     * loaded machine a landscape of four models took over 15 minutes, and its copies and grids (about 850 MB) held the
     * heap floor up for as long, which a leak check cannot tell from a leak.
     */
    static final int EXPERIMENT_LIMIT_SECONDS = 270;
    static final double FRAME_P99_LIMIT_MS = 50;
    static final double HEAP_GROWTH_LIMIT = 0.10;
    /** Samples before this are not judged: opening the window compiles JavaFX and the charts for 2-3 minutes. */
    static final double WARMUP_SECONDS = 120;
    private static final AtomicInteger EXCEPTIONS = new AtomicInteger();
    /** The panes whose main button starts an experiment: deleting layers, path lengths, responses, landscape. */
    private static final int[] EXPERIMENT_TABS = {2, 3, 5, 6};

    private Soak() {}

    /** One CSV row. */
    record Sample(double seconds, double heapMb, double p50, double p99, double max, double imagesPerSecond, int pane, int exceptions,
                  double loadAverage, boolean experiment, double turnsSeconds) {
        Sample(double seconds, double heapMb, double p50, double p99, double max, double imagesPerSecond, int pane, int exceptions) {
            this(seconds, heapMb, p50, p99, max, imagesPerSecond, pane, exceptions, -1, false, 0);
        }

        String csv() {
            return String.format(Locale.ROOT, "%.0f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%.2f,%d,%.1f", seconds, heapMb, p50, p99, max,
                    imagesPerSecond, pane, exceptions, loadAverage, experiment ? 1 : 0, turnsSeconds);
        }
    }

    /** Called by {@link App} once the window is up; fills the bench to four models and runs for {@code minutes}. */
    static void run(App app, double minutes) {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            EXCEPTIONS.incrementAndGet();
            if (previous != null) previous.uncaughtException(t, e);
            else e.printStackTrace();
        });
        LabModel lab = app.lab();
        MainView view = app.view();
        // a class closes "How to use this in class" first; left open, its shadow is redrawn in software on every frame
        if (app.welcome() != null) app.welcome().close();
        while (lab.models().size() < LabModel.MAX_MODELS) lab.addModel();
        lab.speed.set(LabModel.SPEEDS.length - 1);
        lab.iterations.set("1000000");
        lab.commitSettings();
        view.openLesson("degradation");
        Path csv = Path.of("soak.csv");
        List<Sample> samples = new ArrayList<>();
        FrameRecorder rec = view.recorder();
        rec.start();
        long t0 = System.nanoTime();
        long[] images = {imagesTrained(lab)}, turns = {ComputeShare.sharingNanos(t0)};
        int[] tick = {0}, experiment = {0}, started = {0};
        System.out.printf(Locale.ROOT, "soak: %s minutes, %d models, samples every %d s to %s%n", minutes, lab.models().size(),
                SAMPLE_SECONDS, csv.toAbsolutePath());
        boolean[] done = {false};
        write(csv, "seconds,heapAfterGcMb,frameP50Ms,frameP99Ms,frameMaxMs,imagesPerSecond,pane,exceptions,loadAverage,"
                + "experimentRunning,turnsSeconds\n", false);
        Timeline clock = new Timeline();
        clock.setCycleCount(Animation.INDEFINITE);
        clock.getKeyFrames().add(new KeyFrame(Duration.seconds(1), e -> {
            int s = ++tick[0];
            if (!lab.isPlaying()) lab.play(); // a lesson step or a finished target stops play: the class goes on
            if (s % PANE_SECONDS == 0) {
                var tabs = view.tabs();
                tabs.getSelectionModel().select((tabs.getSelectionModel().getSelectedIndex() + 1) % tabs.getTabs().size());
            }
            if (s % LESSON_SECONDS == 0) {
                LessonModel lessons = view.lessons();
                if (lessons.lesson() != null) {
                    int n = lessons.lesson().steps().size();
                    lessons.go((lessons.step() + 1) % n);
                }
            }
            var running = lab.taskProperty().get();
            if (s % EXPERIMENT_SECONDS == 0 && running != null && s - started[0] >= EXPERIMENT_LIMIT_SECONDS) {
                System.out.printf(Locale.ROOT, "soak: %d s: cancelling the experiment started at %d s (still running)%n", s, started[0]);
                running.cancel();
            }
            if (s % EXPERIMENT_SECONDS == 0 && lab.taskProperty().get() == null) {
                started[0] = s;
                // the lesson keeps pulling the view back to its own panes: go to the next experiment pane first
                view.tabs().getSelectionModel().select(EXPERIMENT_TABS[experiment[0]++ % EXPERIMENT_TABS.length]);
                view.runPaneAction();
            }
            if (s % SAMPLE_SECONDS == 0) {
                rec.stop();
                long turned = ComputeShare.sharingNanos(System.nanoTime());
                Sample x = new Sample((System.nanoTime() - t0) / 1e9, heapAfterGc(), rec.intervalPercentile(50), rec.intervalPercentile(99),
                        rec.maxInterval(), (imagesTrained(lab) - images[0]) / (double) SAMPLE_SECONDS,
                        view.tabs().getSelectionModel().getSelectedIndex(), EXCEPTIONS.get(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), lab.taskProperty().get() != null,
                        (turned - turns[0]) / 1e9);
                turns[0] = turned;
                images[0] = imagesTrained(lab);
                samples.add(x);
                write(csv, x.csv() + "\n", true);
                rec.start();
            }
            if (s >= minutes * 60 && !done[0]) {
                done[0] = true;
                clock.stop();
                String verdict = verdict(samples);
                System.out.printf(Locale.ROOT, "soak: the models took turns (frames were slow) for %.0f s of %.0f s%n",
                        ComputeShare.sharingNanos(System.nanoTime()) / 1e9, (System.nanoTime() - t0) / 1e9);
                System.out.println(verdict);
                lab.close();
                Platform.exit();
                Runtime.getRuntime().halt(verdict.startsWith("soak: PASS") ? 0 : 1);
            }
        }));
        clock.play();
    }

    /** Heap in use right after a full collection, in MB (the collection takes a frame or two once per sample). */
    static double heapAfterGc() {
        Heap.collectWithoutShrinking();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    private static long imagesTrained(LabModel lab) {
        return lab.models().stream().mapToLong(m -> m.worker().imagesTrained()).sum();
    }

    /** PASS or FAIL with the figures; see the class comment for the criteria. */
    static String verdict(List<Sample> samples) {
        List<Sample> steady = samples.stream().filter(s -> s.seconds() > WARMUP_SECONDS).toList();
        if (steady.size() < 3) return "soak: FAIL (fewer than 3 samples after the warm-up; run at least 3 minutes)";
        int third = Math.max(1, steady.size() / 3);
        // the floor of each third: an experiment's results and buffers raise single samples by hundreds of MB while
        // it runs or until the next replaces them; a leak raises the floor
        double first = steady.subList(0, third).stream().mapToDouble(Sample::heapMb).min().orElse(Double.NaN);
        double last = steady.subList(steady.size() - third, steady.size()).stream().mapToDouble(Sample::heapMb).min().orElse(Double.NaN);
        boolean flat = last <= first * (1 + HEAP_GROWTH_LIMIT) + 32;
        // a period without a single frame (p99 NaN) is the worst there is
        double worstP99 = steady.stream().mapToDouble(x -> Double.isNaN(x.p99()) ? Double.POSITIVE_INFINITY : x.p99()).max().orElse(Double.NaN);
        double meanIps = steady.stream().mapToDouble(Sample::imagesPerSecond).average().orElse(0);
        int exceptions = samples.get(samples.size() - 1).exceptions();
        boolean pass = flat && worstP99 < FRAME_P99_LIMIT_MS && exceptions == 0;
        double[] loads = steady.stream().mapToDouble(Sample::loadAverage).filter(l -> l >= 0).sorted().toArray();
        String load = loads.length == 0 ? "" : String.format(Locale.ROOT, "; machine load average %.1f-%.1f (median %.1f)", loads[0],
                loads[loads.length - 1], loads[loads.length / 2]);
        return String.format(Locale.ROOT, "soak: %s — heap after GC floor %.0f MB (first third) -> %.0f MB (last third) %s; worst frame p99 "
                        + "%.1f ms (limit %.0f); %d uncaught exceptions; %.0f images/s mean over %d samples%s", pass ? "PASS" : "FAIL",
                first, last, flat ? "flat" : "GROWING", worstP99, FRAME_P99_LIMIT_MS, exceptions, meanIps, steady.size(), load);
    }

    private static void write(Path csv, String text, boolean append) {
        try {
            if (append) Files.writeString(csv, text, java.nio.file.StandardOpenOption.APPEND);
            else Files.writeString(csv, text);
        } catch (IOException x) {
            System.err.println("soak: cannot write " + csv + ": " + x.getMessage());
        }
    }
}
