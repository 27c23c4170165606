package resnetlab.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;

/** The project's one Jackson mapper (pretty output, unknown fields rejected, no is-getters) and atomic JSON writes. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Derived booleans like isPlain() are not data: only record components and getters are written.
            .visibility(com.fasterxml.jackson.annotation.PropertyAccessor.IS_GETTER,
                    com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
            .build();

    private Json() {}

    /** Writes {@code value} as JSON to {@code file} atomically. */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> MAPPER.writeValue(new NonClosing(out), value));
    }

    /**
     * Reads {@code file} as a {@code what} (e.g. "sweep result"); a file that is not one fails with one line naming
     * the file, the line and column, and what is wrong, not Jackson's text (reference chains, class names).
     */
    public static <T> T read(Path file, Class<T> type, String what) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            var loc = e.getLocation();
            String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            // "Unrecognized field "config" (class resnetlab...), not marked as ignorable (11 known ...)" -> "Unrecognized field "config""
            String cut = original.replaceAll("\\s*\\(class [^)]*\\).*", "").replaceAll("\\s+", " ").strip();
            throw new IOException(file + (loc != null && loc.getLineNr() > 0 ? ":" + loc.getLineNr() + ":" + loc.getColumnNr() : "")
                    + ": not a " + what + " (" + cut + ")", e);
        }
    }

    /** Jackson closes the stream it writes; the atomic writer closes it itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) { super(out); }
        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
        @Override public void close() throws IOException { out.flush(); }
    }
}
