package resnetlab.train;

import resnetlab.data.Batches;
import resnetlab.data.Dataset;
import resnetlab.model.Network;
import resnetlab.nn.SoftmaxCrossEntropy;

/** Error and loss of a network on a dataset in eval mode (BN running statistics, dropout expectation). */
public final class Evaluation {
    private Evaluation() {}

    public static EvalResult evaluate(Network net, Dataset data, int batch, int iteration) {
        Batches b = Batches.inOrder(data, Math.min(batch, data.size()));
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        long wrong = 0;
        double lossSum = 0;
        int seen = 0;
        while (b.next()) {
            int n = b.count();
            double loss = ce.forward(net.infer(b.images()), b.labels());
            lossSum += loss * n;
            wrong += ce.errors();
            seen += n;
        }
        return new EvalResult(iteration, (double) wrong / seen, lossSum / seen, seen);
    }
}
