package resnetlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir Path dir;

    @Test
    void recordIsLabelThenRedGreenBluePlanes() {
        Path f = TestFiles.write(dir, "data_batch_1.bin", TestFiles.cifarBatch(6, 9, 0));
        ByteImages b = Cifar10Reader.readBatch(f);
        assertThat(b.count()).isEqualTo(3);
        assertThat(b.labels()).containsExactly(6, 9, 0);
        assertThat(b.channels()).isEqualTo(3);
        assertThat(b.height()).isEqualTo(32);
        assertThat(b.width()).isEqualTo(32);
        // pixel (i=2, c=1 green, y=5, x=7) = 2*13 + 100 + 15 + 7 = 148
        assertThat(b.pixels()[((2 * 3 + 1) * 32 + 5) * 32 + 7] & 0xFF).isEqualTo(148);

        Dataset d = b.toDataset("c", "test", Cifar10Reader.CLASS_NAMES);
        assertThat(d.images().get(2, 1, 5, 7)).isEqualTo(148 / 255f);
        assertThat(d.images().get(0, 2, 31, 31)).isEqualTo(((200 + 93 + 31) & 0xFF) / 255f);
        assertThat(d.classNames().get(d.label(0))).isEqualTo("frog");
    }

    @Test
    void folderConcatenatesFiveBatchesAndFindsTheArchiveSubfolder() throws Exception {
        Path sub = Files.createDirectories(dir.resolve(Cifar10Reader.SUBFOLDER));
        for (int i = 1; i <= 5; i++) TestFiles.write(sub, "data_batch_" + i + ".bin", TestFiles.cifarBatch(i, i + 1));
        TestFiles.write(sub, "test_batch.bin", TestFiles.cifarBatch(3, 4, 5));

        ByteImages train = Cifar10Reader.readTrain(dir);
        assertThat(train.labels()).containsExactly(1, 2, 2, 3, 3, 4, 4, 5, 5, 6);
        assertThat(Cifar10Reader.readTest(dir).count()).isEqualTo(3);

        DataSplit s = Datasets.load(new DataSpec("cifar10", dir, 0, 0, 16, 1));
        assertThat(s.train().size()).isEqualTo(10);
        assertThat(s.train().images().shape()).containsExactly(10, 3, 16, 16);
        assertThat(s.test().classNames()).isEqualTo(Cifar10Reader.CLASS_NAMES);
    }

    @Test
    void lengthNotAMultipleOfTheRecord() {
        byte[] b = TestFiles.cifarBatch(1, 2);
        Path f = TestFiles.write(dir, "data_batch_2.bin", Arrays.copyOf(b, b.length - 100));
        assertThatThrownBy(() -> Cifar10Reader.readBatch(f))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("data_batch_2.bin: length 6046 is not a multiple of the 3073-byte record");
    }

    @Test
    void labelOutOfRange() {
        Path f = TestFiles.write(dir, "test_batch.bin", TestFiles.cifarBatch(1, 2, 10));
        assertThatThrownBy(() -> Cifar10Reader.readBatch(f))
                .isInstanceOf(DatasetException.class)
                .hasMessage("test_batch.bin: label 10 at record 2 is out of range 0..9");
    }

    @Test
    void emptyAndMissingFiles() {
        Path empty = TestFiles.write(dir, "data_batch_1.bin", new byte[0]);
        assertThatThrownBy(() -> Cifar10Reader.readBatch(empty)).hasMessage("data_batch_1.bin: file is empty");
        assertThatThrownBy(() -> Cifar10Reader.readTrain(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("data_batch_1.bin: file is empty");
        TestFiles.write(dir, "data_batch_1.bin", TestFiles.cifarBatch(0));
        assertThatThrownBy(() -> Cifar10Reader.readTrain(dir))
                .hasMessageStartingWith("data_batch_2.bin: file not found in " + dir.toAbsolutePath());
    }
}
