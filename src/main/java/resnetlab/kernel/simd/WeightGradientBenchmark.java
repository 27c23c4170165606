package resnetlab.kernel.simd;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import resnetlab.kernel.Conv3x3;
import resnetlab.kernel.simd.VectorConv3x3.Lanes;
import resnetlab.tensor.Stats;

/**
 * Times the weight gradients of {@link VectorConv3x3} (pixels in the lanes; the channel lanes, whose tile has the
 * output channels in the lanes, or a kernel row's inputs where they fill whole vectors; Winograd's)
 * and the automatic choice on the 3x3 layers of the classroom preset (width 8, 1x16x16, batch 64) and of the
 * paper's CIFAR nets (width 16, 3x32x32, batch 128), one thread, in groups of images as {@code Conv2d} forms
 * them (about 1024 output pixels). Reports GFLOP/s of the useful work (2·cout·cin·9·Ho·Wo per image) by the
 * thread's CPU time ({@link ThreadClock}), median of interleaved rounds, counting the copies each path needs
 * for itself (padded inputs for the pixel lanes; the channel-last copies for the channel lanes).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp target/resnet-lab.jar resnetlab.kernel.simd.WeightGradientBenchmark [rounds]</pre>
 */
public final class WeightGradientBenchmark {
    /** A layer: channels in and out, input size, stride, batch. */
    record Layer(int cin, int cout, int size, int stride, int batch) {
        int out() { return Conv3x3.outSize(size, stride); }
        double flops() { return 2.0 * cout * cin * 9 * out() * out() * batch; }
        @Override public String toString() {
            return cin + "→" + cout + " " + size + "x" + size + (stride == 2 ? " s2" : "   ") + " batch " + batch;
        }
    }

    static final List<Layer> LAYERS = List.of(
            new Layer(1, 8, 16, 1, 64), new Layer(8, 8, 16, 1, 64), new Layer(8, 16, 16, 2, 64), new Layer(16, 16, 8, 1, 64),
            new Layer(16, 32, 8, 2, 64), new Layer(32, 32, 4, 1, 64),
            new Layer(3, 16, 32, 1, 128), new Layer(16, 16, 32, 1, 128), new Layer(16, 32, 32, 2, 128), new Layer(32, 32, 16, 1, 128),
            new Layer(32, 64, 16, 2, 128), new Layer(64, 64, 8, 1, 128));

