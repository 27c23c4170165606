package resnetlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import resnetlab.data.Dataset;
import resnetlab.model.Network;
import resnetlab.model.NetworkSpec;
import resnetlab.nn.Parameter;
import resnetlab.tensor.Tensor;
import resnetlab.train.EvalResult;
import resnetlab.train.Evaluation;

/**
 * Loss landscapes (Li, Xu, Taylor, Studer, Goldstein 2018; SCIENCE.md §4) around trained weights θ*.
 *
 * <ul>
 * <li>{@link #filterNormalizedDirection}: a Gaussian direction d of the parameters' shape, each filter
 *     rescaled to the norm of the matching filter of θ*: {@code d_ij ← d_ij / ‖d_ij‖ · ‖θ_ij‖} (§4, eq. 1). A
 *     filter is one output channel of a convolution (weight (C_out, C_in, k, k): a row of C_in·k·k values) or
 *     one output neuron of the FC layer (weight (out, in): a row). Biases and BN parameters (every 1-D
 *     parameter) get a zero direction, as in the paper's plots.</li>
 * <li>{@link #slice}: L(θ* + αd) for α along a line (1-D plot).</li>
 * <li>{@link #surface}: L(θ* + αδ + βη) on a grid (2-D contour plot).</li>
 * <li>{@link #interpolate}: L((1−t)θ₁ + tθ₂) between two trained nets of one architecture (parameters and BN
 *     running statistics interpolated alike).</li>
 * </ul>
 *
 * Every point is evaluated in eval mode (BN running statistics of θ*, no augmentation, dropout at its
 * expectation) with {@link Evaluation#evaluate} on a fixed evaluation set, in fixed batches. Weights at a point
 * are computed from the saved θ* (not by adding steps), and θ* is written back bit for bit when a scan ends,
 * is cancelled or fails. Long scans report progress and check a cancel flag between points. Not thread-safe:
 * the instance owns the network while a scan runs.
 */
public final class LossLandscape {
    /**
     * @param grid          points per axis of the 2-D surface (Li et al.: 51; 21 is enough to see the shape); 0 = none
     * @param slicePoints   points of the 1-D slice; 0 = none
     * @param range         α and β run over [−range, range] (the paper: 1)
     * @param images        evaluation images (class-balanced, the first of each class); 0 = the whole split
     * @param split         "train" (the paper plots training loss) or "test"
     * @param seed          draws the directions δ (seed) and η (seed + 1)
     * @param interpolation points of the interpolation between two checkpoints; 0 = none
     * @param tFrom         first t of the interpolation (0 = θ₁)
     * @param tTo           last t (1 = θ₂)
     * @param batch         evaluation batch size; {@link Evaluation#AUTO_BATCH} (0): the engine's choice for the
     *                      machine's caches ({@link Network#cacheBatch()})
     */
    public record Config(int grid, int slicePoints, double range, int images, String split, long seed,
                         int interpolation, double tFrom, double tTo, int batch) {
        public static Config defaults() {
            return new Config(21, 41, 1.0, 500, "train", 1, 21, 0.0, 1.0, Evaluation.AUTO_BATCH);
        }

        public List<String> problems() {
            List<String> p = new ArrayList<>();
            if (grid < 0 || grid == 1) p.add("grid " + grid + " must be 0 (none) or at least 2 points per axis");
            if (slicePoints < 0 || slicePoints == 1) p.add("slicePoints " + slicePoints + " must be 0 (none) or at least 2");
            if (!(range > 0) || !Double.isFinite(range)) p.add("range " + range + " must be a positive number");
            if (images < 0) p.add("images " + images + " must not be negative");
            if (!"train".equals(split) && !"test".equals(split)) p.add("split '" + split + "' must be train or test");
            if (interpolation < 0 || interpolation == 1) p.add("interpolation " + interpolation + " must be 0 (none) or at least 2 points");
            if (!Double.isFinite(tFrom) || !Double.isFinite(tTo) || !(tTo > tFrom)) p.add("tFrom " + tFrom + " must be below tTo " + tTo);
            if (batch < 0) p.add("batch " + batch + " must be at least 1, or 0 for the engine's choice");
            return p;
        }

        /** The evaluation batch for {@code net}: {@link #batch}, or the engine's choice where it is 0. */
        public int batchFor(Network net) { return Evaluation.batchFor(batch, net); }

        public Config validate() {
            List<String> p = problems();
            if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
            return this;
        }

        /** {@code n} evenly spaced values from −range to range. */
        public double[] axis(int n) { return LossLandscape.linspace(-range, range, n); }
    }

