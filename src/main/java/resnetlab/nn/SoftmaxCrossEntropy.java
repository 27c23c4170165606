package resnetlab.nn;

import java.util.Arrays;
import resnetlab.tensor.Tensor;

/**
 * Mean softmax cross-entropy over a batch: logits (N, K), labels in 0..K−1.
 * {@code L = −(1/N) Σ_n log softmax(z_n)[y_n]}; {@code dL/dz_n = (softmax(z_n) − onehot(y_n)) / N}.
 * Computed with the max-shift for stability; sums in double.
 */
public final class SoftmaxCrossEntropy {
    private Tensor grad;
    private double loss;
    private int errors;

    /** Computes loss, errors and gradient for the batch; returns the mean loss. */
    public double forward(Tensor logits, int[] labels) { return forward(logits, labels, logits.dim(0)); }

    /**
     * As {@link #forward(Tensor, int[])} over the first {@code rows} rows of the logits only (the labels of those
     * rows): the loss is their mean, the errors theirs, the gradient's other rows zero. For a last batch run at the
     * full batch's shape with rows that are not counted ({@link resnetlab.train.Evaluation}).
     */
    public double forward(Tensor logits, int[] labels, int rows) {
        int batch = logits.dim(0), k = logits.dim(1), n = rows;
        if (rows < 1 || rows > batch || labels.length < rows) {
            throw new IllegalArgumentException(rows + " rows of " + batch + " logits with " + labels.length + " labels");
        }
        grad = Tensor.reuse(grad, batch, k);
        Arrays.fill(grad.data, rows * k, batch * k, 0f);
        double total = 0;
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            int off = i * k;
            int label = labels[i];
            if (label < 0 || label >= k) throw new IllegalArgumentException("label " + label + " out of range 0.." + (k - 1));
            float max = Float.NEGATIVE_INFINITY;
            int arg = 0;
            for (int j = 0; j < k; j++) {
                if (logits.data[off + j] > max) { max = logits.data[off + j]; arg = j; }
            }
            if (arg != label || Float.isNaN(max)) wrong++;
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.exp(logits.data[off + j] - max);
            double logSum = Math.log(sum);
            total += logSum - (logits.data[off + label] - max);
            for (int j = 0; j < k; j++) {
                double p = Math.exp(logits.data[off + j] - max - logSum);
                grad.data[off + j] = (float) ((p - (j == label ? 1 : 0)) / n);
            }
        }
        loss = total / n;
        errors = wrong;
        return loss;
    }

    /** dL/dlogits of the last {@link #forward}. */
    public Tensor gradient() { return grad; }
    public double loss() { return loss; }
    /** Misclassified samples (arg-max ≠ label) in the last batch. */
    public int errors() { return errors; }
}
