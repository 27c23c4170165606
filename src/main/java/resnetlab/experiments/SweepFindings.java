package resnetlab.experiments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import resnetlab.experiments.SweepResult.Claim;
import resnetlab.experiments.SweepResult.ConfigSummary;
import resnetlab.experiments.SweepResult.CurvePoint;
import resnetlab.experiments.SweepResult.Spread;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * Turns a sweep's per-configuration summaries into sentences that state what happened in <em>this</em> sweep,
 * with the numbers, and checks the papers' claims it can test. Nothing here is assumed: a claim that did not
 * hold is reported as not holding, a crossing that did not happen is reported as not (yet) happened.
 *
 * <p>Statistics are over finished runs only (diverged runs are counted and named separately); the
 * "training error" of a run is its mean batch error over the last 10% of iterations; medians are over seeds.
 */
final class SweepFindings {
    /** Sentences and claims. */
    record Findings(List<String> sentences, List<Claim> claims) {}

    static final String DEGRADATION = "at equal iterations the deeper plain net has higher training error than the shallower one";
    static final String RESIDUAL = "the residual net trains clearly better than the plain net of the same depth";
    static final String SCALED = "a scaled shortcut (λ < 1, F unscaled) trains worse than the identity shortcut in the median over seeds";

    private SweepFindings() {}

    static Findings of(List<ConfigSummary> configs, int iterations) {
        List<String> out = new ArrayList<>();
        List<Claim> claims = new ArrayList<>();
        List<ConfigSummary> done = configs.stream().filter(c -> c.finished() > 0).toList();
        int seeds = configs.stream().mapToInt(ConfigSummary::runs).max().orElse(0);
        if (!configs.isEmpty()) {
            out.add(String.format(Locale.ROOT, "Training error = mean batch error over the last 10%% of %d iterations; "
                    + "numbers are medians over up to %d seeds with the min–max range over seeds in brackets.", iterations, seeds));
        }
        for (ConfigSummary c : configs) {
            if (c.diverged() > 0) out.add(c.label() + " diverged in " + c.diverged() + " of " + c.runs() + " seeds.");
            if (c.failed() > 0) out.add(c.label() + " failed in " + c.failed() + " of " + c.runs() + " runs (see runs[].message).");
        }

        // He 2015 Fig. 6 left: plain nets get worse with depth.
        List<ConfigSummary> plain = byDepth(done, c -> c.model().isPlain());
        for (int i = 1; i < plain.size(); i++) {
            ConfigSummary a = plain.get(i - 1), b = plain.get(i);
            boolean worse = b.trainError().median() > a.trainError().median();
            out.add(String.format(Locale.ROOT, "%s vs %s: training error %s vs %s: the deeper plain net %s.", b.label(), a.label(),
                    spread(b.trainError()), spread(a.trainError()), worse ? "trains worse" : "does not train worse here"));
        }
        if (plain.size() >= 2) {
            ConfigSummary a = plain.get(0), b = plain.get(plain.size() - 1);
            boolean holds = b.trainError().median() > a.trainError().median();
            String every = b.trainError().min() > a.trainError().max() ? "; every seed of " + b.label() + " is above every seed of " + a.label()
                    : "; the seed ranges overlap";
            claims.add(new Claim("degradation", DEGRADATION, holds, String.format(Locale.ROOT, "%s %s vs %s %s after %d iterations, %s%s",
                    b.label(), spread(b.trainError()), a.label(), spread(a.trainError()), iterations, seedCount(a, b), every)));
        }

        // He 2015 Fig. 1/6: the residual net of the same depth trains better than the plain one.
        ConfigSummary deepestPair = null, deepestPlain = null;
        for (ConfigSummary p : plain) {
            Optional<ConfigSummary> r = baseline(done, p.model());
            if (r.isEmpty()) continue;
            ConfigSummary res = r.get();
            boolean better = res.trainError().median() < p.trainError().median();
            out.add(String.format(Locale.ROOT, "%s vs %s: training error %s vs %s, test error %s vs %s: the residual net %s.",
                    res.label(), p.label(), spread(res.trainError()), spread(p.trainError()), spread(res.testError()),
                    spread(p.testError()), better ? "trains better" : "does not train better here"));
            deepestPair = res;
            deepestPlain = p;
        }
        if (deepestPair != null) {
            Spread r = deepestPair.trainError(), p = deepestPlain.trainError();
            // "Clearly": better in the median and in every seed pair, which needs at least two seeds on each side.
            boolean seeds2 = r.count() >= 2 && p.count() >= 2;
            boolean holds = seeds2 && r.median() < p.median() && r.max() < p.min();
            String how = !(r.median() < p.median()) ? "not better in the median"
                    : !seeds2 ? "better, but with one seed 'clearly' cannot be told from noise"
                    : r.max() < p.min() ? "every seed of " + deepestPair.label() + " is below every seed of " + deepestPlain.label()
                    : "better in the median, but the seed ranges overlap";
            claims.add(new Claim("residual-beats-plain", RESIDUAL, holds, String.format(Locale.ROOT, "%s %s vs %s %s, %s: %s",
                    deepestPair.label(), spread(r), deepestPlain.label(), spread(p), seedCount(deepestPair, deepestPlain), how)));
        }

        // Deeper residual nets: whether they overtook the shallowest one is a matter of budget (SCIENCE.md §5).
        List<ConfigSummary> residual = byDepth(done, c -> c.model().shortcut() == ShortcutType.IDENTITY
                && c.model().unit() == UnitOrder.ORIGINAL);
        for (int i = 1; i < residual.size(); i++) out.add(crossing(residual.get(i), residual.get(0)));

        // He 2016 Table 1: λ = 0.5 on the shortcut (F unscaled) fails; other shortcuts and units against identity.
        for (ConfigSummary c : done) {
            NetworkSpec m = c.model();
            if (m.isPlain() || (m.shortcut() == ShortcutType.IDENTITY && m.unit() == UnitOrder.ORIGINAL)) continue;
            Optional<ConfigSummary> b = baseline(done, m);
            if (b.isEmpty()) continue;
            ConfigSummary id = b.get();
            boolean worse = c.trainError().median() > id.trainError().median();
            out.add(String.format(Locale.ROOT, "%s vs %s: training error %s vs %s, test error %s vs %s: %s in the median training error.",
                    c.label(), id.label(), spread(c.trainError()), spread(id.trainError()), spread(c.testError()),
                    spread(id.testError()), worse ? "worse" : "not worse"));
            if (m.shortcut() == ShortcutType.SCALED && m.lambda() < 1 && !m.scaleBranch()) {
                claims.add(new Claim("scaled-shortcut", SCALED, worse, String.format(Locale.ROOT,
                        "%s %s vs %s %s after %d iterations, %s", c.label(), spread(c.trainError()), id.label(),
                        spread(id.trainError()), iterations, seedCount(c, id))));
            }
        }
        if (seeds > 0 && seeds < 3) out.add("With fewer than 3 seeds, differences may be noise (SCIENCE.md §5).");
        return new Findings(out, claims);
    }

