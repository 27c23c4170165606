package resnetlab.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic data shaped like the experiments' output, for rendering tests and the gallery. The numbers
 * are invented (smooth functions plus seeded noise): they exercise the charts, they show nothing.
 */
final class SampleData {

    private SampleData() {
    }

    static double[] range(int n, double from, double step) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + i * step;
        }
        return x;
    }

    /** Training error of a few nets, 3 seeds each, as mean ± std. */
    static List<Curve> trainingCurves(int iterations) {
        String[] names = {"plain-20", "plain-56", "ResNet-20", "ResNet-56"};
        double[] floor = {0.17, 0.40, 0.17, 0.30};
        double[] tau = {60, 140, 50, 70};
        double[] x = range(iterations, 1, 1);
        List<Curve> out = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < names.length; k++) {
            double[][] runs = new double[3][iterations];
            for (int r = 0; r < 3; r++) {
                double shift = (r - 1) * 0.03;
                for (int i = 0; i < iterations; i++) {
                    double e = floor[k] + shift + (0.9 - floor[k] - shift) * Math.exp(-x[i] / tau[k]);
                    runs[r][i] = Math.max(0.01, e + 0.03 * rnd.nextGaussian());
                }
            }
            out.add(Curve.meanAndStd(names[k], x, runs));
        }
        return out;
    }

    /** Gradient norm at each block's input: identity shortcuts stay flat, λ = 0.5 decays by 2 per block. */
    static List<Curve> depthProfiles(int blocks) {
        double[] x = range(blocks, 1, 1);
        double[] identity = new double[blocks];
        double[] half = new double[blocks];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int b = 1; b <= blocks; b++) {
            identity[b - 1] = 2e-2 * (1 + 0.25 * rnd.nextDouble()) * (1 + 0.02 * (blocks - b));
            half[b - 1] = 2e-2 * Math.pow(0.5, blocks - b + 1) * (1 + 0.3 * rnd.nextDouble()) + 1e-9 * rnd.nextDouble();
        }
        return List.of(Curve.of("identity", x, identity), Curve.of("λ = 0.5", x, half));
    }

    /** Norms per block and iteration; deeper blocks (low index) fade for a plain net. */
    static Grid gradientGrid(int blocks, int columns, int every) {
        double[] x = range(columns, 0, every);
        double[] y = range(blocks, 1, 1);
        double[][] v = new double[blocks][columns];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int j = 0; j < blocks; j++) {
            for (int i = 0; i < columns; i++) {
                double decay = Math.pow(10, -(blocks - 1 - j) * 0.18 * (0.4 + 0.6 * i / (double) columns));
                v[j][i] = 5e-2 * decay * Math.exp(0.3 * rnd.nextGaussian());
            }
        }
        v[0][0] = Double.NaN;
        return new Grid(x, y, v);
    }

    /** Veit-style profile for n blocks: counts C(n,k), gradient falling 10× per 1.5 blocks. */
    static PathLengthProfile pathLengths(int n) {
        double[] k = range(n + 1, 0, 1);
        double[] count = new double[n + 1];
        double[] grad = new double[n + 1];
        double[] contrib = new double[n + 1];
        double c = 1;
        double total = 0;
        for (int i = 0; i <= n; i++) {
            count[i] = c;
            c = c * (n - i) / (i + 1);
            grad[i] = 1e-1 * Math.pow(10, -i / 1.5);
            contrib[i] = count[i] * grad[i];
            total += contrib[i];
        }
        for (int i = 0; i <= n; i++) {
            contrib[i] /= total;
        }
        grad[n] = Double.NaN; // not sampled
        return new PathLengthProfile(k, count, grad, contrib, 4, 11);
    }

    static List<LesionSeries> lesions(int blocks) {
        double[] x = range(blocks, 1, 1);
        double[] res = new double[blocks];
        double[] plain = new double[blocks];
        SplittableRandom rnd = new SplittableRandom(11);
        for (int b = 0; b < blocks; b++) {
            boolean down = b == blocks / 3 || b == 2 * blocks / 3;
            res[b] = 0.25 + (down ? 0.2 : 0.04 * rnd.nextDouble()) + (b < 2 ? 0.3 : 0);
            plain[b] = 0.75 + 0.14 * rnd.nextDouble();
        }
        return List.of(new LesionSeries("ResNet-56", x, res, 0.25), new LesionSeries("plain-56", x, plain, 0.22));
    }

    static List<Curve> lesionsVersusK() {
        double[] k = {0, 1, 3, 6, 10, 15};
        double[] mean = {0.25, 0.32, 0.46, 0.60, 0.72, 0.87};
        double[] lo = new double[k.length], hi = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            lo[i] = mean[i] - 0.02 - 0.01 * i;
            hi[i] = mean[i] + 0.02 + 0.01 * i;
        }
        return List.of(Curve.withBand("ResNet-56", k, mean, lo, hi));
    }

    /** Loss over [-1, 1]²: a smooth bowl, with ripples when {@code chaotic}. */
    static Grid landscape(int n, boolean chaotic) {
        double[] a = range(n, -1, 2.0 / (n - 1));
        double[][] v = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double r2 = a[i] * a[i] + a[j] * a[j];
                double loss = 0.05 + 3 * r2 + 0.5 * a[i] * a[j];
                if (chaotic) {
                    loss += 1.5 * r2 * (1 + Math.sin(9 * a[i]) * Math.cos(7 * a[j]));
                }
                v[j][i] = loss;
            }
        }
        return new Grid(a, a, v);
    }

    static List<Curve> slices(int n) {
        double[] a = range(n, -1, 2.0 / (n - 1));
        double[] smooth = new double[n], rough = new double[n];
        for (int i = 0; i < n; i++) {
            smooth[i] = 0.05 + 3 * a[i] * a[i];
            rough[i] = 0.08 + 4 * a[i] * a[i] * (1 + 0.6 * Math.sin(12 * a[i]));
        }
        return List.of(Curve.of("ResNet-56", a, smooth), Curve.of("plain-56", a, rough));
    }
}
