package resnetlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import resnetlab.kernel.Compute;
import resnetlab.nn.DropoutMask;
import resnetlab.nn.GradCheck;
import resnetlab.nn.Layer;
import resnetlab.nn.Sequential;
import resnetlab.tensor.Tensor;

/**
 * Every block variant (shortcut type × unit ordering × dimension option) in a small whole network, whose
 * first stage keeps the shape and whose later stages downsample, against finite differences.
 */
class BlockGradientTest {
    /**
     * A float network's loss is exact to ~1e-6, so a step of 1e-3 leaves ~5e-4 of noise in each difference quotient,
     * as large as the small gradients of deep layers. A step of 1e-2 cuts the noise tenfold; the ReLU kinks it
     * crosses more often are detected and skipped.
     */
    static final double NETWORK_EPS = 1e-2;

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (ShortcutType s : ShortcutType.values()) {
            for (UnitOrder u : UnitOrder.values()) {
                for (DimensionOption o : DimensionOption.values()) {
                    if (s == ShortcutType.NONE && o != DimensionOption.A) continue; // options mean nothing without shortcuts
                    all.add(Arguments.of(s, u, o));
                }
            }
        }
        all.add(Arguments.of(ShortcutType.SCALED, UnitOrder.ORIGINAL, null)); // λ > 1 and F × (1 − λ)
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} option {2}")
    @MethodSource("variants")
    void networkGradientMatchesFiniteDifferences(ShortcutType s, UnitOrder u, DimensionOption o) {
        NetworkSpec spec = new NetworkSpec(8, 2, 2, 6, 3, s, o == null ? 1.3 : 0.5, o == null, -1, 0.3, u,
                o == null ? DimensionOption.A : o);
        try (Compute compute = Compute.reference()) {
            Network net = NetworkBuilder.build(spec, compute, 42);
            GradCheck.randomize(bnParams(net), 7, 0.5); // break the BN symmetry (γ=1, β=0) so every path matters
            for (var p : net.parameters()) if (p.name.contains("gamma")) for (int i = 0; i < p.value.size(); i++) p.value.data[i] += 1f;
            List<DropoutMask> masks = dropouts(net);
            Tensor x = GradCheck.randn(3, 3, 2, 6, 6);
            GradCheck.Result r = GradCheck.check(() -> {
                for (DropoutMask m : masks) m.reseed(11);
                return net.forward(x, true);
            }, net::backward, x, net.parameters(), 5, 6, NETWORK_EPS, GradCheck.reluPattern(relus(net)));
            System.out.printf("grad check %-52s max rel error %.2e (%s)%n", spec.displayName() + " option " + spec.option(), r.maxRelError(), r.where());
            assertThat(r.maxRelError()).as(r.where()).isLessThan(3e-2);
        }
    }

    private static List<resnetlab.nn.Parameter> bnParams(Network net) {
        return net.parameters().stream().filter(p -> p.name.contains(".bn") || p.name.contains("bnAdd")).toList();
    }

    static List<resnetlab.nn.Relu> relus(Network net) {
        List<Layer> all = new ArrayList<>();
        collectAll(net.stem(), all);
        for (ResidualBlock b : net.blocks()) { collectAll(b.branch(), all); collectAll(b.post(), all); }
        collectAll(net.head(), all);
        return all.stream().filter(l -> l instanceof resnetlab.nn.Relu).map(l -> (resnetlab.nn.Relu) l).toList();
    }

    private static void collectAll(Layer l, List<Layer> out) {
        out.add(l);
        if (l instanceof Sequential s) for (Layer c : s.layers()) collectAll(c, out);
    }

    static List<DropoutMask> dropouts(Network net) {
        List<DropoutMask> out = new ArrayList<>();
        for (ResidualBlock b : net.blocks()) if (b.shortcut() instanceof Sequential seq) collect(seq, out);
        return out;
    }

    private static void collect(Layer l, List<DropoutMask> out) {
        if (l instanceof DropoutMask d) out.add(d);
        if (l instanceof Sequential s) for (Layer c : s.layers()) collect(c, out);
    }
}
