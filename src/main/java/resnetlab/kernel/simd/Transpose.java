package resnetlab.kernel.simd;

import static jdk.incubator.vector.VectorOperators.BITWISE_BLEND;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * L×L blocks of floats transposed in vector registers (L the lane count of {@link SimdSpecies#FLOAT}: 16, 8 or 4),
 * for the copies between planes (channel, pixel) and the channel-last layouts of the channel-lane and Winograd
 * kernels ({@link ChannelLastImages#copy}, {@link ChannelLaneForward#unpack},
 * {@link ChannelLaneGradient#transposeGradients}). A scalar transpose moves one float per load and store; here
 * L vector loads, about L·log₂L lane permutations and as many selects, and L vector stores move L² floats.
 *
 * <p>The butterfly: in step d (L/2, …, 2, 1) each row r with bit d clear and its partner r + d swap the lanes j
 * with bit d set in r for the lanes j − d of r + d: r's lanes j with bit d set take r + d's lane j − d, and r + d's
 * lanes j with bit d clear take r's lane j + d. Both are lane j xor d of the other row, so one permutation
 * (j ↔ j xor d, {@code rearrange}) of each row and a bitwise select by the lanes' bit d ({@code BITWISE_BLEND},
 * one {@code vpternlogd} on AVX-512) do a step. After log₂L steps row r holds column r (Hacker's Delight, 7-3,
 * on vectors). The last step (d = 1) needs no permutation: on 64-bit lanes it is a shift by 32 bits and a select.
 *
 * <p>Why so: JDK 17 rebuilds a {@code VectorShuffle} and checks its indexes where it is used, and a
 * {@code VectorMask} where a blend uses it. The first version here (a shuffle each way per step, {@code blend}
 * with masks) took about 80 ns per 16x16 block in L1 on the Intel Xeon of 2026-12-06; this one, three shuffles and
 * no masks at 16 lanes, 57-61 ns, and at 8 lanes under {@code -XX:UseAVX=2} 28-29 against 31-33. At 4 lanes the
 * 64-bit shifts of two-lane vectors are slower than the blends (69 against 23 ns), so {@link #block4} keeps the
 * first version. In the nets, both versions in one JVM ({@code bench --ab} with a switch kept only for the
 * measurement, 6-8 rounds): ResNet-20's one-thread training step 0.978 of the time at 512 bits and 0.989 under
 * {@code -XX:UseAVX=2}, the classroom net's 0.994, inference level (0.998-1.008).
 */
final class Transpose {
    static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    static final int L = S.length();

    private static final VectorSpecies<Integer> SI = S.withLanes(int.class);
    private static final VectorSpecies<Long> SL = S.withLanes(long.class);

    /** At 8 and 16 lanes: lane j takes lane j xor d; the lanes with bit d of their index set, as all-ones ints. */
    private static final VectorShuffle<Integer> SWAP_2 = L >= 8 ? swap(2) : null, SWAP_4 = L >= 8 ? swap(4) : null;
    private static final VectorShuffle<Integer> SWAP_8 = L >= 16 ? swap(8) : null;
    private static final int[] BIT_2 = bits(2), BIT_4 = bits(4), BIT_8 = bits(8);

    /** At 4 lanes: rotations by d lanes and blend masks (see {@link #block4}). */
    private static final VectorShuffle<Float> RIGHT_1 = L == 4 ? shift(1) : null, LEFT_1 = L == 4 ? shift(-1) : null;
    private static final VectorShuffle<Float> RIGHT_2 = L == 4 ? shift(2) : null, LEFT_2 = L == 4 ? shift(-2) : null;
    private static final VectorMask<Float> MASK_1 = L == 4 ? bit(1) : null, MASK_2 = L == 4 ? bit(2) : null;

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

    /** Lane j takes lane j xor d. */
    private static VectorShuffle<Integer> swap(int d) {
        int[] s = new int[L];
        for (int j = 0; j < L; j++) s[j] = j ^ d;
        return VectorShuffle.fromArray(SI, s, 0);
    }

    /** −1 in the lanes with bit d of their index set, 0 elsewhere, one int a lane (read as a vector). */
    private static int[] bits(int d) {
        int[] m = new int[L];
        for (int j = 0; j < L; j++) m[j] = (j & d) != 0 ? -1 : 0;
        return m;
    }

    // Generated: one method per lane count, every step written out (vectors kept in locals stay in registers).

    private static void block16(float[] a, int ao, int as, float[] b, int bo, int bs, int runShift, int jump) {
        IntVector r0 = (IntVector) FloatVector.fromArray(S, a, ao).reinterpretShape(SI, 0);
        IntVector r1 = (IntVector) FloatVector.fromArray(S, a, ao + as).reinterpretShape(SI, 0);
        IntVector r2 = (IntVector) FloatVector.fromArray(S, a, ao + 2 * as).reinterpretShape(SI, 0);
        IntVector r3 = (IntVector) FloatVector.fromArray(S, a, ao + 3 * as).reinterpretShape(SI, 0);
        IntVector r4 = (IntVector) FloatVector.fromArray(S, a, ao + 4 * as).reinterpretShape(SI, 0);
        IntVector r5 = (IntVector) FloatVector.fromArray(S, a, ao + 5 * as).reinterpretShape(SI, 0);
        IntVector r6 = (IntVector) FloatVector.fromArray(S, a, ao + 6 * as).reinterpretShape(SI, 0);
        IntVector r7 = (IntVector) FloatVector.fromArray(S, a, ao + 7 * as).reinterpretShape(SI, 0);
        IntVector r8 = (IntVector) FloatVector.fromArray(S, a, ao + 8 * as).reinterpretShape(SI, 0);
        IntVector r9 = (IntVector) FloatVector.fromArray(S, a, ao + 9 * as).reinterpretShape(SI, 0);
        IntVector r10 = (IntVector) FloatVector.fromArray(S, a, ao + 10 * as).reinterpretShape(SI, 0);
        IntVector r11 = (IntVector) FloatVector.fromArray(S, a, ao + 11 * as).reinterpretShape(SI, 0);
        IntVector r12 = (IntVector) FloatVector.fromArray(S, a, ao + 12 * as).reinterpretShape(SI, 0);
        IntVector r13 = (IntVector) FloatVector.fromArray(S, a, ao + 13 * as).reinterpretShape(SI, 0);
        IntVector r14 = (IntVector) FloatVector.fromArray(S, a, ao + 14 * as).reinterpretShape(SI, 0);
        IntVector r15 = (IntVector) FloatVector.fromArray(S, a, ao + 15 * as).reinterpretShape(SI, 0);
        IntVector t;
        IntVector m8 = IntVector.fromArray(SI, BIT_8, 0);
        t = r0.lanewise(BITWISE_BLEND, r8.rearrange(SWAP_8), m8); r8 = r0.rearrange(SWAP_8).lanewise(BITWISE_BLEND, r8, m8); r0 = t;
        t = r1.lanewise(BITWISE_BLEND, r9.rearrange(SWAP_8), m8); r9 = r1.rearrange(SWAP_8).lanewise(BITWISE_BLEND, r9, m8); r1 = t;
        t = r2.lanewise(BITWISE_BLEND, r10.rearrange(SWAP_8), m8); r10 = r2.rearrange(SWAP_8).lanewise(BITWISE_BLEND, r10, m8); r2 = t;
        t = r3.lanewise(BITWISE_BLEND, r11.rearrange(SWAP_8), m8); r11 = r3.rearrange(SWAP_8).lanewise(BITWISE_BLEND, r11, m8); r3 = t;
        t = r4.lanewise(BITWISE_BLEND, r12.rearrange(SWAP_8), m8); r12 = r4.rearrange(SWAP_8).lanewise(BITWISE_BLEND, r12, m8); r4 = t;
        t = r5.lanewise(BITWISE_BLEND, r13.rearrange(SWAP_8), m8); r13 = r5.rearrange(SWAP_8).lanewise(BITWISE_BLEND, r13, m8); r5 = t;
        t = r6.lanewise(BITWISE_BLEND, r14.rearrange(SWAP_8), m8); r14 = r6.rearrange(SWAP_8).lanewise(BITWISE_BLEND, r14, m8); r6 = t;
        t = r7.lanewise(BITWISE_BLEND, r15.rearrange(SWAP_8), m8); r15 = r7.rearrange(SWAP_8).lanewise(BITWISE_BLEND, r15, m8); r7 = t;
        IntVector m4 = IntVector.fromArray(SI, BIT_4, 0);
        t = r0.lanewise(BITWISE_BLEND, r4.rearrange(SWAP_4), m4); r4 = r0.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r4, m4); r0 = t;
        t = r1.lanewise(BITWISE_BLEND, r5.rearrange(SWAP_4), m4); r5 = r1.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r5, m4); r1 = t;
        t = r2.lanewise(BITWISE_BLEND, r6.rearrange(SWAP_4), m4); r6 = r2.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r6, m4); r2 = t;
        t = r3.lanewise(BITWISE_BLEND, r7.rearrange(SWAP_4), m4); r7 = r3.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r7, m4); r3 = t;
        t = r8.lanewise(BITWISE_BLEND, r12.rearrange(SWAP_4), m4); r12 = r8.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r12, m4); r8 = t;
        t = r9.lanewise(BITWISE_BLEND, r13.rearrange(SWAP_4), m4); r13 = r9.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r13, m4); r9 = t;
        t = r10.lanewise(BITWISE_BLEND, r14.rearrange(SWAP_4), m4); r14 = r10.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r14, m4); r10 = t;
        t = r11.lanewise(BITWISE_BLEND, r15.rearrange(SWAP_4), m4); r15 = r11.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r15, m4); r11 = t;
        IntVector m2 = IntVector.fromArray(SI, BIT_2, 0);
        t = r0.lanewise(BITWISE_BLEND, r2.rearrange(SWAP_2), m2); r2 = r0.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r2, m2); r0 = t;
        t = r1.lanewise(BITWISE_BLEND, r3.rearrange(SWAP_2), m2); r3 = r1.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r3, m2); r1 = t;
        t = r4.lanewise(BITWISE_BLEND, r6.rearrange(SWAP_2), m2); r6 = r4.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r6, m2); r4 = t;
        t = r5.lanewise(BITWISE_BLEND, r7.rearrange(SWAP_2), m2); r7 = r5.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r7, m2); r5 = t;
        t = r8.lanewise(BITWISE_BLEND, r10.rearrange(SWAP_2), m2); r10 = r8.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r10, m2); r8 = t;
        t = r9.lanewise(BITWISE_BLEND, r11.rearrange(SWAP_2), m2); r11 = r9.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r11, m2); r9 = t;
        t = r12.lanewise(BITWISE_BLEND, r14.rearrange(SWAP_2), m2); r14 = r12.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r14, m2); r12 = t;
        t = r13.lanewise(BITWISE_BLEND, r15.rearrange(SWAP_2), m2); r15 = r13.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r15, m2); r13 = t;
        LongVector low = LongVector.broadcast(SL, 0xFFFF_FFFFL);
        LongVector x0 = (LongVector) r0.reinterpretShape(SL, 0), y0 = (LongVector) r1.reinterpretShape(SL, 0);
        ((FloatVector) y0.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x0, low).reinterpretShape(S, 0)).intoArray(b, bo);
        ((FloatVector) y0.lanewise(BITWISE_BLEND, x0.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 1 * bs + (1 >> runShift) * jump);
        LongVector x2 = (LongVector) r2.reinterpretShape(SL, 0), y2 = (LongVector) r3.reinterpretShape(SL, 0);
        ((FloatVector) y2.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x2, low).reinterpretShape(S, 0)).intoArray(b, bo + 2 * bs + (2 >> runShift) * jump);
        ((FloatVector) y2.lanewise(BITWISE_BLEND, x2.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 3 * bs + (3 >> runShift) * jump);
        LongVector x4 = (LongVector) r4.reinterpretShape(SL, 0), y4 = (LongVector) r5.reinterpretShape(SL, 0);
        ((FloatVector) y4.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x4, low).reinterpretShape(S, 0)).intoArray(b, bo + 4 * bs + (4 >> runShift) * jump);
        ((FloatVector) y4.lanewise(BITWISE_BLEND, x4.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 5 * bs + (5 >> runShift) * jump);
        LongVector x6 = (LongVector) r6.reinterpretShape(SL, 0), y6 = (LongVector) r7.reinterpretShape(SL, 0);
        ((FloatVector) y6.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x6, low).reinterpretShape(S, 0)).intoArray(b, bo + 6 * bs + (6 >> runShift) * jump);
        ((FloatVector) y6.lanewise(BITWISE_BLEND, x6.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 7 * bs + (7 >> runShift) * jump);
        LongVector x8 = (LongVector) r8.reinterpretShape(SL, 0), y8 = (LongVector) r9.reinterpretShape(SL, 0);
        ((FloatVector) y8.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x8, low).reinterpretShape(S, 0)).intoArray(b, bo + 8 * bs + (8 >> runShift) * jump);
        ((FloatVector) y8.lanewise(BITWISE_BLEND, x8.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 9 * bs + (9 >> runShift) * jump);
        LongVector x10 = (LongVector) r10.reinterpretShape(SL, 0), y10 = (LongVector) r11.reinterpretShape(SL, 0);
        ((FloatVector) y10.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x10, low).reinterpretShape(S, 0)).intoArray(b, bo + 10 * bs + (10 >> runShift) * jump);
        ((FloatVector) y10.lanewise(BITWISE_BLEND, x10.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 11 * bs + (11 >> runShift) * jump);
        LongVector x12 = (LongVector) r12.reinterpretShape(SL, 0), y12 = (LongVector) r13.reinterpretShape(SL, 0);
        ((FloatVector) y12.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x12, low).reinterpretShape(S, 0)).intoArray(b, bo + 12 * bs + (12 >> runShift) * jump);
        ((FloatVector) y12.lanewise(BITWISE_BLEND, x12.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 13 * bs + (13 >> runShift) * jump);
        LongVector x14 = (LongVector) r14.reinterpretShape(SL, 0), y14 = (LongVector) r15.reinterpretShape(SL, 0);
        ((FloatVector) y14.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x14, low).reinterpretShape(S, 0)).intoArray(b, bo + 14 * bs + (14 >> runShift) * jump);
        ((FloatVector) y14.lanewise(BITWISE_BLEND, x14.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 15 * bs + (15 >> runShift) * jump);
    }

    private static void block8(float[] a, int ao, int as, float[] b, int bo, int bs, int runShift, int jump) {
        IntVector r0 = (IntVector) FloatVector.fromArray(S, a, ao).reinterpretShape(SI, 0);
        IntVector r1 = (IntVector) FloatVector.fromArray(S, a, ao + as).reinterpretShape(SI, 0);
        IntVector r2 = (IntVector) FloatVector.fromArray(S, a, ao + 2 * as).reinterpretShape(SI, 0);
        IntVector r3 = (IntVector) FloatVector.fromArray(S, a, ao + 3 * as).reinterpretShape(SI, 0);
        IntVector r4 = (IntVector) FloatVector.fromArray(S, a, ao + 4 * as).reinterpretShape(SI, 0);
        IntVector r5 = (IntVector) FloatVector.fromArray(S, a, ao + 5 * as).reinterpretShape(SI, 0);
        IntVector r6 = (IntVector) FloatVector.fromArray(S, a, ao + 6 * as).reinterpretShape(SI, 0);
        IntVector r7 = (IntVector) FloatVector.fromArray(S, a, ao + 7 * as).reinterpretShape(SI, 0);
        IntVector t;
        IntVector m4 = IntVector.fromArray(SI, BIT_4, 0);
        t = r0.lanewise(BITWISE_BLEND, r4.rearrange(SWAP_4), m4); r4 = r0.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r4, m4); r0 = t;
        t = r1.lanewise(BITWISE_BLEND, r5.rearrange(SWAP_4), m4); r5 = r1.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r5, m4); r1 = t;
        t = r2.lanewise(BITWISE_BLEND, r6.rearrange(SWAP_4), m4); r6 = r2.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r6, m4); r2 = t;
        t = r3.lanewise(BITWISE_BLEND, r7.rearrange(SWAP_4), m4); r7 = r3.rearrange(SWAP_4).lanewise(BITWISE_BLEND, r7, m4); r3 = t;
        IntVector m2 = IntVector.fromArray(SI, BIT_2, 0);
        t = r0.lanewise(BITWISE_BLEND, r2.rearrange(SWAP_2), m2); r2 = r0.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r2, m2); r0 = t;
        t = r1.lanewise(BITWISE_BLEND, r3.rearrange(SWAP_2), m2); r3 = r1.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r3, m2); r1 = t;
        t = r4.lanewise(BITWISE_BLEND, r6.rearrange(SWAP_2), m2); r6 = r4.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r6, m2); r4 = t;
        t = r5.lanewise(BITWISE_BLEND, r7.rearrange(SWAP_2), m2); r7 = r5.rearrange(SWAP_2).lanewise(BITWISE_BLEND, r7, m2); r5 = t;
        LongVector low = LongVector.broadcast(SL, 0xFFFF_FFFFL);
        LongVector x0 = (LongVector) r0.reinterpretShape(SL, 0), y0 = (LongVector) r1.reinterpretShape(SL, 0);
        ((FloatVector) y0.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x0, low).reinterpretShape(S, 0)).intoArray(b, bo);
        ((FloatVector) y0.lanewise(BITWISE_BLEND, x0.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 1 * bs + (1 >> runShift) * jump);
        LongVector x2 = (LongVector) r2.reinterpretShape(SL, 0), y2 = (LongVector) r3.reinterpretShape(SL, 0);
        ((FloatVector) y2.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x2, low).reinterpretShape(S, 0)).intoArray(b, bo + 2 * bs + (2 >> runShift) * jump);
        ((FloatVector) y2.lanewise(BITWISE_BLEND, x2.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 3 * bs + (3 >> runShift) * jump);
        LongVector x4 = (LongVector) r4.reinterpretShape(SL, 0), y4 = (LongVector) r5.reinterpretShape(SL, 0);
        ((FloatVector) y4.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x4, low).reinterpretShape(S, 0)).intoArray(b, bo + 4 * bs + (4 >> runShift) * jump);
        ((FloatVector) y4.lanewise(BITWISE_BLEND, x4.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 5 * bs + (5 >> runShift) * jump);
        LongVector x6 = (LongVector) r6.reinterpretShape(SL, 0), y6 = (LongVector) r7.reinterpretShape(SL, 0);
        ((FloatVector) y6.lanewise(LSHL, 32).lanewise(BITWISE_BLEND, x6, low).reinterpretShape(S, 0)).intoArray(b, bo + 6 * bs + (6 >> runShift) * jump);
        ((FloatVector) y6.lanewise(BITWISE_BLEND, x6.lanewise(LSHR, 32), low).reinterpretShape(S, 0)).intoArray(b, bo + 7 * bs + (7 >> runShift) * jump);
    }
    /** The first version (rotations and blends; see the class comment), faster than 64-bit shifts at 4 lanes. */
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
