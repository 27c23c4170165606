package resnetlab.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where BN and ReLU sit in a residual unit (He 2016, Fig. 4). */
public enum UnitOrder {
    /** conv-BN-ReLU-conv-BN, add, ReLU. */
    ORIGINAL("original"),
    /** conv-BN-ReLU-conv-BN, add, BN, ReLU. */
    BN_AFTER_ADD("bn-after-add"),
    /** conv-BN-ReLU-conv-BN-ReLU, add. */
    RELU_BEFORE_ADD("relu-before-add"),
    /** ReLU-conv-BN-ReLU-conv-BN, add. */
    RELU_PREACT("relu-preact"),
    /** BN-ReLU-conv-BN-ReLU-conv, add. */
    FULL_PREACT("full-preact");

    private final String cliName;

    UnitOrder(String cliName) { this.cliName = cliName; }

    @JsonValue
    public String cliName() { return cliName; }

    /** Pre-activation units need an extra BN-ReLU after the last addition. */
    public boolean isPreActivation() { return this == RELU_PREACT || this == FULL_PREACT; }

    @JsonCreator
    public static UnitOrder parse(String s) {
        for (UnitOrder u : values()) if (u.cliName.equalsIgnoreCase(s) || u.name().equalsIgnoreCase(s)) return u;
        throw new IllegalArgumentException("unknown unit ordering '" + s + "' (expected one of "
                + "original, bn-after-add, relu-before-add, relu-preact, full-preact)");
    }

    @Override public String toString() { return cliName; }
}
