package resnetlab.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import resnetlab.io.Json;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * lessons/lesson.schema.json says what the loader accepts: its vocabularies equal the Java ones, every shipped lesson
 * conforms to it, and it rejects what the loader rejects for shape (a small validator of the keywords the schema uses).
 */
class LessonSchemaTest {
    static final JsonNode SCHEMA = read("lessons/lesson.schema.json");

    static JsonNode read(String path) {
        try {
            return Json.MAPPER.readTree(Path.of(path).toFile());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Set<String> names(JsonNode object) {
        Set<String> s = new TreeSet<>();
        object.fieldNames().forEachRemaining(s::add);
        return s;
    }

    static Set<String> texts(JsonNode array) {
        Set<String> s = new TreeSet<>();
        array.forEach(v -> s.add(v.asText()));
        return s;
    }

    @Test void vocabulariesMatchTheLoader() {
        JsonNode defs = SCHEMA.get("$defs");
        assertThat(names(SCHEMA.get("properties"))).isEqualTo(new TreeSet<>(LessonReader.LESSON_FIELDS));
        assertThat(names(defs.at("/preset/properties"))).isEqualTo(new TreeSet<>(LessonReader.PRESET_FIELDS));
        assertThat(texts(defs.at("/preset/required"))).isEqualTo(new TreeSet<>(LessonReader.PRESET_REQUIRED));
        assertThat(names(defs.at("/step/properties"))).isEqualTo(new TreeSet<>(LessonReader.STEP_FIELDS));
        assertThat(names(defs.at("/model/properties"))).isEqualTo(new TreeSet<>(LessonReader.MODEL_FIELDS));
        assertThat(texts(defs.at("/step/properties/pane/enum"))).isEqualTo(new TreeSet<>(Pane.fileNames()));
        for (JsonNode rule : defs.at("/step/allOf")) {
            Pane pane = Pane.parse(rule.at("/if/properties/pane/const").asText());
            assertThat(rule.at("/then/properties/chart/enum")).extracting(JsonNode::asText).containsExactlyElementsOf(pane.charts());
        }
        assertThat(defs.at("/step/allOf")).hasSize(Pane.values().length);
        Set<String> shortcuts = new TreeSet<>(Arrays.stream(ShortcutType.values()).map(ShortcutType::cliName).toList());
        assertThat(texts(defs.at("/model/properties/shortcut/enum"))).isEqualTo(shortcuts);
        Set<String> units = new TreeSet<>(Arrays.stream(UnitOrder.values()).map(UnitOrder::cliName).toList());
        assertThat(texts(defs.at("/model/properties/unit/enum"))).isEqualTo(units);
        Set<String> kinds = new TreeSet<>();
        for (JsonNode a : defs.at("/action/oneOf")) {
            String kind = a.at("/properties/do/const").asText();
            kinds.add(kind);
            Set<String> fields = new TreeSet<>(LessonReader.ACTION_FIELDS.get(kind));
            fields.add("do");
            assertThat(names(a.get("properties"))).as(kind).isEqualTo(fields);
            Set<String> required = new TreeSet<>(LessonReader.ACTION_REQUIRED.get(kind));
            required.add("do");
            assertThat(texts(a.get("required"))).as(kind).isEqualTo(required);
            if (kind.equals("experiment")) {
                assertThat(texts(a.at("/properties/name/enum"))).isEqualTo(new TreeSet<>(Experiment.fileNames()));
            }
        }
        assertThat(kinds).isEqualTo(new TreeSet<>(LessonReader.ACTION_FIELDS.keySet()));
    }

    @Test void everyShippedLessonConformsToTheSchema() {
        for (String f : LessonLoader.shippedFiles()) {
            List<String> errors = new ArrayList<>();
            validate(read("lessons/" + f), SCHEMA, "", errors);
            assertThat(errors).as(f).isEmpty();
        }
    }

    @Test void theSchemaRejectsWhatTheLoaderRejects() throws Exception {
        JsonNode valid = Json.MAPPER.readTree(LessonFiles.VALID);
        List<String> none = new ArrayList<>();
        validate(valid, SCHEMA, "", none);
        assertThat(none).isEmpty();
        assertThat(errors(LessonFiles.VALID.replace("\"pane\": \"curves\"", "\"pane\": \"graphs\""))).anyMatch(e -> e.startsWith("/steps/0/pane"));
        assertThat(errors(LessonFiles.VALID.replace("\"chart\": \"single-block\"", "\"chart\": \"contour\""))).anyMatch(e -> e.startsWith("/steps/1/chart"));
        assertThat(errors(LessonFiles.VALID.replace("\"zh\": \"小课\"", "\"zh\": \"small\""))).anyMatch(e -> e.startsWith("/title/zh"));
        assertThat(errors(LessonFiles.VALID.replace("\"width\": 2, \"shortcut\"", "\"widht\": 2, \"shortcut\""))).anyMatch(e -> e.contains("widht"));
        assertThat(errors(LessonFiles.VALID.replace("{\"do\": \"train\"}", "{\"do\": \"train\", \"block\": 2}"))).isNotEmpty();
    }

    private static List<String> errors(String text) throws Exception {
        List<String> e = new ArrayList<>();
        validate(Json.MAPPER.readTree(text), SCHEMA, "", e);
        return e;
    }

    /** The JSON Schema keywords lesson.schema.json uses, enough to check documents against it. */
    static void validate(JsonNode v, JsonNode s, String at, List<String> errors) {
        if (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            validate(v, SCHEMA.at(ref.substring(1)), at, errors);
            return;
        }
        if (s.has("const") && !s.get("const").equals(v)) { errors.add(at + ": not " + s.get("const")); return; }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.get("enum")) found |= e.equals(v);
            if (!found) { errors.add(at + ": " + v + " not in " + s.get("enum")); return; }
        }
        String type = s.path("type").asText("");
        switch (type) {
            case "object" -> { if (!v.isObject()) { errors.add(at + ": not an object"); return; } }
            case "array" -> { if (!v.isArray()) { errors.add(at + ": not an array"); return; } }
            case "string" -> { if (!v.isTextual()) { errors.add(at + ": not a string"); return; } }
            case "integer" -> { if (!v.isIntegralNumber()) { errors.add(at + ": not an integer"); return; } }
            case "number" -> { if (!v.isNumber()) { errors.add(at + ": not a number"); return; } }
            case "boolean" -> { if (!v.isBoolean()) { errors.add(at + ": not a boolean"); return; } }
            default -> { }
        }
        if (v.isNumber()) {
            if (s.has("minimum") && v.asDouble() < s.get("minimum").asDouble()) errors.add(at + ": below minimum");
            if (s.has("maximum") && v.asDouble() > s.get("maximum").asDouble()) errors.add(at + ": above maximum");
            if (s.has("exclusiveMinimum") && v.asDouble() <= s.get("exclusiveMinimum").asDouble()) errors.add(at + ": not above exclusiveMinimum");
            if (s.has("exclusiveMaximum") && v.asDouble() >= s.get("exclusiveMaximum").asDouble()) errors.add(at + ": not below exclusiveMaximum");
        }
        if (v.isTextual()) {
            if (s.has("minLength") && v.asText().length() < s.get("minLength").asInt()) errors.add(at + ": too short");
            if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find()) errors.add(at + ": does not match " + s.get("pattern"));
        }
        if (v.isArray()) {
            if (s.has("minItems") && v.size() < s.get("minItems").asInt()) errors.add(at + ": too few items");
            if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) errors.add(at + ": too many items");
            if (s.path("uniqueItems").asBoolean() && new TreeSet<>(texts(v)).size() != v.size()) errors.add(at + ": items not unique");
            if (s.has("items")) for (int i = 0; i < v.size(); i++) validate(v.get(i), s.get("items"), at + "/" + i, errors);
        }
        if (v.isObject()) {
            JsonNode props = s.path("properties");
            for (JsonNode r : s.path("required")) if (!v.has(r.asText())) errors.add(at + ": missing " + r.asText());
            Iterator<String> it = v.fieldNames();
            while (it.hasNext()) {
                String f = it.next();
                if (props.has(f)) validate(v.get(f), props.get(f), at + "/" + f, errors);
                else if (s.has("additionalProperties") && !s.get("additionalProperties").asBoolean()) errors.add(at + "/" + f + ": not allowed");
            }
        }
        if (s.has("oneOf")) {
            int matches = 0;
            for (JsonNode alt : s.get("oneOf")) {
                List<String> e = new ArrayList<>();
                validate(v, alt, at, e);
                if (e.isEmpty()) matches++;
            }
            if (matches != 1) errors.add(at + ": matches " + matches + " of oneOf");
        }
        for (JsonNode rule : s.path("allOf")) {
            if (rule.has("if")) {
                List<String> e = new ArrayList<>();
                validate(v, rule.get("if"), at, e);
                if (e.isEmpty()) validate(v, rule.get("then"), at, errors);
            } else {
                validate(v, rule, at, errors);
            }
        }
    }
}
