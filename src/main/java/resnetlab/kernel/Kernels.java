package resnetlab.kernel;

import java.lang.reflect.Constructor;
import java.util.logging.Logger;

/**
 * Picks the GEMM at run time: the Vector API kernel ({@code resnetlab.kernel.simd.VectorGemm}) when the
 * {@code jdk.incubator.vector} module is present, else the EJML reference with one warning. The SIMD class is
 * loaded by name so that nothing outside {@code kernel.simd} links against the incubator module.
 */
public final class Kernels {
    private static final Logger LOG = Logger.getLogger(Kernels.class.getName());
    private static final String SIMD_CLASS = "resnetlab.kernel.simd.VectorGemm";
    private static final String SIMD_ELEMENTWISE = "resnetlab.kernel.simd.VectorElementwise";
    private static final String SIMD_CONV3X3 = "resnetlab.kernel.simd.VectorConv3x3";
    private static volatile boolean warned;

    private Kernels() {}

    /** True when the running JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * True when the SIMD kernels run: the JVM has {@code jdk.incubator.vector} and {@code -Dresnetlab.noSimd}
     * is not set. Their vector width is {@code resnetlab.kernel.simd.SimdSpecies} (forced with
     * {@code -Dresnetlab.simd.bits=128|256|512}).
     */
    public static boolean simdEnabled() {
        return !Boolean.getBoolean("resnetlab.noSimd") && vectorApiAvailable();
    }

    /** The fastest GEMM this JVM offers, using the given threads inside each call. */
    public static Gemm bestGemm(Parallel parallel) {
        if (simdEnabled()) {
            try {
                Class<?> cls = Class.forName(SIMD_CLASS);
                Constructor<?> ctor = cls.getConstructor(Parallel.class);
                return (Gemm) ctor.newInstance(parallel);
            } catch (ClassNotFoundException e) {
                // the SIMD kernel is not part of this build; fall through to the reference
            } catch (ReflectiveOperationException | LinkageError e) {
                warnOnce("SIMD GEMM could not start (" + e + "); using the EJML reference GEMM (slower)");
                return new EjmlGemm();
            }
        } else if (!Boolean.getBoolean("resnetlab.noSimd")) {
            warnOnce("jdk.incubator.vector is not available (start java with --add-modules jdk.incubator.vector); "
                    + "using the EJML reference GEMM (slower)");
        }
        return new EjmlGemm();
    }

    /** The Vector API elementwise kernels when available, else the scalar reference. */
    public static Elementwise bestElementwise() {
        Object simd = simdInstance(SIMD_ELEMENTWISE);
        return simd != null ? (Elementwise) simd : ScalarElementwise.INSTANCE;
    }

    /** The Vector API direct 3x3 convolution when available, else null (convolutions then use im2col + GEMM). */
    public static Conv3x3 bestConv3x3() {
        return (Conv3x3) simdInstance(SIMD_CONV3X3);
    }

    /** A no-argument instance of a kernel.simd class, or null without the Vector API (warned once). */
    private static Object simdInstance(String className) {
        if (Boolean.getBoolean("resnetlab.noSimd")) return null;
        if (!vectorApiAvailable()) {
            warnOnce("jdk.incubator.vector is not available (start java with --add-modules jdk.incubator.vector); "
                    + "using the scalar reference kernels (slower)");
            return null;
        }
        try {
            return Class.forName(className).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException | LinkageError e) {
            warnOnce("SIMD kernel " + className + " could not start (" + e + "); using the scalar reference kernels");
            return null;
        }
    }

    private static void warnOnce(String message) {
        if (!warned) {
            warned = true;
            LOG.warning(message);
        }
    }
}
