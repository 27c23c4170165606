package resnetlab.kernel;

/** The reference {@link Elementwise}: one plain loop per operation, sums in double. */
public final class ScalarElementwise implements Elementwise {
    public static final ScalarElementwise INSTANCE = new ScalarElementwise();

    private ScalarElementwise() {}

    @Override public String name() { return "scalar"; }

    @Override
    public void relu(float[] x, float[] y, int off, int len) {
        for (int i = off; i < off + len; i++) y[i] = x[i] > 0f ? x[i] : 0f;
    }

    @Override
    public void reluBackward(float[] y, float[] dy, float[] dx, int off, int len) {
        for (int i = off; i < off + len; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
    }

    @Override
    public void moments(float[] x, int off, int len, float shift, double[] sums, int at) {
        double s = 0, s2 = 0;
        for (int i = off; i < off + len; i++) {
            double v = (double) x[i] - shift;
            s += v;
            s2 += v * v;
        }
        sums[at] += s;
        sums[at + 1] += s2;
    }

    @Override
    public void affine(float[] x, float[] y, int off, int len, float m, float a, float b) {
        for (int i = off; i < off + len; i++) y[i] = a * (x[i] - m) + b;
    }

    @Override
    public void gradientMoments(float[] dy, float[] x, int off, int len, float m, double[] sums, int at) {
        double s = 0, sx = 0;
        for (int i = off; i < off + len; i++) {
            s += dy[i];
            sx += (double) dy[i] * (x[i] - m);
        }
        sums[at] += s;
        sums[at + 1] += sx;
    }

    @Override
    public void batchNormBackward(float[] dy, float[] x, float[] dx, int off, int len, float m, float p, float q, float r) {
        for (int i = off; i < off + len; i++) dx[i] = p * dy[i] + q * (x[i] - m) + r;
    }

    @Override
    public void axpby(float a, float[] x, float b, float[] y, float[] out, int off, int len) {
        for (int i = off; i < off + len; i++) out[i] = a * x[i] + b * y[i];
    }

    @Override
    public void scale(float a, float[] x, float[] out, int off, int len) {
        for (int i = off; i < off + len; i++) out[i] = a * x[i];
    }

    @Override
    public double sumSquares(float[] x, int off, int len) {
        double s = 0;
        for (int i = off; i < off + len; i++) s += (double) x[i] * x[i];
        return s;
    }

    @Override
    public int flushSubnormals(float[] x, int off, int len) {
        int flushed = 0;
        for (int i = off; i < off + len; i++) {
            if (x[i] != 0f && Math.abs(x[i]) < Float.MIN_NORMAL) {
                x[i] = 0f;
                flushed++;
            }
        }
        return flushed;
    }
}
