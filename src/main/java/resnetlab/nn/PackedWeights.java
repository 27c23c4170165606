package resnetlab.nn;

import java.util.Arrays;
import resnetlab.kernel.EngineSwitch;

/**
 * A layer's weights packed for a convolution kernel, kept until the weights change: inference calls a layer many times
 * with the same weights (a lesion study, a loss landscape's grid, path sampling), and repacking them every call took
 * 3-4% of a classroom net's inference. Whether they changed is decided by their values, not by a version count, so
 * nothing that writes the weights (the optimizer, an import, a lesion, a test) has to remember to say so: the check
 * compares the weights with a copy taken when they were packed, about a microsecond for a 64→64 layer; in training it
 * stops at the first weight the last step moved. {@link EngineSwitch#KEEP_PACKINGS} off: packs on every call.
 */
final class PackedWeights {
    private float[] packed = new float[0], source = new float[0];
    private long key, switches;
    private boolean valid;

    /** Packs the weights into the buffer it is given. */
    interface Packer { void pack(float[] into); }

    /**
     * The packing of {@code weights} for {@code key} (what it is for: layout, adjoint, input size): the one held if
     * the key, the engine switches ({@link EngineSwitch#state}: a switch may change the layout a kernel packs) and the
     * weights' values are those it was packed with, else {@code packer}'s, into a buffer of at least {@code size} floats.
     */
    float[] get(float[] weights, long key, int size, Packer packer) {
        long switches = EngineSwitch.state();
        if (valid && this.key == key && this.switches == switches && EngineSwitch.KEEP_PACKINGS.on()
                && Arrays.equals(source, weights)) {
            return packed;
        }
        valid = false;
        if (packed.length < size) packed = new float[size];
        packer.pack(packed);
        if (source.length != weights.length) source = new float[weights.length];
        System.arraycopy(weights, 0, source, 0, weights.length);
        this.key = key;
        this.switches = switches;
        valid = true;
        return packed;
    }
}
