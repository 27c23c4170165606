package resnetlab.app.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient norms of one model over training, for the heat map (block × iteration) and the depth profile.
 * Keeps at most {@code cap} columns: when full, every second column is dropped and the stride of kept
 * iterations doubles, so the map always spans the whole run. The depth profile is the geometric mean of the
 * last {@value #RECENT} steps, which steadies the noisy per-batch norms without hiding a trend.
 */
public final class GradientHistory {
    static final int RECENT = 10;

    private final int cap;
    private final List<double[]> columns = new ArrayList<>();
    private final List<Integer> iterations = new ArrayList<>();
    private final double[][] recent = new double[RECENT][];
    private int recentCount;
    private int stride = 1;
    private long seen;

    public GradientHistory(int cap) {
        if (cap < 4) throw new IllegalArgumentException("cap must be at least 4");
        this.cap = cap;
    }

    /** Records the gradient norm at each block's input after step {@code iteration}. */
    public void add(int iteration, double[] inGrad) {
        recent[recentCount++ % RECENT] = inGrad;
        if (seen++ % stride != 0) return;
        if (columns.size() == cap) {
            for (int i = 0; i < cap / 2; i++) {
                columns.set(i, columns.get(2 * i));
                iterations.set(i, iterations.get(2 * i));
            }
            columns.subList(cap / 2, cap).clear();
            iterations.subList(cap / 2, cap).clear();
            stride *= 2;
            if ((seen - 1) % stride != 0) return;
        }
        columns.add(inGrad);
        iterations.add(iteration);
    }

    public void clear() {
        columns.clear();
        iterations.clear();
        recentCount = 0;
        stride = 1;
        seen = 0;
    }

    public int size() { return columns.size(); }

    public int blocks() { return columns.isEmpty() ? 0 : columns.get(0).length; }

    /** Iterations of the stored columns, increasing. */
    public double[] iterations() {
        double[] x = new double[iterations.size()];
        for (int i = 0; i < x.length; i++) x[i] = iterations.get(i);
        return x;
    }

    /** {@code values[block][column]}: the layout of {@code resnetlab.charts.Grid}. */
    public double[][] values() {
        int b = blocks();
        double[][] v = new double[b][columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            double[] c = columns.get(i);
            for (int j = 0; j < b; j++) v[j][i] = c[j];
        }
        return v;
    }

    /** The stored columns as rows (iteration, norm at block 1, 2, …): what a session file keeps. */
    public double[][] rows() {
        double[][] r = new double[columns.size()][];
        for (int i = 0; i < r.length; i++) {
            double[] c = columns.get(i);
            r[i] = new double[c.length + 1];
            r[i][0] = iterations.get(i);
            System.arraycopy(c, 0, r[i], 1, c.length);
        }
        return r;
    }

    /** Replaces the history by saved {@link #rows()}; the depth profile is then that of the last saved steps. */
    public void restore(double[][] rows) {
        clear();
        for (double[] r : rows) add((int) r[0], java.util.Arrays.copyOfRange(r, 1, r.length));
    }

    /** Geometric mean over the last steps of ‖∂E/∂x‖ at each block's input, or null before the first step. */
    public double[] recentProfile() {
        int n = Math.min(recentCount, RECENT);
        if (n == 0) return null;
        int b = recent[0].length;
        double[] out = new double[b];
        for (int j = 0; j < b; j++) {
            double s = 0;
            int k = 0;
            for (int i = 0; i < n; i++) {
                double v = recent[i][j];
                if (v > 0 && Double.isFinite(v)) { s += Math.log(v); k++; }
            }
            out[j] = k == 0 ? 0 : Math.exp(s / k);
        }
        return out;
    }
}