    /** Receives the fraction of points done (0..1) and a short message; called on the scanning thread. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (fraction, message) -> {};
        void update(double fraction, String message);
    }

    /** Loss and error along a line: x is α, or t for an interpolation. NaN where not evaluated (cancelled). */
    public record Slice(double[] x, double[] loss, double[] error) {}

    /** Loss and error on a grid: {@code loss[j][i]} is at (α = alpha[i], β = beta[j]). NaN where not evaluated. */
    public record Surface(double[] alpha, double[] beta, double[][] loss, double[][] error) {}

    /**
     * The contents of {@code landscape}'s result.json.
     *
     * @param checkpoint    θ* (and θ₁ of the interpolation)
     * @param checkpoint2   θ₂, or null
     * @param data          what the evaluation set is
     * @param centre        L(θ*) on the evaluation set
     * @param complete      false if the scan was cancelled (unevaluated points are NaN)
     */
    public record Result(String tool, String version, String command, Config config, String checkpoint, String checkpoint2,
                         NetworkSpec model, Long trainingSeed, String data, int images, EvalPoint centre, Slice slice,
                         Surface surface, Slice interpolation, boolean complete, List<String> findings, double seconds) {}

    /** Loss and error at one point. */
    public record EvalPoint(double loss, double error) {}

    /** Keeps the directions' random streams apart from the weight initialisation's (see filterNormalizedDirection). */
    static final long DIRECTION_SALT = 0x4C4F5353_4C414E44L; // "LOSSLAND"

    private final Network net;
    private final Dataset eval;
    private final int batch;
    private final List<Parameter> params;
    private final float[][] theta;

    /** Everything one {@link #scan} measured; parts not asked for are null. */
    public record Scan(EvalPoint centre, Slice slice, Surface surface, Slice interpolation, boolean complete) {}

    /**
     * The whole experiment as the CLI and the app run it: centre, 1-D slice along δ, interpolation to
     * {@code second} (if not null and {@code config.interpolation() > 0}), then the 2-D surface along δ and η.
     * Progress runs from 0 to 1 over all points; after a cancel the remaining points are NaN and
     * {@code complete} is false. {@code net} has its weights back bit for bit afterwards.
     */
    public static Scan scan(Config config, Network net, Network second, Dataset eval, Progress progress, BooleanSupplier cancel) {
        config.validate();
        boolean[] stopped = {false};
        BooleanSupplier cancelled = () -> stopped[0] || (stopped[0] = cancel.getAsBoolean());
        LossLandscape l = new LossLandscape(net, eval, config.batchFor(net));
        int interp = second == null ? 0 : config.interpolation();
        int grid = config.grid() * config.grid();
        double total = 1 + config.slicePoints() + interp + grid;
        double[] done = {0};
        EvalPoint centre = l.centre();
        progress.update(++done[0] / total, "centre");
        float[][] delta = l.direction(config.seed());
        Slice slice = null, interpolation = null;
        Surface surface = null;
        if (config.slicePoints() > 0) {
            double base = done[0];
            slice = l.slice(delta, config.axis(config.slicePoints()),
                    (f, m) -> progress.update((base + f * config.slicePoints()) / total, m), cancelled);
            done[0] += config.slicePoints();
        }
        if (interp > 0 && !cancelled.getAsBoolean()) {
            double base = done[0];
            interpolation = interpolate(net, second, eval, config.batchFor(net), linspace(config.tFrom(), config.tTo(), interp),
                    (f, m) -> progress.update((base + f * interp) / total, m), cancelled);
            done[0] += interp;
        }
        if (grid > 0 && !cancelled.getAsBoolean()) {
            float[][] eta = l.direction(config.seed() + 1);
            double base = done[0];
            double[] axis = config.axis(config.grid());
            surface = l.surface(delta, eta, axis, axis, (f, m) -> progress.update((base + f * grid) / total, m), cancelled);
        }
        return new Scan(centre, slice, surface, interpolation, !stopped[0]);
    }

