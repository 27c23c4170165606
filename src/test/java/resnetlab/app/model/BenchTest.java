package resnetlab.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import resnetlab.model.ShortcutType;
import resnetlab.train.MemoryEstimate;

/** The bench of models without a window: adding, removing, its limit, and settings that reach the models. */
class BenchTest {
    static final ModelSetup TINY = ModelSetup.of(8, ShortcutType.IDENTITY).withWidth(2).withPreset(DataPreset.SHAPES_8);
    private final LabModel lab = new LabModel();
    private final Frames frames = new Frames();

    @AfterEach void close() { lab.close(); }

    @Test void theBenchHoldsAtMostFourModelsAndReusesFreeColours() {
        lab.replaceModels(List.of(TINY, TINY.withWidth(3)));
        assertThat(lab.models()).extracting(BenchModel::slot).containsExactly(0, 1);
        BenchModel third = lab.addModel();
        assertThat(third.slot()).isEqualTo(2);
        assertThat(third.draft().parse().setup()).as("a new model is like the last one").isEqualTo(TINY.withWidth(3));
        assertThat(lab.addModel()).isNotNull();
        assertThat(lab.models()).hasSize(LabModel.MAX_MODELS);

        int noticesBefore = lab.notices().size();
        assertThat(lab.addModel()).as("a fifth model is refused").isNull();
        assertThat(lab.models()).hasSize(LabModel.MAX_MODELS);
        assertThat(lab.notices().subList(noticesBefore, lab.notices().size())).extracting(Notice::key).containsExactly("notice.benchFull");

        lab.removeModel(lab.models().get(1));
        assertThat(lab.models()).extracting(BenchModel::slot).containsExactly(0, 2, 3);
        assertThat(lab.addModel().slot()).as("the lowest free colour").isEqualTo(1);
    }

    @Test void replacingTheBenchKeepsTheFirstFour() {
        List<BenchModel> made = lab.replaceModels(List.of(TINY, TINY, TINY, TINY, TINY));
        assertThat(made).hasSize(LabModel.MAX_MODELS);
        assertThat(lab.models()).containsExactlyElementsOf(made);
    }

    @Test void modelsBuildAndStepWithTheSharedSettings() throws Exception {
        lab.replaceModels(List.of(TINY, TINY.withWidth(3)));
        lab.buildAll();
        frames.until(lab, () -> Frames.built(lab), 60, "the models build");
        assertThat(lab.models()).allMatch(m -> m.phase() != BenchModel.Phase.FAILED);

        lab.useSettings(lab.settings().withBatch(8).withIterations(2));
        assertThat(lab.batch.get()).isEqualTo("8");
        lab.play();
        frames.until(lab, () -> lab.models().stream().allMatch(m -> m.iteration() >= 2) && !lab.isPlaying(), 60, "two iterations");
        assertThat(lab.models()).allMatch(m -> m.iteration() == 2 && m.phase() == BenchModel.Phase.FINISHED);
        assertThat(lab.notices()).extracting(Notice::key).contains("notice.finished");
    }

    @Test void aBadSettingIsRefusedAndNothingTrains() throws Exception {
        lab.replaceModels(List.of(TINY));
        lab.buildAll();
        frames.until(lab, () -> Frames.built(lab), 60, "the model builds");
        lab.lr.set("fast");
        lab.play();
        assertThat(lab.isPlaying()).isFalse();
        assertThat(lab.settingsProblemsProperty().get()).extracting(Problem::field).containsExactly("lr");
        assertThat(lab.settings()).isEqualTo(TrainSettings.DEFAULT);
    }

    @Test void aBatchTheModelsWouldNotFitAtIsRefusedAndTrainingGoesOnAtTheOldOne() throws Exception {
        lab.replaceModels(List.of(TINY, TINY));
        lab.buildAll();
        frames.until(lab, () -> Frames.built(lab), 60, "the models build");
        lab.useSettings(lab.settings().withBatch(8));
        var spec = lab.models().get(0).spec();
        // a heap where both models fit at batch 128 (the base counted once) but not at 4096
        long heap = (long) (2 * MemoryEstimate.training(spec, 128).bytes());
        System.setProperty(MemoryEstimate.HEAP_PROPERTY, Long.toString(heap));
        try {
            int before = lab.notices().size();
            lab.batch.set("4096");
            assertThat(lab.commitSettings()).as("the typed value is well formed").isTrue();
            assertThat(lab.settings().batch()).as("the models go on at the old batch").isEqualTo(8);
            assertThat(lab.batch.get()).as("the field goes back").isEqualTo("8");
            List<Notice> posted = lab.notices().subList(before, lab.notices().size());
            assertThat(posted).extracting(Notice::key).containsExactly("notice.memory");
            assertThat(posted.get(0).args()[0]).isInstanceOfSatisfying(Notice.class,
                    what -> assertThat(what.key()).isEqualTo("memory.what.batch"));

            lab.batch.set("128");
            assertThat(lab.commitSettings()).isTrue();
            assertThat(lab.settings().batch()).as("a batch that fits is applied").isEqualTo(128);
            assertThat(lab.notices()).hasSize(before + 1);
            lab.useSettings(lab.settings().withIterations(1));
            lab.play();
            frames.until(lab, () -> lab.models().stream().allMatch(m -> m.iteration() >= 1) && !lab.isPlaying(), 60, "a step at the new batch");
            assertThat(lab.models()).allMatch(m -> m.phase() == BenchModel.Phase.FINISHED);
        } finally {
            System.clearProperty(MemoryEstimate.HEAP_PROPERTY);
        }
    }
}
