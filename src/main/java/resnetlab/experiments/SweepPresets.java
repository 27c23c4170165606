package resnetlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import resnetlab.data.DataSpec;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;
import resnetlab.train.TrainConfig;

/**
 * The built-in sweeps, sized so that their effect shows within minutes on a 2-core CPU (SCIENCE.md §5):
 * Fashion-MNIST shrunk to {@value #IMAGE_SIZE}x{@value #IMAGE_SIZE}, {@value #TRAIN_SIZE} training and
 * {@value #TEST_SIZE} test images, width {@value #WIDTH}, {@value #ITERATIONS} iterations of batch
 * {@value #BATCH} at a constant learning rate 0.1, seeds 1, 2, 3. These are classroom budgets, not the
 * papers' 64k iterations on CIFAR-10: the results say so ({@link Sweep} states what happened in the run).
 *
 * <ul>
 * <li>{@code degradation} (He 2015 Fig. 1 and 6): plain and residual nets of depth 20, 32, 44, 56.</li>
 * <li>{@code shortcuts} (He 2016 Fig. 2, Table 1): the shortcut types at depth {@value #DEEP}.</li>
 * <li>{@code units} (He 2016 Fig. 4, Table 2): the five unit orderings at depth {@value #DEEP}.</li>
 * <li>{@code budget} (He 2015 Fig. 6 right): ResNet-20 and ResNet-56 of the degradation preset trained
 * {@value #BUDGET_ITERATIONS} iterations, to find where (and whether) the deeper net overtakes.</li>
 * </ul>
 */
public final class SweepPresets {
    public static final List<String> NAMES = List.of("degradation", "shortcuts", "units", "budget");

    public static final int IMAGE_SIZE = 16, WIDTH = 8, TRAIN_SIZE = 6000, TEST_SIZE = 500;
    public static final int ITERATIONS = 300, BATCH = 64, EVAL_EVERY = 50;
    public static final int DEEP = 56;
    /** Iterations of the budget preset: five times the others. */
    public static final int BUDGET_ITERATIONS = 1500;

    private SweepPresets() {}

    /** The preset of that name; an {@link IllegalArgumentException} lists the names otherwise. */
    public static SweepSpec get(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "degradation" -> degradation();
            case "shortcuts" -> shortcuts();
            case "units" -> units();
            case "budget" -> budget();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; choose one of " + String.join(", ", NAMES));
        };
    }

    /** The data of every preset: the shipped Fashion-MNIST subset, class-balanced, shrunk to 16x16. */
    public static DataSpec data() {
        return new DataSpec("fashion", null, TRAIN_SIZE, TEST_SIZE, IMAGE_SIZE, 0);
    }

    /** The recipe of every preset: SGD 0.1, momentum 0.9, decay 1e-4, no augmentation, one thread per run. */
    public static TrainConfig training() {
        return new TrainConfig(ITERATIONS, BATCH, 0.1, 0.9, 1e-4, List.of(), "none", 1, 1, EVAL_EVERY, false);
    }

    static NetworkSpec net(int depth, ShortcutType type) {
        // Data shape is a placeholder; the sweep fits it to the data.
        return NetworkSpec.of(depth, WIDTH, 1, IMAGE_SIZE, 10, type);
    }

    public static SweepSpec degradation() {
        List<NetworkSpec> v = new ArrayList<>();
        for (ShortcutType t : List.of(ShortcutType.NONE, ShortcutType.IDENTITY)) {
            for (int d : List.of(20, 32, 44, 56)) v.add(net(d, t));
        }
        return new SweepSpec("degradation",
                "Plain vs residual nets of depth 20-56 (He 2015 Fig. 1, 6): deeper plain nets train worse, residual nets do not.",
                v, training(), data(), SweepSpec.DEFAULT_SEEDS);
    }

    public static SweepSpec shortcuts() {
        NetworkSpec id = net(DEEP, ShortcutType.IDENTITY);
        List<NetworkSpec> v = List.of(
                id,
                net(DEEP, ShortcutType.NONE),
                id.withShortcut(ShortcutType.SCALED).withLambda(0.5),
                new NetworkSpec(DEEP, WIDTH, 1, IMAGE_SIZE, 10, ShortcutType.SCALED, 0.5, true, -6, 0.5, UnitOrder.ORIGINAL, id.option()),
                id.withShortcut(ShortcutType.EXCLUSIVE_GATE),
                new NetworkSpec(DEEP, WIDTH, 1, IMAGE_SIZE, 10, ShortcutType.SHORTCUT_GATE, 0.5, false, 0, 0.5, UnitOrder.ORIGINAL, id.option()),
                id.withShortcut(ShortcutType.CONV1X1),
                id.withShortcut(ShortcutType.DROPOUT));
        return new SweepSpec("shortcuts",
                "Shortcut types on a " + DEEP + "-layer net (He 2016 Fig. 2, Table 1): identity trains best.",
                v, training(), data(), SweepSpec.DEFAULT_SEEDS);
    }

    public static SweepSpec units() {
        List<NetworkSpec> v = new ArrayList<>();
        for (UnitOrder u : UnitOrder.values()) v.add(net(DEEP, ShortcutType.IDENTITY).withUnit(u));
        return new SweepSpec("units",
                "Unit orderings on a " + DEEP + "-layer net (He 2016 Fig. 4, Table 2).",
                v, training(), data(), SweepSpec.DEFAULT_SEEDS);
    }

    /**
     * Does the deeper residual net overtake the shallower one, and after how many iterations? At the
     * degradation preset's 300 iterations ResNet-56 is still behind ResNet-20; the paper's curves cross only
     * after thousands. Same data and recipe, {@value #BUDGET_ITERATIONS} iterations.
     */
    public static SweepSpec budget() {
        TrainConfig t = training();
        TrainConfig longer = new TrainConfig(BUDGET_ITERATIONS, t.batch(), t.lr(), t.momentum(), t.weightDecay(), t.milestones(),
                t.warmup(), t.seed(), t.threads(), 100, t.augment());
        return new SweepSpec("budget",
                "ResNet-20 vs ResNet-56 trained " + BUDGET_ITERATIONS + " iterations (He 2015 Fig. 6): when does the deeper residual net overtake?",
                List.of(net(20, ShortcutType.IDENTITY), net(DEEP, ShortcutType.IDENTITY)), longer, data(), SweepSpec.DEFAULT_SEEDS);
    }
}
