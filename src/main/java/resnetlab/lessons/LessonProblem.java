package resnetlab.lessons;

/**
 * One problem with a lesson file.
 *
 * @param file    the file name or resource as given to the loader
 * @param line    1-based line (0 when unknown)
 * @param column  1-based column (0 when unknown)
 * @param field   where in the lesson, e.g. "steps[2].models[0].depth" ("" for the whole file)
 * @param message what is wrong, e.g. "depth 21 is not 6n+2 ..."
 */
public record LessonProblem(String file, int line, int column, String field, String message) {
    /** "file:line:column: field: message", the form compilers use, so editors can jump to it. */
    @Override public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) s.append(':').append(line).append(':').append(column);
        s.append(": ");
        if (!field.isEmpty()) s.append(field).append(": ");
        return s.append(message).toString();
    }
}
