package resnetlab.app.model;

import java.util.function.BooleanSupplier;

/**
 * Drives view-models the way the window's frame loop does, without a window: a fake clock (one frame every
 * 1/60 s of made-up time) calls {@link LabModel#frame} and then {@code perFrame}, until {@code done}. The
 * models' own threads do the work in real time, so each frame also waits a little.
 */
final class Frames {
    private long now = 1_000_000_000L;

    /** Runs frames until {@code done}; fails after {@code seconds} of real time, naming {@code what}. */
    void until(LabModel lab, Runnable perFrame, BooleanSupplier done, double seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (true) {
            now += 16_666_667L;
            lab.frame(now);
            perFrame.run();
            if (done.getAsBoolean()) return;
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + seconds + " s: " + what);
            Thread.sleep(5);
        }
    }

    void until(LabModel lab, BooleanSupplier done, double seconds, String what) throws InterruptedException {
        until(lab, () -> { }, done, seconds, what);
    }

    /** Every model on the bench built (or failed). */
    static boolean built(LabModel lab) {
        return !lab.models().isEmpty() && lab.models().stream().allMatch(m -> m.built() != null && m.phase() != BenchModel.Phase.BUILDING
                || m.phase() == BenchModel.Phase.FAILED);
    }
}
