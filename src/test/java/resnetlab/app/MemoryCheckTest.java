package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.MemoryCheck;
import resnetlab.app.model.Notice;
import resnetlab.app.view.Words;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.train.MemoryEstimate;

/**
 * The app's refusals for memory and its divergence message, in both languages: what was asked, the estimate, the
 * heap and what to change; the Chinese text is Chinese around the figures.
 */
class MemoryCheckTest {
    static final Pattern LATIN_WORD = Pattern.compile("\\b[a-z]{4,}\\b");

    @AfterEach void realHeap() { System.clearProperty(MemoryEstimate.HEAP_PROPERTY); }

    static MemoryCheck.Refused refusal() {
        System.setProperty(MemoryEstimate.HEAP_PROPERTY, "50000000"); // the checks assume a 50 MB heap
        NetworkSpec spec = NetworkSpec.of(56, 16, 1, 28, 10, ShortcutType.IDENTITY);
        try {
            MemoryCheck.require(MemoryEstimate.training(spec, 32), Notice.info("memory.what.paths", "ResNet-56"),
                    Notice.info("memory.change.model"));
        } catch (MemoryCheck.Refused r) {
            return r;
        }
        throw new AssertionError("ResNet-56 width 16 was not refused in a 50 MB heap");
    }

    @Test void aRequestAboveTheHeapIsRefusedWithEstimateHeapAndWhatToChangeInEnglish() {
        MemoryCheck.Refused r = refusal();
        String en = Words.notice(new I18n(I18n.ENGLISH), r.notice());
        assertThat(r.notice().level()).isEqualTo(Notice.Level.ERROR);
        assertThat(en).startsWith("Measuring the path lengths of ResNet-56 needs about ").contains("but the app may use only 50 MB",
                "-Xmx", "choose a smaller model").doesNotContain("!");
        assertThat(r.getMessage()).contains("needs about", "but the Java heap is 50 MB"); // the engine's line, for logs
    }

    @Test void theSameRefusalInChineseHasTheFiguresAndNoEnglishWords() {
        MemoryCheck.Refused r = refusal();
        String en = Words.notice(new I18n(I18n.ENGLISH), r.notice());
        String zh = Words.notice(new I18n(I18n.CHINESE), r.notice());
        assertThat(zh).contains("ResNet-56", "50 MB", "-Xmx", "内存").doesNotContain("!");
        String need = en.replaceAll(".* needs about (\\S+ [MGT]B).*", "$1");
        assertThat(zh).contains(need);
        assertThat(LATIN_WORD.matcher(zh.replace("ResNet", "").replace("Java", "")).find()).as(zh).isFalse();
    }

    /** A lesson's deletion that a refusal stopped says why in the window's language, not in the engine's English. */
    @Test void aRefusalInsideAFailedFutureBecomesItsNoticeAndOtherFailuresTheirMessage() {
        MemoryCheck.Refused r = refusal();
        Object reason = Notice.reasonOf(new java.util.concurrent.CompletionException(r));
        assertThat(reason).isSameAs(r.notice());
        String zh = Words.notice(new I18n(I18n.CHINESE), Notice.warning("lesson.deleteFailed", 3, "ResNet-56", reason));
        assertThat(zh).contains("ResNet-56", "50 MB", "内存");
        assertThat(LATIN_WORD.matcher(zh.replace("ResNet", "").replace("Java", "")).find()).as(zh).isFalse();
        assertThat(Notice.reasonOf(new java.util.concurrent.CompletionException(new IllegalStateException("the model is not built yet"))))
                .isEqualTo("the model is not built yet");
        assertThat(Notice.reasonOf(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }

    /** A lesion copy of a model that has no network yet says so in the window's language, with the model's name. */
    @Test void copyingAModelThatIsNotBuiltIsRefusedInTheWindowsLanguage() {
        resnetlab.app.model.ViewModels vm = resnetlab.app.model.ViewModels.create();
        try {
            resnetlab.app.model.BenchModel m = vm.lab().replaceModels(java.util.List.of(
                    resnetlab.app.model.ModelSetup.of(8, ShortcutType.IDENTITY).withWidth(2))).get(0);
            var copy = vm.lesion().take(m);
            assertThat(copy).isCompletedExceptionally();
            Object reason = Notice.reasonOf(copy.handle((s, e) -> e).join());
            assertThat(reason).isInstanceOfSatisfying(Notice.class, n -> assertThat(n.key()).isEqualTo("lesion.notBuilt"));
            String en = Words.notice(new I18n(I18n.ENGLISH), Notice.error("error.lesion", reason));
            String zh = Words.notice(new I18n(I18n.CHINESE), Notice.error("error.lesion", reason));
            assertThat(en).contains("#1", "not built yet"); // an unbuilt model is named by its slot, as on its card
            assertThat(zh).contains("#1", "构建");
            assertThat(LATIN_WORD.matcher(zh.replace("ResNet", "")).find()).as(zh).isFalse();
        } finally {
            vm.lessons().close();
            vm.lesion().close();
            vm.lab().close();
        }
    }

    @Test void aRequestThatFitsIsNotRefused() {
        NetworkSpec spec = NetworkSpec.of(8, 4, 1, 16, 10, ShortcutType.IDENTITY);
        MemoryCheck.require(MemoryEstimate.training(spec, 32), Notice.info("memory.what.paths", "ResNet-8"),
                Notice.info("memory.change.model"));
        System.setProperty(MemoryEstimate.HEAP_PROPERTY, "1000");
        assertThatThrownBy(() -> MemoryCheck.require(MemoryEstimate.training(spec, 32), Notice.info("memory.what.paths", "ResNet-8"),
                Notice.info("memory.change.model"))).isInstanceOf(MemoryCheck.Refused.class);
    }

    @Test void divergenceIsSaidInBothLanguagesWithTheLossAndTheBound() {
        Notice above = Notice.error("notice.diverged", 8, "9.04e+05", "230", 5);
        Notice nan = Notice.error("notice.divergedNaN", 3, "NaN");
        String en = Words.notice(new I18n(I18n.ENGLISH), above);
        String zh = Words.notice(new I18n(I18n.CHINESE), above);
        assertThat(en).contains("iteration 8", "9.04e+05", "above 230", "5 iterations in a row", "lower the learning rate");
        assertThat(zh).contains("第 8 次迭代", "9.04e+05", "230", "连续 5 次", "学习率");
        assertThat(LATIN_WORD.matcher(zh).find()).as(zh).isFalse();
        assertThat(Words.notice(new I18n(I18n.CHINESE), nan)).contains("第 3 次迭代", "NaN", "发散");
    }
}
