package resnetlab.nn;

import java.util.SplittableRandom;
import resnetlab.tensor.Tensor;

/**
 * He 2016's dropout shortcut: y = m ⊙ x with m ~ Bernoulli(1 − p) per value in training and no 1/(1 − p)
 * rescaling, so the shortcut's expected scale is 1 − p; eval uses that expectation, y = (1 − p)·x.
 * The mask comes from a seeded generator, so a run is reproducible.
 */
public final class DropoutMask implements Layer {
    private final float p;
    private SplittableRandom random;
    private Tensor y, dx;
    private boolean[] keep = new boolean[0];
    private boolean lastTraining;

    public DropoutMask(float p, long seed) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout ratio must be in [0, 1), got " + p);
        this.p = p;
        this.random = new SplittableRandom(seed);
    }

    public float ratio() { return p; }

    /** Restarts the mask generator (tests use it to draw the same mask twice). */
    public void reseed(long seed) { random = new SplittableRandom(seed); }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        y = Tensor.reuse(y, x.shape());
        lastTraining = training;
        if (training) {
            if (keep.length != x.size()) keep = new boolean[x.size()];
            for (int i = 0; i < x.data.length; i++) {
                keep[i] = random.nextDouble() >= p;
                y.data[i] = keep[i] ? x.data[i] : 0f;
            }
        } else {
            float s = 1 - p;
            for (int i = 0; i < x.data.length; i++) y.data[i] = s * x.data[i];
        }
        return y;
    }

    /** The mask of the last training forward as 0/1 values in the input's shape (a new tensor), or null before one. */
    public Tensor lastMask() {
        if (!lastTraining || y == null) return null;
        Tensor m = new Tensor(y.shape());
        for (int i = 0; i < m.data.length; i++) m.data[i] = keep[i] ? 1f : 0f;
        return m;
    }

    @Override
    public Tensor backward(Tensor dy) {
        dx = Tensor.reuse(dx, dy.shape());
        if (lastTraining) {
            for (int i = 0; i < dy.data.length; i++) dx.data[i] = keep[i] ? dy.data[i] : 0f;
        } else {
            float s = 1 - p;
            for (int i = 0; i < dy.data.length; i++) dx.data[i] = s * dy.data[i];
        }
        return dx;
    }

    @Override public String describe() { return "dropout(" + p + ")"; }
}
