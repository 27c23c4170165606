package resnetlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir Path dir;

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> new DataSpec("imagenet", null, 0, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown dataset 'imagenet'; choose one of shapes, fashion, mnist, cifar10");
        assertThat(new DataSpec("Fashion-MNIST", null, 0, 0, 0, 1).name()).isEqualTo("fashion");
        assertThat(new DataSpec("CIFAR-10", null, 0, 0, 0, 1).name()).isEqualTo("cifar10");
    }

    @Test
    void specRejectsBadSizes() {
        assertThatThrownBy(() -> new DataSpec("shapes", null, -1, 0, 0, 1)).hasMessageContaining("trainSize");
        assertThatThrownBy(() -> new DataSpec("shapes", null, 0, -5, 0, 1)).hasMessageContaining("testSize");
        assertThatThrownBy(() -> new DataSpec("shapes", null, 0, 0, 4, 1)).hasMessageContaining("imageSize must be 0 (native) or 8..128");
    }

    @Test
    void mnistAndCifarNeedAFolder() {
        assertThatThrownBy(() -> Datasets.load(new DataSpec("mnist", null, 0, 0, 0, 1)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("mnist: needs a data folder holding train-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> Datasets.load(new DataSpec("cifar10", null, 0, 0, 0, 1)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("cifar10: needs a data folder holding data_batch_1.bin");
        assertThatThrownBy(() -> Datasets.load(new DataSpec("shapes", dir, 0, 0, 0, 1)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("give no data folder");
        assertThatThrownBy(() -> Datasets.load(new DataSpec("mnist", dir.resolve("missing"), 0, 0, 0, 1)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("missing: folder does not exist");
    }

    @Test
    void mnistFolderLoadsBalancedSubsetsAndResizes() {
        TestFiles.mnistFolder(dir, 50, 30, 28, 28);
        DataSplit s = Datasets.load(new DataSpec("mnist", dir, 20, 0, 0, 1));
        assertThat(s.train().size()).isEqualTo(20);
        assertThat(s.train().classCounts()).containsOnly(2);
        assertThat(s.test().size()).isEqualTo(30);
        assertThat(s.train().classNames().get(7)).isEqualTo("7");
        // first-of-each-class on cyclic labels keeps the first 20 images: pixel (i, y, x) = (i*31 + y*7 + x) & 0xFF
        assertThat(s.train().images().get(19, 0, 2, 3)).isEqualTo(((19 * 31 + 14 + 3) & 0xFF) / 255f);

        DataSplit big = Datasets.load(new DataSpec("fashion", dir, 0, 0, 32, 1));
        assertThat(big.train().images().shape()).containsExactly(50, 1, 32, 32);
        assertThat(big.train().classNames().get(0)).isEqualTo("T-shirt/top");
    }

    @Test
    void sizesLargerThanTheDataAreRefused() {
        TestFiles.mnistFolder(dir, 50, 30, 28, 28);
        assertThatThrownBy(() -> Datasets.load(new DataSpec("mnist", dir, 60, 0, 0, 1)))
                .isInstanceOf(DatasetException.class)
                .hasMessage("MNIST train: trainSize 60 is larger than the 50 training images available");
        assertThatThrownBy(() -> Datasets.load(new DataSpec("fashion", null, 10_001, 0, 0, 1)))
                .hasMessage("Fashion-MNIST train: trainSize 10001 is larger than the 10000 training images available");
        assertThatThrownBy(() -> Datasets.load(new DataSpec("fashion", null, 0, 2_001, 0, 1)))
                .hasMessage("Fashion-MNIST test: testSize 2001 is larger than the 2000 test images available");
    }

    @Test
    void unbalancedDataThatCannotFillABalancedSubset() throws Exception {
        TestFiles.mnistFolder(dir, 20, 10, 28, 28);
        int[] labels = new int[20];                       // class 0 only twice, class 1 eighteen times
        for (int i = 0; i < 20; i++) labels[i] = i < 2 ? 0 : 1;
        TestFiles.write(dir, "train-labels-idx1-ubyte.gz", TestFiles.gzip(TestFiles.labelFile(labels)));
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        TestFiles.write(dir, "t10k-labels-idx1-ubyte", TestFiles.labelFile(TestFiles.cyclicLabels(10)));
        assertThatThrownBy(() -> Datasets.load(new DataSpec("mnist", dir, 10, 0, 0, 1)))
                .isInstanceOf(DatasetException.class)
                .hasMessage("MNIST train: trainSize 10: a class-balanced subset of 10 images needs 1 of class 2, which has only 0");
    }

    @Test
    void trainAndTestImagesMustHaveOneSize() {
        TestFiles.mnistFolder(dir, 10, 10, 28, 28);
        TestFiles.write(dir, "t10k-images-idx3-ubyte.gz", TestFiles.gzip(TestFiles.imageFile(10, 27, 27)));
        assertThatThrownBy(() -> Datasets.load(new DataSpec("mnist", dir, 0, 0, 0, 1)))
                .isInstanceOf(DatasetException.class)
                .hasMessage("MNIST: training images are 28x28 but test images are 27x27");
        TestFiles.mnistFolder(dir, 10, 10, 32, 32);
        assertThatThrownBy(() -> Datasets.load(new DataSpec("mnist", dir, 0, 0, 0, 1)))
                .hasMessage("MNIST: images are 32x32, expected 28x28");
    }

    @Test
    void shapesUseDefaultsAndKeepTrainAndTestApart() {
        DataSplit s = Datasets.load(new DataSpec("shapes", null, 200, 100, 16, 5));
        assertThat(s.train().images().shape()).containsExactly(200, 3, 16, 16);
        assertThat(s.test().images().shape()).containsExactly(100, 3, 16, 16);
        assertThat(s.train().name()).isEqualTo("shapes train");
        // the test set is drawn from another stream: its first image is not the training set's first image
        assertThat(s.test().image(0).data).isNotEqualTo(s.train().image(0).data);

        DataSplit d = Datasets.load(new DataSpec("shapes", null, 0, 0, 0, 5));
        assertThat(d.train().size()).isEqualTo(Datasets.SHAPES_TRAIN);
        assertThat(d.test().size()).isEqualTo(Datasets.SHAPES_TEST);
        assertThat(d.train().height()).isEqualTo(Datasets.SHAPES_SIZE);
    }
}
