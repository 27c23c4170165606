package resnetlab.app.model;

/**
 * A message for the window's notice bar: a key of the message bundle and its arguments, so that it is shown in
 * the current language. {@code key} {@code error.raw} shows {@code args[0]} as is (an engine message).
 */
public record Notice(Level level, String key, Object... args) {
    public enum Level { INFO, WARNING, ERROR }

    public static Notice info(String key, Object... args) { return new Notice(Level.INFO, key, args); }
    public static Notice warning(String key, Object... args) { return new Notice(Level.WARNING, key, args); }
    public static Notice error(String key, Object... args) { return new Notice(Level.ERROR, key, args); }
}
