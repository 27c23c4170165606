package resnetlab.train;

import resnetlab.data.Batches;
import resnetlab.data.Dataset;
import resnetlab.model.Network;
import resnetlab.nn.SoftmaxCrossEntropy;
import resnetlab.tensor.Tensor;

/** Error and loss of a network on a dataset in eval mode (BN running statistics, dropout expectation). */
public final class Evaluation {
    private Evaluation() {}

    /** A configuration's evaluation batch that leaves the choice to {@link Network#cacheBatch()}. */
    public static final int AUTO_BATCH = 0;

    /**
     * The evaluation batch a configuration's {@code batch} asks of {@code net}: itself, or the engine's choice where it
     * is {@link #AUTO_BATCH}.
     */
    public static int batchFor(int batch, Network net) { return batch != AUTO_BATCH ? batch : net.cacheBatch(); }

    /**
     * In batches of {@code batch}: during training the training batch, so that the layers' buffers keep their shape;
     * for work that only evaluates (landscapes, lesion studies) {@link Network#cacheBatch()}, which also bounds the
     * zero images a short last batch carries ({@link Network#infer} runs a larger batch in parts of that size anyway,
     * on a net that has not run {@code forward} at another batch). A last,
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
