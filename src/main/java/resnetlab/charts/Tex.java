package resnetlab.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.GraphicAttribute;
import java.awt.font.TextAttribute;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;
import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;
import org.scilab.forge.jlatexmath.TeXIcon;

/**
 * TeX in text: "$…$" marks an inline formula, "$$…$$" a display formula on a line of its own, "\$" a dollar sign.
 * {@link #split} cuts a text into runs; {@link #problem} says what is wrong with a formula (for located lesson
 * problems); {@link #icon} and {@link #image} typeset it with JLaTeXMath (GPL-2.0 with Classpath Exception), in Java2D,
 * so the app (as an image), chart titles and exports (drawn on the export's Graphics2D: vectors in SVG and PDF) share it.
 * {@link #attributed} sets formulas inside a line of Java2D text (chart axis labels), where Java2D lays it out.
 */
public final class Tex {
    private Tex() {}

    /** A piece of text: plain words, or a formula's TeX source (inline or display). */
    public record Run(String text, boolean formula, boolean display) {
        public static Run words(String s) { return new Run(s, false, false); }
    }

    /** True if {@code s} holds a formula (an unescaped "$"). */
    public static boolean hasFormula(String s) {
        if (s == null) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 1 < s.length()) { i++; continue; }
            if (s.charAt(i) == '$') return true;
        }
        return false;
    }

    /**
     * The runs of {@code s}, in order. An unclosed "$" is an error ({@link IllegalArgumentException} naming the
     * position); an empty formula too.
     */
    public static List<Run> split(String s) {
        List<Run> out = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '$') { words.append('$'); i += 2; continue; }
            if (c != '$') { words.append(c); i++; continue; }
            boolean display = i + 1 < s.length() && s.charAt(i + 1) == '$';
            String close = display ? "$$" : "$";
            int start = i + close.length(), end = closing(s, start, close);
            if (end < 0) throw new IllegalArgumentException("the formula opened by '" + close + "' at character " + (i + 1) + " is not closed");
            String tex = s.substring(start, end).strip();
            if (tex.isEmpty()) throw new IllegalArgumentException("empty formula at character " + (i + 1));
            if (words.length() > 0) { out.add(Run.words(words.toString())); words.setLength(0); }
            out.add(new Run(tex, true, display));
            i = end + close.length();
        }
        if (words.length() > 0) out.add(Run.words(words.toString()));
        return out;
    }

    private static int closing(String s, int from, String close) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '\\') { i++; continue; }
            if (s.startsWith(close, i)) return i;
        }
        return -1;
    }

    /** What is wrong with the text's formulas ("unclosed $", a TeX error), or null if every one typesets. */
    public static String problem(String s) {
        if (!hasFormula(s)) return null;
        try {
            for (Run r : split(s)) if (r.formula()) new TeXFormula(r.text());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (RuntimeException e) { // JLaTeXMath's ParseException and friends
            return "TeX error in a formula: " + String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", "; ");
        }
    }

    /** The formula typeset at {@code size} points in {@code colour}; throws on a TeX error. */
    public static TeXIcon icon(String tex, boolean display, float size, Color colour) {
        TeXIcon icon = new TeXFormula(tex).createTeXIcon(display ? TeXConstants.STYLE_DISPLAY : TeXConstants.STYLE_TEXT, size);
        icon.setForeground(colour);
        return icon;
    }

    /** The formula as a transparent image, {@code scale} device pixels per point (2 for sharp slides). */
    public static BufferedImage image(String tex, boolean display, float size, Color colour, double scale) {
        return typeset(tex, display, size, colour, scale).image();
    }

    /** A typeset formula: its image and how far (in image pixels) it reaches below the baseline. */
    public record Typeset(BufferedImage image, int depth) {}

    /** As {@link #image}, with the depth below the baseline, to set the formula on a line of text. */
    public static Typeset typeset(String tex, boolean display, float size, Color colour, double scale) {
        TeXIcon icon = icon(tex, display, (float) (size * scale), colour);
        BufferedImage img = new BufferedImage(Math.max(1, icon.getIconWidth()), Math.max(1, icon.getIconHeight()), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            icon.paintIcon(null, g, 0, 0); // on its own Graphics: JLaTeXMath changes font and transform
        } finally {
            g.dispose();
        }
        return new Typeset(img, icon.getIconDepth());
    }

    /**
     * {@code s} as one line for Java2D's {@code TextLayout}: the words in {@code font} and {@code colour}, each formula
     * one object-replacement character (U+FFFC) that {@link FormulaGraphic} draws, sitting on the line's baseline.
     * JFreeChart draws an axis's attributed label this way ({@link ChartTheme#styleAxis}), so PNG, SVG and PDF exports
     * carry the typeset formula. A text that does not split or typeset comes back as plain words.
     */
    public static AttributedString attributed(String s, Font font, Color colour) {
        StringBuilder text = new StringBuilder();
        List<int[]> at = new ArrayList<>();
        List<FormulaGraphic> graphics = new ArrayList<>();
        try {
            for (Run r : split(s)) {
                if (!r.formula()) { text.append(r.text()); continue; }
                graphics.add(new FormulaGraphic(icon(r.text(), false, font.getSize2D() * 1.05f, colour)));
                at.add(new int[] {text.length()});
                text.append('\uFFFC');
            }
        } catch (RuntimeException e) { // an unclosed $ or a TeX error: the source as it is
            text.setLength(0);
            text.append(s);
            at.clear();
        }
        AttributedString out = new AttributedString(text.toString());
        if (text.length() == 0) return out;
        out.addAttribute(TextAttribute.FONT, font);
        out.addAttribute(TextAttribute.FOREGROUND, colour);
        for (int i = 0; i < at.size(); i++) out.addAttribute(TextAttribute.CHAR_REPLACEMENT, graphics.get(i), at.get(i)[0], at.get(i)[0] + 1);
        return out;
    }

    /** A typeset formula inside a line of Java2D text: as wide as the formula, above and below the baseline as it is. */
    static final class FormulaGraphic extends GraphicAttribute {
        private final TeXIcon icon;

        FormulaGraphic(TeXIcon icon) {
            super(ROMAN_BASELINE);
            this.icon = icon;
        }

        @Override public float getAscent() { return icon.getIconHeight() - icon.getIconDepth(); }

        @Override public float getDescent() { return icon.getIconDepth(); }

        @Override public float getAdvance() { return icon.getIconWidth(); }

        @Override public Rectangle2D getBounds() { return new Rectangle2D.Float(0, -getAscent(), getAdvance(), getAscent() + getDescent()); }

        @Override
        public void draw(Graphics2D g, float x, float y) {
            Graphics2D gi = (Graphics2D) g.create(); // JLaTeXMath leaves its own font and transform behind
            try {
                gi.translate(x, y - getAscent());
                icon.paintIcon(null, gi, 0, 0);
            } finally {
                gi.dispose();
            }
        }
    }
}
