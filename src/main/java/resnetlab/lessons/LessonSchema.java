package resnetlab.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.utils.JsonNodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import resnetlab.io.Json;

/**
 * The lesson format's definition: {@code lessons/lesson.schema.json} (JSON Schema 2020-12, shipped in the jar as
 * {@value #RESOURCE}), checked by com.networknt's validator. Each failure becomes one {@link LessonProblem} in the
 * loader's words: file, line and column of the value, the field path ("steps[0].models[1].widht") and what is
 * wrong, with a "did you mean" for a misspelt field or value, taken from the schema's own property names and enums.
 *
 * <p>The wording is generic per keyword ("missing field 'depth'", "lr -1 must be in (0, 10]"); where that would be
 * unclear the schema words it itself in an {@code errorMessage} object (the ajv-errors convention) next to the
 * keyword or an enclosing one: {@code "errorMessage": {"pattern": "id '{value}' must be ..."}}, or per field for
 * {@code required} and {@code additionalProperties}. {@code {value}} is the value found, {@code {kind}} its kind ("the
 * number 3", "a list"), {@code {property}} the field.
 */
final class LessonSchema {
    /** Classpath resource of the schema (the repository's lessons/lesson.schema.json). */
    static final String RESOURCE = LessonLoader.RESOURCE_DIR + "lesson.schema.json";
    /** The schema document, for the messages' hints and for tests. */
    static final JsonNode SCHEMA = load();
    private static final JsonSchema VALIDATOR = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SCHEMA, SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());

    /**
     * A problem and the JSON Pointer of the node it makes unusable (an object for a missing or unknown field), so
     * the Java rules skip that node rather than report it again.
     */
    record Finding(String pointer, LessonProblem problem) {}

    private LessonSchema() {}

    private static JsonNode load() {
        try (InputStream in = LessonSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path (a broken build)");
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every way {@code root} breaks the schema, one finding per field (the first the validator reports), in its order. */
    static List<Finding> check(String file, JsonNode root) {
        List<Finding> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ValidationMessage m : VALIDATOR.validate(root)) {
            String pointer = m.getInstanceLocation().toString();
            String property = m.getProperty();
            boolean childNamed = property != null && m.getType().equals("additionalProperties");
            // one problem per field: "" in zh breaks minLength and pattern, a number that is neither 0 nor 8..128 two branches of anyOf
            if (!seen.add(pointer + "\u0000" + (property == null ? "" : property))) continue;
            // the node as read, with its location (the validator may report a copy: enum compares numbers as decimals)
            JsonNode node = JsonNodes.get(root, m.getInstanceLocation());
            JsonNode at = (childNamed || m.getType().equals("dependentRequired")) && node.has(property) ? node.get(property) : node;
            String field = field(m.getInstanceLocation()) + (childNamed || m.getType().equals("dependentRequired")
                    ? (m.getInstanceLocation().getNameCount() == 0 ? "" : ".") + property : "");
            LocatedJson.Position p = LocatedJson.Position.of(at);
            out.add(new Finding(pointer, new LessonProblem(file, p.line(), p.column(), field, message(m, node))));
        }
        return out;
    }

    // ---- messages -------------------------------------------------------------------------------------

    private static String message(ValidationMessage m, JsonNode value) {
        String keyword = m.getType();
        String[] schemaPath = schemaPath(m);
        JsonNode holder = SCHEMA.at(pointer(schemaPath, schemaPath.length - 1)); // the schema object with the keyword
        String property = m.getProperty();
        String custom = errorMessage(schemaPath, property);
        String name = name(m.getInstanceLocation());
        if (custom != null && !(keyword.equals("enum") && !value.isTextual())) { // not "unknown action '{}'"
            String text = custom.replace("{value}", value.isTextual() ? value.asText() : String.valueOf(value))
                    .replace("{property}", String.valueOf(property)).replace("{kind}", kind(value));
            return keyword.equals("enum") ? text + hint(value.asText(), names(holder.get("enum"))) : text;
        }
        return switch (keyword) {
            case "required" -> "missing field '" + property + "'";
            case "additionalProperties" -> "unknown field '" + property + "'" + hint(property, names(holder.get("properties")));
            case "dependentRequired" -> property + " needs " + holder.at("/dependentRequired/" + property);
            case "type" -> name + " must be " + typeWords(holder.get("type")) + example(holder) + ", not " + kind(value);
            case "enum" -> value.isTextual() ? "unknown " + name + " '" + value.asText() + "'" + hint(value.asText(), names(holder.get("enum")))
                    : name + " must be one of " + String.join(", ", names(holder.get("enum"))) + ", not " + kind(value);
            case "const" -> name + " must be " + holder.get("const") + ", not " + kind(value);
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> name + " " + value + " must be " + range(holder);
            case "minLength" -> holder.get("minLength").asInt() == 1 ? name + " must not be empty"
                    : name + " must have at least " + holder.get("minLength") + " characters";
            case "minItems" -> name + " must list at least " + holder.get("minItems") + " values" + example(holder) + ", not " + value.size();
            case "maxItems" -> name + " must list at most " + holder.get("maxItems") + " values" + example(holder) + ", not " + value.size();
            case "uniqueItems" -> name + " lists " + duplicate(value) + " twice";
            case "pattern" -> name + " '" + value.asText() + "' does not have the form " + holder.get("pattern");
            default -> m.getMessage().replaceFirst("^[^:]*: ", name + ": ");
        };
    }

    /** The schema keyword path of a failure, e.g. [$defs, model, properties, depth, type]. */
    private static String[] schemaPath(ValidationMessage m) {
        String s = m.getSchemaLocation().toString();
        String fragment = s.substring(s.indexOf('#') + 1);
        return fragment.isEmpty() ? new String[0] : fragment.substring(1).split("/", -1);
    }

    private static String pointer(String[] path, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) b.append('/').append(path[i]);
        return b.toString();
    }

    /**
     * The schema's own words for this failure: an {@code errorMessage} next to the keyword, or next to an enclosing
     * keyword (the {@code anyOf} whose branches all failed), for {@code required}/{@code additionalProperties} keyed by field.
     */
    private static String errorMessage(String[] path, String property) {
        for (int i = path.length - 1; i >= 0; i--) {
            JsonNode words = SCHEMA.at(pointer(path, i)).path("errorMessage").path(path[i]);
            if (words.isTextual()) return words.asText();
            if (words.isObject() && property != null && words.path(property).isTextual()) return words.get(property).asText();
        }
        return null;
    }

    /** The instance path as the reader writes fields: "steps[0].models[1].depth" ("" for the whole lesson). */
    static String field(JsonNodePath path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object e = path.getElement(i);
            if (e instanceof Integer) b.append('[').append(e).append(']');
            else b.append(b.length() == 0 ? "" : ".").append(e);
        }
        return b.toString();
    }

    /** What a message calls the value: its field name, or "steps[2]" for a list element. */
    private static String name(JsonNodePath path) {
        int n = path.getNameCount();
        if (n == 0) return "the lesson";
        if (path.getElement(n - 1) instanceof Integer i) return n > 1 ? path.getName(n - 2) + "[" + i + "]" : "[" + i + "]";
        return path.getName(n - 1);
    }

    private static String typeWords(JsonNode type) {
        List<String> words = new ArrayList<>();
        for (String t : type.isArray() ? names(type) : List.of(type.asText())) {
            words.add(switch (t) {
                case "integer" -> "a whole number";
                case "number" -> "a number";
                case "string" -> "a string";
                case "boolean" -> "true or false";
                case "array" -> "a list";
                case "object" -> "an object";
                default -> t;
            });
        }
        return String.join(" or ", words);
    }

    /** ", e.g. [3, 5]" from the schema's {@code examples}, or "". */
    private static String example(JsonNode holder) {
        JsonNode e = holder.path("examples").path(0);
        return e.isMissingNode() ? "" : ", e.g. " + e.toString().replace(",", ", ").replace(":", ": ");
    }

    /** "in 1..600", "in (0, 10]", "at least 1", "at most 4096". */
    private static String range(JsonNode s) {
        boolean lowOpen = s.has("exclusiveMinimum"), highOpen = s.has("exclusiveMaximum");
        JsonNode low = lowOpen ? s.get("exclusiveMinimum") : s.get("minimum"), high = highOpen ? s.get("exclusiveMaximum") : s.get("maximum");
        if (low != null && high != null) {
            if (!lowOpen && !highOpen && low.isIntegralNumber() && high.isIntegralNumber()) return "in " + low + ".." + high;
            return "in " + (lowOpen ? "(" : "[") + low + ", " + high + (highOpen ? ")" : "]");
        }
        if (low != null) return (lowOpen ? "above " : "at least ") + low;
        return (highOpen ? "below " : "at most ") + high;
    }

    private static String duplicate(JsonNode list) {
        Set<JsonNode> seen = new LinkedHashSet<>();
        for (JsonNode v : list) if (!seen.add(v)) return v.toString();
        return "a value";
    }

    static String kind(JsonNode v) {
        if (v == null || v.isNull()) return "null";
        if (v.isTextual()) return "the string \"" + v.asText() + "\"";
        if (v.isNumber()) return "the number " + v;
        if (v.isBoolean()) return v.asText();
        if (v.isArray()) return "a list";
        return "an object";
    }

    /** The field names of an object or the texts of an array, as written in the schema. */
    static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) return out;
        if (node.isObject()) node.fieldNames().forEachRemaining(out::add);
        else node.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** " (did you mean 'width'?)" for a near name, else " (expected one of: ...)". */
    static String hint(String found, List<String> allowed) {
        String near = nearest(found, allowed);
        return near != null ? " (did you mean '" + near + "'?)" : " (expected one of: " + String.join(", ", allowed) + ")";
    }

    /** The allowed name within edit distance 2 (or equal ignoring case), if one is. */
    static String nearest(String name, List<String> allowed) {
        String best = null;
        int bestD = 3;
        for (String a : new TreeSet<>(allowed)) {
            int d = a.equalsIgnoreCase(name) ? 0 : distance(name.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT));
            if (d < bestD) { bestD = d; best = a; }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
