package resnetlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import resnetlab.experiments.SweepResult.Claim;
import resnetlab.experiments.SweepResult.ConfigSummary;
import resnetlab.experiments.SweepResult.CurvePoint;
import resnetlab.experiments.SweepResult.Spread;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;

class SweepFindingsTest {
    static NetworkSpec net(int depth, ShortcutType t) { return NetworkSpec.of(depth, 8, 1, 16, 10, t); }

    /** A summary whose smoothed training curve falls linearly from 0.9 to the median of {@code train}. */
    static ConfigSummary config(NetworkSpec m, double... train) {
        return config(m, 10, train);
    }

    static ConfigSummary config(NetworkSpec m, int iterations, double... train) {
        Spread s = Spread.of(java.util.Arrays.stream(train).boxed().toList());
        List<CurvePoint> curve = new ArrayList<>();
        for (int i = 1; i <= iterations; i++) {
            double v = 0.9 + (s.median() - 0.9) * i / iterations;
            curve.add(new CurvePoint(i, v, v, v));
        }
        return curve(m, s, curve);
    }

    static ConfigSummary curve(NetworkSpec m, Spread s, List<CurvePoint> curve) {
        return new ConfigSummary(0, m.displayName(), m, s.values().size(), s.values().size(), 0, 0, s, s, 1, curve, List.of());
    }

    static Claim claim(SweepFindings.Findings f, String id) {
        return f.claims().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test void claimsHoldWhenTheNumbersShowThem() {
        var f = SweepFindings.of(List.of(
                config(net(20, ShortcutType.NONE), 0.39, 0.32, 0.39),
                config(net(56, ShortcutType.NONE), 0.54, 0.59, 0.59),
                config(net(20, ShortcutType.IDENTITY), 0.24, 0.24, 0.24),
                config(net(56, ShortcutType.IDENTITY), 0.26, 0.50, 0.34),
                config(net(56, ShortcutType.SCALED).withLambda(0.5), 0.48, 0.47, 0.55)), 10);
        assertThat(claim(f, "degradation").holds()).isTrue();
        assertThat(claim(f, "degradation").evidence()).contains("plain-56 0.590 [0.540–0.590] vs plain-20 0.390 [0.320–0.390]");
        assertThat(claim(f, "residual-beats-plain").holds()).isTrue();
        assertThat(claim(f, "scaled-shortcut").holds()).isTrue();
        assertThat(f.sentences()).anyMatch(s -> s.equals("ResNet-56 is still behind ResNet-20 after 10 iterations (training error 0.340 vs 0.240, median over seeds; "
                + "the gap 0.100 is within the seed spread 0.240)."));
    }

    @Test void claimsThatDidNotHoldAreReportedAsSuch() {
        var f = SweepFindings.of(List.of(
                config(net(20, ShortcutType.NONE), 0.50, 0.52, 0.55),
                config(net(56, ShortcutType.NONE), 0.40, 0.45, 0.60),
                config(net(56, ShortcutType.IDENTITY), 0.30, 0.42, 0.50),
                config(net(56, ShortcutType.SCALED).withLambda(0.5), 0.30, 0.35, 0.36)), 10);
        assertThat(claim(f, "degradation").holds()).isFalse();
        assertThat(f.sentences()).contains("plain-56 vs plain-20: training error 0.450 [0.400–0.600] vs 0.520 [0.500–0.550]: "
                + "the deeper plain net does not train worse here.");
        // better in the median, but the ranges overlap: not "clearly"
        assertThat(claim(f, "residual-beats-plain").holds()).isFalse();
        assertThat(claim(f, "residual-beats-plain").evidence()).contains("seed ranges overlap");
        assertThat(claim(f, "scaled-shortcut").holds()).isFalse();
    }

    @Test void crossingIsFoundWhereTheCurvesCross() {
        NetworkSpec r20 = net(20, ShortcutType.IDENTITY), r56 = net(56, ShortcutType.IDENTITY);
        List<CurvePoint> shallow = new ArrayList<>(), deep = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            shallow.add(new CurvePoint(i, 0.5, 0.5, 0.5));
            double d = i < 13 ? 0.8 - 0.02 * i : 0.4; // above 0.5 until iteration 12 (0.56), 0.4 from 13 on
            deep.add(new CurvePoint(i, d, d, d));
        }
        deep.set(3, new CurvePoint(4, 0.45, 0.45, 0.45)); // a dip below early on is not the crossing
        String s = SweepFindings.crossing(curve(r56, Spread.of(List.of(0.4)), deep), curve(r20, Spread.of(List.of(0.5)), shallow));
        assertThat(s).startsWith("ResNet-56 overtook ResNet-20 at iteration 13 and stayed ahead to iteration 20 (training error 0.400 vs 0.500")
                .contains("the gap 0.100 is larger than the seed spread 0.000");
    }

