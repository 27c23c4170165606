package resnetlab.kernel;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Engine choices that can be turned off and on again inside one JVM, so that {@code bench --ab} can measure what
 * a choice is worth where runs in separate JVMs differ by more than that (on the project's shared machine one
 * build's classroom inference read 4487 and 7238 images/s in two consecutive fresh JVMs; a choice worth 5% shows
 * only when both sides alternate in one process). Each switch is on by default; off is the path the engine took
 * before the choice, and both paths are tested (FastPathTest runs a layer against the reference path with each
 * switch off). Switching changes speed, never results; a switch is read per layer call or per group of images, never
 * in a kernel's loop.
 */
public enum EngineSwitch {
    /**
     * Winograd's F(2,3) down the columns for the pixel-lane 3x3 forward and stride-1 input gradient
     * ({@code VectorConv3x3.forwardRowsWinograd}); off: the direct tiles.
     */
    ROW_WINOGRAD("row-winograd"),
    /**
     * The row-Winograd tiles take F(4,3) (six one-row products per four output rows) where the height divides by four
     * ({@code VectorConv3x3.rowWinogradOutputs}); off: F(2,3) (four per two rows) everywhere.
     */
    ROW_WINOGRAD_4("row-winograd-4"),
    /**
     * F(4,3)'s row-Winograd tiles read the dense input rows (the zero padding taken in the transform) where a row is one
     * or two vectors, instead of a padded copy per group of images ({@code VectorConv3x3.forwardRowsWinogradDense});
     * off: the padded copy.
     */
    DENSE_ROW_WINOGRAD("dense-row-winograd"),
    /**
     * The dense row tiles apply an inference's BN map, residual join and ReLU to the outputs as they write them
     * ({@code VectorConv3x3.denseForwardMaps}); off: a pass over each image after.
     */
    ROW_TILE_OUTPUT_MAP("row-tile-output-map"),
    /**
     * The channel-lane Winograd forward and input gradient take F(4x4,3x3) where both sizes divide by four
     * ({@code WinogradForward.fourByFour}); off: F(2x2,3x3).
     */
    WINOGRAD_4X4("winograd-4x4"),
    /**
     * At 16 lanes, on CPUs that run a 512-bit FMA in two halves ({@code simd.CpuModel.halvesWideVectors}: AMD's Zen 4),
     * the channel-lane Winograd forward and input gradient also take the stride-1 layers of 16 channels on 8x8 images
     * (the classroom net's second stage; {@code WinogradForward.suits}); off: the shifted planes ({@code PlaneForward}).
     * Elsewhere it changes nothing (to measure it there: {@code -Dresnetlab.cpu.halfRate512=true}).
     */
    WINOGRAD_16("winograd-16"),
    /**
     * A convolution keeps its packed weights while their values stay the same ({@code nn.PackedWeights}); off: packs
     * them on every call.
     */
    KEEP_PACKINGS("keep-packings"),
    /**
     * Rows of half a vector are copied out of the pixel-lane kernels' padded rows two at a time
     * ({@code VectorConv3x3.unpadColumns}); off: one {@code System.arraycopy} per row.
     */
    UNPAD_PAIRS("unpad-pairs"),
    /**
     * The stride-1 pixel-lane convolutions pad rows of whole vectors and of half a vector with vector stores
     * ({@code VectorConv3x3.padRows}); off: one {@code System.arraycopy} per row.
     */
    VECTOR_PAD("vector-pad"),
    /**
     * A block's last batch norm, its join with the shortcut and its ReLU run as one vector pass over each image
     * ({@code VectorElementwise.channelAffineJoin}); off: three passes (the norm's map, the join, the ReLU).
     */
    ONE_PASS_JOIN("one-pass-join"),
    /**
     * Stride-1 layers on images narrower than a vector whose rows divide it (8x8 and 4x4 at 16 lanes), where
     * neither Winograd's nor the channel lanes run, map their pixels in the lanes on three shifted copies of each
     * plane, and stride-2 layers from 16x16 to 8x8 at 16 lanes on one plane per tap ({@code PlaneForward}); off: on
     * the padded grid, then unpadded ({@code VectorConv3x3.forward}), and the channel lanes at stride 2.
     */
    SHIFTED_PLANES("shifted-planes"),
    /**
     * A residual block takes the norm of its output gradient from the block after it, which computed it as its input
     * gradient's ({@code model.Network#backward}); off: a pass over the gradient of its own.
     */
    KNOWN_NORMS("known-norms"),
    /**
     * A residual block's backward join (the branch's and the shortcut's input gradients added, and their norms) runs
     * in the pass of the branch's first convolution as it writes its input gradient ({@code nn.GradientJoin}); off: a
     * pass of the block's own over the three tensors.
     */
    JOINED_GRADIENTS("joined-gradients"),
    /**
     * The channel-lane weight gradient puts a kernel row's inputs in the lanes and broadcasts the output gradients
     * where the input channels fill whole vectors ({@code ChannelLaneGradient.tapTile}), and takes the stride-1
     * layers on 32-wide images that the pixel lanes had; off: the output channels in the lanes, the pixel lanes there.
     */
    TAP_LANES("tap-lanes"),
    /**
     * On 16-register machines the channel-lane weight gradient's GEMMs (and Winograd's) take six input rows × two vectors
     * of output channels where those fill two vectors ({@code ChannelLaneGradient.tile62}); off: eight rows × one
     * vector.
     */
    SIX_ROW_GRADIENT("six-row-gradient"),
    /**
     * A BN's backward applies its input gradient's map in the pass of the convolution before it, to each group of images
     * just before that convolution's backward reads them ({@code nn.Conv2d.ImagesNeeded}, wired by
     * {@code nn.Sequential}); off: a pass of the BN's own over the batch.
     */
    BN_BACKWARD_IN_CONV("bn-backward-in-conv");

    private final String id;
    private volatile boolean on = true;

    EngineSwitch(String id) { this.id = id; }

    /**
     * Which switches are on, one bit each: a packing kept across calls ({@code nn.PackedWeights}) was made for one such
     * state, since a switch may change which layout a kernel packs.
     */
    public static long state() {
        long bits = 0;
        for (EngineSwitch s : values()) if (s.on) bits |= 1L << s.ordinal();
        return bits;
    }

    /** The name {@code bench --ab} takes. */
    public String id() { return id; }

    public boolean on() { return on; }

    public void set(boolean on) { this.on = on; }

    /** The switch named {@code id}, or an exception that names the value and the known switches. */
    public static EngineSwitch byId(String id) {
        for (EngineSwitch s : values()) if (s.id.equals(id)) return s;
        throw new IllegalArgumentException("unknown engine switch '" + id + "'; known: " + ids());
    }

    /** The known switches' names, comma-separated. */
    public static String ids() { return Arrays.stream(values()).map(EngineSwitch::id).collect(Collectors.joining(", ")); }
}
