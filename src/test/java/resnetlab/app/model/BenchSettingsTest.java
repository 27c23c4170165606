package resnetlab.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's training settings as typed: one parser (shared with the model cards), every bad value named. No window. */
class BenchSettingsTest {
    private static List<Problem> problems(String lr, String batch, String iterations, String seed) {
        List<Problem> p = new ArrayList<>();
        TrainSettings s = BenchSettings.parse(lr, batch, iterations, seed, 25, p);
        assertThat(s == null).as("null exactly when there are problems").isEqualTo(!p.isEmpty());
        return p;
    }

    static String text(Problem p) { return p.field() + " " + p.key() + " " + java.util.Arrays.toString(p.args()); }

    @Test void goodTextParsesAsTyped() {
        List<Problem> p = new ArrayList<>();
        assertThat(BenchSettings.parse(" 0,05 ", "32", "400", " -7 ", 10, p)).isEqualTo(new TrainSettings(0.05, 32, 400, 10, -7));
        assertThat(BenchSettings.parse("1e-3", "1", "1", "0", 25, p)).isEqualTo(new TrainSettings(0.001, 1, 1, 25, 0));
        assertThat(p).isEmpty();
    }

    @Test void eachBadFieldIsNamedWithWhatWasTyped() {
        assertThat(problems("abc", "64", "400", "11")).extracting(BenchSettingsTest::text).containsExactly("lr error.notNumber [abc]");
        assertThat(problems("NaN", "64", "400", "11")).extracting(Problem::key).containsExactly("error.notNumber");
        assertThat(problems("0.1", "6.5", "400", "11")).extracting(Problem::field, Problem::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("batch", "error.notInteger"));
        assertThat(problems("0.1", "64", "", "11")).extracting(Problem::field).containsExactly("iterations");
        assertThat(problems("0.1", "64", "400", "x1")).extracting(Problem::field, Problem::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("seed", "error.seed"));
        // several at once, in the fields' order
        assertThat(problems("x", "y", "z", "w")).extracting(Problem::field).containsExactly("lr", "batch", "iterations", "seed");
    }

    @Test void valuesOutOfRangeAreRefused() {
        assertThat(problems("0", "64", "400", "11")).extracting(Problem::key).containsExactly("error.lr");
        assertThat(problems("10001", "64", "400", "11")).extracting(Problem::key).containsExactly("error.lr");
        assertThat(problems("0.1", "0", "400", "11")).extracting(Problem::key).containsExactly("error.batch");
        assertThat(problems("0.1", "4097", "400", "11")).extracting(Problem::key).containsExactly("error.batch");
        assertThat(problems("0.1", "64", "0", "11")).extracting(Problem::key).containsExactly("error.iterations");
        assertThat(problems("0.1", "64", "10000001", "11")).extracting(Problem::key).containsExactly("error.iterations");
        assertThat(problems("10000", "4096", "10000000", "11")).isEmpty();
    }

    @Test void commitKeepsTheOldSettingsWhenAFieldIsBad() {
        BenchSettings s = new BenchSettings();
        s.lr.set("0.2");
        assertThat(s.commit()).isTrue();
        assertThat(s.get().lr()).isEqualTo(0.2);
        s.batch.set("lots");
        assertThat(s.commit()).isFalse();
        assertThat(s.get()).isEqualTo(TrainSettings.DEFAULT.withLr(0.2));
        assertThat(s.problemsProperty().get()).extracting(Problem::field).containsExactly("batch");
        assertThat(s.batch.get()).as("the bad text stays visible").isEqualTo("lots");
    }

    @Test void typedSettingsShowInTheFields() {
        BenchSettings s = new BenchSettings();
        s.batch.set("lots");
        s.commit();
        s.use(new TrainSettings(0.05, 16, 3, 25, 5));
        assertThat(List.of(s.lr.get(), s.batch.get(), s.iterations.get(), s.seed.get())).containsExactly("0.05", "16", "3", "5");
        assertThat(s.problemsProperty().get()).isEmpty();
        assertThat(s.commit()).as("what the fields show parses back to the same settings").isTrue();
        assertThat(s.get()).isEqualTo(new TrainSettings(0.05, 16, 3, 25, 5));
        assertThatThrownBy(() -> s.use(new TrainSettings(0.1, 0, 3, 25, 5))).hasMessageContaining("error.batch");
    }

    @Test void theModelCardsUseTheSameParser() {
        ModelDraft d = new ModelDraft();
        d.depth.set("5x");
        d.lambda.set("1,5");
        d.shortcut.set(resnetlab.model.ShortcutType.SCALED);
        ModelDraft.Parsed p = d.parse();
        assertThat(p.problems()).extracting(BenchSettingsTest::text).containsExactly("depth error.notInteger [5x]");
        d.depth.set("20");
        assertThat(d.parse().setup().lambda()).as("decimal comma, as in the bench's fields").isEqualTo(1.5);
    }
}
