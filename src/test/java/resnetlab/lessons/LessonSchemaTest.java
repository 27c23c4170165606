package resnetlab.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import resnetlab.io.Json;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * lessons/lesson.schema.json says what the loader accepts: its vocabularies equal the Java ones, every shipped lesson
 * conforms to it, and it rejects what the loader rejects for shape (checked with com.networknt's JSON Schema validator).
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
            assertThat(errors(read("lessons/" + f))).as(f).isEmpty();
        }
    }

    @Test void theSchemaRejectsWhatTheLoaderRejects() throws Exception {
        assertThat(errors(LessonFiles.VALID)).isEmpty();
        assertThat(errors(LessonFiles.VALID.replace("\"pane\": \"curves\"", "\"pane\": \"graphs\""))).anyMatch(e -> e.startsWith("/steps/0/pane"));
        assertThat(errors(LessonFiles.VALID.replace("\"chart\": \"single-block\"", "\"chart\": \"contour\""))).anyMatch(e -> e.startsWith("/steps/1/chart"));
        assertThat(errors(LessonFiles.VALID.replace("\"zh\": \"小课\"", "\"zh\": \"small\""))).anyMatch(e -> e.startsWith("/title/zh"));
        assertThat(errors(LessonFiles.VALID.replace("\"width\": 2, \"shortcut\"", "\"widht\": 2, \"shortcut\""))).anyMatch(e -> e.contains("widht"));
        assertThat(errors(LessonFiles.VALID.replace("{\"do\": \"train\"}", "{\"do\": \"train\", \"block\": 2}"))).isNotEmpty();
        // and the loader rejects each of these too
        for (String broken : List.of(LessonFiles.VALID.replace("\"pane\": \"curves\"", "\"pane\": \"graphs\""),
                LessonFiles.VALID.replace("\"width\": 2, \"shortcut\"", "\"widht\": 2, \"shortcut\""),
                LessonFiles.VALID.replace("{\"do\": \"train\"}", "{\"do\": \"train\", \"block\": 2}"))) {
            assertThat(LessonReader.read("broken.json", broken).ok()).isFalse();
        }
    }

    /**
     * lesson.schema.json, checked by a maintained JSON Schema (2020-12) validator; each error as
     * "JSON-pointer: message", e.g. "/steps/0/pane: does not have a value in the enumeration [...]".
     */
    static final JsonSchema VALIDATOR = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SCHEMA, SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());

    static List<String> errors(JsonNode document) {
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : VALIDATOR.validate(document)) out.add(m.getInstanceLocation() + ": " + m.getMessage());
        return out;
    }

    private static List<String> errors(String text) throws Exception {
        return errors(Json.MAPPER.readTree(text));
    }
}
