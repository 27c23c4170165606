package resnetlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir Path dir;

    @Test
    void readsHandWrittenRawAndGzipFilesAlike() {
        byte[] images = TestFiles.imageFile(3, 4, 5);
        Path raw = TestFiles.write(dir, "raw-images", images);
        Path gz = TestFiles.write(dir, "gz-images.gz", TestFiles.gzip(images));

        for (Path p : new Path[] {raw, gz}) {
            IdxReader.Images im = IdxReader.readImages(p);
            assertThat(im.count()).isEqualTo(3);
            assertThat(im.rows()).isEqualTo(4);
            assertThat(im.cols()).isEqualTo(5);
            // pixel (i=2, y=3, x=4) = 2*31 + 3*7 + 4 = 87, at (2*4 + 3)*5 + 4
            assertThat(im.pixels()[(2 * 4 + 3) * 5 + 4] & 0xFF).isEqualTo(87);
            assertThat(im.pixels()).isEqualTo(TestFiles.imagePixels(3, 4, 5));
        }
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() {
        Path gzNoSuffix = TestFiles.write(dir, "labels", TestFiles.gzip(TestFiles.labelFile(1, 2, 3)));
        Path rawWithSuffix = TestFiles.write(dir, "labels.gz", TestFiles.labelFile(4, 5));
        assertThat(IdxReader.readLabels(gzNoSuffix, 10)).containsExactly(1, 2, 3);
        assertThat(IdxReader.readLabels(rawWithSuffix, 10)).containsExactly(4, 5);
    }

    @Test
    void writerRoundTripsGzipAndRaw() throws IOException {
        byte[] pixels = TestFiles.imagePixels(7, 3, 2);
        int[] labels = {0, 9, 3, 3, 255, 1, 7};
        for (String suffix : new String[] {"", ".gz"}) {
            Path im = dir.resolve("im" + suffix), lb = dir.resolve("lb" + suffix);
            IdxWriter.writeImages(im, pixels, 7, 3, 2);
            IdxWriter.writeLabels(lb, labels);
            assertThat(DataFiles.isGzip(Files.readAllBytes(im))).isEqualTo(!suffix.isEmpty());
            IdxReader.Images read = IdxReader.readImages(im);
            assertThat(read.pixels()).isEqualTo(pixels);
            assertThat(read.rows()).isEqualTo(3);
            assertThat(read.cols()).isEqualTo(2);
            assertThat(IdxReader.readLabels(lb, 256)).isEqualTo(labels);
        }
        // the raw file is exactly header + data, as a hand-written one
        assertThat(Files.readAllBytes(dir.resolve("im"))).isEqualTo(
                TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {7, 3, 2}, pixels));
    }

    @Test
    void gzipOutputIsReproducible() throws IOException {
        byte[] pixels = TestFiles.imagePixels(20, 28, 28);
        IdxWriter.writeImages(dir.resolve("a.gz"), pixels, 20, 28, 28);
        IdxWriter.writeImages(dir.resolve("b.gz"), pixels, 20, 28, 28);
        assertThat(Files.readAllBytes(dir.resolve("a.gz"))).isEqualTo(Files.readAllBytes(dir.resolve("b.gz")));
    }

    @Test
    void pairsImagesWithLabelsAsOneChannel() {
        Path im = TestFiles.write(dir, "im", TestFiles.imageFile(4, 2, 3));
        Path lb = TestFiles.write(dir, "lb", TestFiles.labelFile(3, 1, 4, 1));
        ByteImages b = IdxReader.readLabelled(im, lb, 10);
        assertThat(b.count()).isEqualTo(4);
        assertThat(b.channels()).isEqualTo(1);
        assertThat(b.height()).isEqualTo(2);
        assertThat(b.width()).isEqualTo(3);
        assertThat(b.labels()).containsExactly(3, 1, 4, 1);
    }

    // ---- bad files: every message names the file and the problem ----

    @Test
    void missingFile() {
        assertThatThrownBy(() -> IdxReader.readImages(dir.resolve("train-images-idx3-ubyte.gz")))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("train-images-idx3-ubyte.gz: ")
                .hasMessageContaining("not found");
    }

    @Test
    void labelOutOfRange() {
        Path lb = TestFiles.write(dir, "train-labels-idx1-ubyte.gz", TestFiles.gzip(TestFiles.labelFile(0, 1, 2, 3, 4, 12, 5)));
        assertThatThrownBy(() -> IdxReader.readLabels(lb, 10))
                .isInstanceOf(DatasetException.class)
                .hasMessage("train-labels-idx1-ubyte.gz: label 12 at index 5 is out of range 0..9");
    }

    @Test
    void labelRangeBoundaryIsNumClassesMinusOne() {
        Path ok = TestFiles.write(dir, "ok", TestFiles.labelFile(0, 9));
        assertThat(IdxReader.readLabels(ok, 10)).containsExactly(0, 9);
        Path ten = TestFiles.write(dir, "ten", TestFiles.labelFile(9, 10));
        assertThatThrownBy(() -> IdxReader.readLabels(ten, 10)).hasMessage("ten: label 10 at index 1 is out of range 0..9");
    }

    @Test
    void wrongMagicNumber() {
        Path swapped = TestFiles.write(dir, "t10k-images-idx3-ubyte", TestFiles.labelFile(1, 2));
        assertThatThrownBy(() -> IdxReader.readImages(swapped))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("t10k-images-idx3-ubyte: wrong magic number 0x00000801, expected 0x00000803")
                .hasMessageContaining("label file");
        Path junk = TestFiles.write(dir, "junk.bin", "hello world, not idx".getBytes());
        assertThatThrownBy(() -> IdxReader.readLabels(junk, 10))
                .hasMessageStartingWith("junk.bin: wrong magic number 0x68656C6C");
        Path ints = TestFiles.write(dir, "ints", TestFiles.idx(0x00000C03, new int[] {1, 1, 1}, new byte[4]));
        assertThatThrownBy(() -> IdxReader.readImages(ints)).hasMessageContaining("only unsigned-byte data");
    }

    @Test
    void truncatedData() {
        byte[] full = TestFiles.imageFile(5, 4, 4);
        Path cut = TestFiles.write(dir, "cut-images", Arrays.copyOf(full, full.length - 3));
        assertThatThrownBy(() -> IdxReader.readImages(cut))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("cut-images: truncated: the header promises 5 images of 4x4 (96 bytes), the data has 93 bytes");
        Path header = TestFiles.write(dir, "short-header", Arrays.copyOf(full, 10));
        assertThatThrownBy(() -> IdxReader.readImages(header)).hasMessageStartingWith("short-header: truncated header: 10 bytes");
        Path tiny = TestFiles.write(dir, "tiny", new byte[] {0, 0});
        assertThatThrownBy(() -> IdxReader.readLabels(tiny, 10)).hasMessageStartingWith("tiny: file is too short");
        Path longer = TestFiles.write(dir, "long-labels", Arrays.copyOf(TestFiles.labelFile(1, 2, 3), 13));
        assertThatThrownBy(() -> IdxReader.readLabels(longer, 10)).hasMessageStartingWith("long-labels: too long: the header promises 3 labels");
    }

    @Test
    void truncatedGzipStream() {
        byte[] gz = TestFiles.gzip(TestFiles.imageFile(50, 28, 28));
        Path cut = TestFiles.write(dir, "train-images-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(cut))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("train-images-idx3-ubyte.gz: gzip data is truncated");
    }

    @Test
    void wrongDimensions() {
        Path zero = TestFiles.write(dir, "zero-rows", TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {2, 0, 28}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.readImages(zero)).hasMessage("zero-rows: wrong dimensions 0x28 in the header");
        Path negative = TestFiles.write(dir, "negative", TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {-1, 28, 28}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.readImages(negative)).hasMessageStartingWith("negative: negative image count -1");
        Path twoDims = TestFiles.write(dir, "two-dims", TestFiles.idx(0x00000802, new int[] {2, 4}, new byte[8]));
        assertThatThrownBy(() -> IdxReader.readImages(twoDims)).hasMessageStartingWith("two-dims: wrong magic number 0x00000802");
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        Path im = TestFiles.write(dir, "t10k-images-idx3-ubyte.gz", TestFiles.gzip(TestFiles.imageFile(4, 2, 2)));
        Path lb = TestFiles.write(dir, "t10k-labels-idx1-ubyte.gz", TestFiles.gzip(TestFiles.labelFile(1, 2, 3)));
        assertThatThrownBy(() -> IdxReader.readLabelled(im, lb, 10))
                .isInstanceOf(DatasetException.class)
                .hasMessage("t10k-images-idx3-ubyte.gz: has 4 images but t10k-labels-idx1-ubyte.gz has 3 labels");
    }

    @Test
    void folderAcceptsRawAndGzipNamesAndNamesAMissingFile() {
        TestFiles.write(dir, "train-images-idx3-ubyte", TestFiles.imageFile(3, 2, 2));
        TestFiles.write(dir, "train-labels-idx1-ubyte.gz", TestFiles.gzip(TestFiles.labelFile(0, 1, 2)));
        assertThat(IdxReader.readFolder(dir, "train", 10).labels()).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> IdxReader.readFolder(dir, "t10k", 10))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("t10k-images-idx3-ubyte.gz: file not found in " + dir.toAbsolutePath());
        assertThatThrownBy(() -> IdxReader.readFolder(dir.resolve("nope"), "train", 10))
                .hasMessageContaining("nope: folder does not exist");
    }
}