    /**
     * Where the smoothed median training-error curve of the deeper net {@code d} went below that of the
     * shallower {@code s} for good, or that it is still behind.
     */
    static String crossing(ConfigSummary d, ConfigSummary s) {
        List<CurvePoint> a = d.trainCurve(), b = s.trainCurve();
        int n = Math.min(a.size(), b.size());
        if (n == 0) return d.label() + " vs " + s.label() + ": no curves to compare.";
        double endD = a.get(n - 1).median(), endS = b.get(n - 1).median();
        int last = n;
        // Is the gap at the end larger than the noise between seeds? (the larger of the two final-error ranges)
        double noise = Math.max(range(d.trainError()), range(s.trainError()));
        String ends = String.format(Locale.ROOT, "(training error %.3f vs %.3f, median over seeds; the gap %.3f is %s the seed spread %.3f)",
                endD, endS, Math.abs(endD - endS), Math.abs(endD - endS) > noise ? "larger than" : "within", noise);
        if (endD >= endS) {
            return String.format(Locale.ROOT, "%s is still behind %s after %d iterations %s.", d.label(), s.label(), last, ends);
        }
        int k = n - 1;
        while (k >= 0 && a.get(k).median() < b.get(k).median()) k--;
        if (k < 0) {
            return String.format(Locale.ROOT, "%s was ahead of %s from the first iteration to the last %s.", d.label(), s.label(), ends);
        }
        if (k == n - 2) {
            return String.format(Locale.ROOT, "%s went ahead of %s only at the last iteration, %d %s: too late to call it overtaking.",
                    d.label(), s.label(), a.get(n - 1).iteration(), ends);
        }
        // ahead for a few iterations at the end, by less than the seed spread: a tie, not an overtaking
        int aheadFor = n - 1 - k;
        boolean withinNoise = Math.abs(endD - endS) <= noise;
        if (withinNoise && aheadFor < Math.max(2, n / 10)) {
            return String.format(Locale.ROOT, "%s drew level with %s at the end: ahead only from iteration %d to %d %s; "
                    + "too short a lead, within the noise between seeds, to call it overtaking.",
                    d.label(), s.label(), a.get(k + 1).iteration(), a.get(n - 1).iteration(), ends);
        }
        return String.format(Locale.ROOT, "%s overtook %s at iteration %d and stayed ahead to iteration %d %s; smoothed over %d iterations.",
                d.label(), s.label(), a.get(k + 1).iteration(), a.get(n - 1).iteration(), ends, d.smoothing());
    }

    private static List<ConfigSummary> byDepth(List<ConfigSummary> cs, java.util.function.Predicate<ConfigSummary> keep) {
        List<ConfigSummary> out = new ArrayList<>(cs.stream().filter(keep).toList());
        // One per depth: the first in spec order (different widths or options would not be comparable anyway).
        out.sort(Comparator.comparingInt(c -> c.model().depth()));
        List<ConfigSummary> unique = new ArrayList<>();
        for (ConfigSummary c : out) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).model().depth() != c.model().depth()) {
                if (unique.isEmpty() || comparable(unique.get(0).model(), c.model())) unique.add(c);
            }
        }
        return unique;
    }

    /** The identity-shortcut, original-unit net of the same depth, width and option. */
    private static Optional<ConfigSummary> baseline(List<ConfigSummary> cs, NetworkSpec m) {
        return cs.stream().filter(c -> c.model().shortcut() == ShortcutType.IDENTITY && c.model().unit() == UnitOrder.ORIGINAL
                && c.model().depth() == m.depth() && comparable(c.model(), m)).findFirst();
    }

    private static boolean comparable(NetworkSpec a, NetworkSpec b) {
        return a.width() == b.width() && a.option() == b.option() && a.imageSize() == b.imageSize();
    }

    private static double range(Spread s) {
        return Double.isNaN(s.median()) ? 0 : s.max() - s.min();
    }

    private static String seedCount(ConfigSummary a, ConfigSummary b) {
        int x = a.trainError().count(), y = b.trainError().count();
        return x == y ? x + (x == 1 ? " seed" : " seeds") + " each" : x + " and " + y + " seeds";
    }

    static String spread(Spread s) {
        if (Double.isNaN(s.median())) return "n/a";
        if (s.count() == 1) return String.format(Locale.ROOT, "%.3f", s.median());
        return String.format(Locale.ROOT, "%.3f [%.3f–%.3f]", s.median(), s.min(), s.max());
    }
}
