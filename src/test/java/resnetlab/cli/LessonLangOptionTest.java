package resnetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static resnetlab.cli.LessonCommandTest.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.io.Json;

/** {@code lesson run --lang en|zh}: the language of the words on the charts. */
class LessonLangOptionTest {
    @TempDir Path dir;

    @Test void anUnknownLanguageIsRefusedInOneLineNamingTheOptionAndTheValues() {
        Path out = dir.resolve("never");
        LessonCommandTest.Run r = lesson("run", "degradation", "--small", "--lang", "xx", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly("error: --lang 'xx' is not a chart language: use one of en, zh");
        assertThat(out).doesNotExist();
    }

    @Test void zhDrawsTheChartsInChineseAndTheHandoutSaysSo() throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, LessonCommandTest.TINY);
        Path out = dir.resolve("zh");
        LessonCommandTest.Run r = lesson("run", file.toString(), "--small", "--threads", "1", "--lang", "zh", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("charts in Chinese");
        JsonNode index = Json.MAPPER.readTree(out.resolve("index.json").toFile());
        assertThat(index.get("chartLanguage").asText()).isEqualTo("zh");
        assertThat(out.resolve("step-1/training-error.png")).isNotEmptyFile();
        String md = Files.readString(out.resolve("index.md"));
        assertThat(md).contains("图表中的文字为简体中文", "# Tiny / 小", "Train.", "训练。");
    }

    @Test void theDefaultIsEnglishAndTheHelpNamesTheOption() throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, LessonCommandTest.TINY);
        Path out = dir.resolve("en");
        LessonCommandTest.Run r = lesson("run", file.toString(), "--small", "--threads", "1", "--quiet", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Json.MAPPER.readTree(out.resolve("index.json").toFile()).get("chartLanguage").asText()).isEqualTo("en");
        assertThat(Files.readString(out.resolve("index.md"))).contains("Chart words are in English");
        LessonCommandTest.Run help = lesson("run", "--help");
        assertThat(help.out()).contains("--lang=en|zh", "en or zh", "Simplified Chinese");
    }
}