    /** Takes over {@code net} (its current weights are θ*) and evaluates on {@code eval} in batches of {@code batch}. */
    public LossLandscape(Network net, Dataset eval, int batch) {
        this.net = net;
        this.eval = eval;
        this.batch = batch;
        this.params = net.parameters();
        this.theta = new float[params.size()][];
        for (int p = 0; p < theta.length; p++) theta[p] = params.get(p).value.data.clone();
    }

    public Network network() { return net; }

    /** L(θ*) and its error: the plain evaluation of the trained net. */
    public EvalPoint centre() {
        restore();
        return evaluate();
    }

    /**
     * A random Gaussian direction over {@code params}, filter-normalised against their current values (see the
     * class comment). One array per parameter, in order; 1-D parameters (biases, BN γ and β) get zeros.
     */
    public static float[][] filterNormalizedDirection(List<Parameter> params, long seed) {
        // Salted: NetworkBuilder draws the initial weights from SplittableRandom(seed) split per layer in this same
        // order, so an unsalted direction with the training seed would be the initial weights themselves, nearly
        // parallel to θ* wherever training moved the weights little (then L(θ* + αδ) ≈ L((1 + α)θ*): no landscape).
        SplittableRandom random = new SplittableRandom(seed ^ DIRECTION_SALT);
        float[][] d = new float[params.size()][];
        for (int p = 0; p < d.length; p++) {
            Tensor w = params.get(p).value;
            float[] dir = new float[w.size()];
            d[p] = dir;
            if (w.rank() < 2) continue; // biases and BN parameters: zero direction
            SplittableRandom r = random.split();
            for (int i = 0; i < dir.length; i++) dir[i] = (float) gaussian(r);
            int filters = w.dim(0), len = dir.length / filters;
            for (int f = 0; f < filters; f++) {
                double dn = 0, wn = 0;
                for (int i = f * len; i < (f + 1) * len; i++) {
                    dn += (double) dir[i] * dir[i];
                    wn += (double) w.data[i] * w.data[i];
                }
                double scale = dn == 0 ? 0 : Math.sqrt(wn) / Math.sqrt(dn);
                for (int i = f * len; i < (f + 1) * len; i++) dir[i] = (float) (dir[i] * scale);
            }
        }
        return d;
    }

    /** A filter-normalised direction for this net's θ*. */
    public float[][] direction(long seed) {
        restore();
        return filterNormalizedDirection(params, seed);
    }

    /** L(θ* + αd) for each α; θ* restored afterwards. */
    public Slice slice(float[][] d, double[] alphas, Progress progress, BooleanSupplier cancelled) {
        double[] loss = nans(alphas.length), error = nans(alphas.length);
        try {
            for (int i = 0; i < alphas.length; i++) {
                if (cancelled.getAsBoolean()) break;
                set(alphas[i], d, 0, null);
                EvalPoint e = evaluate();
                loss[i] = e.loss();
                error[i] = e.error();
                progress.update((i + 1.0) / alphas.length, String.format(Locale.ROOT, "slice %d/%d", i + 1, alphas.length));
            }
        } finally {
            restore();
        }
        return new Slice(alphas.clone(), loss, error);
    }

