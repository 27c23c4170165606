package resnetlab.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The one HotSpot flag the SIMD kernels need besides {@code --add-modules jdk.incubator.vector}:
 * {@value #FLAG}. Every launcher of this project passes it (the installer, {@code mvn javafx:run}, the tests, the
 * comparison script, the README's commands); the command line (every command, on stderr) and the app (a log
 * warning) say so when a JVM was started without it. On Linux the launchers add one that makes the kernels faster,
 * {@link #LINUX_HEAP_FLAG}.
 *
 * <p>Why. C2 turns a Vector API operation into one instruction only when it knows the vector's exact class; in a
 * kernel's loops it often learns it from the type profile, behind a class check that deoptimises if ever wrong.
 * C2 gives up such profile-based checks for a whole compilation once the class-check traps recorded in the
 * methods it inlines add up to {@code PerMethodTrapLimit} (100 by default), and it adds each inlined copy's
 * count again: a kernel with 48 inlined {@code lanewise} calls goes over with two such traps in the Vector API's
 * shared {@code VectorOperators.opCode} and {@code ImplCache.find}. Those traps come from the JDK's own methods
 * being compiled on their own during warm-up, a few more or fewer from one JVM to the next. Past the limit the
 * kernel is compiled with the operations as calls to their Java fallback: each allocates its result, the step is
 * several times slower, and it stays so for the life of the JVM. Measured 2026-12-05 with
 * {@code -XX:+LogCompilation} ({@code <observe trap='class_check' ... total='240'/>}, {@code hot_throw} and
 * {@code virtual_call} in the slow compile of {@code MicroKernel.multiply8Padded}, none in a fast one): 4 of 32
 * fresh JVMs of a build with more vector code in its warm-up, 0 of 22 with the flag. A higher limit only lets C2
 * keep speculating; the per-bytecode limits that stop deoptimisation loops are unchanged.
 */
public final class JitFlags {
    /** The limit the launchers set. */
    public static final long TRAP_LIMIT = 10_000;
    /** The flag as typed on a {@code java} command line. */
    public static final String FLAG = "-XX:PerMethodTrapLimit=" + TRAP_LIMIT;

    /**
     * On Linux the launchers add a second flag, {@value}: the Java heap on transparent huge pages (2 MiB), which the
     * kernel gives a process in its default THP mode ("madvise") only where it asks. A ResNet-20 step streams
     * feature maps of 8 MiB through the caches; with 4 KiB pages each touches 2048 of them, past what the TLB holds.
     * Measured on the Intel Xeon, 2026-12-06 (fresh JVMs in turns, 5 rounds): ResNet-20 training on two threads
     * 638 -> 668 images/s (medians; 622-671 without, 665-670 with), one thread 366 -> 380, ResNet-56 on two 241 -> 253,
     * the classroom net (maps of 16 KiB an image) 1-2%; PyTorch's step, with the kernel's THP mode "always" instead
     * of "madvise", did not gain (609, 600, 587 against 604, 573, 561). Other systems' JVMs reject the flag, so it
     * is passed on Linux only (pom profile {@code linux-heap}, {@code src/installer/linux-image.args},
     * {@code compare.py}); nothing depends on it but speed.
     */
    public static final String LINUX_HEAP_FLAG = "-XX:+UseTransparentHugePages";

    private JitFlags() {}

    /**
     * Whether this JVM's heap uses transparent huge pages ({@link #LINUX_HEAP_FLAG}; false also where the flag was given
     * but the kernel has THP off, as HotSpot then clears it), or null where the option does not exist (not Linux) or
     * cannot be read.
     */
    public static Boolean transparentHugePages() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hs == null ? null : Boolean.valueOf(hs.getVMOption("UseTransparentHugePages").getValue());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** This JVM's {@code PerMethodTrapLimit}, or -1 where it cannot be read (not HotSpot, no jdk.management). */
    public static long perMethodTrapLimit() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hs == null ? -1 : Long.parseLong(hs.getVMOption("PerMethodTrapLimit").getValue());
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /**
     * One line of advice for this JVM, or null when its limit is high enough or unknown, or when the SIMD kernels do not
     * run (the limit matters only to them).
     */
    public static String advice() {
        return Kernels.simdEnabled() ? advice(perMethodTrapLimit()) : null;
    }

    /** One line of advice for a JVM whose limit is {@code limit} (-1: unknown), or null when there is none to give. */
    static String advice(long limit) {
        if (limit < 0 || limit >= TRAP_LIMIT) return null;
        return "this JVM runs with -XX:PerMethodTrapLimit=" + limit + "; start java with " + FLAG
                + " as well: without it a JVM now and then compiles a SIMD kernel with its vector operations left as"
                + " calls, and runs several times slower until it exits";
    }
}
