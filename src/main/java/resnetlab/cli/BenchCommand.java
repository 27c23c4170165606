package resnetlab.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.Version;
import resnetlab.data.DataSplit;
import resnetlab.data.Dataset;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.kernel.EngineSwitch;
import resnetlab.kernel.Heap;
import resnetlab.kernel.JitFlags;
import resnetlab.kernel.JitWatch;
import resnetlab.kernel.Kernels;
import resnetlab.kernel.simd.CpuModel;
import resnetlab.kernel.simd.LastLevelCache;
import resnetlab.kernel.simd.GemmBenchmark;
import resnetlab.kernel.simd.SimdSpecies;
import resnetlab.nn.LayerProfile;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.nn.Conv2d;
import resnetlab.tensor.Stats;
import resnetlab.tensor.Tensor;
import resnetlab.train.TrainConfig;
import resnetlab.train.Trainer;

/**
 * {@code bench}: measures the engine and prints JSON. Names scripts rely on: {@code peakGflops}; {@code gemm}
 * entries with {@code m}, {@code k}, {@code n}, {@code simdGflops}, {@code ejmlGflops}; {@code training} entries
 * with {@code model}, {@code batch}, {@code threads}, {@code imagesPerSecond}, {@code peakHeapBytes}.
 * Every rate is the median of timed repeats after warm-up (the machine may be shared: compare ratios within one run).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure FMA peak, GEMM, convolution, training and inference speed; print JSON.",
                "Compare with PyTorch: src/bench/python/torch_bench.py --resnetlab bench.json"})
public final class BenchCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--models", split = ",", defaultValue = "20,56", description = "ResNet depths to train (default: ${DEFAULT-VALUE})")
    List<Integer> depths;
    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "thread counts (default: ${DEFAULT-VALUE})")
    List<Integer> threads;
    @Option(names = "--batch", defaultValue = "128") int batch;
    @Option(names = "--image-size", defaultValue = "32") int imageSize;
    @Option(names = "--width", defaultValue = "16", description = "channels of the first stage (default: ${DEFAULT-VALUE})") int width;
    @Option(names = "--channels", defaultValue = "3", description = "input channels (default: ${DEFAULT-VALUE})") int channels;
    @Option(names = "--classroom", description = {"the nets a class trains in the app: ResNet-56, width 8, 1x16x16 "
            + "images, batch 64 (sets --models, --width, --channels, --image-size and --batch)"}) boolean classroom;
    @Option(names = "--steps", defaultValue = "5", description = "timed training steps per model (default: ${DEFAULT-VALUE})") int steps;
    @Option(names = "--warmup", defaultValue = "2", paramLabel = "SECONDS",
            description = "untimed steps for at least this long before each measurement, then on until the JIT compiler "
                    + "is quiet; 0: three steps only, for a quick look (default: ${DEFAULT-VALUE})")
    double warmupSeconds;
    @Option(names = "--skip-gemm", description = "leave out the GEMM and peak measurements") boolean skipGemm;
    @Option(names = "--skip-conv", description = "leave out the single-convolution measurements") boolean skipConv;
    @Option(names = "--profile", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "time one training step per model and thread count by kind of work (conv forward, backward "
                    + "data and weights, BN, ReLU, optimizer) (default: on; --no-profile leaves it out)") boolean profile;
    @Option(names = "--shortcuts", description = {"also train ResNet-56 with identity, scaled (λ=0.5) and exclusive-gate "
            + "shortcuts side by side on the shipped Fashion-MNIST subset and report their step times and subnormal counts after "
            + "--shortcut-iterations (takes minutes)"}) boolean shortcuts;
    @Option(names = "--shortcut-iterations", defaultValue = "300", description = "iterations per shortcut type (default: ${DEFAULT-VALUE})")
    int shortcutIterations;
    @Option(names = "--shortcut-batch", defaultValue = "64", description = "batch of the shortcut comparison (default: ${DEFAULT-VALUE})")
    int shortcutBatch;
    @Option(names = "--out", description = "also write the JSON to this file") java.nio.file.Path out;
    @Option(names = "--ab", paramLabel = "SWITCH", description = {"instead of the training and inference entries, train and infer "
            + "each model with an engine switch off and on in turns, in one JVM (\"ab\" entries): what the choice is "
            + "worth, where separate runs differ by more. Switches: " + "${COMPLETION-CANDIDATES}"},
            completionCandidates = SwitchNames.class) String abSwitch;
    @Option(names = "--ab-rounds", defaultValue = "10", description = "rounds of --ab, each timing --steps steps and "
            + "batches with the switch off and on (default: ${DEFAULT-VALUE})") int abRounds;

    /** The engine switches' names, for the help text. */
    static final class SwitchNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() {
            return Arrays.stream(EngineSwitch.values()).map(EngineSwitch::id).iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        if (!(warmupSeconds >= 0 && warmupSeconds <= 600)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--warmup must be between 0 and 600 seconds, got " + warmupSeconds);
        }
        EngineSwitch ab = null;
        if (abSwitch != null) {
            try {
                ab = EngineSwitch.byId(abSwitch);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ab: " + e.getMessage());
            }
            if (abRounds < 1 || abRounds > 1000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--ab-rounds must be between 1 and 1000, got " + abRounds);
            }
        }
        if (classroom) {
            depths = List.of(56);
            width = 8;
            channels = 1;
            imageSize = 16;
            batch = 64;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tool", "resnet-lab " + Version.get());
        result.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("vectorApi", Kernels.vectorApiAvailable());
        result.put("simd", simdSpecies(err));
        // vendor and family (resnetlab.kernel.simd.CpuModel): where 512-bit FMAs run in halves, a few layers change kernel
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("model", CpuModel.current().toString());
        cpu.put("halvesWideVectors", CpuModel.current().halvesWideVectors());
        // the last-level cache's size (Linux's sysfs; null where unknown), which sets the thin GEMMs' blocks
        cpu.put("lastLevelCacheBytes", LastLevelCache.bytes() > 0 ? LastLevelCache.bytes() : null);
        result.put("cpu", cpu);
        // -XX:PerMethodTrapLimit (resnetlab.kernel.JitFlags): at the JVM's default of 100 some runs are far slower
        // (Main notes it on stderr)
        result.put("perMethodTrapLimit", JitFlags.perMethodTrapLimit());
        // the heap on huge pages (Linux; null elsewhere): the launchers pass JitFlags.LINUX_HEAP_FLAG, 3-5% here
        result.put("transparentHugePages", JitFlags.transparentHugePages());
        if (!skipGemm && Kernels.vectorApiAvailable()) {
            err.println("measuring the FMA peak and the GEMMs (single-threaded) ...");
            GemmBenchmark.Measured measured = GemmBenchmark.runBetweenPeaks();
            double peak = measured.peak();
            result.put("peakGflops", round(peak));
            result.put("peakGflopsMeasured", List.of(round(measured.peakBefore()), round(measured.peakAfter())));
            List<Map<String, Object>> gemm = new ArrayList<>();
            for (GemmBenchmark.Result r : measured.results()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("m", r.m()); e.put("k", r.k()); e.put("n", r.n());
                e.put("simdGflops", round(r.simdGflops()));
                e.put("ejmlGflops", round(r.ejmlGflops()));
                e.put("simdOverEjml", round(r.speedup()));
                e.put("simdOfPeak", round(r.simdGflops() / peak));
                gemm.add(e);
                err.printf("  %dx%dx%d: simd %.1f GFLOP/s (%.0f%% of peak), ejml %.2f, ratio %.1fx%n", r.m(), r.k(), r.n(),
                        r.simdGflops(), 100 * r.simdGflops() / peak, r.ejmlGflops(), r.speedup());
            }
            result.put("gemm", gemm);
        } else if (!skipGemm) {
            err.println("jdk.incubator.vector is not available: no SIMD peak or GEMM numbers (start java with --add-modules jdk.incubator.vector)");
        }
        if (!skipConv) result.put("conv", convBench(err));
        if (ab != null) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int depth : depths) for (int t : threads) entries.add(abBench(ab, depth, t, err));
            result.put("ab", entries);
        } else {
            List<Map<String, Object>> training = new ArrayList<>(), inference = new ArrayList<>();
            for (int depth : depths) {
                for (int t : threads) {
                    err.printf("training ResNet-%d, batch %d, %d thread(s) ...%n", depth, batch, t);
                    training.add(trainBench(depth, t));
                    inference.add(inferenceBench(depth, t));
                }
            }
            result.put("training", training);
            result.put("inference", inference);
        }
        if (profile) {
            List<Map<String, Object>> profiles = new ArrayList<>();
            for (int depth : depths) for (int t : threads) profiles.add(profileBench(depth, t, err));
            result.put("profile", profiles);
        }
        if (shortcuts) result.put("shortcuts", shortcutBench(err));
        String json = Json.MAPPER.writeValueAsString(result);
        spec.commandLine().getOut().println(json);
        if (out != null) resnetlab.io.AtomicFiles.writeString(out, json + "\n");
        return 0;
    }

    /** The bench's ResNet of {@code depth} on random data, trained with SGD (lr 0.1, momentum 0.9, wd 1e-4). */
    private Trainer benchTrainer(int depth, Compute compute) {
        DataSplit data = randomData(Math.max(batch * 2, 256), channels, imageSize);
        NetworkSpec ns = NetworkSpec.of(depth, width, channels, imageSize, 10, ShortcutType.IDENTITY);
        Network net = NetworkBuilder.build(ns, compute, 1);
        return new Trainer(net, data, new TrainConfig(1_000_000, batch, 0.1, 0.9, 1e-4, List.of(), "none", 1,
                compute.threads(), 0, false));
    }

    /** How a warm-up went: its length and its steps. */
    record WarmUp(double seconds, int steps) {
        void into(Map<String, Object> e) {
            e.put("warmupSeconds", round(seconds));
            e.put("warmupSteps", steps);
        }
    }

    /** JIT compilation must take under this share of the last {@value #JIT_WINDOW_SECONDS} s to count as quiet. */
    static final double JIT_QUIET_SHARE = 0.05;
    static final double JIT_WINDOW_SECONDS = 2;

    /**
     * Runs {@code step} until the JIT has compiled the hot loops: at least {@code --warmup} seconds and three
     * steps, then on until the JIT compiler is quiet ({@link JitWatch}: compilation under 5% of the last 2 s) and
     * a step is within 15% of the fastest so far; at most another {@code max(--warmup, 30 s)}; {@code --warmup 0}
     * runs three steps and no more (tests, a quick look). A fresh JVM needs
     * several seconds before C2 has compiled every kernel: until then they run as C1 code, in which each Vector API
     * operation is a call that allocates its result (megabytes per step, a step half as fast or worse), and
     * those slow steps are all alike, so "within 15% of the fastest" alone ended the warm-up among them (2026-12-05:
     * with a 3 s warm-up about half the fresh JVMs of one build timed such steps, none with a 40 s warm-up).
     * The app and long CLI runs spend nearly all their time after that point.
     */
    private WarmUp warmUp(Runnable step) {
        JitWatch jit = new JitWatch(JIT_WINDOW_SECONDS, JIT_QUIET_SHARE);
        double extra = warmupSeconds == 0 ? 0 : Math.max(warmupSeconds, 30);
        long fastest = Long.MAX_VALUE, last = Long.MAX_VALUE;
        for (int i = 0; ; i++) {
            boolean quiet = jit.settled(warmupSeconds, warmupSeconds + extra);
            boolean capped = jit.secondsSinceStart() >= warmupSeconds + extra;
            if (i >= 3 && (quiet && last <= fastest * 1.15 || capped)) return new WarmUp(jit.secondsSinceStart(), i);
            long t0 = System.nanoTime();
            step.run();
            last = System.nanoTime() - t0;
            fastest = Math.min(fastest, last);
        }
    }

    /** The compiler may take at most this share of the timed steps' time, else they are timed again. */
    static final double JIT_TIMED_SHARE = 0.03;
    /** Times steps are timed at most (the first and two more). */
    static final int TIMINGS = 3;

    /**
     * The timed steps: their seconds, and the compile time (all compiler threads) while they ran, of the last timing.
     * {@code timings} above 1: the compiler had been busy in the ones before.
     */
    record Timed(double[] seconds, long jitMillis, int timings) {
        void into(Map<String, Object> e) {
            // near 0 when the JIT had settled
            e.put("jitMillisDuringSteps", jitMillis);
            e.put("timings", timings);
        }
    }

    /**
     * Runs {@code --steps} timed steps; where the JIT compiler took more than {@value #JIT_TIMED_SHARE} of their time
     * (it compiles on the cores the steps run on), warms up again and times them again, at most {@value #TIMINGS}
     * times in all ({@code --warmup 0}: once). On the 2-core Intel Xeon (2026-12-07) two fresh JVMs of one build ended their warm-up while C2 still
     * had methods to compile: 156 and 165 ms of compilation during five ResNet-20 steps, and 759 and 786 images/s
     * against 854-910 in the JVMs that had settled. {@code before} and {@code after} run around each step, untimed
     * (the allocation counts).
     */
    private Timed timedSteps(Runnable step, IntConsumer before, IntConsumer after) {
        return timedSteps(steps, warmupSeconds == 0 ? 1 : TIMINGS, JitWatch::jvmCompileMillis, step, () -> warmUp(step),
                before, after);
    }

    /**
     * {@link #timedSteps(Runnable, IntConsumer, IntConsumer)} with the count of timings, the compile-time counter
     * (milliseconds, -1 if unknown) and the warm-up between timings given: for tests.
     */
    static Timed timedSteps(int steps, int timings, LongSupplier compileMillis, Runnable step, Runnable warmAgain,
                            IntConsumer before, IntConsumer after) {
        for (int timing = 1; ; timing++) {
            long compile0 = compileMillis.getAsLong();
            double[] seconds = new double[steps];
            for (int i = 0; i < steps; i++) {
                before.accept(i);
                long t0 = System.nanoTime();
                step.run();
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                after.accept(i);
            }
            long jit = compile0 < 0 ? -1 : compileMillis.getAsLong() - compile0;
            if (jit <= JIT_TIMED_SHARE * 1000 * Arrays.stream(seconds).sum() || timing >= timings) {
                return new Timed(seconds, jit, timing);
            }
            warmAgain.run();
        }
    }

    private Map<String, Object> trainBench(int depth, int nThreads) {
        try (Compute compute = Compute.best(nThreads)) {
            Trainer trainer = benchTrainer(depth, compute);
            NetworkSpec ns = trainer.network().spec();
            WarmUp warm = warmUp(trainer::step);
            Heap.collectWithoutShrinking();
            resetPeaks();
            long[] allocated = new long[steps];
            Timed timed = timedSteps(trainer::step, i -> allocated[i] = allocatedBytes(), i -> allocated[i] = allocatedBytes() - allocated[i]);
            double[] seconds = timed.seconds();
            Map<String, Object> e = netEntry(ns, nThreads);
            e.put("gemm", compute.gemm().name());
            e.put("imagesPerSecond", round(batch / Stats.median(seconds)));
            e.put("peakHeapBytes", peakHeap());
            // Java objects allocated by all threads during a step (median): the step's records and task objects;
            // a tensor or buffer allocated per step would show up here as megabytes
            e.put("allocatedBytesPerStep", (long) Stats.median(Arrays.stream(allocated).asDoubleStream().toArray()));
            warm.into(e);
            timed.into(e);
            return e;
        }
    }

    /**
     * Milliseconds per training step by kind of work ({@link LayerProfile}) at {@code nThreads} threads (timed on
     * the calling thread; the parts that run side by side count its share), the mean step time alongside: conv
     * forward, conv backward split into data and weights, BN forward and backward, ReLU, the residual joins and
     * gradient norms, other layers, optimizer, and the rest of the step (pooling, classifier, loss, batching). Then
     * the same for one inference batch ({@code inference}: {@code batchMs}, {@code msPerBatch}; the kinds a forward
     * pass has), the work that lesions, landscapes and path sampling wait for.
     */
    private Map<String, Object> profileBench(int depth, int nThreads, java.io.PrintWriter err) {
        try (Compute compute = Compute.best(nThreads)) {
            Trainer trainer = benchTrainer(depth, compute);
            warmUp(trainer::step);
            Profile step = profiled(trainer::step, STEP_KINDS);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model", trainer.network().spec().displayName());
            e.put("batch", batch);
            e.put("threads", nThreads);
            e.put("stepMs", step.ms());
            e.put("msPerStep", step.kinds());
            err.printf("  profile of one %s step (%s ms, %d thread(s)): %s%n", e.get("model"), step.ms(), nThreads, step.kinds());

            Network net = trainer.network();
            Tensor x = randomTensor(batch, channels, imageSize, imageSize);
            warmUp(() -> net.infer(x));
            Profile batchProfile = profiled(() -> net.infer(x), INFERENCE_KINDS);
            Map<String, Object> inference = new LinkedHashMap<>();
            inference.put("batchMs", batchProfile.ms());
            inference.put("msPerBatch", batchProfile.kinds());
            e.put("inference", inference);
            err.printf("  profile of one %s inference batch (%s ms): %s%n", e.get("model"), batchProfile.ms(), batchProfile.kinds());
            return e;
        }
    }

    /** The kinds of a training step's profile, in the JSON's order. */
    private static final List<LayerProfile.Kind> STEP_KINDS = List.of(LayerProfile.Kind.CONV_FORWARD,
            LayerProfile.Kind.CONV_BACKWARD, LayerProfile.Kind.CONV_BACKWARD_WEIGHTS, LayerProfile.Kind.BATCH_NORM_FORWARD,
            LayerProfile.Kind.BATCH_NORM_BACKWARD, LayerProfile.Kind.RELU, LayerProfile.Kind.JOINS,
            LayerProfile.Kind.OTHER_LAYERS, LayerProfile.Kind.OPTIMIZER);
    /** The kinds a forward pass has. */
    private static final List<LayerProfile.Kind> INFERENCE_KINDS = List.of(LayerProfile.Kind.CONV_FORWARD,
            LayerProfile.Kind.BATCH_NORM_FORWARD, LayerProfile.Kind.RELU, LayerProfile.Kind.JOINS,
            LayerProfile.Kind.OTHER_LAYERS);

    /** Milliseconds of one run, and of each kind of work in it (JSON names, with "rest"). */
    private record Profile(double ms, Map<String, Object> kinds) {}

    /**
     * Runs {@code work} {@code --steps} times under {@link LayerProfile}: milliseconds per run, and of each of
     * {@code kinds} (named as in the JSON; conv backward split into data and weights) and "rest" (the run's time that
     * no kind counted).
     */
    private Profile profiled(Runnable work, List<LayerProfile.Kind> kinds) {
        LayerProfile.start();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) work.run();
        double total = (System.nanoTime() - t0) / 1e6 / steps;
        Map<LayerProfile.Kind, Long> nanos = LayerProfile.stop();
        java.util.function.ToDoubleFunction<LayerProfile.Kind> ms = k -> nanos.get(k) / 1e6 / steps;
        Map<String, Object> m = new LinkedHashMap<>();
        for (LayerProfile.Kind k : kinds) {
            switch (k) {
                case CONV_FORWARD -> m.put("convForward", ms.applyAsDouble(k));
                case CONV_BACKWARD -> m.put("convBackwardData", ms.applyAsDouble(k)
                        - ms.applyAsDouble(LayerProfile.Kind.CONV_BACKWARD_WEIGHTS));
                case CONV_BACKWARD_WEIGHTS -> m.put("convBackwardWeights", ms.applyAsDouble(k));
                case BATCH_NORM_FORWARD -> m.put("batchNormForward", ms.applyAsDouble(k));
                case BATCH_NORM_BACKWARD -> m.put("batchNormBackward", ms.applyAsDouble(k));
                case RELU -> m.put("relu", ms.applyAsDouble(k));
                case JOINS -> m.put("joins", ms.applyAsDouble(k));
                case OTHER_LAYERS -> m.put("otherLayers", ms.applyAsDouble(k));
                case OPTIMIZER -> m.put("optimizer", ms.applyAsDouble(k));
            }
        }
        double counted = m.values().stream().mapToDouble(v -> (Double) v).sum();
        m.put("rest", Math.max(0, total - counted));
        m.replaceAll((k, v) -> round((Double) v));
        return new Profile(round(total), m);
    }

    /**
     * {@code --ab}: one trainer and its network, warmed up with the switch flipping at every step, then
     * {@code --ab-rounds} rounds of {@code --steps} training steps and as many inference batches with the switch off
     * and on (which goes first alternates by round), so that both sides meet the same machine; medians of the
     * rounds' milliseconds, their ratio on / off, and each round's ratio. The switch is on again afterwards.
     */
    private Map<String, Object> abBench(EngineSwitch sw, int depth, int nThreads, java.io.PrintWriter err) {
        err.printf("A/B %s: ResNet-%d, batch %d, %d thread(s), %d rounds ...%n", sw.id(), depth, batch, nThreads, abRounds);
        try (Compute compute = Compute.best(nThreads)) {
            Trainer trainer = benchTrainer(depth, compute);
            Network net = trainer.network();
            Tensor x = randomTensor(batch, channels, imageSize, imageSize);
            double[][] train = new double[2][abRounds], infer = new double[2][abRounds];
            WarmUp warm;
            try {
                boolean[] flip = {false};
                warm = warmUp(() -> {
                    sw.set(flip[0] = !flip[0]);
                    trainer.step();
                    net.infer(x);
                });
                for (int r = 0; r < abRounds; r++) {
                    for (int side = 0; side < 2; side++) {
                        boolean on = (side == 1) ^ (r % 2 == 1);
                        sw.set(on);
                        int s = on ? 1 : 0;
                        long t0 = System.nanoTime();
                        for (int i = 0; i < steps; i++) trainer.step();
                        long t1 = System.nanoTime();
                        for (int i = 0; i < steps; i++) net.infer(x);
                        long t2 = System.nanoTime();
                        train[s][r] = (t1 - t0) / 1e6 / steps;
                        infer[s][r] = (t2 - t1) / 1e6 / steps;
                    }
                }
            } finally {
                sw.set(true);
            }
            Map<String, Object> e = netEntry(net.spec(), nThreads);
            e.put("switch", sw.id());
            e.put("rounds", abRounds);
            abSide(e, "train", train);
            abSide(e, "infer", infer);
            warm.into(e);
            err.printf("  training %.2f -> %.2f ms a step (on/off %.3f), inference %.2f -> %.2f ms a batch (%.3f)%n",
                    e.get("trainMsOff"), e.get("trainMsOn"), e.get("trainOnOverOff"), e.get("inferMsOff"), e.get("inferMsOn"),
                    e.get("inferOnOverOff"));
            return e;
        }
    }

    /** The medians of one side of an A/B ({@code ms[0]} off, {@code ms[1]} on), their ratio and each round's. */
    private static void abSide(Map<String, Object> e, String what, double[][] ms) {
        double off = Stats.median(ms[0].clone()), on = Stats.median(ms[1].clone());
        List<Double> perRound = new ArrayList<>();
        for (int r = 0; r < ms[0].length; r++) perRound.add(round(ms[1][r] / ms[0][r]));
        e.put(what + "MsOff", round(off));
        e.put(what + "MsOn", round(on));
        e.put(what + "OnOverOff", round(on / off));
        e.put(what + "OnOverOffPerRound", perRound);
    }

    /** The fields that name a training, inference or A/B entry's net: model, width, channels, image size, batch, threads. */
    private Map<String, Object> netEntry(NetworkSpec ns, int nThreads) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("model", ns.displayName());
        e.put("width", width);
        e.put("channels", channels);
        e.put("imageSize", imageSize);
        e.put("batch", batch);
        e.put("threads", nThreads);
        return e;
    }

    private Map<String, Object> inferenceBench(int depth, int nThreads) {
        NetworkSpec ns = NetworkSpec.of(depth, width, channels, imageSize, 10, ShortcutType.IDENTITY);
        try (Compute compute = Compute.best(nThreads)) {
            Network net = NetworkBuilder.build(ns, compute, 1);
            Tensor x = randomTensor(batch, channels, imageSize, imageSize);
            WarmUp warm = warmUp(() -> net.infer(x));
            long[] allocated = new long[steps];
            Timed timed = timedSteps(() -> net.infer(x), i -> allocated[i] = allocatedBytes(), i -> allocated[i] = allocatedBytes() - allocated[i]);
            Map<String, Object> e = netEntry(ns, nThreads);
            e.put("imagesPerSecond", round(batch / Stats.median(timed.seconds())));
            // as the training's: megabytes here mean vectors the JIT boxed (a kernel's vector passed to a method it
            // did not inline had made 26.8 MB a ResNet-20 batch, 2026-12-07)
            e.put("allocatedBytesPerBatch", (long) Stats.median(Arrays.stream(allocated).asDoubleStream().toArray()));
            warm.into(e);
            timed.into(e);
            return e;
        }
    }

    /**
     * Forward and backward time of the three 3x3 convolution shapes of a CIFAR ResNet of the bench's width, each warmed
     * up as the training is ({@link #warmUp}): until 2026-12-05 they were timed after two untimed calls, while C2 was
     * still compiling the kernels, and two threads read as slow as one on the larger shapes (4.0 against 4.1 ms for
     * 16→16 32x32 in a run whose two threads took 2.7 ms once warm).
     */
    private List<Map<String, Object>> convBench(java.io.PrintWriter err) {
        List<Map<String, Object>> out = new ArrayList<>();
        int[][] shapes = {{width, imageSize}, {2 * width, imageSize / 2}, {4 * width, imageSize / 4}};
        for (int t : threads) {
            try (Compute compute = Compute.best(t)) {
                for (int[] s : shapes) {
                    Conv2d conv = new Conv2d("bench", s[0], s[0], 3, 1, 1, false, compute);
                    Tensor x = randomTensor(batch, s[0], s[1], s[1]);
                    Tensor dy = randomTensor(batch, s[0], s[1], s[1]);
                    WarmUp warm = warmUp(() -> {
                        conv.forward(x, true);
                        conv.backward(dy);
                    });
                    double[] fwd = new double[steps], bwd = new double[steps];
                    for (int i = 0; i < steps; i++) {
                        long t0 = System.nanoTime();
                        conv.forward(x, true);
                        long t1 = System.nanoTime();
                        conv.backward(dy);
                        long t2 = System.nanoTime();
                        fwd[i] = (t1 - t0) / 1e9;
                        bwd[i] = (t2 - t1) / 1e9;
                    }
                    double flops = 2.0 * batch * s[0] * s[0] * 9 * s[1] * s[1];
                    double f = Stats.median(fwd), b = Stats.median(bwd);
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("channels", s[0]);
                    e.put("size", s[1]);
                    e.put("batch", batch);
                    e.put("threads", t);
                    e.put("forwardMs", round(f * 1e3));
                    e.put("backwardMs", round(b * 1e3));
                    e.put("forwardGflops", round(flops / f / 1e9));
                    e.put("backwardGflops", round(2 * flops / b / 1e9));
                    warm.into(e);
                    out.add(e);
                    err.printf("  conv3x3 %d→%d at %dx%d, batch %d, %d thread(s): forward %.1f ms, backward %.1f ms%n",
                            s[0], s[0], s[1], s[1], batch, t, f * 1e3, b * 1e3);
                }
            }
        }
        return out;
    }

    /**
     * ResNet-56 (w = 16) with identity, scaled (λ = 0.5) and exclusive-gate shortcuts trained side by side on
     * the shipped Fashion-MNIST subset (6000 images), one step of each in turn so that a busy machine slows all three alike. After
     * {@code --shortcut-iterations} steps: the median step time of the last fifth, its ratio to identity, and how
     * many weights, gradients, momentum values and activations are subnormal (|v| &lt; 2^-126, v ≠ 0), the
     * values some CPUs handle 10-100x slower. The gated net also computes its gates (a 1x1 convolution and a
     * sigmoid per block), so its ratio includes that work.
     */
    private List<Map<String, Object>> shortcutBench(java.io.PrintWriter err) {
        int t = threads.get(threads.size() - 1);
        // the shipped Fashion-MNIST subset: the nets learn on it, so late steps have the small gradients where subnormals appear
        DataSplit data = resnetlab.data.Datasets.load(new resnetlab.data.DataSpec("fashion", null, 6000, 500, imageSize, 0)).normalized();
        ShortcutType[] types = {ShortcutType.IDENTITY, ShortcutType.SCALED, ShortcutType.EXCLUSIVE_GATE};
        List<Compute> computes = new ArrayList<>();
        List<Trainer> trainers = new ArrayList<>();
        try {
            for (ShortcutType type : types) {
                Compute c = Compute.best(t);
                computes.add(c);
                NetworkSpec ns = NetworkSpec.of(56, 16, data.train().channels(), imageSize, data.train().numClasses(), type)
                        .withLambda(type == ShortcutType.SCALED ? 0.5 : 1);
                Network net = NetworkBuilder.build(ns, c, 1);
                trainers.add(new Trainer(net, data, new TrainConfig(1_000_000, shortcutBatch, 0.1, 0.9, 1e-4, List.of(), "none", 1, t, 0, false)));
            }
            int timed = Math.max(1, shortcutIterations / 5);
            double[][] seconds = new double[types.length][timed];
            for (int it = 0; it < shortcutIterations; it++) {
                for (int k = 0; k < types.length; k++) {
                    long t0 = System.nanoTime();
                    trainers.get(k).step();
                    int slot = it - (shortcutIterations - timed);
                    if (slot >= 0) seconds[k][slot] = (System.nanoTime() - t0) / 1e9;
                }
                if ((it + 1) % 50 == 0) err.printf("  shortcut comparison: %d of %d iterations%n", it + 1, shortcutIterations);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            double identity = Stats.median(seconds[0]);
            for (int k = 0; k < types.length; k++) {
                Trainer tr = trainers.get(k);
                Network net = tr.network();
                double step = Stats.median(seconds[k]);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("model", net.spec().displayName());
                e.put("shortcut", types[k].cliName());
                e.put("iterations", shortcutIterations);
                e.put("batch", shortcutBatch);
                e.put("threads", t);
                e.put("stepMs", round(step * 1e3));
                e.put("relativeToIdentity", round(step / identity));
                e.put("finalLoss", round(tr.history().get(tr.history().size() - 1).trainLoss()));
                e.put("subnormals", subnormals(tr));
                out.add(e);
                err.printf("  %s: %.0f ms per step (%.3fx identity), subnormals %s%n", net.spec().displayName(), step * 1e3,
                        step / identity, e.get("subnormals"));
            }
            return out;
        } finally {
            computes.forEach(Compute::close);
        }
    }

    /** Subnormal values in the trainer's weights, gradients and momentum and in the blocks' last activations. */
    private static Map<String, Long> subnormals(Trainer trainer) {
        long weights = 0, gradients = 0, velocity = 0, activations = 0, values = 0;
        for (resnetlab.nn.Parameter p : trainer.network().parameters()) {
            weights += countSubnormal(p.value.data);
            gradients += countSubnormal(p.grad.data);
        }
        for (Tensor v : trainer.optimizer().velocity()) velocity += countSubnormal(v.data);
        for (resnetlab.model.ResidualBlock b : trainer.network().blocks()) {
            for (resnetlab.nn.Layer l : b.branch().layers()) {
                Tensor out = l instanceof Conv2d c ? c.lastOutput() : l instanceof resnetlab.nn.Relu r ? r.lastOutput() : null;
                if (out != null) {
                    activations += countSubnormal(out.data);
                    values += out.size();
                }
            }
            if (b.gate() != null && b.gate().values() != null) {
                activations += countSubnormal(b.gate().values().data);
                values += b.gate().values().size();
            }
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("weights", weights);
        m.put("gradients", gradients);
        m.put("velocities", velocity);
        m.put("activations", activations);
        m.put("activationValues", values);
        return m;
    }

    private static long countSubnormal(float[] a) {
        long n = 0;
        for (float v : a) if (v != 0f && Math.abs(v) < Float.MIN_NORMAL) n++;
        return n;
    }

    /** Bytes allocated so far by all live threads (HotSpot's per-thread counters), or 0 where unsupported. */
    private static long allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean tm)) return 0;
        long sum = 0;
        for (long id : tm.getAllThreadIds()) {
            long b = tm.getThreadAllocatedBytes(id);
            if (b > 0) sum += b;
        }
        return sum;
    }

    private static DataSplit randomData(int count, int channels, int size) {
        Tensor images = randomTensor(count, channels, size, size);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = i % 10;
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Dataset train = new Dataset("random", "random " + channels + "x" + size + "x" + size + " images", classes, images, labels);
        return new DataSplit(train, train);
    }

    private static Tensor randomTensor(int... shape) {
        Tensor t = new Tensor(shape);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < t.size(); i++) t.data[i] = (float) (r.nextDouble() * 2 - 1);
        return t;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    /** The vector width the SIMD kernels run at (and the widest this CPU has), or that they are off. */
    private static Map<String, Object> simdSpecies(java.io.PrintWriter err) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", Kernels.simdEnabled());
        if (!Kernels.simdEnabled()) {
            err.println("SIMD kernels: off (scalar and EJML reference kernels)");
            return m;
        }
        m.put("bits", SimdSpecies.bits());
        m.put("lanes", SimdSpecies.lanes());
        m.put("hardwareBits", SimdSpecies.hardwareBits());
        m.put("forcedBits", SimdSpecies.requestedBits() == 0 ? null : SimdSpecies.requestedBits());
        err.println("SIMD kernels: " + SimdSpecies.describe());
        return m;
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum;
    }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
