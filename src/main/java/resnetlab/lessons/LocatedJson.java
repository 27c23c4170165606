package resnetlab.lessons;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.serialization.node.JsonLocationAware;
import com.networknt.schema.serialization.node.LocationJsonNodeFactory;
import java.io.IOException;

/**
 * Reads a lesson's JSON into a Jackson tree whose every node knows its line and column (the schema validator's
 * {@link LocationJsonNodeFactory}, as its {@code JsonNodeReader.builder().locationAware()} does), so problems
 * found by the schema and by the Java rules both point at the file position: a value's first token.
 *
 * <p>A syntax error, an empty file, text after the lesson and a duplicate field name are {@link SyntaxError}s
 * with their position.
 */
final class LocatedJson {
    /** Line and column, 1-based (0 when unknown). */
    record Position(int line, int column) {
        static final Position UNKNOWN = new Position(0, 0);

        static Position of(JsonLocation l) {
            return l == null ? UNKNOWN : new Position(Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
        }

        /** Where a node read by {@link #parse} starts. */
        static Position of(JsonNode n) {
            return n instanceof JsonLocationAware a ? of(a.tokenLocation()) : UNKNOWN;
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

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private LocatedJson() {}

    static JsonNode parse(String text) throws SyntaxError {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            JsonNode root = MAPPER.reader(new LocationJsonNodeFactory(p)).readTree(p);
            if (root == null || root.isMissingNode()) throw new SyntaxError("the file is empty", new Position(1, 1));
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
            return root;
        } catch (JsonProcessingException e) {
            throw new SyntaxError("bad JSON: " + clean(e.getOriginalMessage()), Position.of(e.getLocation()));
        } catch (IOException e) {
            throw new SyntaxError("cannot read: " + e.getMessage(), Position.UNKNOWN);
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
}
