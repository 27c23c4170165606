package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.Test;

/**
 * Formulas in a lesson are typeset in the panel: the gradient-flow lesson's $…$ become images among the words, in
 * the theme's text colour, larger in presentation mode; the label keeps the raw TeX.
 */
class FormulaPaneTest extends AppTestBase {

    private List<ImageView> formulas() throws Exception {
        return fx(() -> {
            Label text = (Label) app.view().lookup("#lesson-text");
            if (text == null || !(text.getGraphic() instanceof TextFlow flow)) return List.<ImageView>of();
            return flow.getChildren().stream().filter(n -> n instanceof javafx.scene.layout.Pane p && !p.getChildren().isEmpty()
                    && p.getChildren().get(0) instanceof ImageView).map(n -> (ImageView) ((javafx.scene.layout.Pane) n).getChildren().get(0)).toList();
        });
    }

    @Test
    void theGradientFlowLessonShowsTypesetFormulas() throws Exception {
        fx(() -> { app.view().openLesson("gradient-flow"); return null; });
        waitUntil(30, () -> { try { return formulas().size() >= 4; } catch (Exception e) { return false; } });
        String raw = fx(() -> ((Label) app.view().lookup("#lesson-text")).getText());
        assertThat(raw).contains("$x_L = x_l + \\sum_{i=l}^{L-1} F(x_i)$");
        List<ImageView> f = formulas();
        // the sum is typeset: an image taller than a line of text, with dark (light theme) ink on a clear ground
        ImageView sum = f.get(0);
        assertThat(sum.getAccessibleText()).startsWith("x_L = x_l");
        double line = fx(() -> ((Label) app.view().lookup("#lesson-text")).getFont().getSize());
        assertThat(sum.getFitHeight()).isGreaterThan(line * 1.3);
        assertThat(ink(sum)).isGreaterThan(50);
        double normal = sum.getFitHeight();

        // presentation mode: larger formulas; dark theme: light ink
        fx(() -> { app.ui().state().presentation.set(true); app.ui().state().dark.set(true); return null; });
        waitUntil(30, () -> { try { return formulas().get(0).getFitHeight() > normal * 1.2; } catch (Exception e) { return false; } });
        ImageView dark = formulas().get(0);
        assertThat(fx(() -> brightness(dark))).isGreaterThan(0.6);
        fx(() -> { app.ui().state().presentation.set(false); app.ui().state().dark.set(false); return null; });

        // in Chinese the same formulas are typeset beside Chinese words
        clickOn("#lang-zh");
        waitUntil(30, () -> { try {
            return formulas().size() >= 4 && ((Label) app.view().lookup("#lesson-text")).getText().contains("使用恒等捷径"); } catch (Exception e) { return false; } });
    }

    @Test
    void paneCaptionsAndTooltipsTypesetTheirFormulas() throws Exception {
        // the path-length pane's hint: $2^n$ and $\\binom{n}{k}$ typeset among the words; the label keeps the raw TeX
        fx(() -> { app.view().tabs().getSelectionModel().select(app.view().tabs().getTabs().stream()
                .filter(t -> "tab-paths".equals(t.getId())).findFirst().orElseThrow()); return null; });
        javafx.scene.control.Label hint = fx(() -> (javafx.scene.control.Label) app.view().paths().lookup(".pane-hint"));
        waitUntil(30, () -> { try { return fx(() -> hint.getGraphic() instanceof TextFlow); } catch (Exception e) { return false; } });
        assertThat(fx(hint::getText)).contains("$2^n$").contains("$\\binom{n}{k}$");
        List<ImageView> images = fx(() -> ((TextFlow) hint.getGraphic()).getChildren().stream()
                .filter(n -> n instanceof javafx.scene.layout.Pane p && !p.getChildren().isEmpty() && p.getChildren().get(0) instanceof ImageView)
                .map(n -> (ImageView) ((javafx.scene.layout.Pane) n).getChildren().get(0)).toList());
        assertThat(images).hasSizeGreaterThanOrEqualTo(4);
        for (ImageView v : images) assertThat(ink(v)).as(v.getAccessibleText()).isGreaterThan(5);

        // pixels: the caption as shown differs from the same words set as raw text in the same label
        javafx.scene.image.WritableImage shown = fx(() -> hint.snapshot(null, null));
        javafx.scene.image.WritableImage raw = fx(() -> {
            javafx.scene.Node g = hint.getGraphic();
            hint.setGraphic(null);
            hint.setContentDisplay(javafx.scene.control.ContentDisplay.LEFT);
            hint.applyCss();
            hint.layout();
            javafx.scene.image.WritableImage w = hint.snapshot(null, null);
            hint.setGraphic(g);
            hint.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            return w;
        });
        int w = (int) Math.min(shown.getWidth(), raw.getWidth()), h = (int) Math.min(shown.getHeight(), raw.getHeight()), differ = 0;
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) if (shown.getPixelReader().getArgb(x, y) != raw.getPixelReader().getArgb(x, y)) differ++;
        assertThat(differ).as("typeset caption vs raw TeX").isGreaterThan(200);

        // a readout: "n = 27: 2^27 = 134,217,728 paths" with its formulas typeset
        javafx.scene.control.Label count = fx(() -> (javafx.scene.control.Label) app.view().paths().lookupAll(".label").stream()
                .filter(n -> n instanceof javafx.scene.control.Label l && l.getText() != null && l.getText().contains("paths") && l.getText().contains("$2^"))
                .findFirst().orElseThrow());
        assertThat(fx(() -> count.getGraphic() instanceof TextFlow)).isTrue();

        // a tooltip with a formula (the batch field's mean gradient) shows it typeset; its text stays the raw TeX
        javafx.scene.control.Tooltip tip = fx(() -> ((javafx.scene.control.TextField) app.view().lookup("#batch")).getTooltip());
        assertThat(fx(tip::getText)).contains("\\sum_{i=1}^{B}");
        assertThat(fx(() -> tip.getGraphic() instanceof TextFlow)).isTrue();
    }

    /** Pixels of the image that are drawn (not transparent). */
    private static int ink(ImageView v) throws Exception {
        return fx(() -> {
            var r = v.getImage().getPixelReader();
            int n = 0;
            for (int y = 0; y < (int) v.getImage().getHeight(); y++) for (int x = 0; x < (int) v.getImage().getWidth(); x++) if ((r.getArgb(x, y) >>> 24) > 128) n++;
            return n;
        });
    }

    /** Mean brightness of the drawn pixels. */
    private static double brightness(ImageView v) {
        var r = v.getImage().getPixelReader();
        double sum = 0;
        int n = 0;
        for (int y = 0; y < (int) v.getImage().getHeight(); y++) {
            for (int x = 0; x < (int) v.getImage().getWidth(); x++) {
                javafx.scene.paint.Color c = r.getColor(x, y);
                if (c.getOpacity() > 0.5) { sum += c.getBrightness(); n++; }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

}
