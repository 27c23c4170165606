package resnetlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Dataset;
import resnetlab.data.Datasets;
import resnetlab.experiments.LesionStudy;
import resnetlab.experiments.LossLandscape;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.tensor.Tensor;

/**
 * The evaluation batch chosen for the CPU's caches ({@link Network#cacheBatch}): its sizes, and that evaluating in
 * such batches gives what the batches of 250 gave (each image's logits bit for bit, the dataset's error exactly,
 * its mean loss to rounding), on the vector kernels with one and two threads.
 */
class EvaluationBatchTest {
    static final DataSplit DATA = Datasets.load(new DataSpec("shapes", null, 64, 90, 16, 5)).normalized();

    @Test
    void batchKeepsOneThreadsShareOfTheWidestMapWithinAQuarterMebibyteOrSixteenImagesWithinOne() {
        NetworkSpec paper = NetworkSpec.of(20, 16, 3, 32, 10, ShortcutType.IDENTITY); // 16x32x32 floats: 64 KiB an image
        assertThat(Network.cacheBatch(paper, 1)).isEqualTo(16);
        assertThat(Network.cacheBatch(paper, 2)).isEqualTo(32);
        NetworkSpec classroom = NetworkSpec.of(56, 8, 1, 16, 10, ShortcutType.IDENTITY); // 8 KiB an image
        assertThat(Network.cacheBatch(classroom, 1)).isEqualTo(32); // a quarter MiB: the ring of four maps in L2
        assertThat(Network.cacheBatch(classroom, 2)).isEqualTo(64);
        assertThat(Network.cacheBatch(classroom, 8)).isEqualTo(Network.MAX_CACHE_BATCH);
        NetworkSpec small = NetworkSpec.of(8, 4, 1, 16, 10, ShortcutType.IDENTITY); // 4 KiB an image
        assertThat(Network.cacheBatch(small, 1)).isEqualTo(64);
        NetworkSpec huge = NetworkSpec.of(8, 64, 3, 128, 10, ShortcutType.IDENTITY); // 4 MiB an image
        assertThat(Network.cacheBatch(huge, 1)).isEqualTo(1);
        assertThat(Network.cacheBatch(huge, 2)).isEqualTo(2);
        NetworkSpec wideInput = NetworkSpec.of(8, 4, 64, 32, 10, ShortcutType.IDENTITY); // the input is the widest map
        assertThat(Network.cacheBatch(wideInput, 1)).isEqualTo(4);
    }

