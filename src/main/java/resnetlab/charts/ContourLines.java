package resnetlab.charts;

import java.util.Arrays;

/**
 * Marching squares: the line segments where a gridded function crosses a level. Each grid cell with
 * corners v0 = (i, j), v1 = (i+1, j), v2 = (i+1, j+1), v3 = (i, j+1) gets a 4-bit case from which
 * corners lie at or above the level; crossings on the edges are linearly interpolated. The two
 * ambiguous saddle cases are resolved with the mean of the four corners. Cells with a NaN corner are
 * skipped.
 */
final class ContourLines {

    private ContourLines() {
    }

    /** Segments as {x1, y1, x2, y2, x1, y1, ...} in data coordinates, for {@code z[j][i]} at (x[i], y[j]). */
    static double[] segments(double[] x, double[] y, double[][] z, double level) {
        double[] out = new double[64];
        int n = 0;
        for (int j = 0; j + 1 < y.length; j++) {
            for (int i = 0; i + 1 < x.length; i++) {
                double v0 = z[j][i], v1 = z[j][i + 1], v2 = z[j + 1][i + 1], v3 = z[j + 1][i];
                if (Double.isNaN(v0) || Double.isNaN(v1) || Double.isNaN(v2) || Double.isNaN(v3)) {
                    continue;
                }
                int c = (v0 >= level ? 1 : 0) | (v1 >= level ? 2 : 0) | (v2 >= level ? 4 : 0) | (v3 >= level ? 8 : 0);
                if (c == 0 || c == 15) {
                    continue;
                }
                // crossing points on the four edges: bottom (v0-v1), right (v1-v2), top (v3-v2), left (v0-v3)
                double[] e = new double[8];
                e[0] = lerp(x[i], x[i + 1], v0, v1, level);
                e[1] = y[j];
                e[2] = x[i + 1];
                e[3] = lerp(y[j], y[j + 1], v1, v2, level);
                e[4] = lerp(x[i], x[i + 1], v3, v2, level);
                e[5] = y[j + 1];
                e[6] = x[i];
                e[7] = lerp(y[j], y[j + 1], v0, v3, level);
                boolean centreAbove = (v0 + v1 + v2 + v3) / 4 >= level;
                int[] edges = edgesFor(c, centreAbove);
                for (int k = 0; k < edges.length; k += 2) {
                    if (n + 4 > out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[n++] = e[2 * edges[k]];
                    out[n++] = e[2 * edges[k] + 1];
                    out[n++] = e[2 * edges[k + 1]];
                    out[n++] = e[2 * edges[k + 1] + 1];
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Pairs of edges (0 bottom, 1 right, 2 top, 3 left) joined by a segment in case {@code c}. */
    private static int[] edgesFor(int c, boolean centreAbove) {
        switch (c) {
            case 1: case 14: return new int[] {3, 0};
            case 2: case 13: return new int[] {0, 1};
            case 3: case 12: return new int[] {3, 1};
            case 4: case 11: return new int[] {1, 2};
            case 6: case 9: return new int[] {0, 2};
            case 7: case 8: return new int[] {3, 2};
            case 5: // v0 and v2 above
                return centreAbove ? new int[] {0, 1, 2, 3} : new int[] {3, 0, 1, 2};
            case 10: // v1 and v3 above
                return centreAbove ? new int[] {3, 0, 1, 2} : new int[] {0, 1, 2, 3};
            default:
                return new int[0];
        }
    }

    private static double lerp(double a, double b, double va, double vb, double level) {
        if (va == vb) {
            return (a + b) / 2;
        }
        double t = (level - va) / (vb - va);
        return a + Math.max(0, Math.min(1, t)) * (b - a);
    }
}
