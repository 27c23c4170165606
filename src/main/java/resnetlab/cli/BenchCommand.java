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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import resnetlab.Version;
import resnetlab.data.DataSplit;
import resnetlab.data.Dataset;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.kernel.Kernels;
import resnetlab.kernel.simd.FmaPeak;
import resnetlab.kernel.simd.GemmBenchmark;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.nn.Conv2d;
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
    @Option(names = "--steps", defaultValue = "5", description = "timed training steps per model (default: ${DEFAULT-VALUE})") int steps;
    @Option(names = "--skip-gemm", description = "leave out the GEMM and peak measurements") boolean skipGemm;
    @Option(names = "--out", description = "also write the JSON to this file") java.nio.file.Path out;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tool", "resnet-lab " + Version.get());
        result.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("vectorApi", Kernels.vectorApiAvailable());
        if (!skipGemm && Kernels.vectorApiAvailable()) {
            err.println("measuring FMA peak ...");
            double peak = FmaPeak.measureGflops();
            result.put("peakGflops", round(peak));
            err.println("measuring GEMM (single-threaded) ...");
            List<Map<String, Object>> gemm = new ArrayList<>();
            for (GemmBenchmark.Result r : GemmBenchmark.run()) {
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
        result.put("conv", convBench(err));
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
        String json = Json.MAPPER.writeValueAsString(result);
        spec.commandLine().getOut().println(json);
        if (out != null) resnetlab.io.AtomicFiles.writeString(out, json + "\n");
        return 0;
    }

    private Map<String, Object> trainBench(int depth, int nThreads) {
        DataSplit data = randomData(Math.max(batch * 2, 256), imageSize);
        NetworkSpec ns = NetworkSpec.of(depth, 16, 3, imageSize, 10, ShortcutType.IDENTITY);
        try (Compute compute = Compute.best(nThreads)) {
            Network net = NetworkBuilder.build(ns, compute, 1);
            Trainer trainer = new Trainer(net, data, new TrainConfig(1_000_000, batch, 0.1, 0.9, 1e-4, List.of(), "none", 1, nThreads, 0, false));
            for (int i = 0; i < 2; i++) trainer.step(); // warm-up: JIT, buffers
            System.gc();
            resetPeaks();
            double[] seconds = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                trainer.step();
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model", ns.displayName());
            e.put("imageSize", imageSize);
            e.put("batch", batch);
            e.put("threads", nThreads);
            e.put("gemm", compute.gemm().name());
            e.put("imagesPerSecond", round(batch / median(seconds)));
            e.put("peakHeapBytes", peakHeap());
            return e;
        }
    }

    private Map<String, Object> inferenceBench(int depth, int nThreads) {
        NetworkSpec ns = NetworkSpec.of(depth, 16, 3, imageSize, 10, ShortcutType.IDENTITY);
        try (Compute compute = Compute.best(nThreads)) {
            Network net = NetworkBuilder.build(ns, compute, 1);
            Tensor x = randomTensor(batch, 3, imageSize, imageSize);
            for (int i = 0; i < 2; i++) net.forward(x, false);
            double[] seconds = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                net.forward(x, false);
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model", ns.displayName());
            e.put("batch", batch);
            e.put("threads", nThreads);
            e.put("imagesPerSecond", round(batch / median(seconds)));
            return e;
        }
    }

    /** Forward and backward time of the three 3x3 convolution shapes of a CIFAR ResNet (w = 16). */
    private List<Map<String, Object>> convBench(java.io.PrintWriter err) {
        List<Map<String, Object>> out = new ArrayList<>();
        int[][] shapes = {{16, imageSize}, {32, imageSize / 2}, {64, imageSize / 4}};
        for (int t : threads) {
            try (Compute compute = Compute.best(t)) {
                for (int[] s : shapes) {
                    Conv2d conv = new Conv2d("bench", s[0], s[0], 3, 1, 1, false, compute);
                    Tensor x = randomTensor(batch, s[0], s[1], s[1]);
                    Tensor dy = randomTensor(batch, s[0], s[1], s[1]);
                    double[] fwd = new double[steps + 2], bwd = new double[steps + 2];
                    for (int i = 0; i < steps + 2; i++) {
                        long t0 = System.nanoTime();
                        conv.forward(x, true);
                        long t1 = System.nanoTime();
                        conv.backward(dy);
                        long t2 = System.nanoTime();
                        fwd[i] = (t1 - t0) / 1e9;
                        bwd[i] = (t2 - t1) / 1e9;
                    }
                    double flops = 2.0 * batch * s[0] * s[0] * 9 * s[1] * s[1];
                    double f = median(Arrays.copyOfRange(fwd, 2, fwd.length)), b = median(Arrays.copyOfRange(bwd, 2, bwd.length));
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("channels", s[0]);
                    e.put("size", s[1]);
                    e.put("batch", batch);
                    e.put("threads", t);
                    e.put("forwardMs", round(f * 1e3));
                    e.put("backwardMs", round(b * 1e3));
                    e.put("forwardGflops", round(flops / f / 1e9));
                    e.put("backwardGflops", round(2 * flops / b / 1e9));
                    out.add(e);
                    err.printf("  conv3x3 %d→%d at %dx%d, batch %d, %d thread(s): forward %.1f ms, backward %.1f ms%n",
                            s[0], s[0], s[1], s[1], batch, t, f * 1e3, b * 1e3);
                }
            }
        }
        return out;
    }

    private static DataSplit randomData(int count, int size) {
        Tensor images = randomTensor(count, 3, size, size);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = i % 10;
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Dataset train = new Dataset("random", "random 3x" + size + "x" + size + " images", classes, images, labels);
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

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
