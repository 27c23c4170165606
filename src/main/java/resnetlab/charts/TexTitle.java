package resnetlab.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Size2D;
import org.scilab.forge.jlatexmath.TeXIcon;

/**
 * A chart title with formulas between $…$ typeset ({@link Tex}), wrapped at spaces like a plain title: words in the
 * title's font, formulas drawn by JLaTeXMath onto the same Graphics2D, so PNG, SVG and PDF exports carry them (as shapes in the vector formats).
 * {@link #getText()} stays the raw text with its TeX, which is what the CSV/JSON export and the PDF's title record.
 * {@link ChartAssembly#chart} makes one when the title has a formula.
 */
public final class TexTitle extends TextTitle {
    private static final long serialVersionUID = 1L;

    public TexTitle(String text, Font font) {
        super(text, font);
    }

    /** One laid-out piece: words or a formula icon, with its width and the part above the baseline. */
    private record Piece(String words, TeXIcon icon, double width, double ascent, double descent) {}

    /** One line of pieces: its width and its height above and below the baseline. */
    private record Line(List<Piece> pieces, double width, double ascent, double descent) {}

    /** The title's pieces: each word (with the space after it) on its own, each formula as one icon. */
    private List<Piece> pieces(Graphics2D g2) {
        Font f = getFont();
        FontRenderContext frc = g2.getFontRenderContext();
        Paint p = getPaint();
        Color colour = p instanceof Color c ? c : Color.BLACK;
        List<Piece> out = new ArrayList<>();
        List<Tex.Run> runs;
        try {
            runs = Tex.split(getText());
        } catch (IllegalArgumentException e) {
            runs = List.of(Tex.Run.words(getText()));
        }
        for (Tex.Run r : runs) {
            TeXIcon icon = null;
            if (r.formula()) {
                try {
                    icon = Tex.icon(r.text(), false, f.getSize2D() * 1.05f, colour);
                } catch (RuntimeException e) {
                    icon = null; // shown as its source
                }
            }
            if (icon != null) {
                double depth = icon.getIconDepth();
                out.add(new Piece(null, icon, icon.getIconWidth(), icon.getIconHeight() - depth, depth));
                continue;
            }
            String text = r.formula() ? "$" + r.text() + "$" : r.text();
            for (String w : text.split("(?<= )")) { // break after spaces: a line may end after any word
                var lm = f.getLineMetrics(w, frc);
                out.add(new Piece(w, null, f.getStringBounds(w, frc).getWidth(), lm.getAscent(), lm.getDescent()));
            }
        }
        return out;
    }

    /** The pieces in lines at most {@code width} wide (a piece wider than that gets a line of its own). */
    private static List<Line> lines(List<Piece> pieces, double width) {
        List<Line> out = new ArrayList<>();
        List<Piece> line = new ArrayList<>();
        double w = 0;
        for (Piece p : pieces) {
            if (!line.isEmpty() && w + p.width() > width) {
                out.add(line(line));
                line = new ArrayList<>();
                w = 0;
            }
            line.add(p);
            w += p.width();
        }
        if (!line.isEmpty()) out.add(line(line));
        return out;
    }

    private static Line line(List<Piece> pieces) {
        double w = 0, up = 0, down = 0;
        for (Piece p : pieces) {
            w += p.width();
            up = Math.max(up, p.ascent());
            down = Math.max(down, p.descent());
        }
        return new Line(pieces, w, up, down);
    }

    @Override
    public Size2D arrange(Graphics2D g2, RectangleConstraint constraint) {
        double limit = constraint.getWidthRange() == null ? Double.MAX_VALUE
                : Math.max(1, constraint.getWidthRange().getUpperBound() - calculateTotalWidth(0));
        double w = 0, h = 0;
        for (Line l : lines(pieces(g2), limit)) {
            w = Math.max(w, l.width());
            h += l.ascent() + l.descent();
        }
        double width = calculateTotalWidth(w), height = calculateTotalHeight(h);
        if (constraint.getWidthRange() != null) width = Math.min(width, constraint.getWidthRange().getUpperBound());
        return new Size2D(width, height);
    }

    /**
     * Draws the lines centred, one under the other, as {@link #arrange} laid them out for this width. A single word
     * or formula wider than the chart is set smaller rather than cut off.
     */
    @Override
    public Object draw(Graphics2D g2, Rectangle2D area, Object params) {
        Rectangle2D a = trimPadding(trimBorder(trimMargin(area)));
        double y = a.getY();
        for (Line l : lines(pieces(g2), a.getWidth())) {
            double fit = l.width() > a.getWidth() && a.getWidth() > 0 ? a.getWidth() / l.width() : 1;
            java.awt.geom.AffineTransform saved = g2.getTransform();
            if (fit < 1) {
                g2.translate(a.getCenterX(), y);
                g2.scale(fit, fit);
                g2.translate(-a.getCenterX(), -y);
            }
            try {
                drawPieces(g2, l.pieces(), a.getCenterX() - l.width() / 2, y + l.ascent());
            } finally {
                g2.setTransform(saved);
            }
            y += (l.ascent() + l.descent()) * fit;
        }
        return null;
    }

    private void drawPieces(Graphics2D g2, List<Piece> pieces, double x, double baseline) {
        StringBuilder words = new StringBuilder(); // neighbouring words drawn as one string (kerning; one text in SVG)
        double wordsAt = x;
        for (Piece p : pieces) {
            if (p.icon() == null) {
                if (words.length() == 0) wordsAt = x;
                words.append(p.words());
                x += p.width();
                continue;
            }
            drawWords(g2, words, wordsAt, baseline);
            Graphics2D gi = (Graphics2D) g2.create(); // JLaTeXMath leaves its own font and transform behind
            try {
                p.icon().paintIcon(null, gi, (int) Math.round(x), (int) Math.round(baseline - p.ascent()));
            } finally {
                gi.dispose();
            }
            x += p.width();
        }
        drawWords(g2, words, wordsAt, baseline);
    }

    private void drawWords(Graphics2D g2, StringBuilder words, double x, double baseline) {
        if (words.length() == 0) return;
        g2.setFont(getFont());
        g2.setPaint(getPaint());
        g2.drawString(words.toString(), (float) x, (float) baseline);
        words.setLength(0);
    }
}
