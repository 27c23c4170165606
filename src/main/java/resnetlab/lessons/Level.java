package resnetlab.lessons;

import java.util.Locale;

/** Who a lesson is for. */
public enum Level {
    BEGINNER, INTERMEDIATE, ADVANCED;

    /** The name used in lesson files: "beginner", "intermediate", "advanced". */
    public String fileName() { return name().toLowerCase(Locale.ROOT); }

    /** The level with this file name, or null. */
    static Level parse(String s) {
        for (Level l : values()) if (l.fileName().equals(s)) return l;
        return null;
    }
}
