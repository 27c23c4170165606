package resnetlab.kernel.simd;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import resnetlab.kernel.Conv3x3;
import resnetlab.kernel.simd.VectorConv3x3.Lanes;
import resnetlab.kernel.simd.WeightGradientBenchmark.Layer;

/**
 * Times the three forward maps of {@link VectorConv3x3} (pixels in the lanes on padded images; output channels
 * in the lanes, {@link ChannelLaneForward}; Winograd F(2x2,3x3), {@link WinogradForward}, which runs the channel
 * lanes where it cannot map a shape; the pixel lanes with F(2,3) down the columns where the height is even and the
 * rows are whole vectors, "row winograd") and the automatic choice, for the forward pass and the stride-1
 * input gradient (the same map with the adjoint weights, cout → cin), on the 3x3 layers of
 * {@link WeightGradientBenchmark#LAYERS}, one thread. Reports GFLOP/s of the useful work
 * (2·cout·cin·9·Ho·Wo per image) by the thread's CPU time ({@link ThreadClock}), median of interleaved rounds,
 * for the whole batch as {@code Conv2d} runs it, with the copies each path needs: weight packing, and for the
 * pixel lanes the padded inputs (or output gradients) per group of about 1024 output pixels
 * and the copy of the computed columns into the dense output where the computed width is not Wo.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp target/resnet-lab.jar resnetlab.kernel.simd.ForwardBenchmark [rounds]</pre>
 */
public final class ForwardBenchmark {
    private ForwardBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Lanes[] modes = {Lanes.PIXEL_LANES, Lanes.ROW_WINOGRAD, Lanes.CHANNEL_LANES, Lanes.WINOGRAD, Lanes.SHIFTED_PLANES, Lanes.AUTO};
        System.out.printf("3x3 forward map GFLOP/s, one thread, %s, %s, median of %d rounds%n", SimdSpecies.describe(),
                ThreadClock.kind(), rounds);
        System.out.printf("%-28s %-14s %12s %13s %14s %9s %8s %8s%n", "layer", "pass", "pixel lanes", "row winograd", "channel lanes",
                "winograd", "planes", "auto");
        for (Layer layer : WeightGradientBenchmark.LAYERS) {
            for (boolean adjoint : new boolean[] {false, true}) {
                if (adjoint && layer.stride() != 1) continue; // stride 2: the input gradient is Wᵀ·dY and col2im
                List<DoubleSupplier> cases = new ArrayList<>();
                for (Lanes mode : modes) cases.add(new Case(new VectorConv3x3(mode), layer, adjoint)::time);
                double[] g = WeightGradientBenchmark.gflops(cases, layer.flops(), rounds);
                System.out.printf("%-28s %-14s %12.1f %13.1f %14.1f %9.1f %8.1f %8.1f%n", layer, adjoint ? "input gradient" : "forward",
                        g[0], g[1], g[2], g[3], g[4], g[5]);
            }
        }
    }

    /** One layer's map (ins → outs on h×w images) for one kernel: the forward, or the stride-1 input gradient. */
    private static final class Case {
        final VectorConv3x3 conv;
        final Layer l;
        final boolean adjoint, dense;
        final int ins, outs, h, ho, wv, group, padded;
        final float[] x, weights, packed, p, out, y;

        Case(VectorConv3x3 conv, Layer l, boolean adjoint) {
            this.conv = conv;
            this.l = l;
            this.adjoint = adjoint;
            ins = adjoint ? l.cout() : l.cin();
            outs = adjoint ? l.cin() : l.cout();
            h = adjoint ? l.out() : l.size(); // the input gradient maps the Ho×Wo gradient to the H×W input (stride 1)
            int stride = adjoint ? 1 : l.stride();
            ho = Conv3x3.outSize(h, stride);
            wv = conv.computedWidth(ho, stride);
            dense = conv.denseForward(ins, outs, h, h, stride);
            group = Math.max(1, 1024 / (ho * wv)); // as Conv2d: inputs and gradients padded and mapped per group
            padded = ins * (h + 2) * conv.paddedWidth(h, stride);
            SplittableRandom random = new SplittableRandom(3);
            x = new float[l.batch() * ins * h * h];
            weights = new float[l.cout() * l.cin() * 9];
            for (int j = 0; j < x.length; j++) x[j] = (float) random.nextDouble();
            for (int j = 0; j < weights.length; j++) weights[j] = (float) random.nextDouble();
            packed = new float[dense ? conv.denseWeightsSize(ins, outs, h, h, stride) : conv.packedSize(outs, ins)];
            p = new float[group * padded + Conv3x3.SLACK];
            out = new float[group * outs * ho * wv];
            y = new float[l.batch() * outs * ho * ho];
        }

        /** Seconds of CPU time for the whole batch. */
        double time() {
            int stride = adjoint ? 1 : l.stride(), plane = ho * ho;
            long t0 = ThreadClock.nanos();
            if (dense) {
                conv.packDense(weights, adjoint, ins, outs, h, h, stride, packed); // as the padded maps: timed
                conv.forwardDense(x, 0, ins, h, h, stride, packed, outs, l.batch(), y, 0);
            } else {
                conv.pack(weights, l.cout(), l.cin(), adjoint, h, h, stride, packed); // as Conv2d: what this size runs
                for (int g = 0; g < l.batch(); g += group) {
                    int images = Math.min(group, l.batch() - g);
                    if (adjoint) conv.padGradient(x, g * ins * h * h, images, ins, h, h, 1, p, 0);
                    else conv.pad(x, g * ins * h * h, images, ins, h, h, stride, p, 0);
                    int yOff = g * outs * plane;
                    if (wv == ho) {
                        conv.forward(p, 0, images, ins, h, h, stride, packed, outs, y, yOff, wv);
                    } else {
                        conv.forward(p, 0, images, ins, h, h, stride, packed, outs, out, 0, wv);
                        for (int r = 0; r < images * outs * ho; r++) System.arraycopy(out, r * wv, y, yOff + r * ho, ho);
                    }
                }
            }
            return (ThreadClock.nanos() - t0) * 1e-9;
        }
    }
}
