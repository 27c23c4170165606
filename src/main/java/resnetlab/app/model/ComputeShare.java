package resnetlab.app.model;

import java.util.concurrent.Semaphore;

/**
 * How many of the bench's models may take an SGD step at the same time while the window is open. Each model has its
 * own worker thread; with four models on two cores, four busy threads leave the FX thread (which draws the window)
 * waiting for a core, and the window stutters. With a share of {@code cores - 1} steps at once one core stays free
 * for drawing; the models take turns (a fair semaphore, one step per turn).
 *
 * <p>Unlimited until {@link #limitForWindow()} is called (the CLI, the benchmark's headless phases and the tests
 * train without a window). The system property {@value #PROPERTY} sets the number of steps at once (0 = unlimited),
 * e.g. to compare frame times and throughput with and without the limit.
 *
 * <p>Measured with the 4-minute soak on this 2-core machine shared with other builds (load average 14-17), one
 * after the other: limit 1 (the default here) frame p99 90-400 ms per period after the warm-up, 230-330 images/s;
 * unlimited ({@code -Dresnetlab.trainSteps=0}) p99 400-2400 ms, 340-370 images/s. The limit costs about a quarter
 * of the throughput there and halves the stutters or better; see the README's Reliability section.
 */
public final class ComputeShare {
    public static final String PROPERTY = "resnetlab.trainSteps";
    private static volatile Semaphore gate;

    private ComputeShare() {}

    /** Called once when the window opens: at most {@code cores - 1} (at least 1) models step at once. */
    public static void limitForWindow() {
        int cores = Runtime.getRuntime().availableProcessors();
        int n = Integer.getInteger(PROPERTY, Math.max(1, cores - 1));
        gate = n > 0 ? new Semaphore(n, true) : null;
    }

    /** Runs one step inside the share: waits for a turn, runs {@code step}, gives the turn back. */
    static boolean step(java.util.function.BooleanSupplier step) throws InterruptedException {
        Semaphore g = gate;
        if (g == null) return step.getAsBoolean();
        g.acquire();
        try {
            return step.getAsBoolean();
        } finally {
            g.release();
        }
    }
}
