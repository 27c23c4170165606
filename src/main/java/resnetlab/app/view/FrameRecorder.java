package resnetlab.app.view;

import java.util.Arrays;

/**
 * Measures how smooth the window is: the time between consecutive frames (pulses) of the FX thread, and the
 * time the app's own per-frame work took. A frame that took 50 ms or more is a visible stutter; the goal is a
 * 99th percentile below that while three models train. Fixed memory: the newest {@code capacity} frames.
 */
public final class FrameRecorder {
    private final long[] intervals;
    private final long[] work;
    private int count;
    private long last = -1;
    private boolean recording;

    public FrameRecorder(int capacity) {
        intervals = new long[capacity];
        work = new long[capacity];
    }

    /** Starts a new measurement (earlier frames are forgotten). */
    public void start() {
        count = 0;
        last = -1;
        recording = true;
    }

    public void stop() { recording = false; }

    void frame(long now, long workNanos) {
        if (!recording) return;
        if (last >= 0) {
            int i = count % intervals.length;
            intervals[i] = now - last;
            work[i] = workNanos;
            count++;
        }
        last = now;
    }

    public int frames() { return Math.min(count, intervals.length); }

    /** The p-th percentile (0..100) of frame intervals in milliseconds. */
    public double intervalPercentile(double p) { return percentile(intervals, p); }

    /** The p-th percentile of the app's per-frame work in milliseconds. */
    public double workPercentile(double p) { return percentile(work, p); }

    public double maxInterval() { return percentile(intervals, 100); }

    private double percentile(long[] a, double p) {
        int n = frames();
        if (n == 0) return Double.NaN;
        long[] s = Arrays.copyOf(a, n);
        Arrays.sort(s);
        int i = (int) Math.min(n - 1, Math.max(0, Math.ceil(p / 100 * n) - 1));
        return s[i] / 1e6;
    }
}
