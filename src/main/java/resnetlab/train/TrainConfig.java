package resnetlab.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How a network is trained (He 2015 section 4.2 for the paper's values).
 *
 * @param iterations  SGD steps
 * @param batch       images per step (128 in the paper)
 * @param lr          base learning rate (0.1)
 * @param momentum    0.9
 * @param weightDecay 1e-4, on conv and FC weights
 * @param milestones  iterations at which the learning rate is divided by 10 (the paper: 32k and 48k of 64k)
 * @param warmup      "none"; "paper" (lr 0.01 until the training error is below 80%, as for ResNet-110);
 *                    or a number N (lr 0.01 for the first N iterations)
 * @param seed        weights, data order, augmentation and dropout masks all follow from it
 * @param threads     worker threads (results are deterministic for a given seed and thread count)
 * @param evalEvery   test-set evaluation every this many iterations (0: only at the end)
 * @param augment     pad-4 random crop and horizontal flip
 */
public record TrainConfig(int iterations, int batch, double lr, double momentum, double weightDecay,
                          List<Integer> milestones, String warmup, long seed, int threads, int evalEvery,
                          boolean augment) {
    public static final double WARMUP_LR = 0.01;
    public static final double WARMUP_ERROR = 0.80;

    public TrainConfig {
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        warmup = warmup == null ? "none" : warmup;
    }

    /** The paper's recipe at a given length, constant learning rate, no warm-up. */
    public static TrainConfig defaults(int iterations, long seed) {
        return new TrainConfig(iterations, 128, 0.1, 0.9, 1e-4, List.of(), "none", seed, 1, 0, false);
    }

    /** Every problem with this config, each naming the field and value; empty when valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (iterations < 1) p.add("iterations " + iterations + " must be at least 1");
        if (batch < 1) p.add("batch " + batch + " must be at least 1");
        if (!(lr > 0) || !Double.isFinite(lr)) p.add("lr " + lr + " must be a positive number");
        if (!(momentum >= 0 && momentum < 1)) p.add("momentum " + momentum + " must be in [0, 1)");
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) p.add("weightDecay " + weightDecay + " must be ≥ 0");
        if (threads < 1) p.add("threads " + threads + " must be at least 1");
        if (evalEvery < 0) p.add("evalEvery " + evalEvery + " must not be negative");
        for (int m : milestones) if (m < 1) p.add("milestone " + m + " must be a positive iteration");
        try {
            LearningRateSchedule.parseWarmup(warmup);
        } catch (IllegalArgumentException e) {
            p.add(e.getMessage());
        }
        return p;
    }

    public TrainConfig validate() {
        List<String> p = problems();
        if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
        return this;
    }
}
