package resnetlab.charts;

import java.util.Arrays;

/**
 * Keeps a long stream of points (x, y) down to at most {@code maxPoints} points that still show the
 * curve's envelope: the stream is cut into buckets of {@code bucketSize} consecutive points, and each
 * bucket shows only its lowest and highest point (in x order). When the buckets fill up, neighbouring
 * pairs merge and {@code bucketSize} doubles, so memory and drawing time stay bounded however long the
 * run: at most {@code maxPoints / 2 - 1} closed buckets plus the one being filled, two points each.
 *
 * <p>The global minimum and maximum of y are always among the points shown; so is the latest point's
 * bucket. Points with a non-finite y (a diverged loss) are counted but not shown. Not thread-safe.
 */
final class MinMaxDecimator {

    private final int capacity;       // closed buckets kept before a merge
    private long bucketSize = 1;      // raw points per bucket
    private int closed;               // closed buckets in the arrays below
    private final double[] minX, minY, maxX, maxY;

    private long openCount;           // raw points in the open bucket
    private boolean openHasValue;
    private double openMinX, openMinY, openMaxX, openMaxY;

    private long appended;
    private double[] outX = new double[0];
    private double[] outY = new double[0];
    private boolean dirty;

    MinMaxDecimator(int maxPoints) {
        if (maxPoints < 8) {
            throw new IllegalArgumentException("maxPoints must be at least 8, was " + maxPoints);
        }
        capacity = maxPoints / 2 - 1;
        minX = new double[capacity];
        minY = new double[capacity];
        maxX = new double[capacity];
        maxY = new double[capacity];
    }

    /** Reduces a whole curve at once; returns {x[], y[]}, unchanged copies if it already fits. */
    static double[][] decimate(double[] x, double[] y, int maxPoints) {
        if (x.length <= maxPoints) {
            return new double[][] {x.clone(), y.clone()};
        }
        MinMaxDecimator d = new MinMaxDecimator(maxPoints);
        for (int i = 0; i < x.length; i++) {
            d.append(x[i], y[i]);
        }
        return new double[][] {Arrays.copyOf(d.xs(), d.size()), Arrays.copyOf(d.ys(), d.size())};
    }

    void append(double x, double y) {
        appended++;
        if (openCount == bucketSize) {
            closeOpenBucket();
        }
        openCount++;
        if (Double.isFinite(y) && !Double.isNaN(x)) {
            if (!openHasValue) {
                openMinX = openMaxX = x;
                openMinY = openMaxY = y;
                openHasValue = true;
            } else {
                if (y < openMinY) {
                    openMinX = x;
                    openMinY = y;
                }
                if (y > openMaxY) {
                    openMaxX = x;
                    openMaxY = y;
                }
            }
        }
        dirty = true;
    }

    void clear() {
        bucketSize = 1;
        closed = 0;
        openCount = 0;
        openHasValue = false;
        appended = 0;
        dirty = true;
    }

    /** Raw points appended since creation or the last {@link #clear()}. */
    long appendedCount() {
        return appended;
    }

    long bucketSize() {
        return bucketSize;
    }

    private void closeOpenBucket() {
        if (openHasValue) {
            if (closed == capacity) {
                mergePairs();
            }
            minX[closed] = openMinX;
            minY[closed] = openMinY;
            maxX[closed] = openMaxX;
            maxY[closed] = openMaxY;
            closed++;
        }
        openCount = 0;
        openHasValue = false;
    }

    /** Halves the number of closed buckets: bucket 2k absorbs bucket 2k+1. */
    private void mergePairs() {
        int n = 0;
        for (int i = 0; i < closed; i += 2) {
            double lx = minX[i], ly = minY[i], hx = maxX[i], hy = maxY[i];
            if (i + 1 < closed) {
                if (minY[i + 1] < ly) {
                    lx = minX[i + 1];
                    ly = minY[i + 1];
                }
                if (maxY[i + 1] > hy) {
                    hx = maxX[i + 1];
                    hy = maxY[i + 1];
                }
            }
            minX[n] = lx;
            minY[n] = ly;
            maxX[n] = hx;
            maxY[n] = hy;
            n++;
        }
        closed = n;
        bucketSize *= 2;
    }

    /** Number of points to show. */
    int size() {
        refresh();
        return outN;
    }

    private int outN;

    /** x of the points to show; valid up to {@link #size()}, owned by this object. */
    double[] xs() {
        refresh();
        return outX;
    }

    double[] ys() {
        refresh();
        return outY;
    }

    private void refresh() {
        if (!dirty) {
            return;
        }
        int need = 2 * (closed + 1);
        if (outX.length < need) {
            outX = new double[need];
            outY = new double[need];
        }
        int n = 0;
        for (int i = 0; i < closed; i++) {
            n = emit(n, minX[i], minY[i], maxX[i], maxY[i]);
        }
        if (openHasValue) {
            n = emit(n, openMinX, openMinY, openMaxX, openMaxY);
        }
        outN = n;
        dirty = false;
    }

    private int emit(int n, double lx, double ly, double hx, double hy) {
        if (lx == hx && ly == hy) {
            outX[n] = lx;
            outY[n] = ly;
            return n + 1;
        }
        boolean lowFirst = lx <= hx;
        outX[n] = lowFirst ? lx : hx;
        outY[n] = lowFirst ? ly : hy;
        outX[n + 1] = lowFirst ? hx : lx;
        outY[n + 1] = lowFirst ? hy : ly;
        return n + 2;
    }
}
