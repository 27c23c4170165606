package resnetlab.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LastLevelCache}: Linux's sysfs cache entries, as this machine and a Zen 4 EPYC write them. */
class LastLevelCacheTest {
    @TempDir Path dir;

    private void entry(String name, String level, String type, String size) throws IOException {
        Path e = Files.createDirectories(dir.resolve(name));
        if (level != null) Files.writeString(e.resolve("level"), level + "\n");
        if (type != null) Files.writeString(e.resolve("type"), type + "\n");
        if (size != null) Files.writeString(e.resolve("size"), size + "\n");
    }

    @Test
    void readsSizesWithTheirUnits() {
        assertThat(LastLevelCache.parseSize("32768K\n")).isEqualTo(32L << 20);
        assertThat(LastLevelCache.parseSize("32M")).isEqualTo(32L << 20);
        assertThat(LastLevelCache.parseSize("1G")).isEqualTo(1L << 30);
        assertThat(LastLevelCache.parseSize("49152")).isEqualTo(49152);
        assertThat(LastLevelCache.parseSize("")).isEqualTo(-1);
        assertThat(LastLevelCache.parseSize("big")).isEqualTo(-1);
        assertThat(LastLevelCache.parseSize("-5K")).isEqualTo(-1);
    }

    @Test
    void takesTheHighestLevelThatHoldsData() throws IOException {
        entry("index0", "1", "Data", "32K");
        entry("index1", "1", "Instruction", "32K");
        entry("index2", "2", "Unified", "1024K");
        entry("index3", "3", "Unified", "32768K");
        assertThat(LastLevelCache.read(dir)).isEqualTo(32L << 20);
        // a level-4 instruction cache is not the last level for data
        entry("index4", "4", "Instruction", "64M");
        assertThat(LastLevelCache.read(dir)).isEqualTo(32L << 20);
    }

    @Test
    void skipsEntriesItCannotReadAndSaysUnknownWithoutAny() throws IOException {
        assertThat(LastLevelCache.read(dir)).as("no entries").isEqualTo(-1);
        assertThat(LastLevelCache.read(dir.resolve("missing"))).as("no directory").isEqualTo(-1);
        entry("index0", "1", "Data", "48K");
        entry("index2", "2", "Unified", null);
        entry("index3", "three", "Unified", "8M");
        assertThat(LastLevelCache.read(dir)).isEqualTo(48L << 10);
    }

    /** Where Linux lists CPU 0's caches, the size is read from them, not left unknown. */
    @Test
    void thisMachineIsReadWhereLinuxListsItsCaches() {
        Path sysfs = Path.of("/sys/devices/system/cpu/cpu0/cache");
        assumeTrue(Files.isDirectory(sysfs) && LastLevelCache.read(sysfs) > 0, "no readable cache entries in sysfs here");
        assertThat(LastLevelCache.bytes()).isEqualTo(LastLevelCache.read(sysfs)).isGreaterThanOrEqualTo(64L << 10);
    }
}
