package resnetlab.experiments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import resnetlab.data.Dataset;
import resnetlab.model.Network;

/**
 * A loss landscape ({@link LossLandscape}) computed coarse to fine, so a class sees a picture within seconds and
 * watches it sharpen: level 0 is a grid of about 6x6 points (and a 1-D slice of about 6), each further level a finer
 * grid, the last one the grid asked for. Each level's grid is chosen so that it contains the previous one — its number
 * of intervals is a multiple of the previous level's — and every point already evaluated is reused, not evaluated
 * again: for 51 points per axis the levels are 6, 26, 51 and the whole ladder costs exactly the 51x51 points (plus
 * nothing); for 31: 6, 16, 31. A grid whose intervals have no such ladder (a prime number of them) gets a 7-point
 * first level whose points are mostly not reused. The point α = β = 0 of an odd grid or slice is θ* itself: the centre,
 * evaluated once.
 *
 * <p>A point's value depends only on (α, β): weights are computed from the saved θ* each time, so the finest level
 * holds the same numbers as {@link LossLandscape#surface} on that grid. θ* is written back bit for bit after every
 * level, also when it was cancelled or failed. Not thread-safe: one thread drives one instance (the owner of the net).
 */
public final class RefiningLandscape {
    private final LossLandscape.Config config;
    private final LossLandscape landscape;
    private final int[] gridLevels, sliceLevels;
    private final Map<Where, LossLandscape.EvalPoint> surfacePoints = new HashMap<>();
    private final Map<Double, LossLandscape.EvalPoint> slicePoints = new HashMap<>();
    private float[][] delta, eta;
    private LossLandscape.EvalPoint centre;

    /**
     * @param config what to compute: {@code grid} and {@code slicePoints} are the finest level's sizes (0 = none);
     *               the interpolation part of the config is not used here
     * @param net    its current weights are θ*; owned by this instance until the last level is done
     * @param eval   the evaluation set
     */
    public RefiningLandscape(LossLandscape.Config config, Network net, Dataset eval) {
        this.config = config.validate();
        this.landscape = new LossLandscape(net, eval, config.batchFor(net));
        this.gridLevels = config.grid() == 0 ? new int[0] : levels(config.grid());
        this.sliceLevels = config.slicePoints() == 0 ? new int[0] : levels(config.slicePoints());
    }

    /**
     * Points per axis of each level for a finest grid of {@code n}: each level's intervals divide the next level's
     * (its points are the next level's too), starting at the first level of at most 9 points. n ≤ 9 is one level.
     */
    public static int[] levels(int n) {
        if (n < 2) throw new IllegalArgumentException("a grid needs at least 2 points, was " + n);
        List<Integer> intervals = new ArrayList<>();
        int t = n - 1;
        intervals.add(t);
        while (t + 1 > 9) {
            int p = smallestPrimeFactor(t);
            if (p == t) break; // prime: no coarser grid inside this one
            t /= p;
            intervals.add(0, t);
        }
        if (intervals.get(0) + 1 > 9) intervals.add(0, 6); // no ladder: a 7-point first level
        return intervals.stream().mapToInt(i -> i + 1).toArray();
    }

    private static int smallestPrimeFactor(int t) {
        for (int p = 2; (long) p * p <= t; p++) if (t % p == 0) return p;
        return t;
    }

    /** How many levels there are: the longer ladder of the surface's and the slice's. */
    public int levelCount() {
        return Math.max(Math.max(gridLevels.length, sliceLevels.length), 1);
    }

    /** Points per axis of the surface at level {@code k} (the finest once the ladder is shorter), or 0 without a surface. */
    public int gridAt(int k) { return at(gridLevels, k); }

    /** Points of the 1-D slice at level {@code k}, or 0. */
    public int sliceAt(int k) { return at(sliceLevels, k); }

    private static int at(int[] levels, int k) {
        return levels.length == 0 ? 0 : levels[Math.min(k, levels.length - 1)];
    }

