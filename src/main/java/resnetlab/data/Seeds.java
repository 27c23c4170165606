package resnetlab.data;

import java.util.SplittableRandom;

/**
 * Independent random streams named by (seed, key, index): the stream of epoch 7 or of image 1234 can be made
 * directly, without drawing the ones before it, so a resumed run or a shorter dataset sees the same numbers.
 */
final class Seeds {
    private Seeds() {}

    /** A stream that depends on all three values, through the SplitMix64 finaliser. */
    static SplittableRandom stream(long seed, long key, long index) {
        return new SplittableRandom(mix(mix(mix(seed) ^ key) ^ index));
    }

    /** SplitMix64's output function (Steele et al. 2014): a bijection that scatters nearby inputs. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
