package resnetlab.kernel.simd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The size of the CPU's last-level cache as Linux reports it for CPU 0 ({@code /sys/devices/system/cpu/cpu0/cache}),
 * for the one blocking that depends on it ({@link VectorGemm}'s blocks of B packed as rows). Unknown (other systems,
 * an unreadable directory) reads as -1, and the caller takes its default. A size, not a timing: the blocking, like the
 * rest of the kernels' choices, must not depend on the machine's load.
 */
public final class LastLevelCache {
    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");
    /** After SYSFS, which {@link #read} uses. */
    private static final long BYTES = read(SYSFS);

    private LastLevelCache() {}

    /** This machine's, read once: bytes, or -1 where unknown. */
    public static long bytes() { return BYTES; }

    /** The largest level's size among the {@code index*} entries of a sysfs cache directory; -1 if none reads. */
    static long read(Path cacheDir) {
        if (!Files.isDirectory(cacheDir)) return -1;
        int bestLevel = -1;
        long best = -1;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(cacheDir, "index*")) {
            for (Path entry : entries) {
                try {
                    if (Files.readString(entry.resolve("type")).trim().equals("Instruction")) continue;
                    int level = Integer.parseInt(Files.readString(entry.resolve("level")).trim());
                    long size = parseSize(Files.readString(entry.resolve("size")));
                    if (size > 0 && level > bestLevel) {
                        bestLevel = level;
                        best = size;
                    }
                } catch (IOException | RuntimeException e) {
                    // an entry without the files or with other contents: skip it
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return best;
    }

    /** sysfs's "32768K" (also "32M", "1G", or bytes without a suffix); -1 for anything else. */
    static long parseSize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.isEmpty()) return -1;
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        if (!digits.matches("\\d{1,12}")) return -1;
        return Long.parseLong(digits) * unit;
    }
}
