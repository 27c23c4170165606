package resnetlab.kernel.simd;

import java.util.Locale;
import java.util.logging.Logger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float vector species every SIMD kernel of this package is built for: the widest this CPU runs in
 * hardware (512 bits with AVX-512, 256 with AVX2, 128 with NEON or SSE), or a narrower one forced with the
 * system property {@value #PROPERTY} ({@code 128}, {@code 256}, {@code 512} or {@code auto}), for speed
 * comparisons and for reproducing a report from a machine with narrower vectors.
 *
 * <p>Why a JVM-wide constant and not a parameter of each kernel: C2 compiles a Vector API call to vector
 * instructions only when the species is a constant at the call site; the kernels read it from
 * {@code static final} fields, which C2 treats as constants. With a species held in an instance field the
 * intrinsics do not apply and every vector operation falls back to Java code that allocates its result. The test suite therefore runs
 * the kernel tests once per species in a JVM of its own (the {@code simd-128}, {@code simd-256} and
 * {@code simd-512} Surefire executions in {@code pom.xml}), so an AVX2 machine and an AVX-512 machine test
 * every code path they can run.
 *
 * <p>A request wider than the hardware (512 on an AVX2 machine) is refused with one warning and the widest
 * hardware species is used: the Vector API would emulate it in Java, correct but many times slower.
 */
public final class SimdSpecies {
    /** The system property that forces a species: {@code 128}, {@code 256}, {@code 512} or {@code auto}. */
    public static final String PROPERTY = "resnetlab.simd.bits";

    private static final Logger LOG = Logger.getLogger(SimdSpecies.class.getName());

    /** The widest species this CPU runs in hardware. */
    static final VectorSpecies<Float> HARDWARE = FloatVector.SPECIES_PREFERRED;
    /** What {@value #PROPERTY} asked for (0 for {@code auto} or unset). */
    static final int REQUESTED_BITS = parseBits(System.getProperty(PROPERTY));
    /** The species of every kernel in this JVM. */
    static final VectorSpecies<Float> FLOAT = choose(REQUESTED_BITS, HARDWARE);

    private SimdSpecies() {}

    /** Bits of the species in use: 128, 256 or 512. */
    public static int bits() { return FLOAT.vectorBitSize(); }

    /** Float lanes of the species in use: 4, 8 or 16. */
    public static int lanes() { return FLOAT.length(); }

    /** Bits of the widest species this CPU runs in hardware. */
    public static int hardwareBits() { return HARDWARE.vectorBitSize(); }

    /** Bits asked for with {@value #PROPERTY}, 0 when unset or {@code auto}. */
    public static int requestedBits() { return REQUESTED_BITS; }

    /** True when this CPU runs {@code bits}-wide float vectors in hardware. */
    public static boolean supports(int bits) { return bits <= hardwareBits(); }

    /** One line for {@code bench} and logs, e.g. "512-bit (16 float lanes; widest here 512)". */
    public static String describe() {
        String how = REQUESTED_BITS == 0 ? "widest here" : "forced by -D" + PROPERTY + "=" + REQUESTED_BITS
                + "; widest here";
        return bits() + "-bit (" + lanes() + " float lanes; " + how + " " + hardwareBits() + ")";
    }

    /** 0 for unset or {@code auto}; 128, 256 or 512; anything else is warned about and read as {@code auto}. */
    static int parseBits(String value) {
        if (value == null || value.isBlank() || value.trim().toLowerCase(Locale.ROOT).equals("auto")) return 0;
        String v = value.trim();
        if (v.equals("128") || v.equals("256") || v.equals("512")) return Integer.parseInt(v);
        LOG.warning("-D" + PROPERTY + "=" + value + " is not 128, 256, 512 or auto; using the widest species");
        return 0;
    }

    /** The species for a request of {@code bits} (0: the hardware's) on hardware whose widest is given. */
    static VectorSpecies<Float> choose(int bits, VectorSpecies<Float> hardware) {
        if (bits == 0 || bits == hardware.vectorBitSize()) return hardware;
        if (bits > hardware.vectorBitSize()) {
            LOG.warning("-D" + PROPERTY + "=" + bits + " is wider than this CPU's " + hardware.vectorBitSize()
                    + "-bit vectors; using " + hardware.vectorBitSize() + " bits");
            return hardware;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
