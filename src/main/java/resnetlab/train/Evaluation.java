package resnetlab.train;

import resnetlab.data.Batches;
import resnetlab.data.Dataset;
import resnetlab.model.Network;
import resnetlab.model.NetworkSpec;
import resnetlab.nn.SoftmaxCrossEntropy;
import resnetlab.tensor.Tensor;

/** Error and loss of a network on a dataset in eval mode (BN running statistics, dropout expectation). */
public final class Evaluation {
    private Evaluation() {}

    /**
     * Bytes of the widest feature map per thread that {@link #batchFor} aims at: what stays in a core's L2 (1-2 MiB
     * on the machines measured) while a layer reads it and writes the next.
     */
    static final long CACHE_BYTES_PER_THREAD = 1L << 20;
    /** A configuration's evaluation batch that leaves the choice to {@link #batchFor(Network)}. */
    public static final int AUTO_BATCH = 0;
    /**
     * The largest batch {@link #batchFor} returns (small maps need no more to keep the threads busy): also the batch
     * that memory checks of such work assume.
     */
    public static final int MAX_CACHE_BATCH = 256;

    /**
     * The evaluation batch for work that only evaluates a net (loss landscapes, lesion studies): as many images per
     * thread as keep the widest feature map (the first stage's, or the input) of one thread's share within
     * {@link #CACHE_BYTES_PER_THREAD}, so that each layer reads its input from the core's cache instead of memory.
     * 16 images per thread for ResNet-20/56 on 3x32x32 (64 KiB maps), 128 for the classroom preset (8 KiB), capped at
     * {@link #MAX_CACHE_BATCH}. Measured with {@code bench --models 20 --threads 1,2 --batch B} (inference entries,
     * 2026-12-06, Intel Xeon with AVX-512, 2 MiB L2 a core and about 28 GB/s from L3 to one core): batch 250 1397-1434
     * / 2186-2685 images/s (one / two threads), batch 16 1678-1703 / 3229-3246; on the AMD EPYC (Zen 5, 1 MiB L2)
     * batches 8 and 128 measured level (2118 / 2145 images/s, one thread). Each image's logits do not depend on the
     * batch; the mean loss over a dataset may differ in its last bits (sums taken in other groups).
     */
    public static int batchFor(NetworkSpec spec, int threads) {
        long side = spec.imageSize();
        long perImage = 4L * Math.max(spec.width(), spec.inChannels()) * side * side;
        long perThread = Math.max(1, CACHE_BYTES_PER_THREAD / Math.max(1, perImage));
        return (int) Math.min(MAX_CACHE_BATCH, perThread * Math.max(1, threads));
    }

    /** {@link #batchFor(NetworkSpec, int)} for this net on the threads its layers run on. */
    public static int batchFor(Network net) { return batchFor(net.spec(), net.threads()); }

    /**
     * In batches of {@code batch} (the training batch, so that the layers' buffers keep their shape). A last,
     * shorter batch runs at the full batch's shape, its rows past the data left at zero and not counted: inference
     * in eval mode treats each image on its own, and at a shape of its own every layer would allocate its outputs
     * anew, for it and again for the next training step. In the app (four models evaluating every few steps) that
     * was most of the garbage the training threads made, and the young collections it caused paused the window.
     */
    public static EvalResult evaluate(Network net, Dataset data, int batch, int iteration) {
        int full = Math.min(batch, data.size());
        Batches b = Batches.inOrder(data, full);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        long wrong = 0;
        double lossSum = 0;
        int seen = 0;
        while (b.next()) {
            int n = b.count();
            Tensor images = b.images();
            if (n < full) {
                int[] shape = images.shape();
                shape[0] = full;
                Tensor padded = new Tensor(shape);
                System.arraycopy(images.data, 0, padded.data, 0, images.size());
                images = padded;
            }
            double loss = ce.forward(net.infer(images), b.labels(), n);
            lossSum += loss * n;
            wrong += ce.errors();
            seen += n;
        }
        return new EvalResult(iteration, (double) wrong / seen, lossSum / seen, seen);
    }
}
