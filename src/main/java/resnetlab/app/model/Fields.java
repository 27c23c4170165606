package resnetlab.app.model;

import java.util.List;

/**
 * The one parser of what people type into the window's number fields (the bench's training settings and the model
 * cards): a value, or a {@link Problem} naming the field and the text as typed, trimmed. Decimal commas and the
 * minus sign U+2212 read as '.' and '-'; infinities and NaN are not numbers here.
 */
final class Fields {
    private Fields() {}

    /** A finite decimal number, or null with an {@code error.notNumber} problem. */
    static Double number(String field, String text, List<Problem> problems) {
        String t = text == null ? "" : text.trim().replace('−', '-').replace(',', '.');
        try {
            double v = Double.parseDouble(t);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(new Problem(field, "error.notNumber", t));
        return null;
    }

    /** An int, or null with an {@code error.notInteger} problem. */
    static Integer integer(String field, String text, List<Problem> problems) {
        String t = text == null ? "" : text.trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            problems.add(new Problem(field, "error.notInteger", t));
            return null;
        }
    }

    /** A seed (any long), or null with an {@code error.seed} problem. */
    static Long seed(String field, String text, List<Problem> problems) {
        String t = text == null ? "" : text.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            problems.add(new Problem(field, "error.seed", t));
            return null;
        }
    }

    /** A number as a person would type it: "400", not "400.0"; "0.05". */
    static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%s", v);
    }
}