    /** L(θ* + αδ + βη) on the grid alphas × betas, row by row (β outer); θ* restored afterwards. */
    public Surface surface(float[][] delta, float[][] eta, double[] alphas, double[] betas, Progress progress, BooleanSupplier cancelled) {
        double[][] loss = new double[betas.length][], error = new double[betas.length][];
        for (int j = 0; j < betas.length; j++) { loss[j] = nans(alphas.length); error[j] = nans(alphas.length); }
        int total = alphas.length * betas.length, done = 0;
        try {
            scan:
            for (int j = 0; j < betas.length; j++) {
                for (int i = 0; i < alphas.length; i++) {
                    if (cancelled.getAsBoolean()) break scan;
                    set(alphas[i], delta, betas[j], eta);
                    EvalPoint e = evaluate();
                    loss[j][i] = e.loss();
                    error[j][i] = e.error();
                    done++;
                    progress.update((double) done / total, String.format(Locale.ROOT, "surface %d/%d", done, total));
                }
            }
        } finally {
            restore();
        }
        return new Surface(alphas.clone(), betas.clone(), loss, error);
    }

    /**
     * L((1−t)θ₁ + tθ₂) for each t, with θ₁ = {@code first}'s weights and BN statistics and θ₂ = {@code second}'s
     * (same architecture). Evaluated on {@code first}, which gets its own weights back bit for bit.
     */
    public static Slice interpolate(Network first, Network second, Dataset eval, int batch, double[] ts,
                                    Progress progress, BooleanSupplier cancelled) {
        if (!first.spec().equals(second.spec())) {
            throw new IllegalArgumentException("cannot interpolate between different architectures: " + first.spec().displayName()
                    + " and " + second.spec().displayName());
        }
        List<Tensor> a = tensors(first), b = tensors(second);
        float[][] saved = new float[a.size()][];
        for (int k = 0; k < saved.length; k++) saved[k] = a.get(k).data.clone();
        double[] loss = nans(ts.length), error = nans(ts.length);
        try {
            for (int i = 0; i < ts.length; i++) {
                if (cancelled.getAsBoolean()) break;
                float t = (float) ts[i];
                for (int k = 0; k < saved.length; k++) {
                    float[] x = saved[k], y = b.get(k).data, out = a.get(k).data;
                    for (int m = 0; m < out.length; m++) out[m] = (1 - t) * x[m] + t * y[m];
                }
                EvalResult e = Evaluation.evaluate(first, eval, batch, 0);
                loss[i] = e.loss();
                error[i] = e.error();
                progress.update((i + 1.0) / ts.length, String.format(Locale.ROOT, "interpolation %d/%d", i + 1, ts.length));
            }
        } finally {
            for (int k = 0; k < saved.length; k++) System.arraycopy(saved[k], 0, a.get(k).data, 0, saved[k].length);
        }
        return new Slice(ts.clone(), loss, error);
    }

    private static List<Tensor> tensors(Network n) {
        List<Tensor> t = new ArrayList<>();
        for (Parameter p : n.parameters()) t.add(p.value);
        t.addAll(n.buffers());
        return t;
    }

    /** θ = θ* + αδ (+ βη), computed from the saved θ*. */
    private void set(double alpha, float[][] delta, double beta, float[][] eta) {
        for (int p = 0; p < theta.length; p++) {
            float[] t = theta[p], out = params.get(p).value.data, d = delta[p], e = eta == null ? null : eta[p];
            for (int i = 0; i < out.length; i++) {
                double v = t[i] + alpha * d[i];
                if (e != null) v += beta * e[i];
                out[i] = (float) v;
            }
        }
    }

    /**
     * L(θ* + αδ + βη) at one point ({@code eta} null: the line θ* + αδ). Leaves those weights in the net: call
     * {@link #restore} when done (the slice and surface methods do).
     */
    public EvalPoint at(float[][] delta, double alpha, float[][] eta, double beta) {
        set(alpha, delta, beta, eta);
        return evaluate();
    }

    /** Writes θ* back, bit for bit. */
    public void restore() {
        for (int p = 0; p < theta.length; p++) System.arraycopy(theta[p], 0, params.get(p).value.data, 0, theta[p].length);
    }

    private EvalPoint evaluate() {
        EvalResult e = Evaluation.evaluate(net, eval, batch, 0);
        return new EvalPoint(e.loss(), e.error());
    }

