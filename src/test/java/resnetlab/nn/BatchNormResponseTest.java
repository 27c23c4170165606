package resnetlab.nn;

import org.junit.jupiter.api.Test;
import resnetlab.kernel.Compute;
import resnetlab.tensor.Ops;
import resnetlab.tensor.Tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The response std He 2015 Fig. 7 plots: free in training, an opt-in pass in eval (inference skips it). */
class BatchNormResponseTest {

    @Test void evalMeasuresTheOutputStdOnlyWhenAsked() {
        try (Compute c = Compute.best(2)) {
            BatchNorm2d bn = new BatchNorm2d("bn", 6);
            bn.useCompute(c);
            Tensor x = GradCheck.randn(7, 5, 6, 9, 9);
            for (int i = 0; i < x.size(); i++) x.data[i] = 3 * x.data[i] + 0.5f * (i % 6);
            bn.forward(x, true); // moves the running statistics away from (0, 1)
            for (int ch = 0; ch < 6; ch++) {
                bn.gamma().value.data[ch] = 0.5f + ch;
                bn.beta().value.data[ch] = ch - 2f;
            }

            Tensor y = bn.forward(x, false);
            assertThat(bn.responseStd()).as("not measured in plain inference").isNaN();

            bn.measureEvalResponses(true);
            y = bn.forward(x, false);
            assertThat(bn.responseStd()).isCloseTo(Ops.std(y.data), within(1e-4 * Ops.std(y.data)));

            bn.measureEvalResponses(false);
            Tensor training = bn.forward(x, true);
            assertThat(bn.responseStd()).as("training mode: from the batch statistics")
                    .isCloseTo(Ops.std(training.data), within(1e-3 * Ops.std(training.data)));
        }
    }
}