    @Test void oneSeedCannotShowClearlyAndALastStepLeadIsNotOvertaking() {
        var f = SweepFindings.of(List.of(config(net(56, ShortcutType.NONE), 0.6), config(net(56, ShortcutType.IDENTITY), 0.3)), 10);
        assertThat(claim(f, "residual-beats-plain").holds()).isFalse();
        assertThat(claim(f, "residual-beats-plain").evidence()).contains("1 seed each").contains("with one seed 'clearly' cannot be told");

        NetworkSpec r20 = net(20, ShortcutType.IDENTITY), r56 = net(56, ShortcutType.IDENTITY);
        List<CurvePoint> shallow = new ArrayList<>(), deep = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            shallow.add(new CurvePoint(i, 0.5, 0.5, 0.5));
            deep.add(new CurvePoint(i, i < 5 ? 0.6 : 0.45, 0, 1));
        }
        assertThat(SweepFindings.crossing(curve(r56, Spread.of(List.of(0.45)), deep), curve(r20, Spread.of(List.of(0.5)), shallow)))
                .startsWith("ResNet-56 went ahead of ResNet-20 only at the last iteration, 5 ");
    }

    @Test void aShortLeadWithinTheSeedSpreadIsATieNotAnOvertaking() {
        NetworkSpec r20 = net(20, ShortcutType.IDENTITY), r32 = net(32, ShortcutType.IDENTITY);
        List<CurvePoint> shallow = new ArrayList<>(), deep = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            shallow.add(new CurvePoint(i, 0.170, 0.170, 0.170));
            double d = i < 297 ? 0.20 : 0.166; // ahead for the last 4 of 300 iterations, as in a real 300-iteration sweep
            deep.add(new CurvePoint(i, d, d, d));
        }
        String tie = SweepFindings.crossing(curve(r32, Spread.of(List.of(0.166, 0.190, 0.165)), deep),
                curve(r20, Spread.of(List.of(0.170, 0.150, 0.175)), shallow));
        assertThat(tie).startsWith("ResNet-32 drew level with ResNet-20 at the end: ahead only from iteration 297 to 300")
                .contains("within the noise between seeds").doesNotContain("overtook");
        // the same short lead by more than the seed spread is reported as overtaking
        String clear = SweepFindings.crossing(curve(r32, Spread.of(List.of(0.10)), deep), curve(r20, Spread.of(List.of(0.170)), shallow));
        assertThat(clear).startsWith("ResNet-32 overtook ResNet-20 at iteration 297");
    }

    @Test void spreadIsMedianAndRange() {
        Spread s = Spread.of(List.of(0.3, 0.1, Double.NaN, 0.2, 0.9));
        assertThat(s.median()).isEqualTo(0.25);
        assertThat(s.min()).isEqualTo(0.1);
        assertThat(s.max()).isEqualTo(0.9);
        assertThat(s.count()).isEqualTo(4);
    }
}
