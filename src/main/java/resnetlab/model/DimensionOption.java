package resnetlab.model;

/** How a shortcut meets a change of dimensions (He 2015, section 4.1). */
public enum DimensionOption {
    /** Subsample x[:, :, ::2, ::2] and zero-pad the new channels; parameter-free. */
    A,
    /** A 1x1 stride-2 convolution + BN where dimensions change; identity elsewhere. */
    B,
    /** 1x1 convolution + BN projections on every shortcut. */
    C;

    public static DimensionOption parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dimension option '" + s + "' (expected A, B or C)");
        }
    }
}
