package resnetlab.lessons;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON document read into a Jackson tree together with the line and column of every node, so that
 * semantic problems found later can point at the file position. Keys are JSON Pointers ("/steps/2/pane");
 * a member's position is that of its name (where an editor should jump), an array element's that of its
 * first token.
 *
 * <p>Built in one pass over the token stream; duplicate member names are rejected as syntax errors.
 */
final class LocatedJson {
    /** Line and column, 1-based. */
    record Position(int line, int column) {
        static final Position UNKNOWN = new Position(0, 0);

        static Position of(JsonLocation l) {
            return l == null ? UNKNOWN : new Position(Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
        }
    }

    /** A syntax error: message and position. */
    static final class SyntaxError extends Exception {
        final Position position;

        SyntaxError(String message, Position position) {
            super(message);
            this.position = position;
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonNode root;
    private final Map<String, Position> positions;

    private LocatedJson(JsonNode root, Map<String, Position> positions) {
        this.root = root;
        this.positions = positions;
    }

    JsonNode root() { return root; }

    /** The position of the node at a JSON Pointer, or of its nearest located ancestor. */
    Position at(String pointer) {
        String p = pointer;
        while (true) {
            Position pos = positions.get(p);
            if (pos != null) return pos;
            if (p.isEmpty()) return Position.UNKNOWN;
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    static LocatedJson parse(String text) throws SyntaxError {
        Map<String, Position> positions = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new SyntaxError("the file is empty", new Position(1, 1));
            positions.put("", Position.of(p.currentTokenLocation()));
            JsonNode root = value(p, "", positions);
            JsonToken after;
            try {
                after = p.nextToken();
            } catch (JsonProcessingException e) {
                throw new SyntaxError("unexpected text after the end of the lesson (" + clean(e.getOriginalMessage()) + ")",
                        Position.of(e.getLocation()));
            }
            if (after != null) {
                throw new SyntaxError("unexpected " + describe(after, p) + " after the end of the lesson",
                        Position.of(p.currentTokenLocation()));
            }
            return new LocatedJson(root, positions);
        } catch (JsonProcessingException e) {
            throw new SyntaxError("bad JSON: " + clean(e.getOriginalMessage()), Position.of(e.getLocation()));
        } catch (IOException e) {
            throw new SyntaxError("cannot read: " + e.getMessage(), Position.UNKNOWN);
        }
    }

    /** Reads the value whose first token is current. */
    private static JsonNode value(JsonParser p, String pointer, Map<String, Position> positions) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = pointer + "/" + escape(name);
                    positions.put(child, Position.of(p.currentTokenLocation()));
                    p.nextToken();
                    o.set(name, value(p, child, positions));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String child = pointer + "/" + i++;
                    positions.put(child, Position.of(p.currentTokenLocation()));
                    a.add(value(p, child, positions));
                }
                return a;
            }
            case VALUE_STRING -> { return f.textNode(p.getText()); }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> f.numberNode(p.getIntValue());
                    case LONG -> f.numberNode(p.getLongValue());
                    default -> f.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> { return f.numberNode(p.getDoubleValue()); }
            case VALUE_TRUE -> { return f.booleanNode(true); }
            case VALUE_FALSE -> { return f.booleanNode(false); }
            case VALUE_NULL -> { return f.nullNode(); }
            default -> throw new IllegalStateException("unexpected token " + p.currentToken());
        }
    }

    private static String describe(JsonToken t, JsonParser p) throws IOException {
        return switch (t) {
            case START_OBJECT -> "'{'";
            case START_ARRAY -> "'['";
            default -> "'" + p.getText() + "'";
        };
    }

    /** Jackson's message without the "(for Object starting at [Source: ...])" tail: the position is reported apart. */
    static String clean(String message) {
        return message == null ? "" : message.replaceAll("(?s)\\s*\\(for \\w+ starting at \\[Source:.*?\\]\\)", "").strip();
    }

    /** JSON Pointer escaping (RFC 6901). */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
