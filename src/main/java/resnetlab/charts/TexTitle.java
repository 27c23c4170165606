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
 * A chart title with formulas between $…$ typeset ({@link Tex}) on one line: words in the title's font, formulas drawn
 * by JLaTeXMath onto the same Graphics2D, so PNG, SVG and PDF exports carry them (as shapes in the vector formats).
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
            } else {
                String w = r.formula() ? "$" + r.text() + "$" : r.text();
                var lm = f.getLineMetrics(w, frc);
                out.add(new Piece(w, null, f.getStringBounds(w, frc).getWidth(), lm.getAscent(), lm.getDescent()));
            }
        }
        return out;
    }

    @Override
    public Size2D arrange(Graphics2D g2, RectangleConstraint constraint) {
        double w = 0, up = 0, down = 0;
        for (Piece p : pieces(g2)) {
            w += p.width();
            up = Math.max(up, p.ascent());
            down = Math.max(down, p.descent());
        }
        double width = calculateTotalWidth(w), height = calculateTotalHeight(up + down);
        if (constraint.getWidthRange() != null) width = Math.min(width, constraint.getWidthRange().getUpperBound());
        return new Size2D(width, height);
    }

    @Override
    public Object draw(Graphics2D g2, Rectangle2D area, Object params) {
        Rectangle2D a = trimPadding(trimBorder(trimMargin(area)));
        List<Piece> pieces = pieces(g2);
        double w = 0, up = 0;
        for (Piece p : pieces) {
            w += p.width();
            up = Math.max(up, p.ascent());
        }
        // a line wider than the chart (a narrow pane) is set smaller rather than cut off: it cannot wrap around a formula
        double fit = w > a.getWidth() && a.getWidth() > 0 ? a.getWidth() / w : 1;
        java.awt.geom.AffineTransform saved = g2.getTransform();
        if (fit < 1) {
            g2.translate(a.getCenterX(), a.getY());
            g2.scale(fit, fit);
            g2.translate(-a.getCenterX(), -a.getY());
        }
        try {
            drawPieces(g2, pieces, a.getCenterX() - w / 2, a.getY() + up);
        } finally {
            g2.setTransform(saved);
        }
        return null;
    }

    private void drawPieces(Graphics2D g2, List<Piece> pieces, double x, double baseline) {
        for (Piece p : pieces) {
            if (p.icon() != null) {
                Graphics2D gi = (Graphics2D) g2.create(); // JLaTeXMath leaves its own font and transform behind
                try {
                    p.icon().paintIcon(null, gi, (int) Math.round(x), (int) Math.round(baseline - p.ascent()));
                } finally {
                    gi.dispose();
                }
            } else {
                g2.setFont(getFont());
                g2.setPaint(getPaint());
                g2.drawString(p.words(), (float) x, (float) baseline);
            }
            x += p.width();
        }
    }
}
