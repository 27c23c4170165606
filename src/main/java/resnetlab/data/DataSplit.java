package resnetlab.data;

/**
 * A training set and a test set with the same image shape and classes.
 *
 * <p>{@link #normalized()} is the usual next step: the per-channel mean and std of the training images,
 * applied to both halves, so the test set never informs the statistics.
 */
public record DataSplit(Dataset train, Dataset test) {
    public DataSplit {
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()) {
            throw new IllegalArgumentException("train images are " + train.channels() + "x" + train.height() + "x" + train.width()
                    + " but test images are " + test.channels() + "x" + test.height() + "x" + test.width());
        }
        if (!train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("train and test classes differ: " + train.classNames() + " vs " + test.classNames());
        }
        if (!train.normalization().equals(test.normalization())) {
            throw new IllegalArgumentException("train and test are normalised differently");
        }
    }

    /** Both halves standardised with {@code Normalization.fit(train)}. */
    public DataSplit normalized() {
        var n = Normalization.fit(train);
        return new DataSplit(train.normalized(n), test.normalized(n));
    }

    /** What the pixels went through: the identity until {@link #normalized()}. */
    public Normalization normalization() { return train.normalization(); }
}
