package resnetlab.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import resnetlab.model.DimensionOption;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/** network.txt's model names: in English exactly the engine's display name, in Chinese without its English words. */
class NetworkTextTest {
    @Test
    void modelNamesFollowTheRunsLanguage() {
        for (ShortcutType s : ShortcutType.values()) {
            for (UnitOrder u : UnitOrder.values()) {
                for (boolean branch : new boolean[] {false, true}) {
                    NetworkSpec spec = new NetworkSpec(20, 8, 1, 16, 10, s, 0.25, branch, -1.5, 0.5, u, DimensionOption.A);
                    assertThat(NetworkText.name(spec, ChartWords.of(Language.EN))).isEqualTo(spec.displayName());
                    String zh = NetworkText.name(spec, ChartWords.of(Language.ZH));
                    assertThat(zh).as(spec.displayName()).startsWith(spec.isPlain() ? "plain-20" : "ResNet-20")
                            .doesNotContainPattern("gate|shortcut|conv |dropout|add|preact");
                }
            }
        }
    }
}
