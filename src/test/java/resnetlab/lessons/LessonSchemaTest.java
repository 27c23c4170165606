package resnetlab.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import resnetlab.data.DataSpec;
import resnetlab.io.Json;
import resnetlab.model.DimensionOption;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * lessons/lesson.schema.json is the lesson format and the loader follows it: the jar ships the file itself, its
 * vocabularies and defaults are the Java ones, every shipped lesson conforms, and every mutant of a lesson that a
 * plain JSON Schema validator rejects the loader rejects too, with a located problem at each rejected field, a
 * "did you mean" for a misspelt field name or value.
 */
class LessonSchemaTest {
    static final JsonNode SCHEMA = read(Path.of("lessons/lesson.schema.json"));
    /** The schema checked by the validator alone, not through the loader's messages. */
    static final JsonSchema VALIDATOR = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SCHEMA, SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());

    static JsonNode read(Path path) {
        try {
            return Json.MAPPER.readTree(path.toFile());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Set<String> texts(JsonNode node) {
        return new TreeSet<>(LessonSchema.names(node));
    }

    @Test void theLoaderUsesTheSchemaFileAsItIs() {
        assertThat(LessonSchema.SCHEMA).isEqualTo(SCHEMA);
    }

    @Test void vocabulariesAndDefaultsAreTheJavaOnes() {
        JsonNode defs = SCHEMA.get("$defs");
        assertThat(texts(SCHEMA.at("/properties/level/enum"))).isEqualTo(new TreeSet<>(Arrays.stream(Level.values()).map(Level::fileName).toList()));
        assertThat(texts(defs.at("/presetFields/properties/dataset/enum"))).isEqualTo(new TreeSet<>(DataSpec.NAMES));
        assertThat(texts(defs.at("/step/properties/pane/enum"))).isEqualTo(new TreeSet<>(Pane.fileNames()));
        for (JsonNode rule : defs.at("/step/allOf")) {
            Pane pane = Pane.parse(rule.at("/if/properties/pane/const").asText());
            assertThat(texts(rule.at("/then/properties/chart/enum"))).as(pane.fileName()).isEqualTo(new TreeSet<>(pane.charts()));
        }
        assertThat(defs.at("/step/allOf")).hasSize(Pane.values().length);
        JsonNode model = defs.at("/model/properties");
        assertThat(texts(model.at("/shortcut/enum"))).isEqualTo(new TreeSet<>(Arrays.stream(ShortcutType.values()).map(ShortcutType::cliName).toList()));
        assertThat(texts(model.at("/unit/enum"))).isEqualTo(new TreeSet<>(Arrays.stream(UnitOrder.values()).map(UnitOrder::cliName).toList()));
        assertThat(texts(model.at("/option/enum"))).isEqualTo(new TreeSet<>(Arrays.stream(DimensionOption.values()).map(Enum::name).toList()));
        JsonNode experiment = defs.at("/action/allOf/4/then");
        assertThat(experiment.at("/properties/do").isBoolean()).isTrue();
        assertThat(texts(experiment.at("/properties/name/enum"))).isEqualTo(new TreeSet<>(Experiment.fileNames()));
        assertThat(experiment.get("allOf")).extracting(r -> r.at("/if/properties/name/const").asText())
                .containsExactlyInAnyOrderElementsOf(Experiment.fileNames());

        // the defaults the schema documents are the ones the loader applies
        NetworkSpec defaults = NetworkSpec.of(20, LessonReader.DEFAULT_WIDTH, 1, 32, 10, ShortcutType.IDENTITY);
        assertThat(model.at("/width/default").asInt()).isEqualTo(defaults.width());
        assertThat(model.at("/shortcut/default").asText()).isEqualTo(defaults.shortcut().cliName());
        assertThat(model.at("/lambda/default").asDouble()).isEqualTo(defaults.lambda());
        assertThat(model.at("/scaleBranch/default").asBoolean()).isEqualTo(defaults.scaleBranch());
        assertThat(model.at("/gateBias/default").asDouble()).isEqualTo(defaults.gateBias());
        assertThat(model.at("/dropout/default").asDouble()).isEqualTo(defaults.dropout());
        assertThat(model.at("/unit/default").asText()).isEqualTo(defaults.unit().cliName());
        assertThat(model.at("/option/default").asText()).isEqualTo(defaults.option().name());
        JsonNode preset = defs.at("/presetFields/properties");
        Set<String> optional = new TreeSet<>(LessonSchema.names(preset));
        optional.removeAll(LessonSchema.names(defs.at("/preset/required")));
        assertThat(optional).containsExactlyInAnyOrder("evalEvery", "warmup");
        assertThat(preset.at("/evalEvery/default").asInt()).isEqualTo(LessonReader.OPTIONAL_PRESET_FIELDS.evalEvery());
        assertThat(preset.at("/warmup/default").asText()).isEqualTo(LessonReader.OPTIONAL_PRESET_FIELDS.warmup());
    }

    @Test void everyShippedLessonConformsToTheSchema() {
        for (String f : LessonLoader.shippedFiles()) {
            assertThat(errors(read(Path.of("lessons", f)))).as(f).isEmpty();
        }
    }

    @Test void everyActionKindOfTheSchemaIsRead() throws Exception {
        Set<String> kinds = texts(SCHEMA.at("/$defs/action/properties/do/enum"));
        assertThat(SCHEMA.at("/$defs/action/allOf")).extracting(r -> r.at("/if/properties/do/const").asText())
                .containsExactlyInAnyOrderElementsOf(kinds);
        String[] minimal = {"{\"do\": \"train\"}", "{\"do\": \"delete\", \"block\": 2}", "{\"do\": \"swap\", \"blocks\": [2, 3], \"model\": \"ResNet-20\"}",
            "{\"do\": \"set-lambda\", \"lambda\": 0.5}", "{\"do\": \"experiment\", \"name\": \"lesion-study\"}"};
        Set<String> read = new TreeSet<>();
        // the second step of the test lesson shows the network (a chart that needs no data) and does one action
        String base = LessonFiles.replaceOnce(LessonFiles.replaceOnce(LessonFiles.replaceOnce(LessonFiles.VALID, "\"pane\": \"lesions\"", "\"pane\": \"network\""),
                "\"chart\": \"single-block\"", "\"chart\": \"diagram\""), "{\"depth\": 14, \"width\": 2}", "{\"depth\": 20, \"width\": 2}");
        for (String action : minimal) {
            String lesson = LessonFiles.replaceOnce(base, "{\"do\": \"delete\", \"block\": 2}", action);
            LoadResult r = LessonLoader.parse("kind.json", lesson);
            assertThat(r.problems()).as(action + "\n" + r.report()).isEmpty();
            read.add(r.lesson().steps().get(1).actions().get(0).getClass().getSimpleName());
            assertThat(errors(Json.MAPPER.readTree(lesson))).isEmpty();
        }
        assertThat(read).hasSize(kinds.size());
    }

    /**
     * Mutants of the test lesson and of a shipped one: each field removed, its name misspelt (last letter dropped), each
     * text value misspelt, and each value replaced by null, a string, -1, 2^31, a list and an object. Whatever the
     * validator rejects, the loader rejects, with a problem that has a line at each field the validator names.
     */
    @Test void whatTheSchemaRejectsTheLoaderRejectsAtTheSameField() throws Exception {
        int[] rejected = {0}, suggested = {0};
        for (String text : List.of(LessonFiles.VALID, Files.readString(Path.of("lessons/07-lesions.json")))) {
            JsonNode original = Json.MAPPER.readTree(text);
            List<String> pointers = new ArrayList<>();
            collect(original, "", pointers);
            for (String pointer : pointers) {
                for (Mutation mutation : mutations(original, pointer)) {
                    JsonNode mutant = original.deepCopy();
                    mutation.edit().accept(mutant);
                    List<ValidationMessage> errors = new ArrayList<>(VALIDATOR.validate(mutant));
                    if (errors.isEmpty()) continue;
                    rejected[0]++;
                    String label = pointer + " " + mutation.what();
                    LoadResult r = LessonLoader.parse("mutant.json", Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(mutant));
                    assertThat(r.ok()).as(label).isFalse();
                    assertThat(r.problems()).as(label).allMatch(p -> p.line() > 0 && !p.message().contains("\n"));
                    for (ValidationMessage e : errors) {
                        String field = LessonSchema.field(e.getInstanceLocation())
                                + (e.getType().equals("additionalProperties") ? (e.getInstanceLocation().getNameCount() == 0 ? "" : ".") + e.getProperty() : "");
                        String expected = field;
                        assertThat(r.problems()).as(label + ": " + e + "\n" + r.report())
                                .anyMatch(p -> p.field().equals(expected) || p.field().startsWith(expected + "."));
                    }
                    if (mutation.suggests() != null) {
                        suggested[0]++;
                        assertThat(r.report()).as(label).contains("did you mean '" + mutation.suggests() + "'?");
                    }
                }
            }
        }
        assertThat(rejected[0]).isGreaterThan(300);
        assertThat(suggested[0]).isGreaterThan(50);
    }

    /** The validator compares a double with a long bound after a cast, so a bound of Long.MAX_VALUE would let 1e308 through. */
    @Test void hugeNumbersAreRefusedNotClamped() {
        for (String[] edit : new String[][] {{"\"seeds\": [5]", "\"seeds\": [1e308]"}, {"\"seeds\": [5]", "\"seeds\": [-1e308]"},
                {"\"batch\": 16", "\"batch\": 1e308"}, {"{\"depth\": 14,", "{\"depth\": 1e308,"}, {"\"block\": 2", "\"block\": 1e308"}}) {
            LoadResult r = LessonLoader.parse("huge.json", LessonFiles.replaceOnce(LessonFiles.VALID, edit[0], edit[1]));
            assertThat(r.ok()).as(edit[1]).isFalse();
            assertThat(r.problems()).as(edit[1]).hasSize(1).allMatch(p -> p.line() > 0);
        }
    }

    /** A change to a lesson tree; {@code suggests}: the name or value a "did you mean" must offer, if any. */
    record Mutation(String what, Consumer<JsonNode> edit, String suggests) {}

    private static final JsonNode[] ODD = {JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.textNode("x"),
        JsonNodeFactory.instance.numberNode(-1), JsonNodeFactory.instance.numberNode(2147483648L), JsonNodeFactory.instance.arrayNode(),
        JsonNodeFactory.instance.objectNode()};

    private static List<Mutation> mutations(JsonNode root, String pointer) {
        List<Mutation> out = new ArrayList<>();
        String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode parent = root.at(parentPointer), value = root.at(pointer);
        for (JsonNode odd : ODD) out.add(new Mutation("= " + odd, t -> set(t.at(parentPointer), last, odd), null));
        if (parent.isObject()) {
            out.add(new Mutation("removed", t -> ((ObjectNode) t.at(parentPointer)).remove(last), null));
            if (last.length() > 3) {
                String misspelt = last.substring(0, last.length() - 1);
                out.add(new Mutation("renamed " + misspelt, t -> {
                    ObjectNode o = (ObjectNode) t.at(parentPointer);
                    o.set(misspelt, o.remove(last));
                }, hasField(parent, misspelt) ? null : last));
            }
        }
        if (value.isTextual() && value.asText().length() > 3 && !value.asText().contains(" ")) {
            String misspelt = value.asText().substring(0, value.asText().length() - 1);
            out.add(new Mutation("value " + misspelt, t -> set(t.at(parentPointer), last, JsonNodeFactory.instance.textNode(misspelt)),
                    enumValue(root, pointer) ? value.asText() : null));
        }
        return out;
    }

    /** Whether the misspelt name is itself a field of the object (then no suggestion is due). */
    private static boolean hasField(JsonNode parent, String name) {
        return parent.has(name);
    }

    /** Whether the validator rejects a changed value here as not in an enumeration (so a suggestion is due). */
    private static boolean enumValue(JsonNode root, String pointer) {
        JsonNode t = root.deepCopy();
        String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
        set(t.at(parentPointer), pointer.substring(pointer.lastIndexOf('/') + 1), JsonNodeFactory.instance.textNode("\u0001"));
        return VALIDATOR.validate(t).stream().anyMatch(e -> e.getType().equals("enum") && e.getInstanceLocation().toString().equals(pointer));
    }

    private static void set(JsonNode container, String key, JsonNode value) {
        if (container instanceof ObjectNode o) o.set(key, value);
        else ((ArrayNode) container).set(Integer.parseInt(key), value);
    }

    private static void collect(JsonNode n, String pointer, List<String> out) {
        if (!pointer.isEmpty()) out.add(pointer);
        if (n.isObject()) n.fieldNames().forEachRemaining(f -> collect(n.get(f), pointer + "/" + f, out));
        if (n.isArray()) for (int i = 0; i < n.size(); i++) collect(n.get(i), pointer + "/" + i, out);
    }

    static List<String> errors(JsonNode document) {
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : VALIDATOR.validate(document)) out.add(m.getInstanceLocation() + ": " + m.getMessage());
        return out;
    }
}
