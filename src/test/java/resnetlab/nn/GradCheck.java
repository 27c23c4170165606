package resnetlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import resnetlab.tensor.Tensor;

/**
 * Central finite differences against a backward pass. The scalar checked is L = Σ r ⊙ y with a fixed random r,
 * accumulated in double; the analytic gradients are backward(r). Coordinates are sampled per tensor.
 */
public final class GradCheck {
    public static final double EPS = 1e-3;

    /** The result of one check: the worst relative error and where it was. */
    public record Result(double maxRelError, String where) {}

    private GradCheck() {}

    /**
     * @param forward  runs a forward pass from the current values (e.g. of x and parameters) and returns y
     * @param backward given dL/dy, runs backward and returns dL/dx (parameter grads must have been zeroed first)
     * @param x        the input tensor, perturbed in place
     * @param params   parameters whose grads are checked (zeroed here before the analytic pass)
     */
    public static Result check(Supplier<Tensor> forward, java.util.function.Function<Tensor, Tensor> backward,
                               Tensor x, List<Parameter> params, long seed, int samplesPerTensor) {
        return check(forward, backward, x, params, seed, samplesPerTensor, EPS, () -> 0L);
    }

    /** As above with a chosen step. */
    public static Result check(Supplier<Tensor> forward, java.util.function.Function<Tensor, Tensor> backward,
                               Tensor x, List<Parameter> params, long seed, int samplesPerTensor, double eps) {
        return check(forward, backward, x, params, seed, samplesPerTensor, eps, () -> 0L);
    }

    /** A fingerprint of every ReLU's active set after a forward: a coordinate whose ±eps steps change it
     *  crosses a kink, where finite differences say nothing; such coordinates are skipped. */
    public static Supplier<Long> reluPattern(List<Relu> relus) {
        return () -> {
            long h = 1125899906842597L;
            for (Relu r : relus) {
                Tensor y = r.lastOutput();
                for (int i = 0; i < y.size(); i++) h = 31 * h + (y.data[i] > 0 ? 1 : 0) + i;
            }
            return h;
        };
    }

    /** The general form: a chosen step, and a kink fingerprint (see {@link #reluPattern}). */
    public static Result check(Supplier<Tensor> forward, java.util.function.Function<Tensor, Tensor> backward,
                               Tensor x, List<Parameter> params, long seed, int samplesPerTensor, double eps,
                               Supplier<Long> pattern) {
        Random rnd = new Random(seed);
        Tensor y0 = forward.get();
        long basePattern = pattern.get();
        int skipped = 0, checked = 0;
        Tensor r = new Tensor(y0.shape());
        for (int i = 0; i < r.size(); i++) r.data[i] = (float) rnd.nextGaussian();
        for (Parameter p : params) p.grad.zero();
        Tensor dx = backward.apply(r).copy();
        List<Tensor> values = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (x != null) { values.add(x); grads.add(dx); names.add("input"); }
        for (Parameter p : params) { values.add(p.value); grads.add(p.grad.copy()); names.add(p.name); }
        double worst = 0;
        String where = "-";
        for (int t = 0; t < values.size(); t++) {
            Tensor v = values.get(t), g = grads.get(t);
            int samples = Math.min(samplesPerTensor, v.size());
            for (int s = 0; s < samples; s++) {
                int i = v.size() <= samplesPerTensor ? s : rnd.nextInt(v.size());
                float old = v.data[i];
                v.data[i] = (float) (old + eps);
                double plus = dot(forward.get(), r);
                boolean kink = pattern.get() != basePattern;
                v.data[i] = (float) (old - eps);
                double minus = dot(forward.get(), r);
                kink |= pattern.get() != basePattern;
                v.data[i] = old;
                if (kink) { skipped++; continue; }
                checked++;
                double numeric = (plus - minus) / (2 * eps);
                double analytic = g.data[i];
                double err = Math.abs(numeric - analytic) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic));
                if (err > worst) {
                    worst = err;
                    where = names.get(t) + "[" + i + "] analytic " + analytic + " numeric " + numeric;
                }
            }
        }
        forward.get();
        if (checked < 20) throw new AssertionError("too few coordinates away from ReLU kinks: " + skipped + " skipped, " + checked + " checked");
        return new Result(worst, where + (skipped > 0 ? "; " + skipped + " kink coordinates skipped" : ""));
    }

    /** Checks a layer on input x in the given mode. */
    public static Result check(Layer layer, Tensor x, boolean training, long seed) {
        return check(() -> layer.forward(x, training), layer::backward, x, layer.parameters(), seed, 30);
    }

    static double dot(Tensor y, Tensor r) {
        double s = 0;
        for (int i = 0; i < y.size(); i++) s += (double) y.data[i] * r.data[i];
        return s;
    }

    public static Tensor randn(long seed, int... shape) {
        Random rnd = new Random(seed);
        Tensor t = new Tensor(shape);
        for (int i = 0; i < t.size(); i++) t.data[i] = (float) rnd.nextGaussian();
        return t;
    }

    public static void randomize(List<Parameter> params, long seed, double scale) {
        Random rnd = new Random(seed);
        for (Parameter p : params) for (int i = 0; i < p.value.size(); i++) p.value.data[i] = (float) (rnd.nextGaussian() * scale);
    }
}
