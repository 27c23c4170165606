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

    /**
     * What went wrong, as an argument of a notice: a refusal's own notice (for memory: estimate, heap, what to
     * change), in the current language, else the engine's message as is.
     */
    public static Object reasonOf(Throwable x) {
        while ((x instanceof java.util.concurrent.CompletionException || x instanceof java.util.concurrent.ExecutionException)
                && x.getCause() != null) x = x.getCause();
        if (x instanceof Refusal r) return r.notice();
        return x.getMessage() == null ? x.toString() : x.getMessage();
    }

    /**
     * A request the app refuses for a reason it can word in the window's language: {@link #getMessage()} is the
     * English line (logs, the command line), {@link #notice()} the same for the notice bar ({@link #reasonOf}).
     */
    public static class Refusal extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient Notice notice;

        public Refusal(String message, Notice notice, Throwable cause) {
            super(message, cause);
            this.notice = notice;
        }

        public Notice notice() { return notice; }
    }
}
