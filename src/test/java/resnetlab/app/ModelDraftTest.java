package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import resnetlab.app.model.ModelDraft;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.Problem;
import resnetlab.model.ShortcutType;

/** What the teacher types into a model card becomes a setup or precise problems. */
class ModelDraftTest {

    @Test
    void aValidCardParses() {
        ModelDraft d = new ModelDraft(ModelSetup.of(56, ShortcutType.SCALED).withLambda(0.5));
        ModelDraft.Parsed p = d.parse();
        assertThat(p.ok()).isTrue();
        assertThat(p.setup().depth()).isEqualTo(56);
        assertThat(p.setup().lambda()).isEqualTo(0.5);
        assertThat(p.setup().seed()).isNull();
        assertThat(p.setup().spec(1, 16, 10).blocks()).isEqualTo(27);
    }

    @Test
    void lambdaOfAbcIsNotANumber() {
        ModelDraft d = new ModelDraft(ModelSetup.of(56, ShortcutType.SCALED));
        d.lambda.set("abc");
        ModelDraft.Parsed p = d.parse();
        assertThat(p.ok()).isFalse();
        assertThat(p.problems()).extracting(Problem::field, Problem::key).containsExactly(org.assertj.core.groups.Tuple.tuple("lambda", "error.notNumber"));
    }

    @Test
    void lambdaIsOnlyCheckedWhenTheShortcutIsScaled() {
        ModelDraft d = new ModelDraft(ModelSetup.of(20, ShortcutType.IDENTITY));
        d.lambda.set("abc");
        assertThat(d.parse().ok()).isTrue();
    }

    @Test
    void depthMustBeSixNPlusTwo() {
        ModelDraft d = new ModelDraft(ModelSetup.of(20, ShortcutType.NONE));
        d.depth.set("57");
        assertThat(d.parse().problems()).extracting(Problem::key).containsExactly("error.depth");
        d.depth.set("fifty");
        assertThat(d.parse().problems()).extracting(Problem::key).containsExactly("error.notInteger");
        d.depth.set(" 110 ");
        assertThat(d.parse().setup().depth()).isEqualTo(110);
    }

    @Test
    void gateBiasDropoutSeedAndWidthAreChecked() {
        ModelDraft d = new ModelDraft(ModelSetup.of(20, ShortcutType.EXCLUSIVE_GATE));
        d.gateBias.set("−6"); // the typographic minus sign is accepted
        assertThat(d.parse().setup().gateBias()).isEqualTo(-6);
        d.shortcut.set(ShortcutType.DROPOUT);
        d.dropout.set("1");
        assertThat(d.parse().problems()).extracting(Problem::key).containsExactly("error.dropout");
        d.dropout.set("0.5");
        d.seed.set("x1");
        d.width.set("0");
        assertThat(d.parse().problems()).extracting(Problem::key).containsExactlyInAnyOrder("error.seed", "error.width");
        d.seed.set("42");
        d.width.set("16");
        assertThat(d.parse().setup().seed()).isEqualTo(42L);
    }
}
