package resnetlab.train;

import java.util.List;

/**
 * Step schedule with warm-up (He 2015 section 4.2): lr is divided by 10 at each milestone; during warm-up it is
 * 0.01, either for a fixed number of iterations or — the paper's rule for ResNet-110 — until the training
 * error first falls below 80%, after which the base rate holds.
 */
public final class LearningRateSchedule {
    private final double base;
    private final List<Integer> milestones;
    private final int warmupIterations;   // -1: until the training error is below 80%
    private boolean warmupDone;

    public LearningRateSchedule(double base, List<Integer> milestones, String warmup) {
        this.base = base;
        this.milestones = List.copyOf(milestones);
        this.warmupIterations = parseWarmup(warmup);
        this.warmupDone = warmupIterations == 0;
    }

    /** 0 for "none", -1 for "paper", N for a number. */
    static int parseWarmup(String warmup) {
        String w = warmup == null ? "none" : warmup.trim().toLowerCase(java.util.Locale.ROOT);
        if (w.equals("none") || w.equals("0") || w.isEmpty()) return 0;
        if (w.equals("paper")) return -1;
        try {
            int n = Integer.parseInt(w);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("warmup '" + warmup + "' must be none, paper, or a number of iterations");
        }
    }

    /** The learning rate for iteration {@code it} (0-based). */
    public double rate(int it) {
        if (!warmupDone && warmupIterations > 0 && it >= warmupIterations) warmupDone = true;
        if (!warmupDone) return TrainConfig.WARMUP_LR;
        double lr = base;
        for (int m : milestones) if (it >= m) lr /= 10;
        return lr;
    }

    /** Reports a step's training error; ends the "paper" warm-up once it falls below 80%. */
    public void observeError(double trainError) {
        if (warmupIterations < 0 && trainError < TrainConfig.WARMUP_ERROR) warmupDone = true;
    }

    public boolean inWarmup() { return !warmupDone; }

    /** Restores the state after {@code it} iterations of a resumed run (the warm-up counts as done by then). */
    public void markWarmupDone(boolean done) { warmupDone = done || warmupIterations == 0; }
}
