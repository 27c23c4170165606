package resnetlab.app.model;

import resnetlab.model.DimensionOption;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * One bench model as the teacher sets it up: the network (He 2015/2016 parameters), its data preset, and its
 * own seed or {@code null} for the bench's shared seed. Plain data, written into session files.
 */
public record ModelSetup(int depth, int width, ShortcutType shortcut, double lambda, boolean scaleBranch,
                         double gateBias, double dropout, UnitOrder unit, DimensionOption option, String preset,
                         Long seed) {

    public static ModelSetup of(int depth, ShortcutType shortcut) {
        return new ModelSetup(depth, 8, shortcut, 0.5, false, -6, 0.5, UnitOrder.ORIGINAL, DimensionOption.A,
                DataPreset.DEFAULT.key(), null);
    }

    public ModelSetup withLambda(double l) {
        return new ModelSetup(depth, width, shortcut, l, scaleBranch, gateBias, dropout, unit, option, preset, seed);
    }
    public ModelSetup withGateBias(double b) {
        return new ModelSetup(depth, width, shortcut, lambda, scaleBranch, b, dropout, unit, option, preset, seed);
    }
    public ModelSetup withUnit(UnitOrder u) {
        return new ModelSetup(depth, width, shortcut, lambda, scaleBranch, gateBias, dropout, u, option, preset, seed);
    }
    public ModelSetup withPreset(DataPreset p) {
        return new ModelSetup(depth, width, shortcut, lambda, scaleBranch, gateBias, dropout, unit, option, p.key(), seed);
    }
    public ModelSetup withWidth(int w) {
        return new ModelSetup(depth, w, shortcut, lambda, scaleBranch, gateBias, dropout, unit, option, preset, seed);
    }

    /** The spec before the data fills in channels, image size and classes. */
    public NetworkSpec spec(int inChannels, int imageSize, int classes) {
        return new NetworkSpec(depth, width, inChannels, imageSize, classes, shortcut, lambda, scaleBranch, gateBias,
                dropout, unit, option);
    }
}