    /** Evaluations level {@code k} will make that no earlier level has made (for progress over several models). */
    public int newPointsAt(int k) {
        int n = gridAt(k), m = sliceAt(k), count = k == 0 ? 1 : 0;
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            if (!surfacePoints.containsKey(new Where(fraction(i, n), fraction(j, n))) && !(atCentre(i, n) && atCentre(j, n))) count++;
        }
        for (int i = 0; i < m; i++) if (!slicePoints.containsKey(fraction(i, m)) && !atCentre(i, m)) count++;
        return count;
    }

    /** Evaluations level {@code k} makes when every earlier level has run (for a progress bar planned ahead). */
    public int plannedPoints(int k) {
        java.util.Set<Where> grid = new java.util.HashSet<>();
        java.util.Set<Double> line = new java.util.HashSet<>();
        for (int e = 0; e < k; e++) {
            int n = gridAt(e), m = sliceAt(e);
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) grid.add(new Where(fraction(i, n), fraction(j, n)));
            for (int i = 0; i < m; i++) line.add(fraction(i, m));
        }
        int n = gridAt(k), m = sliceAt(k), count = k == 0 ? 1 : 0;
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            if (!grid.contains(new Where(fraction(i, n), fraction(j, n))) && !(atCentre(i, n) && atCentre(j, n))) count++;
        }
        for (int i = 0; i < m; i++) if (!line.contains(fraction(i, m)) && !atCentre(i, m)) count++;
        return count;
    }

    /**
     * Computes level {@code k} (earlier levels need not have run: their points are simply not there to reuse) and
     * returns its whole picture: the centre, the slice and the surface at this level's resolution. {@code complete} is
     * true when nothing was cancelled and {@code k} is the last level. After a cancel the points not reached are NaN.
     *
     * @param progress fraction of this level's new points done, and a message ("surface 31x31: 120/961")
     */
    public LossLandscape.Scan level(int k, LossLandscape.Progress progress, BooleanSupplier cancelled) {
        int total = Math.max(1, newPointsAt(k));
        int[] done = {0};
        boolean stopped = false;
        try {
            if (centre == null) {
                centre = landscape.centre();
                progress.update(++done[0] / (double) total, "centre");
                delta = landscape.direction(config.seed());
                eta = landscape.direction(config.seed() + 1);
            }
            int m = sliceAt(k);
            double[] xs = config.axis(Math.max(m, 2));
            double[] sliceLoss = nans(m), sliceError = nans(m);
            for (int i = 0; i < m && !stopped; i++) {
                double key = fraction(i, m);
                LossLandscape.EvalPoint p = slicePoints.get(key);
                if (p == null && xs[i] == 0) slicePoints.put(key, p = centre); // θ* itself
                if (p == null) {
                    if (cancelled.getAsBoolean()) { stopped = true; break; }
                    p = landscape.at(delta, xs[i], null, 0);
                    slicePoints.put(key, p);
                    progress.update(++done[0] / (double) total, String.format(Locale.ROOT, "slice %d: %d/%d", m, done[0], total));
                }
                sliceLoss[i] = p.loss();
                sliceError[i] = p.error();
            }
            int n = gridAt(k);
            double[] axis = config.axis(Math.max(n, 2));
            double[][] loss = new double[n][], error = new double[n][];
            for (int j = 0; j < n; j++) { loss[j] = nans(n); error[j] = nans(n); }
            scan:
            for (int j = 0; j < n && !stopped; j++) {
                for (int i = 0; i < n; i++) {
                    Where key = new Where(fraction(i, n), fraction(j, n));
                    LossLandscape.EvalPoint p = surfacePoints.get(key);
                    if (p == null && axis[i] == 0 && axis[j] == 0) surfacePoints.put(key, p = centre); // θ* itself
                    if (p == null) {
                        if (cancelled.getAsBoolean()) { stopped = true; break scan; }
                        p = landscape.at(delta, axis[i], eta, axis[j]);
                        surfacePoints.put(key, p);
                        progress.update(++done[0] / (double) total,
                                String.format(Locale.ROOT, "surface %dx%d: %d/%d", n, n, done[0], total));
                    }
                    loss[j][i] = p.loss();
                    error[j][i] = p.error();
                }
            }
            LossLandscape.Slice slice = m == 0 ? null : new LossLandscape.Slice(config.axis(m), sliceLoss, sliceError);
            LossLandscape.Surface surface = n == 0 ? null : new LossLandscape.Surface(config.axis(n), config.axis(n), loss, error);
            return new LossLandscape.Scan(centre, slice, surface, null, !stopped && k >= levelCount() - 1);
        } finally {
            landscape.restore();
        }
    }

    /**
     * Every level in turn, each handed to {@code levelDone} as it is finished; stops at a cancel (the partial level
     * is handed over too). Returns the last level's picture.
     */
    public LossLandscape.Scan run(LossLandscape.Progress progress, java.util.function.Consumer<LossLandscape.Scan> levelDone,
                                  BooleanSupplier cancelled) {
        LossLandscape.Scan last = null;
        for (int k = 0; k < levelCount(); k++) {
            last = level(k, progress, cancelled);
            levelDone.accept(last);
            if (cancelled.getAsBoolean() || (!last.complete() && k == levelCount() - 1)) break;
        }
        return last;
    }

    /** A grid point by its place along each axis, as fractions of the axis: shared by every grid with a point there. */
    private record Where(double a, double b) {}

    /** Point i of n along an axis, at i/(n−1): division is correctly rounded, so equal fractions give equal doubles. */
    private static double fraction(int i, int n) {
        return n == 1 ? 0 : i / (double) (n - 1);
    }

    /** Point i of n on an axis is where α (or β) is exactly 0: θ* itself when both are (the middle of an odd axis). */
    private boolean atCentre(int i, int n) {
        return n >= 2 && config.axis(n)[i] == 0;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }
}
