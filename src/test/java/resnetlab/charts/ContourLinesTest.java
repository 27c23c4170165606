package resnetlab.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContourLinesTest {

    @Test
    void contourOfAConeIsACircle() {
        int n = 41;
        double[] a = SampleData.range(n, -1, 2.0 / (n - 1));
        double[][] z = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                z[j][i] = Math.hypot(a[i], a[j]);
            }
        }
        double[] s = ContourLines.segments(a, a, z, 0.5);
        assertThat(s.length / 4).isGreaterThan(40);
        double length = 0;
        for (int k = 0; k < s.length; k += 2) {
            assertThat(Math.hypot(s[k], s[k + 1])).isBetween(0.49, 0.51);
        }
        for (int k = 0; k < s.length; k += 4) {
            length += Math.hypot(s[k + 2] - s[k], s[k + 3] - s[k + 1]);
        }
        assertThat(length).isBetween(2 * Math.PI * 0.5 * 0.98, 2 * Math.PI * 0.5 * 1.01);
    }

    @Test
    void levelsOutsideTheDataAndNanCellsGiveNothing() {
        double[] a = {0, 1, 2};
        double[][] z = {{0, 1, 2}, {1, 2, 3}, {2, 3, 4}};
        assertThat(ContourLines.segments(a, a, z, 10)).isEmpty();
        assertThat(ContourLines.segments(a, a, z, -1)).isEmpty();
        double[][] gaps = {{0, Double.NaN, 2}, {1, 2, 3}, {2, 3, 4}};
        // the two cells touching the NaN are skipped, the other two still cross 2.5
        assertThat(ContourLines.segments(a, a, gaps, 2.5).length / 4).isEqualTo(2);
    }

    @Test
    void saddleIsResolvedByTheCentreValue() {
        double[] a = {0, 1};
        double[][] saddle = {{1, 0}, {0, 1}}; // z[j][i]: v0 = (0,0) = 1, v1 = (1,0) = 0, v2 = (1,1) = 1, v3 = (0,1) = 0
        // centre (mean 0.5) above level 0.4: the high corners connect, the segments cut off the low corners
        assertThat(cornersCut(ContourLines.segments(a, a, saddle, 0.4))).containsExactlyInAnyOrder("v1", "v3");
        // centre below level 0.6: the low corners connect, the segments cut off the high corners
        assertThat(cornersCut(ContourLines.segments(a, a, saddle, 0.6))).containsExactlyInAnyOrder("v0", "v2");
    }

    /** Which corner of the unit cell each segment cuts off, judged by the segment's midpoint. */
    private static java.util.List<String> cornersCut(double[] s) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < s.length; k += 4) {
            double mx = (s[k] + s[k + 2]) / 2, my = (s[k + 1] + s[k + 3]) / 2;
            out.add(mx < 0.5 ? (my < 0.5 ? "v0" : "v3") : (my < 0.5 ? "v1" : "v2"));
        }
        return out;
    }
}
