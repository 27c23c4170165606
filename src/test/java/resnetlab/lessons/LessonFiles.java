package resnetlab.lessons;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lesson texts for tests: a small valid lesson, and helpers to break it and to find where a token is. */
final class LessonFiles {
    private LessonFiles() {}

    /** A valid two-step lesson on tiny shapes images; every line holds at most one field so line numbers are exact. */
    static final String VALID = """
            {
              "id": "tiny",
              "title": {"en": "Tiny lesson", "zh": "小课"},
              "level": "beginner",
              "duration": 5,
              "preset": {
                "dataset": "shapes",
                "imageSize": 8,
                "trainSize": 64,
                "testSize": 40,
                "batch": 16,
                "lr": 0.05,
                "iterations": 3,
                "seeds": [5]
              },
              "steps": [
                {
                  "text": {"en": "Train two nets.", "zh": "训练两个网络。"},
                  "models": [
                    {"depth": 8, "width": 2, "shortcut": "none"},
                    {"depth": 14, "width": 2}
                  ],
                  "pane": "curves",
                  "actions": [
                    {"do": "train"}
                  ]
                },
                {
                  "text": {"en": "Delete a block.", "zh": "删除一个块。"},
                  "pane": "lesions",
                  "chart": "single-block",
                  "actions": [
                    {"do": "delete", "block": 2}
                  ],
                  "questions": [
                    {"question": {"en": "Why?", "zh": "为什么？"}, "answer": {"en": "Paths.", "zh": "路径。"}}
                  ]
                }
              ]
            }
            """;

    /** The 1-based line of the first occurrence of {@code needle}; fails the test if it is not there. */
    static int lineOf(String text, String needle) {
        int i = text.indexOf(needle);
        if (i < 0) throw new AssertionError("'" + needle + "' is not in the lesson text");
        return (int) text.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
    }

    /** {@code text} with exactly one occurrence of {@code from} replaced; fails the test if there is not exactly one. */
    static String replaceOnce(String text, String from, String to) {
        int i = text.indexOf(from);
        if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new AssertionError("'" + from + "' must occur exactly once");
        return text.substring(0, i) + to + text.substring(i + from.length());
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
