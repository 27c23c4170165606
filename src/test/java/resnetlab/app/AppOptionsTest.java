package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import resnetlab.app.i18n.I18n;

/** The app's command line: what each flag sets, and a clear message for a mistake. */
class AppOptionsTest {
    @Test void languageAndThemeFromTheCommandLineAreKeptAgainstASession() {
        AppOptions none = AppOptions.parse(List.of());
        assertThat(none.lookFromCommandLine()).isFalse();
        assertThat(none.locale()).isEqualTo(I18n.ENGLISH);
        AppOptions zh = AppOptions.parse(List.of("--lang", "zh", "--open", "class.rlab"));
        assertThat(zh.lookFromCommandLine()).isTrue();
        assertThat(zh.locale()).isEqualTo(I18n.CHINESE);
        AppOptions dark = AppOptions.parse(List.of("--theme", "dark"));
        assertThat(dark.lookFromCommandLine()).isTrue();
        assertThat(dark.dark()).isTrue();
    }

    @Test void checkLayoutOneViewOrAllThirtyTwo() {
        AppOptions one = AppOptions.parse(List.of("--check-layout", "--size", "1024x768", "--presentation", "--lang", "zh"));
        assertThat(one.checkLayout()).isEqualTo("one");
        assertThat(LayoutCheck.views(one)).hasSize(1);
        assertThat(LayoutCheck.views(one).get(0).label()).isEqualTo("1024x768 presentation zh no-lesson");
        AppOptions all = AppOptions.parse(List.of("--check-layout", "all", "--lesson", "degradation"));
        var views = LayoutCheck.views(all);
        assertThat(views).hasSize(32);
        assertThat(views.stream().map(LayoutCheck.View::label).distinct()).hasSize(32);
        assertThat(views.stream().filter(v -> v.lesson() != null).allMatch(v -> v.lesson().equals("degradation"))).isTrue();
        assertThat(AppOptions.parse(List.of()).checkLayout()).isNull();
    }

    @Test void aLessonToOpenAndMistakes() {
        assertThat(AppOptions.parse(List.of("--lesson", "degradation")).lesson()).isEqualTo("degradation");
        assertThat(AppOptions.parse(List.of()).lesson()).isNull();
        assertThatThrownBy(() -> AppOptions.parse(List.of("--lesson"))).hasMessage("--lesson needs a value");
        assertThatThrownBy(() -> AppOptions.parse(List.of("--lessons"))).hasMessage("unknown option --lessons");
    }

    @Test void aFileWithoutAnOptionIsASessionOrALessonByItsName() {
        AppOptions session = AppOptions.parse(List.of("/home/t/Class 3.RLAB"));
        assertThat(session.open()).isEqualTo(java.nio.file.Path.of("/home/t/Class 3.RLAB"));
        assertThat(session.lesson()).isNull();
        AppOptions lesson = AppOptions.parse(List.of("--lang", "zh", "/opt/resnet-lab/lib/app/lessons/01-degradation.json"));
        assertThat(lesson.lesson()).isEqualTo("/opt/resnet-lab/lib/app/lessons/01-degradation.json");
        assertThat(lesson.open()).isNull();
        assertThat(lesson.locale()).isEqualTo(I18n.CHINESE);
        assertThatThrownBy(() -> AppOptions.parse(List.of("notes.txt")))
                .hasMessage("notes.txt: resnet-lab opens sessions (.rlab) and lesson files (.json), not this file");
    }

    @Test void aPytorchProjectToImportAtStartButNotWithASession() {
        assertThat(AppOptions.parse(List.of("--import-pytorch", "torch/r56")).importPytorch()).isEqualTo(java.nio.file.Path.of("torch/r56"));
        assertThat(AppOptions.parse(List.of()).importPytorch()).isNull();
        assertThatThrownBy(() -> AppOptions.parse(List.of("--import-pytorch", "p", "--open", "s.rlab")))
                .hasMessage("--import-pytorch and --open cannot be combined");
    }
}
