package resnetlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

class SweepSpecTest {
    @TempDir Path dir;

    @Test void specFileIsLaidOverTheDefaults() {
        SweepSpec s = SweepSpec.parse("""
                {"name": "lambda-56", "network": {"width": 8},
                 "variants": [{"depth": 56}, {"depth": 56, "shortcut": "scaled", "lambda": 0.5}, {"model": "plain", "depth": 20},
                              {"depth": 32, "unit": "full-preact", "width": 4}],
                 "training": {"iterations": 120, "batch": 32},
                 "data": {"name": "shapes", "imageSize": 12},
                 "seeds": [4, 5]}""");
        assertThat(s.variants()).extracting(v -> v.displayName())
                .containsExactly("ResNet-56", "ResNet-56 (λ=0.5)", "plain-20", "ResNet-32 [full-preact]");
        assertThat(s.variants().get(0).width()).isEqualTo(8);
        assertThat(s.variants().get(3).width()).isEqualTo(4);
        assertThat(s.variants().get(2).shortcut()).isEqualTo(ShortcutType.NONE);
        assertThat(s.variants().get(3).unit()).isEqualTo(UnitOrder.FULL_PREACT);
        assertThat(s.training().iterations()).isEqualTo(120);
        assertThat(s.training().batch()).isEqualTo(32);
        assertThat(s.training().lr()).isEqualTo(SweepSpec.DEFAULT_TRAINING.lr());
        assertThat(s.data().name()).isEqualTo("shapes");
        assertThat(s.data().imageSize()).isEqualTo(12);
        assertThat(s.seeds()).containsExactly(4L, 5L);
        // what a sweep writes into its result is itself a spec file
        assertThat(SweepSpec.parse(s.toJson())).isEqualTo(s);
    }

    @Test void presetsAreValidAndRoundTrip() {
        for (String name : SweepPresets.NAMES) {
            SweepSpec s = SweepPresets.get(name);
            assertThat(s.problems()).as(name).isEmpty();
            assertThat(SweepSpec.parse(s.toJson())).isEqualTo(s);
        }
        assertThat(SweepPresets.degradation().variants()).hasSize(8);
        // the budget preset is the degradation preset's ResNet-20 and -56, trained five times longer
        SweepSpec budget = SweepPresets.budget();
        assertThat(budget.variants()).containsExactly(SweepPresets.degradation().variants().get(4), SweepPresets.degradation().variants().get(7));
        assertThat(budget.training().iterations()).isEqualTo(5 * SweepPresets.degradation().training().iterations());
        assertThat(budget.data()).isEqualTo(SweepPresets.degradation().data());
        assertThatThrownBy(() -> SweepPresets.get("degradaton")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown preset 'degradaton'; choose one of degradation, shortcuts, units, budget");
    }

    @Test void mistakesNameTheFileAndTheField() throws Exception {
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\", \"variants\": [{\"depth\": 20}], \"training\": {\"iteratons\": 5}}"))
                .hasMessageStartingWith("unknown field 'training.iteratons' (known: iterations, batch");
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\", \"variants\": [{\"depth\": 20}, {\"depth\": 21}]}"))
                .hasMessageStartingWith("variants[1]: depth 21 is not 6n+2");
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\", \"variants\": [{\"depth\": 20, \"shortcut\": \"gated\"}]}"))
                .hasMessageContaining("variants[0].shortcut").hasMessageContaining("unknown shortcut type 'gated'");
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\", \"variants\": [{\"depth\": \"deep\"}]}"))
                .hasMessageStartingWith("variants[0].depth: ");
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\", \"variants\": [{\"depth\": 20}], \"data\": {\"name\": \"imagenet\"}}"))
                .hasMessageContaining("data").hasMessageContaining("unknown dataset 'imagenet'");
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\", \"variants\": [{\"depth\": 20}, {\"depth\": 20}]}"))
                .hasMessageContaining("variants[1]: ResNet-20 appears twice");
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\", \"variants\": [{\"depth\": 20}], \"seeds\": [1, 1.5]}"))
                .hasMessageStartingWith("seeds[1]: expected a whole number");
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\", \"variant\": []}"))
                .hasMessageStartingWith("unknown field 'variant'");
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\", ")).hasMessageStartingWith("not valid JSON (line 1");
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\", \"variants\": [{\"model\": \"vgg\"}]}");
        assertThatThrownBy(() -> SweepSpec.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": variants[0].model: must be plain or resnet, got \"vgg\"");
        assertThatThrownBy(() -> SweepSpec.read(dir.resolve("missing.json"))).hasMessageContaining("no such spec file");
    }
}
