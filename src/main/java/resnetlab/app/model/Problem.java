package resnetlab.app.model;

/**
 * Something wrong with the user's input, to be shown in the window: the field it concerns, and a message
 * key with its arguments (localised by the view). Key {@code error.raw} carries an engine message as is.
 */
public record Problem(String field, String key, Object... args) {
    public static Problem raw(String field, String message) { return new Problem(field, "error.raw", message); }
}