    @Test
    void logitsOfAnImageDoNotDependOnTheBatchItIsIn() {
        for (int threads : new int[] {1, 2}) for (int width : new int[] {8, 16}) {
            try (Compute c = Compute.best(threads)) {
                Dataset d = DATA.test();
                int n = 24, size = d.image(0).size(), ch = size / (16 * 16);
                Network net = NetworkBuilder.build(NetworkSpec.of(8, width, ch, 16, d.numClasses(), ShortcutType.IDENTITY), c, 3);
                Tensor all = new Tensor(n, ch, 16, 16);
                for (int i = 0; i < n; i++) System.arraycopy(d.image(i).data, 0, all.data, i * size, size);
                float[] whole = net.infer(all).data.clone();
                int classes = whole.length / n;
                for (int part : new int[] {8, 6}) {
                    for (int from = 0; from < n; from += part) {
                        Tensor x = new Tensor(part, ch, 16, 16);
                        System.arraycopy(all.data, from * size, x.data, 0, part * size);
                        float[] logits = net.infer(x).data;
                        for (int j = 0; j < part * classes; j++) {
                            assertThat(logits[j]).as("width %d, %d threads, image %d in a batch of %d", width, threads, from + j / classes, part)
                                    .isEqualTo(whole[from * classes + j]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void inferOfALargeBatchRunsInCacheSizedPartsWithTheSameLogits() {
        for (int threads : new int[] {1, 2}) {
            try (Compute c = Compute.best(threads)) {
                Dataset d = DATA.test();
                int size = d.image(0).size(), ch = size / (16 * 16), n = 16 * threads * 2 + 5; // two parts and a short one
                NetworkSpec spec = NetworkSpec.of(8, 64, ch, 16, d.numClasses(), ShortcutType.IDENTITY); // 64 KiB maps
                Network parts = NetworkBuilder.build(spec, c, 7), whole = NetworkBuilder.build(spec, c, 7);
                assertThat(parts.cacheBatch()).isEqualTo(16 * threads);
                Tensor x = new Tensor(n, ch, 16, 16);
                for (int i = 0; i < n; i++) System.arraycopy(d.image(i % d.size()).data, 0, x.data, i * size, size);
                float[] expected = whole.forward(x, false).data.clone();
                Tensor got = parts.infer(x);
                assertThat(parts.inferencesInParts()).isEqualTo(1);
                assertThat(got.shape()).containsExactly(n, d.numClasses());
                assertThat(got.data).as("%d threads", threads).containsExactly(expected);
                assertThat(parts.infer(x).data).containsExactly(expected);
                // a net that ran forward at another batch (one being trained) keeps that shape: no parts
                assertThat(whole.infer(x).data).containsExactly(expected);
                assertThat(whole.inferencesInParts()).isZero();
                Tensor small = new Tensor(parts.cacheBatch(), ch, 16, 16);
                System.arraycopy(x.data, 0, small.data, 0, small.size());
                parts.infer(small);
                assertThat(parts.inferencesInParts()).isEqualTo(2); // a batch of one part's size is not split
            }
        }
    }

    @Test
    void evaluatingInTheChosenBatchesGivesWhatBatchesOf250Gave() {
        for (int threads : new int[] {1, 2}) {
            try (Compute c = Compute.best(threads)) {
                int ch = DATA.test().image(0).size() / (16 * 16);
                Network net = NetworkBuilder.build(NetworkSpec.of(8, 64, ch, 16, DATA.test().numClasses(), ShortcutType.IDENTITY), c, 5);
                int chosen = net.cacheBatch();
                assertThat(net.threads()).isEqualTo(threads);
                assertThat(chosen).isEqualTo(16 * threads); // 64x16x16 floats: 64 KiB an image
                EvalResult big = Evaluation.evaluate(net, DATA.test(), 250, 0);
                EvalResult small = Evaluation.evaluate(net, DATA.test(), chosen, 0);
                assertThat(small.images()).isEqualTo(DATA.test().size());
                assertThat(small.error()).isEqualTo(big.error());
                assertThat(small.loss()).isCloseTo(big.loss(), within(1e-6 * Math.abs(big.loss())));
            }
        }
    }

    /**
     * Once warm, an inference in parts allocates no maps: the convolutions write into the net's shared outputs, the
     * other layers into their own tensors, all at the part's shape. (Batches of two sizes in turn would make the layers
     * that keep their own output, such as the downsampling shortcuts, allocate at each switch: about 250 KB a pair of
     * calls here. Evaluations avoid that: a last, shorter batch runs at the full batch's shape.)
     */
    @Test
    void inferenceInPartsAllocatesNoMapsOnceWarm() {
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        try (Compute c = Compute.best(1)) {
            Network net = NetworkBuilder.build(NetworkSpec.of(8, 8, 1, 16, 10, ShortcutType.IDENTITY), c, 3);
            int part = net.cacheBatch(); // 32 images of 8x16x16 floats: a map of a part is 256 KiB
            Tensor x = resnetlab.nn.GradCheck.randn(5, 2 * part + 5, 1, 16, 16); // two parts and a short one
            long allocated = Long.MAX_VALUE;
            // until C2 has compiled the kernels (boxed vectors allocate)
            for (int round = 0; round < 200 && allocated >= 100_000; round++) {
                long before = bean.getThreadAllocatedBytes(tid);
                net.infer(x);
                allocated = Math.min(allocated, bean.getThreadAllocatedBytes(tid) - before);
            }
            assertThat(net.inferencesInParts()).isPositive();
            assertThat(allocated).as("bytes a warm inference of %d images allocated", 2 * part + 5).isLessThan(100_000);
        }
    }

    @Test
    void experimentsTakeZeroAsTheEnginesChoiceAndRefuseNegativeBatches() {
        try (Compute c = Compute.best(2)) {
            Network net = NetworkBuilder.build(NetworkSpec.of(8, 16, 3, 32, 5, ShortcutType.IDENTITY), c, 1);
            LossLandscape.Config auto = LossLandscape.Config.defaults().validate();
            assertThat(auto.batch()).isEqualTo(Evaluation.AUTO_BATCH);
            assertThat(auto.batchFor(net)).isEqualTo(32);
            LossLandscape.Config fixed = new LossLandscape.Config(3, 5, 1.0, 50, "train", 1, 0, 0, 1, 100).validate();
            assertThat(fixed.batchFor(net)).isEqualTo(100);
            assertThatThrownBy(() -> new LossLandscape.Config(3, 5, 1.0, 50, "train", 1, 0, 0, 1, -1).validate())
                    .hasMessageContaining("batch -1 must be at least 1, or 0 for the engine's choice");
            LesionStudy.Config lesions = LesionStudy.Config.defaults().validate();
            assertThat(lesions.batchFor(net)).isEqualTo(32);
            assertThat(new LesionStudy.Config(0, 1, 1, List.of(), List.of(), 7).validate().batchFor(net)).isEqualTo(7);
            assertThatThrownBy(() -> new LesionStudy.Config(0, 1, 1, null, null, -3).validate())
                    .hasMessageContaining("batch -3 must be at least 1, or 0 for the engine's choice");
        }
    }
}
