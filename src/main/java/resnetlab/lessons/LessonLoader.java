package resnetlab.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import resnetlab.io.Json;

/**
 * Reads lessons: a teacher's file from a path, or a shipped lesson from the classpath ({@code /lessons/}, listed
 * in {@code /lessons/index.json}), checked against the format's schema ({@code /lessons/lesson.schema.json}, in the
 * jar beside them) and the rules of {@link LessonReader}. Never throws for a missing or broken lesson: the
 * {@link LoadResult} carries every problem, each with file, line, column and field, so the app can show them and carry on.
 */
public final class LessonLoader {
    /** Classpath folder of the shipped lessons (the repository's {@code lessons/}). */
    public static final String RESOURCE_DIR = "/lessons/";
    /** The list of shipped lesson files, in teaching order. */
    public static final String INDEX = RESOURCE_DIR + "index.json";

    private LessonLoader() {}

    /** Validates lesson text; {@code source} names it in problems (e.g. the file name). */
    public static LoadResult parse(String source, String text) {
        return LessonReader.read(source, text);
    }

    /** Reads and validates a lesson file. */
    public static LoadResult load(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return failure(source, Files.exists(file) ? "cannot read the file (" + e.getMessage() + ")" : "no such file");
        }
        return decode(source, bytes);
    }

    /** Reads and validates a classpath resource such as "/lessons/01-degradation.json". */
    public static LoadResult loadResource(String resource) {
        String source = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = LessonLoader.class.getResourceAsStream(resource.startsWith("/") ? resource : "/" + resource)) {
            if (in == null) return failure(source, "no such lesson resource on the classpath");
            return decode(source, in.readAllBytes());
        } catch (IOException e) {
            return failure(source, "cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * A path if such a file exists, else a shipped lesson by id or file name ("degradation", "01-degradation",
     * "01-degradation.json"). What {@code lesson run FILE} and {@code lesson check FILE} accept.
     */
    public static LoadResult resolve(String pathOrId) {
        Path p;
        try {
            p = Path.of(pathOrId);
        } catch (java.nio.file.InvalidPathException e) {
            p = null;
        }
        if (p != null && Files.isRegularFile(p)) return load(p);
        String file = shippedFile(pathOrId);
        if (file != null) return loadResource(RESOURCE_DIR + file);
        List<String> ids = new ArrayList<>();
        for (String f : shippedFiles()) ids.add(idOf(f));
        return failure(pathOrId, "no such file, and no shipped lesson has this id (shipped: " + String.join(", ", ids) + ")");
    }

    /** File names of the shipped lessons in teaching order, from {@value #INDEX}; empty if the index is missing. */
    public static List<String> shippedFiles() {
        try (InputStream in = LessonLoader.class.getResourceAsStream(INDEX)) {
            if (in == null) return List.of();
            JsonNode index = Json.MAPPER.readTree(in);
            List<String> files = new ArrayList<>();
            for (JsonNode f : index.path("lessons")) files.add(f.asText());
            return List.copyOf(files);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every shipped lesson, loaded and validated, in teaching order. */
    public static List<LoadResult> loadShipped() {
        List<LoadResult> out = new ArrayList<>();
        for (String f : shippedFiles()) out.add(loadResource(RESOURCE_DIR + f));
        return List.copyOf(out);
    }

    /** The id a shipped file name implies: "01-degradation.json" → "degradation". */
    static String idOf(String fileName) {
        String stem = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return stem.replaceFirst("^[0-9]+-", "");
    }

    private static String shippedFile(String name) {
        for (String f : shippedFiles()) {
            String stem = f.substring(0, f.length() - ".json".length());
            if (f.equals(name) || stem.equals(name) || idOf(f).equals(name)) return f;
        }
        return null;
    }

    private static LoadResult decode(String source, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            return parse(source, text);
        } catch (CharacterCodingException e) {
            return failure(source, "the file is not UTF-8 text (save it as UTF-8 so the Chinese texts survive)");
        }
    }

    private static LoadResult failure(String source, String message) {
        return new LoadResult(source, null, List.of(new LessonProblem(source, 0, 0, "", message)));
    }
}
