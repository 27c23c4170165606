package resnetlab.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session saved from one bench and opened on another, without a window (the steps a save or open task runs). */
class SessionsTest {
    @TempDir Path dir;

    @Test void aSessionRoundTripsModelsSettingsCurvesAndLayout() throws Exception {
        Frames frames = new Frames();
        Path file = dir.resolve("class.rlab");
        List<Integer> iterations;
        try (LabModel lab = new LabModel()) {
            lab.replaceModels(List.of(BenchTest.TINY, BenchTest.TINY.withWidth(3)));
            lab.useSettings(new TrainSettings(0.05, 8, 3, 25, 42));
            lab.buildAll();
            frames.until(lab, () -> Frames.built(lab), 60, "the models build");
            lab.play();
            frames.until(lab, () -> !lab.isPlaying() && lab.models().stream().allMatch(m -> m.iteration() == 3), 60, "three iterations");
            iterations = lab.models().stream().map(BenchModel::iteration).toList();
            Sessions sessions = new Sessions(lab);
            Path written = Sessions.write(sessions.snapshot(Map.of("pane", "2")), file, () -> false, (a, b) -> { });
            assertThat(written).isEqualTo(file);
        }
        assertThat(Files.size(file)).isPositive();

        try (LabModel other = new LabModel()) {
            Map<String, String>[] layout = new Map[1];
            new Sessions(other).apply(Sessions.read(file), l -> layout[0] = l);
            assertThat(other.settings()).isEqualTo(new TrainSettings(0.05, 8, 3, 25, 42));
            assertThat(other.lr.get()).isEqualTo("0.05");
            assertThat(layout[0]).containsEntry("pane", "2");
            frames.until(other, () -> Frames.built(other), 60, "the restored models load");
            assertThat(other.models()).extracting(BenchModel::builtSetup).containsExactly(BenchTest.TINY, BenchTest.TINY.withWidth(3));
            assertThat(other.models()).extracting(BenchModel::iteration).containsExactlyElementsOf(iterations);
            assertThat(other.models()).allMatch(m -> m.trainHistory().size() == 3, "three training points each");
        }
    }

    @Test void aBrokenFileLeavesTheBenchAsItWas() throws Exception {
        Path file = dir.resolve("broken.rlab");
        Files.writeString(file, "not a session");
        try (LabModel lab = new LabModel()) {
            List<BenchModel> before = lab.replaceModels(List.of(BenchTest.TINY));
            assertThatThrownBy(() -> Sessions.read(file)).hasMessageContaining("broken.rlab");
            assertThat(lab.models()).containsExactlyElementsOf(before);
        }
    }
}