    private WeightGradientBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Lanes[] modes = {Lanes.PIXEL_LANES, Lanes.CHANNEL_LANES, Lanes.WINOGRAD, Lanes.AUTO};
        System.out.printf("weight gradient GFLOP/s, one thread, %s, %s, median of %d rounds%n", SimdSpecies.describe(),
                ThreadClock.kind(), rounds);
        System.out.printf("%-28s %12s %14s %9s %8s%n", "layer", "pixel lanes", "channel lanes", "winograd", "auto");
        for (Layer layer : LAYERS) {
            List<DoubleSupplier> cases = new ArrayList<>();
            for (Lanes mode : modes) cases.add(new Case(new VectorConv3x3(mode), layer)::time);
            double[] g = gflops(cases, layer.flops(), rounds);
            System.out.printf("%-28s %12.1f %14.1f %9.1f %8.1f%n", layer, g[0], g[1], g[2], g[3]);
        }
    }

    /**
     * GFLOP/s of each timer (seconds per call for {@code flops} of work): warm-up calls each until C2 has compiled
     * its kernels ({@link #warmUp}), then {@code rounds} rounds calling each in turn, so that a change in the
     * machine's load touches every timer alike, each round's figure from calls adding up to at least 20 ms; the
     * median of each.
     */
    static double[] gflops(List<DoubleSupplier> timers, double flops, int rounds) {
        for (DoubleSupplier t : timers) warmUp(t);
        List<List<Double>> rates = new ArrayList<>();
        for (int m = 0; m < timers.size(); m++) rates.add(new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            for (int m = 0; m < timers.size(); m++) rates.get(m).add(flops / seconds(timers.get(m), 0.02));
        }
        return rates.stream().mapToDouble(x -> Stats.median(x.stream().mapToDouble(Double::doubleValue).toArray()) / 1e9).toArray();
    }

    /**
     * Calls a timer for at least half a second and until its best time has not improved by 5% for half a second more
     * (at most 10 s). A fixed half second was not always enough: the first layer of a run, whose kernels C2 compiles
     * while the rest of the JIT's queue waits, once read 0.1 GFLOP/s for its pixel lanes (74 in the next run), C2
     * having compiled them 2.4 s into the run.
     */
    private static void warmUp(DoubleSupplier timer) {
        long start = System.nanoTime(), lastGain = start;
        double best = Double.MAX_VALUE;
        while (true) {
            double t = timer.getAsDouble();
            long now = System.nanoTime();
            if (t < best * 0.95) {
                best = t;
                lastGain = now;
            }
            if (now - start > 500_000_000L && now - lastGain > 500_000_000L || now - start > 10_000_000_000L) return;
        }
    }

    /** Seconds per call of a timer, calling it until the calls add up to {@code atLeast} seconds. */
    private static double seconds(DoubleSupplier timer, double atLeast) {
        double sum = 0;
        int calls = 0;
        while (sum < atLeast) {
            sum += timer.getAsDouble();
            calls++;
        }
        return sum / calls;
    }

    /** One layer's inputs and gradients for one kernel. */
    private static final class Case {
        final VectorConv3x3 conv;
        final Layer l;
        final boolean dense;
        final int group, xImage, dyImage;
        final float[] x, dy, p, dp, dw;

        Case(VectorConv3x3 conv, Layer l) {
            this.conv = conv;
            this.l = l;
            int ho = l.out(), wv = conv.computedWidth(ho, l.stride());
            dense = conv.denseWeightGradient(l.cin(), l.cout(), l.size(), l.stride());
            group = Math.max(1, 1024 / (ho * wv)); // as Conv2d.group
            xImage = l.cin() * (l.size() + 2) * conv.paddedWidth(l.size(), l.stride());
            dyImage = l.cout() * (ho + 2) * conv.gradientPaddedWidth(ho, l.stride());
            SplittableRandom random = new SplittableRandom(3);
            x = new float[l.batch() * l.cin() * l.size() * l.size()];
            dy = new float[l.batch() * l.cout() * ho * ho];
            for (int j = 0; j < x.length; j++) x[j] = (float) random.nextDouble();
            for (int j = 0; j < dy.length; j++) dy[j] = (float) random.nextDouble();
            p = new float[group * xImage + Conv3x3.SLACK];
            dp = new float[group * dyImage + Conv3x3.SLACK];
            dw = new float[conv.weightGradientSums(l.cin(), l.cout(), l.size(), l.size(), l.stride())];
        }

        /**
         * Seconds of CPU time for the whole batch, group by group, with the padding that only this weight
         * gradient needs (the padded input; for stride 2 also the padded gradient, which stride 1 needs anyway
         * for the input gradient).
         */
        double time() {
            int cin = l.cin(), cout = l.cout(), s = l.size(), st = l.stride(), o = l.out();
            long t0 = ThreadClock.nanos();
            for (int g = 0; g < l.batch(); g += group) {
                int images = Math.min(group, l.batch() - g);
                if (dense) {
                    conv.weightGradientDense(x, g * cin * s * s, cin, s, s, st, dy, g * cout * o * o, cout, images, dw);
                } else {
                    conv.pad(x, g * cin * s * s, images, cin, s, s, st, p, 0);
                    if (st == 2) conv.padGradient(dy, g * cout * o * o, images, cout, o, o, st, dp, 0);
                    conv.weightGradient(p, 0, cin, s, s, st, dp, 0, cout, images, dw);
                }
            }
            conv.reduceWeightGradient(dw, cin, cout, s, s, st);
            return (ThreadClock.nanos() - t0) * 1e-9;
        }
    }
}
