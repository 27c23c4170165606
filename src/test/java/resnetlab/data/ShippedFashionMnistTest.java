package resnetlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedFashionMnistTest {
    private static final String[] FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

    @Test
    void loadsFromTheClasspathBalancedWithSanePixels() {
        DataSplit s = Datasets.load(DataSpec.shippedFashion());
        Dataset train = s.train(), test = s.test();

        assertThat(train.size()).isEqualTo(10_000);
        assertThat(test.size()).isEqualTo(2_000);
        assertThat(train.images().shape()).containsExactly(10_000, 1, 28, 28);
        assertThat(train.classCounts()).containsOnly(1000);
        assertThat(test.classCounts()).containsOnly(200);
        assertThat(train.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        // The original training file starts with an ankle boot and two T-shirts (labels 9, 0, 0, 3).
        assertThat(new int[] {train.label(0), train.label(1), train.label(2), train.label(3)}).containsExactly(9, 0, 0, 3);

        for (Dataset d : new Dataset[] {train, test}) {
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            double sum = 0;
            for (float v : d.images().data) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            assertThat(min).isEqualTo(0f);
            assertThat(max).isEqualTo(1f);
            // Fashion-MNIST's mean pixel is about 0.286 (std 0.353) on the full set.
            assertThat(sum / d.images().size()).isBetween(0.26, 0.31);
        }
        assertThat(train.description()).contains("Fashion-MNIST").contains("MIT");
    }

    @Test
    void subsetAndResizeOfTheShippedSet() {
        DataSplit s = Datasets.load(new DataSpec("fashion", null, 1000, 500, 16, 0));
        assertThat(s.train().size()).isEqualTo(1000);
        assertThat(s.train().classCounts()).containsOnly(100);
        assertThat(s.test().classCounts()).containsOnly(50);
        assertThat(s.train().images().shape()).containsExactly(1000, 1, 16, 16);
        assertThat(s.train().description()).contains("Resized 28x28 → 16x16 (area)");
    }

    @Test
    void noticeShipsWithTheLicence() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/assets/datasets/fashion-mnist/NOTICE")) {
            assertThat(in).isNotNull();
            String notice = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(notice).contains("Copyright (c) 2017 Zalando SE").contains("MIT License")
                    .contains("first 1,000 (training) or 200 (test) images of every class");
        }
    }

    /** The shipped bytes are what {@link FashionMnistSubset} makes from the full set, where that is installed. */
    @Test
    void rebuildingFromTheFullSetGivesTheShippedBytes(@TempDir Path out) throws IOException {
        Path source = Path.of(FashionMnistSubset.SYSTEM_DIR);
        assumeThat(Files.isDirectory(source)).as("full Fashion-MNIST in " + source).isTrue();
        FashionMnistSubset.write(source, out);
        for (String f : FILES) {
            try (InputStream in = getClass().getResourceAsStream(FashionMnistSubset.RESOURCE_DIR + f)) {
                assertThat(in).as(f).isNotNull();
                assertThat(Files.readAllBytes(out.resolve(f))).as(f).isEqualTo(in.readAllBytes());
            }
        }
    }
}
