package resnetlab.charts;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;

/** Renders charts for tests and measures their pixels. */
final class Pixels {

    final BufferedImage image;
    final ChartRenderingInfo info;

    private Pixels(BufferedImage image, ChartRenderingInfo info) {
        this.image = image;
        this.info = info;
    }

    static Pixels render(JFreeChart chart, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        ChartRenderingInfo info = new ChartRenderingInfo();
        Graphics2D g2 = image.createGraphics();
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height), info);
        g2.dispose();
        return new Pixels(image, info);
    }

    Rectangle2D dataArea() {
        return info.getPlotInfo().getDataArea();
    }

    Rectangle2D subplotArea(int i) {
        return info.getPlotInfo().getSubplotInfo(i).getDataArea();
    }

    Color at(double x, double y) {
        return new Color(image.getRGB((int) Math.floor(x), (int) Math.floor(y)), true);
    }

    /** Pixels within {@code tolerance} (max channel difference) of {@code c} inside {@code area}. */
    int count(Rectangle2D area, Color c, int tolerance) {
        int n = 0;
        int x0 = (int) Math.ceil(area.getMinX()), x1 = (int) Math.floor(area.getMaxX());
        int y0 = (int) Math.ceil(area.getMinY()), y1 = (int) Math.floor(area.getMaxY());
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
                if (close(new Color(image.getRGB(x, y)), c, tolerance)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Pixels inside {@code area} that are {@code c} drawn over {@code bg} with an opacity of at least
     * {@code minAlpha} (anti-aliased edges of thin lines included), judged by projecting the pixel onto
     * the line from {@code bg} to {@code c} in RGB space.
     */
    int countTinted(Rectangle2D area, Color c, Color bg, double minAlpha) {
        double dr = c.getRed() - bg.getRed(), dg = c.getGreen() - bg.getGreen(), db = c.getBlue() - bg.getBlue();
        double len2 = dr * dr + dg * dg + db * db;
        int n = 0;
        for (int y = (int) Math.ceil(area.getMinY()); y < (int) Math.floor(area.getMaxY()); y++) {
            for (int x = (int) Math.ceil(area.getMinX()); x < (int) Math.floor(area.getMaxX()); x++) {
                Color p = new Color(image.getRGB(x, y));
                double pr = p.getRed() - bg.getRed(), pg = p.getGreen() - bg.getGreen(), pb = p.getBlue() - bg.getBlue();
                double a = (pr * dr + pg * dg + pb * db) / len2;
                double er = pr - a * dr, eg = pg - a * dg, eb = pb - a * db;
                if (a >= minAlpha && Math.sqrt(er * er + eg * eg + eb * eb) < 20) {
                    n++;
                }
            }
        }
        return n;
    }

    int count(Color c, int tolerance) {
        return count(new Rectangle2D.Double(0, 0, image.getWidth(), image.getHeight()), c, tolerance);
    }

    /** Mean y (pixel row) of pixels of colour {@code c} in column {@code x} of the image, or NaN. */
    double meanRow(int x, Rectangle2D area, Color c, int tolerance) {
        double sum = 0;
        int n = 0;
        for (int y = (int) Math.ceil(area.getMinY()); y < (int) area.getMaxY(); y++) {
            if (close(new Color(image.getRGB(x, y)), c, tolerance)) {
                sum += y;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static boolean close(Color a, Color b, int tolerance) {
        return Math.abs(a.getRed() - b.getRed()) <= tolerance && Math.abs(a.getGreen() - b.getGreen()) <= tolerance
                && Math.abs(a.getBlue() - b.getBlue()) <= tolerance;
    }

    /** Relative luminance in [0, 1] (sRGB, not linearised: good enough to tell dark from light). */
    static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
    }

    /** {@code fg} with {@code alpha} over {@code bg}. */
    static Color blend(Color fg, Color bg, double alpha) {
        return new Color((int) Math.round(fg.getRed() * alpha + bg.getRed() * (1 - alpha)),
                (int) Math.round(fg.getGreen() * alpha + bg.getGreen() * (1 - alpha)),
                (int) Math.round(fg.getBlue() * alpha + bg.getBlue() * (1 - alpha)));
    }
}
