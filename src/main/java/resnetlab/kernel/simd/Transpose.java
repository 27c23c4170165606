package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * L×L blocks of floats transposed in vector registers (L the lane count of {@link SimdSpecies#FLOAT}: 16, 8 or 4),
 * for the copies between planes (channel, pixel) and the channel-last layouts of the channel-lane and Winograd
 * kernels ({@link ChannelLastImages#copy}, {@link ChannelLaneForward#unpack},
 * {@link ChannelLaneGradient#transposeGradients}). A scalar transpose moves one float per load and store; here
 * L vector loads, L·log₂L lane permutations and as many blends, and L vector stores move L² floats.
 *
 * <p>The butterfly: in step d (L/2, …, 2, 1) each row r with bit d clear and its partner r + d swap the lanes j
 * with bit d set in r for the lanes j − d of r + d: r's lanes j with bit d set take r + d's lane j − d
 * ({@code rearrange} by d to the right, {@code blend} on the lanes with bit d set), and r + d's lanes j with bit d
 * clear take r's lane j + d. After log₂L steps row r holds column r (Hacker's Delight, 7-3, on vectors).
 * One-time constants: the permutations and the masks of each step.
 *
 * <p>Timed in a probe (one thread, 512 bits, 2026-12-05, thread CPU time, medians of 40): the unpack of 128 images
 * of 64 channels of 8x8 0.35 -> 0.16 ms, 32 channels of 4x4 (64 images) 0.024 -> 0.010, 32 channels of 16x16
 * 0.51 -> 0.38 (its 4 MiB come from memory).
 */
final class Transpose {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();

    private static final VectorShuffle<Float> RIGHT_1 = shift(1), LEFT_1 = shift(-1);
    private static final VectorShuffle<Float> RIGHT_2 = shift(2), LEFT_2 = shift(-2);
    private static final VectorShuffle<Float> RIGHT_4 = L >= 8 ? shift(4) : null, LEFT_4 = L >= 8 ? shift(-4) : null;
    private static final VectorShuffle<Float> RIGHT_8 = L >= 16 ? shift(8) : null, LEFT_8 = L >= 16 ? shift(-8) : null;
    private static final VectorMask<Float> MASK_1 = bit(1), MASK_2 = bit(2);
    private static final VectorMask<Float> MASK_4 = L >= 8 ? bit(4) : null, MASK_8 = L >= 16 ? bit(8) : null;

    private Transpose() {}

    /** Whether blocks of this lane count are transposed in registers (else the callers copy float by float). */
    static boolean available() { return L == 4 || L == 8 || L == 16; }

    /**
     * The L×L block whose row r (r &lt; L) is {@code a[ao + r·as + j]}, j &lt; L, written transposed: its column r
     * goes to the L floats at {@code b[bo + r·bs + (r >> runShift)·jump]}, that is
     * {@code b[bo + r·bs + (r >> runShift)·jump + j] = a[ao + j·as + r]}. {@code jump} 0: rows {@code bs} apart; else
     * runs of 2^runShift rows, each run {@code jump} floats further on (an image row's pixels into a padded row).
     * Only where {@link #available()}.
     */
    static void block(float[] a, int ao, int as, float[] b, int bo, int bs, int runShift, int jump) {
        if (L == 16) block16(a, ao, as, b, bo, bs, runShift, jump);
        else if (L == 8) block8(a, ao, as, b, bo, bs, runShift, jump);
        else if (L == 4) block4(a, ao, as, b, bo, bs, runShift, jump);
        else throw new IllegalStateException("no register transpose for " + L + " lanes");
    }

    /** Lane j takes lane j − d (mod L): a rotation by d lanes towards the higher lanes. */
    private static VectorShuffle<Float> shift(int d) {
        int[] s = new int[L];
        for (int j = 0; j < L; j++) s[j] = Math.floorMod(j - d, L);
        return VectorShuffle.fromArray(S, s, 0);
    }

    /** The lanes with bit d of their index set. */
    private static VectorMask<Float> bit(int d) {
        boolean[] m = new boolean[L];
        for (int j = 0; j < L; j++) m[j] = (j & d) != 0;
        return VectorMask.fromArray(S, m, 0);
    }

    // Generated: one method per lane count, every step written out (vectors kept in locals stay in registers).

    private static void block16(float[] a, int ao, int as, float[] b, int bo, int bs, int runShift, int jump) {
        FloatVector r0 = FloatVector.fromArray(S, a, ao);
        FloatVector r1 = FloatVector.fromArray(S, a, ao + as);
        FloatVector r2 = FloatVector.fromArray(S, a, ao + 2 * as);
        FloatVector r3 = FloatVector.fromArray(S, a, ao + 3 * as);
        FloatVector r4 = FloatVector.fromArray(S, a, ao + 4 * as);
        FloatVector r5 = FloatVector.fromArray(S, a, ao + 5 * as);
        FloatVector r6 = FloatVector.fromArray(S, a, ao + 6 * as);
        FloatVector r7 = FloatVector.fromArray(S, a, ao + 7 * as);
        FloatVector r8 = FloatVector.fromArray(S, a, ao + 8 * as);
        FloatVector r9 = FloatVector.fromArray(S, a, ao + 9 * as);
        FloatVector r10 = FloatVector.fromArray(S, a, ao + 10 * as);
        FloatVector r11 = FloatVector.fromArray(S, a, ao + 11 * as);
        FloatVector r12 = FloatVector.fromArray(S, a, ao + 12 * as);
        FloatVector r13 = FloatVector.fromArray(S, a, ao + 13 * as);
        FloatVector r14 = FloatVector.fromArray(S, a, ao + 14 * as);
        FloatVector r15 = FloatVector.fromArray(S, a, ao + 15 * as);
        FloatVector t;
        t = r0.blend(r8.rearrange(RIGHT_8), MASK_8); r8 = r0.rearrange(LEFT_8).blend(r8, MASK_8); r0 = t;
        t = r1.blend(r9.rearrange(RIGHT_8), MASK_8); r9 = r1.rearrange(LEFT_8).blend(r9, MASK_8); r1 = t;
        t = r2.blend(r10.rearrange(RIGHT_8), MASK_8); r10 = r2.rearrange(LEFT_8).blend(r10, MASK_8); r2 = t;
        t = r3.blend(r11.rearrange(RIGHT_8), MASK_8); r11 = r3.rearrange(LEFT_8).blend(r11, MASK_8); r3 = t;
        t = r4.blend(r12.rearrange(RIGHT_8), MASK_8); r12 = r4.rearrange(LEFT_8).blend(r12, MASK_8); r4 = t;
        t = r5.blend(r13.rearrange(RIGHT_8), MASK_8); r13 = r5.rearrange(LEFT_8).blend(r13, MASK_8); r5 = t;
        t = r6.blend(r14.rearrange(RIGHT_8), MASK_8); r14 = r6.rearrange(LEFT_8).blend(r14, MASK_8); r6 = t;
        t = r7.blend(r15.rearrange(RIGHT_8), MASK_8); r15 = r7.rearrange(LEFT_8).blend(r15, MASK_8); r7 = t;
        t = r0.blend(r4.rearrange(RIGHT_4), MASK_4); r4 = r0.rearrange(LEFT_4).blend(r4, MASK_4); r0 = t;
        t = r1.blend(r5.rearrange(RIGHT_4), MASK_4); r5 = r1.rearrange(LEFT_4).blend(r5, MASK_4); r1 = t;
        t = r2.blend(r6.rearrange(RIGHT_4), MASK_4); r6 = r2.rearrange(LEFT_4).blend(r6, MASK_4); r2 = t;
        t = r3.blend(r7.rearrange(RIGHT_4), MASK_4); r7 = r3.rearrange(LEFT_4).blend(r7, MASK_4); r3 = t;
        t = r8.blend(r12.rearrange(RIGHT_4), MASK_4); r12 = r8.rearrange(LEFT_4).blend(r12, MASK_4); r8 = t;
        t = r9.blend(r13.rearrange(RIGHT_4), MASK_4); r13 = r9.rearrange(LEFT_4).blend(r13, MASK_4); r9 = t;
        t = r10.blend(r14.rearrange(RIGHT_4), MASK_4); r14 = r10.rearrange(LEFT_4).blend(r14, MASK_4); r10 = t;
        t = r11.blend(r15.rearrange(RIGHT_4), MASK_4); r15 = r11.rearrange(LEFT_4).blend(r15, MASK_4); r11 = t;
        t = r0.blend(r2.rearrange(RIGHT_2), MASK_2); r2 = r0.rearrange(LEFT_2).blend(r2, MASK_2); r0 = t;
        t = r1.blend(r3.rearrange(RIGHT_2), MASK_2); r3 = r1.rearrange(LEFT_2).blend(r3, MASK_2); r1 = t;
        t = r4.blend(r6.rearrange(RIGHT_2), MASK_2); r6 = r4.rearrange(LEFT_2).blend(r6, MASK_2); r4 = t;
        t = r5.blend(r7.rearrange(RIGHT_2), MASK_2); r7 = r5.rearrange(LEFT_2).blend(r7, MASK_2); r5 = t;
        t = r8.blend(r10.rearrange(RIGHT_2), MASK_2); r10 = r8.rearrange(LEFT_2).blend(r10, MASK_2); r8 = t;
        t = r9.blend(r11.rearrange(RIGHT_2), MASK_2); r11 = r9.rearrange(LEFT_2).blend(r11, MASK_2); r9 = t;
        t = r12.blend(r14.rearrange(RIGHT_2), MASK_2); r14 = r12.rearrange(LEFT_2).blend(r14, MASK_2); r12 = t;
        t = r13.blend(r15.rearrange(RIGHT_2), MASK_2); r15 = r13.rearrange(LEFT_2).blend(r15, MASK_2); r13 = t;
        t = r0.blend(r1.rearrange(RIGHT_1), MASK_1); r1 = r0.rearrange(LEFT_1).blend(r1, MASK_1); r0 = t;
        t = r2.blend(r3.rearrange(RIGHT_1), MASK_1); r3 = r2.rearrange(LEFT_1).blend(r3, MASK_1); r2 = t;
        t = r4.blend(r5.rearrange(RIGHT_1), MASK_1); r5 = r4.rearrange(LEFT_1).blend(r5, MASK_1); r4 = t;
        t = r6.blend(r7.rearrange(RIGHT_1), MASK_1); r7 = r6.rearrange(LEFT_1).blend(r7, MASK_1); r6 = t;
        t = r8.blend(r9.rearrange(RIGHT_1), MASK_1); r9 = r8.rearrange(LEFT_1).blend(r9, MASK_1); r8 = t;
        t = r10.blend(r11.rearrange(RIGHT_1), MASK_1); r11 = r10.rearrange(LEFT_1).blend(r11, MASK_1); r10 = t;
        t = r12.blend(r13.rearrange(RIGHT_1), MASK_1); r13 = r12.rearrange(LEFT_1).blend(r13, MASK_1); r12 = t;
        t = r14.blend(r15.rearrange(RIGHT_1), MASK_1); r15 = r14.rearrange(LEFT_1).blend(r15, MASK_1); r14 = t;
        r0.intoArray(b, bo);
        r1.intoArray(b, bo + 1 * bs + (1 >> runShift) * jump);
        r2.intoArray(b, bo + 2 * bs + (2 >> runShift) * jump);
        r3.intoArray(b, bo + 3 * bs + (3 >> runShift) * jump);
        r4.intoArray(b, bo + 4 * bs + (4 >> runShift) * jump);
        r5.intoArray(b, bo + 5 * bs + (5 >> runShift) * jump);
        r6.intoArray(b, bo + 6 * bs + (6 >> runShift) * jump);
        r7.intoArray(b, bo + 7 * bs + (7 >> runShift) * jump);
        r8.intoArray(b, bo + 8 * bs + (8 >> runShift) * jump);
        r9.intoArray(b, bo + 9 * bs + (9 >> runShift) * jump);
        r10.intoArray(b, bo + 10 * bs + (10 >> runShift) * jump);
        r11.intoArray(b, bo + 11 * bs + (11 >> runShift) * jump);
        r12.intoArray(b, bo + 12 * bs + (12 >> runShift) * jump);
        r13.intoArray(b, bo + 13 * bs + (13 >> runShift) * jump);
        r14.intoArray(b, bo + 14 * bs + (14 >> runShift) * jump);
        r15.intoArray(b, bo + 15 * bs + (15 >> runShift) * jump);
    }

    private static void block8(float[] a, int ao, int as, float[] b, int bo, int bs, int runShift, int jump) {
        FloatVector r0 = FloatVector.fromArray(S, a, ao);
        FloatVector r1 = FloatVector.fromArray(S, a, ao + as);
        FloatVector r2 = FloatVector.fromArray(S, a, ao + 2 * as);
        FloatVector r3 = FloatVector.fromArray(S, a, ao + 3 * as);
        FloatVector r4 = FloatVector.fromArray(S, a, ao + 4 * as);
        FloatVector r5 = FloatVector.fromArray(S, a, ao + 5 * as);
        FloatVector r6 = FloatVector.fromArray(S, a, ao + 6 * as);
        FloatVector r7 = FloatVector.fromArray(S, a, ao + 7 * as);
        FloatVector t;
        t = r0.blend(r4.rearrange(RIGHT_4), MASK_4); r4 = r0.rearrange(LEFT_4).blend(r4, MASK_4); r0 = t;
        t = r1.blend(r5.rearrange(RIGHT_4), MASK_4); r5 = r1.rearrange(LEFT_4).blend(r5, MASK_4); r1 = t;
        t = r2.blend(r6.rearrange(RIGHT_4), MASK_4); r6 = r2.rearrange(LEFT_4).blend(r6, MASK_4); r2 = t;
        t = r3.blend(r7.rearrange(RIGHT_4), MASK_4); r7 = r3.rearrange(LEFT_4).blend(r7, MASK_4); r3 = t;
        t = r0.blend(r2.rearrange(RIGHT_2), MASK_2); r2 = r0.rearrange(LEFT_2).blend(r2, MASK_2); r0 = t;
        t = r1.blend(r3.rearrange(RIGHT_2), MASK_2); r3 = r1.rearrange(LEFT_2).blend(r3, MASK_2); r1 = t;
        t = r4.blend(r6.rearrange(RIGHT_2), MASK_2); r6 = r4.rearrange(LEFT_2).blend(r6, MASK_2); r4 = t;
        t = r5.blend(r7.rearrange(RIGHT_2), MASK_2); r7 = r5.rearrange(LEFT_2).blend(r7, MASK_2); r5 = t;
        t = r0.blend(r1.rearrange(RIGHT_1), MASK_1); r1 = r0.rearrange(LEFT_1).blend(r1, MASK_1); r0 = t;
        t = r2.blend(r3.rearrange(RIGHT_1), MASK_1); r3 = r2.rearrange(LEFT_1).blend(r3, MASK_1); r2 = t;
        t = r4.blend(r5.rearrange(RIGHT_1), MASK_1); r5 = r4.rearrange(LEFT_1).blend(r5, MASK_1); r4 = t;
        t = r6.blend(r7.rearrange(RIGHT_1), MASK_1); r7 = r6.rearrange(LEFT_1).blend(r7, MASK_1); r6 = t;
        r0.intoArray(b, bo);
        r1.intoArray(b, bo + 1 * bs + (1 >> runShift) * jump);
        r2.intoArray(b, bo + 2 * bs + (2 >> runShift) * jump);
        r3.intoArray(b, bo + 3 * bs + (3 >> runShift) * jump);
        r4.intoArray(b, bo + 4 * bs + (4 >> runShift) * jump);
        r5.intoArray(b, bo + 5 * bs + (5 >> runShift) * jump);
        r6.intoArray(b, bo + 6 * bs + (6 >> runShift) * jump);
        r7.intoArray(b, bo + 7 * bs + (7 >> runShift) * jump);
    }

    private static void block4(float[] a, int ao, int as, float[] b, int bo, int bs, int runShift, int jump) {
        FloatVector r0 = FloatVector.fromArray(S, a, ao);
        FloatVector r1 = FloatVector.fromArray(S, a, ao + as);
        FloatVector r2 = FloatVector.fromArray(S, a, ao + 2 * as);
        FloatVector r3 = FloatVector.fromArray(S, a, ao + 3 * as);
        FloatVector t;
        t = r0.blend(r2.rearrange(RIGHT_2), MASK_2); r2 = r0.rearrange(LEFT_2).blend(r2, MASK_2); r0 = t;
        t = r1.blend(r3.rearrange(RIGHT_2), MASK_2); r3 = r1.rearrange(LEFT_2).blend(r3, MASK_2); r1 = t;
        t = r0.blend(r1.rearrange(RIGHT_1), MASK_1); r1 = r0.rearrange(LEFT_1).blend(r1, MASK_1); r0 = t;
        t = r2.blend(r3.rearrange(RIGHT_1), MASK_1); r3 = r2.rearrange(LEFT_1).blend(r3, MASK_1); r2 = t;
        r0.intoArray(b, bo);
        r1.intoArray(b, bo + 1 * bs + (1 >> runShift) * jump);
        r2.intoArray(b, bo + 2 * bs + (2 >> runShift) * jump);
        r3.intoArray(b, bo + 3 * bs + (3 >> runShift) * jump);
    }
}