    // ---- reading the surface --------------------------------------------------------------------------------

    /** Sentences on the shape of what was measured (no claims from the paper: a single net cannot test them). */
    public static List<String> findings(EvalPoint centre, Slice slice, Surface surface, Slice interpolation) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "At θ*: loss %.4f, error %.4f.", centre.loss(), centre.error()));
        if (slice != null) {
            double[] range = finiteRange(new double[][] {slice.loss()});
            if (range != null) {
                out.add(String.format(Locale.ROOT, "1-D slice over α in [%.2f, %.2f]: loss from %.4f to %.4f; %d local minima along the line%s.",
                        slice.x()[0], slice.x()[slice.x().length - 1], range[0], range[1], localMinima1d(slice.loss()),
                        argmin(slice.loss()) >= 0 ? String.format(Locale.ROOT, ", lowest at α = %.2f", slice.x()[argmin(slice.loss())]) : ""));
            }
        }
        if (surface != null) {
            double[] range = finiteRange(surface.loss());
            if (range != null) {
                out.add(String.format(Locale.ROOT, "2-D surface (%dx%d): loss from %.4f to %.4f, %d local minima (8-neighbour) on the grid; "
                        + "a smooth, near-convex basin has one.", surface.alpha().length, surface.beta().length, range[0], range[1],
                        localMinima2d(surface.loss())));
            }
        }
        if (interpolation != null) {
            double[] l = interpolation.loss();
            double[] range = finiteRange(new double[][] {l});
            if (range != null) {
                out.add(String.format(Locale.ROOT, "Interpolation over t in [%.2f, %.2f]: loss from %.4f to %.4f; highest at t = %.2f.",
                        interpolation.x()[0], interpolation.x()[l.length - 1], range[0], range[1], interpolation.x()[argmax(l)]));
            }
        }
        return out;
    }

    /** Strict local minima of a line (ends count if below their one neighbour); NaN points are skipped. */
    static int localMinima1d(double[] v) {
        int count = 0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) continue;
            boolean min = true;
            if (i > 0 && !(v[i] < v[i - 1] || Double.isNaN(v[i - 1]))) min = false;
            if (i + 1 < v.length && !(v[i] < v[i + 1] || Double.isNaN(v[i + 1]))) min = false;
            if (min) count++;
        }
        return count;
    }

    /** Grid points strictly below all of their (up to 8) finite neighbours. */
    static int localMinima2d(double[][] z) {
        int count = 0;
        for (int j = 0; j < z.length; j++) {
            for (int i = 0; i < z[j].length; i++) {
                double v = z[j][i];
                if (!Double.isFinite(v)) continue;
                boolean min = true;
                for (int dj = -1; dj <= 1 && min; dj++) {
                    for (int di = -1; di <= 1; di++) {
                        if (di == 0 && dj == 0) continue;
                        int jj = j + dj, ii = i + di;
                        if (jj < 0 || jj >= z.length || ii < 0 || ii >= z[jj].length) continue;
                        double w = z[jj][ii];
                        if (Double.isFinite(w) && !(v < w)) { min = false; break; }
                    }
                }
                if (min) count++;
            }
        }
        return count;
    }

    static double[] linspace(double from, double to, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = n == 1 ? from : from + (to - from) * i / (n - 1);
        if (n > 1) x[n - 1] = to;
        return x;
    }

    private static double[] finiteRange(double[][] rows) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] r : rows) for (double v : r) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        return lo <= hi ? new double[] {lo, hi} : null;
    }

    private static int argmin(double[] v) {
        int k = -1;
        for (int i = 0; i < v.length; i++) if (Double.isFinite(v[i]) && (k < 0 || v[i] < v[k])) k = i;
        return k;
    }

    private static int argmax(double[] v) {
        int k = 0;
        for (int i = 0; i < v.length; i++) if (Double.isFinite(v[i]) && (!Double.isFinite(v[k]) || v[i] > v[k])) k = i;
        return k;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    /** Standard normal by Box–Muller (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
