package resnetlab.data;

/**
 * A data file or folder that cannot be used: missing, truncated, wrong magic number, inconsistent sizes,
 * labels out of range, wrong image dimensions. The message starts with the file (or folder) name and then
 * says what is wrong, for example {@code "train-labels-idx1-ubyte.gz: label 12 at index 5 is out of range 0..9"},
 * so the CLI and the app can show it to a user as it is.
 */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) { super(message); }
    public DatasetException(String message, Throwable cause) { super(message, cause); }

    /** {@code "<file name>: <problem>"}. */
    static DatasetException of(String file, String problem) {
        return new DatasetException(file + ": " + problem);
    }
}
