package resnetlab.app.model;

import java.util.Arrays;

/**
 * A run's curve, kept for redrawing charts and for session files with bounded memory: once {@code cap} points
 * are stored, every second point is dropped and from then on only every second new point is kept (the stride
 * doubles each time), so an hour-long run keeps an even sample of at most {@code cap} points.
 */
public final class History {
    private final int cap;
    private double[] x, y1, y2;
    private int size;
    private int stride = 1;
    private long seen;

    public History(int cap) {
        if (cap < 4 || cap % 2 != 0) throw new IllegalArgumentException("cap must be even and at least 4, was " + cap);
        this.cap = cap;
        x = new double[16];
        y1 = new double[16];
        y2 = new double[16];
    }

    /** Adds a point (x, a, b); it is stored if it falls on the current stride. */
    public void add(double xv, double a, double b) {
        if (seen++ % stride != 0) return;
        if (size == cap) {
            for (int i = 0; i < size / 2; i++) {
                x[i] = x[2 * i];
                y1[i] = y1[2 * i];
                y2[i] = y2[2 * i];
            }
            size /= 2;
            stride *= 2;
            if ((seen - 1) % stride != 0) return;
        }
        if (size == x.length) {
            int n = Math.min(cap, size * 2);
            x = Arrays.copyOf(x, n);
            y1 = Arrays.copyOf(y1, n);
            y2 = Arrays.copyOf(y2, n);
        }
        x[size] = xv;
        y1[size] = a;
        y2[size] = b;
        size++;
    }

    public void clear() {
        size = 0;
        stride = 1;
        seen = 0;
    }

    public int size() { return size; }
    public double x(int i) { return x[i]; }
    public double a(int i) { return y1[i]; }
    public double b(int i) { return y2[i]; }
    public double[] xs() { return Arrays.copyOf(x, size); }
    public double[] as() { return Arrays.copyOf(y1, size); }
    public double[] bs() { return Arrays.copyOf(y2, size); }
    public double lastX() { return size == 0 ? Double.NaN : x[size - 1]; }
}
