package resnetlab.kernel.simd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU's vendor and family as the operating system reports them (Linux: {@code /proc/cpuinfo}; Windows: the
 * {@code PROCESSOR_IDENTIFIER} variable), for the few kernel choices that depend on more than the vector width: Java
 * cannot ask the CPU how wide its FMA units are, and a choice timed at run time would make a seeded run's results
 * depend on the machine's load. Unknown (macOS, other systems, an unreadable file) reads as vendor "" and family -1,
 * which no rule matches: the choices measured on the Intel Xeon.
 */
public record CpuModel(String vendor, int family) {
    /** Overrides {@link #halvesWideVectors()} ({@code true} or {@code false}), to measure a choice on another CPU. */
    public static final String HALF_RATE_PROPERTY = "resnetlab.cpu.halfRate512";

    private static final Pattern VENDOR = Pattern.compile("^vendor_id\\s*:\\s*(\\S+)", Pattern.MULTILINE);
    private static final Pattern FAMILY = Pattern.compile("^cpu family\\s*:\\s*(\\d+)", Pattern.MULTILINE);
    private static final Pattern WINDOWS_FAMILY = Pattern.compile("\\bfamily\\s+(\\d+)");
    private static final CpuModel UNKNOWN = new CpuModel("", -1);
    /** After the patterns, which {@link #detect} uses. */
    private static final CpuModel CURRENT = detect();

    /** This machine's, read once. */
    public static CpuModel current() { return CURRENT; }

    /**
     * Whether the CPU runs a 512-bit FMA as two 256-bit halves, so that 512-bit vectors do no more multiply-adds a
     * cycle than 256-bit ones: AMD's family 25 (Zen 4 is its only member with AVX-512; {@code bench} measured 117 GFLOP/s
     * a core there against 224-241 on the Zen 5 EPYC and the Intel Xeon). There the kernels that save multiplications
     * for more loads and stores gain where the others, FMA-bound, lose half their peak. {@link #HALF_RATE_PROPERTY}
     * overrides it; it is read at each choice, so set it before a layer first runs (a layer keeps its packed weights).
     */
    public boolean halvesWideVectors() {
        String forced = System.getProperty(HALF_RATE_PROPERTY);
        if (forced != null) return Boolean.parseBoolean(forced.trim());
        return "AuthenticAMD".equals(vendor) && family == 25;
    }

    /** "AuthenticAMD family 25", or "unknown". */
    @Override public String toString() { return family < 0 ? "unknown" : vendor + " family " + family; }

    private static CpuModel detect() {
        try {
            String identifier = System.getenv("PROCESSOR_IDENTIFIER"); // Windows: "AMD64 Family 25 Model 97 Stepping 2, AuthenticAMD"
            if (identifier != null) return parseWindowsIdentifier(identifier);
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) return parseProcCpuinfo(Files.readString(cpuinfo));
        } catch (IOException | RuntimeException e) {
            // an unreadable or unexpected file: no rule applies
        }
        return UNKNOWN;
    }

    /** The first processor's {@code vendor_id} and {@code cpu family} lines of Linux's /proc/cpuinfo (x86). */
    static CpuModel parseProcCpuinfo(String text) {
        Matcher v = VENDOR.matcher(text), f = FAMILY.matcher(text);
        if (!v.find() || !f.find()) return UNKNOWN;
        return new CpuModel(v.group(1), Integer.parseInt(f.group(1)));
    }

    /** Windows' {@code PROCESSOR_IDENTIFIER}: "AMD64 Family 25 Model 97 Stepping 2, AuthenticAMD". */
    static CpuModel parseWindowsIdentifier(String identifier) {
        Matcher m = WINDOWS_FAMILY.matcher(identifier.toLowerCase(Locale.ROOT));
        int comma = identifier.lastIndexOf(',');
        if (!m.find() || comma < 0) return UNKNOWN;
        return new CpuModel(identifier.substring(comma + 1).trim(), Integer.parseInt(m.group(1)));
    }
}
