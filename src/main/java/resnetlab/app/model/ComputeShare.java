package resnetlab.app.model;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * How many of the bench's models may take an SGD step at the same time while the window is open. Each model has its
 * own worker thread; when the models keep every core busy and the machine has other work too, the FX thread (which
 * draws the window) waits for a core and the window stutters. Limiting the models to {@code cores - 1} steps at once
 * keeps a core for drawing, but on a quiet machine it costs much and buys nothing.
 *
 * <p>So the share adapts to what the class sees. While the window is open ({@link #limitForWindow()}) every frame
 * reports its time ({@link #frame(long)}); each {@value #WINDOW_SECONDS}-second window in which more than
 * {@value #SLOW_PER_MILLE} per mille of the frame intervals exceed {@value #SLOW_FRAME_MS} ms makes the models take
 * turns, at most {@code cores - 1} steps at once (a fair lock: one step per turn). The criterion is the soak's and
 * the benchmark's, frame p99 below 50 ms, with a margin of half: a 15-second period can have 1% of slow frames though
 * none of its three windows has more than 1%. While the models run unlimited, a window ends as soon as its slow frames
 * pass that share of a whole window at 60 Hz (two frames), so a stutter is answered within frames. Calm frames lift
 * the limit again: {@value #CALM_SECONDS} s of them
 * the first time; when the frames stutter again before as long has passed since the limit went, the machine is
 * busy for longer, and the next calm needed doubles (up to {@value #MAX_CALM_SECONDS} s); a lift that holds that
 * long brings it back to {@value #CALM_SECONDS} s. The system property {@value #PROPERTY} fixes the number of steps
 * at once instead (0 = never limited), e.g. to compare.
 *
 * <p>Why the back-off: in four 5-minute soaks of 2026-12-05 (four models, the 2-core CI machine, load 1.7-4.5) every
 * lift stuttered within one window, and the 15-second periods with a lift in them were the ones whose p99 went over
 * 50 ms (up to 52 ms, where the periods spent taking turns had 31-44 ms).
 *
 * <p>Measured with {@code --benchmark 30} (three models, this 2-core machine, other builds running at nice 19,
 * alternating): a fixed limit of one step gave frame p99 80.1 / 28.9 ms and 735 / 1011 images/s with the window open
 * (load 6-7 / 1.6-4); no limit gave p99 51.9 / 29.1 ms and 1796 / 2759 images/s. An earlier soak on the same machine
 * under other engineers' builds at normal priority (load 14-17) showed the other side: p99 90-203 ms with the limit,
 * 245-1384 ms without. Hence a limit that is on only when frames are slow.
 *
 * <p>Unlimited until {@link #limitForWindow()} is called and again after {@link #windowClosed()} (the CLI, the
 * benchmark's headless phases and the tests train without a window).
 */
public final class ComputeShare {
    public static final String PROPERTY = "resnetlab.trainSteps";
    static final int WINDOW_SECONDS = 5;
    static final int SLOW_PER_MILLE = 5;
    static final int SLOW_FRAME_MS = 50;
    static final int CALM_SECONDS = 30;
    static final int MAX_CALM_SECONDS = 240;
    /** A longer gap is not a stutter but a window that was not drawing (hidden, minimised). */
    static final long PAUSE_NANOS = 1_000_000_000L;

    private static final ComputeShare WINDOW = new ComputeShare();

    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition turn = lock.newCondition();
    private int running;
    private volatile int cap = Integer.MAX_VALUE;

    // the governor, on the FX thread
    private boolean adaptive;
    private int sharedCap = 1;
    private long lastFrame = -1, windowStart = -1, calmSince = -1, sharingSince = -1, liftedAt = -1;
    /** Seconds of calm frames that lift the limit next time (doubles when a lift does not hold). */
    private int calmNeeded = CALM_SECONDS;
    private int frames, slow;
    private volatile long sharingNanos;

    ComputeShare() {}

    /** Called once when the window opens: the share adapts to the frame times (or is fixed by {@value #PROPERTY}). */
    public static void limitForWindow() {
        WINDOW.configure(Integer.getInteger(PROPERTY), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Called when the window closes: the limit goes and frames no longer set it. Without this, models trained after
     * a window that closed while they were taking turns (the benchmark's second headless phase) kept taking turns:
     * one step at a time.
     */
    public static void windowClosed() { WINDOW.release(System.nanoTime()); }

    /** The FX thread's frame pulse, once per frame ({@code now}: the pulse time in ns). */
    public static void frame(long now) { WINDOW.onFrame(now); }

    /** Nanoseconds the models have taken turns so far (the benchmark and the soak report it). */
    public static long sharingNanos(long now) { return WINDOW.sharedFor(now); }

    /** Runs one step inside the share: waits for a turn when the models take turns, runs {@code step}, gives it back. */
    static boolean step(BooleanSupplier step) throws InterruptedException { return WINDOW.run(step); }

    /** @param fixed steps at once (0 = no limit), or null to adapt to the frame times */
    void configure(Integer fixed, int cores) {
        sharedCap = Math.max(1, cores - 1);
        adaptive = fixed == null;
        setCap(fixed == null || fixed <= 0 ? Integer.MAX_VALUE : fixed);
    }

    /** No limit from now on, and no adapting; the time spent taking turns so far is kept. */
    void release(long now) {
        if (sharing() && adaptive) sharingNanos += now - sharingSince;
        adaptive = false;
        setCap(Integer.MAX_VALUE);
    }

    boolean sharing() { return cap != Integer.MAX_VALUE; }

    /** Seconds of calm frames the next lift needs. */
    int calmNeeded() { return calmNeeded; }

    int cap() { return cap; }

    void onFrame(long now) {
        if (!adaptive) return;
        if (lastFrame >= 0 && now - lastFrame < PAUSE_NANOS) {
            frames++;
            if (now - lastFrame > SLOW_FRAME_MS * 1_000_000L) slow++;
        }
        lastFrame = now;
        if (windowStart < 0) windowStart = now;
        // while unlimited, slow frames beyond a whole window's share at 60 Hz end the window at once: waiting for its
        // end let a lift that stuttered at once spoil the p99 of its 15-second period
        boolean early = !sharing() && slow * 1000 > SLOW_PER_MILLE * WINDOW_SECONDS * 60;
        if (!early && now - windowStart < WINDOW_SECONDS * 1_000_000_000L) return;
        boolean stutters = early || frames > 0 && slow * 1000 > SLOW_PER_MILLE * frames;
        if (stutters) {
            calmSince = -1;
            if (!sharing()) {
                // a lift that did not hold as long as the calm before it: wait longer next time
                boolean relapse = liftedAt >= 0 && now - liftedAt < calmNeeded * 1_000_000_000L;
                calmNeeded = relapse ? Math.min(MAX_CALM_SECONDS, 2 * calmNeeded) : CALM_SECONDS;
                sharingSince = now;
                setCap(sharedCap);
            }
        } else if (sharing()) {
            if (calmSince < 0) calmSince = windowStart;
            if (now - calmSince >= calmNeeded * 1_000_000_000L) {
                sharingNanos += now - sharingSince;
                calmSince = -1;
                liftedAt = now;
                setCap(Integer.MAX_VALUE);
            }
        }
        windowStart = now;
        frames = slow = 0;
    }

    long sharedFor(long now) { return sharingNanos + (sharing() && adaptive ? now - sharingSince : 0); }

    private void setCap(int c) {
        lock.lock();
        try {
            cap = c;
            turn.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean run(BooleanSupplier step) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (running >= cap) turn.await();
            running++;
        } finally {
            lock.unlock();
        }
        try {
            return step.getAsBoolean();
        } finally {
            lock.lock();
            try {
                running--;
                turn.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
