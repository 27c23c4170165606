package resnetlab.data;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import resnetlab.tensor.Tensor;

/**
 * A synthetic RGB dataset drawn from a seed: ten classes of shapes and textures, each at a random place,
 * size, angle and colour, on a shaded, noisy background with clutter. It needs no files, works at any size
 * from {@link #MIN_SIZE} pixels, and is hard enough that depth and shortcuts make a visible difference.
 *
 * <p>Image {@code i} has label {@code i % 10}, so every prefix is class-balanced, and is drawn from its own
 * random stream named by (seed, i): the same seed gives the same image {@code i} whatever the count.
 * Pixel values lie in [0, 1], stored as in {@link Dataset} (channels R, G, B).
 *
 * <p>What makes it not trivial: colours carry no class information (foreground and background are drawn
 * independently, with only a minimum contrast); positions, sizes and angles vary; textures fill a random
 * patch, not the whole image; the background has a gentle gradient of its own; one to three clutter strokes
 * and dots of other colours cross the image; Gaussian-like noise of random strength covers everything.
 * Edges are anti-aliased by drawing each shape as a signed distance d (pixels) with coverage
 * {@code clamp(0.5 - d, 0, 1)}.
 */
public final class ProceduralShapes {
    public static final List<String> CLASS_NAMES = List.of("disc", "square", "triangle", "cross", "ring",
            "horizontal stripes", "vertical stripes", "checker", "diagonal gradient", "blob pair");
    public static final int MIN_SIZE = 8;
    public static final int CHANNELS = 3;

    private static final long STREAM = 0x5A4E5L;
    private static final int BLOCK = 256;
    private static final double TAU = 2 * Math.PI;

    private ProceduralShapes() {}

    /** {@code count} images of {@code size} x {@code size}, labels {@code i % 10}. */
    public static Dataset generate(int count, int size, long seed) {
        if (size < MIN_SIZE) throw new IllegalArgumentException("image size must be at least " + MIN_SIZE + ", got " + size);
        if (count < 0) throw new IllegalArgumentException("count must not be negative, got " + count);
        var images = new Tensor(count, CHANNELS, size, size);
        int[] labels = new int[count];
        // Images are independent (each has its own stream), so blocks of them are drawn in parallel and the
        // result does not depend on the number of threads.
        int blocks = (count + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            var canvas = new Canvas(size);
            for (int i = b * BLOCK, end = Math.min(count, i + BLOCK); i < end; i++) {
                labels[i] = draw(i, seed, canvas, images.data, i * CHANNELS * size * size);
            }
        });
        String description = "Procedural shapes and textures, " + count + " images of " + size + "x" + size
                + " RGB drawn from seed " + seed + " (resnet-lab); labels i % 10.";
        return new Dataset("shapes", description, CLASS_NAMES, images, labels);
    }

    /** Draws image {@code index} of the set named by {@code seed} into {@code dst} at {@code offset} (3*size*size floats, CHW); returns its label. */
    public static int draw(int index, long seed, int size, float[] dst, int offset) {
        return draw(index, seed, new Canvas(size), dst, offset);
    }

    /**
     * Scratch planes for one image: the RGB picture and the coverage of the item being drawn. Each item first
     * sets the box [x0, x1) x [y0, y1) outside which its coverage is 0, then writes the coverage of every pixel
     * in the box; compositing reads only the box, so the coverage plane is never cleared.
     */
    private static final class Canvas {
        final int s;
        final float[] alpha, rgb;
        int x0, y0, x1, y1;
        Canvas(int s) { this.s = s; alpha = new float[s * s]; rgb = new float[3 * s * s]; }

        /** The box of an item that reaches {@code extent} px from (cx, cy), plus a pixel of anti-aliasing. */
        void box(double cx, double cy, double extent) {
            box(cx - extent, cy - extent, cx + extent, cy + extent);
        }

        void box(double xa, double ya, double xb, double yb) {
            x0 = clampPx(xa - 1, s); y0 = clampPx(ya - 1, s);
            x1 = clampPx(xb + 2, s); y1 = clampPx(yb + 2, s);
        }

        void box(int[] patch) {
            x0 = patch[0]; y0 = patch[1]; x1 = patch[2]; y1 = patch[3];
        }
    }

    /** A pixel bound in 0..s. */
    private static int clampPx(double v, int s) {
        return (int) Math.max(0, Math.min(s, Math.floor(v)));
    }

    private static int draw(int index, long seed, Canvas cv, float[] dst, int offset) {
        int label = index % CLASS_NAMES.size();
        SplittableRandom r = Seeds.stream(seed, STREAM, index);
        int s = cv.s;
        float[] rgb = cv.rgb;

        // Background: a colour with a gentle linear shade in a random direction.
        float[] bg = randomColour(r);
        double ga = r.nextDouble(TAU), gs = r.nextDouble(-0.25, 0.25) / s;
        double gcos = Math.cos(ga) * gs, gsin = Math.sin(ga) * gs;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                float shade = (float) ((x - s / 2.0) * gcos + (y - s / 2.0) * gsin);
                for (int c = 0; c < 3; c++) rgb[(c * s + y) * s + x] = bg[c] + shade;
            }
        }

        // The class pattern as a coverage map, composited in a contrasting colour.
        float[] fg = contrastingColour(r, bg, 0.3f);
        switch (label) {
            case 0 -> disc(r, cv);
            case 1 -> square(r, cv);
            case 2 -> triangle(r, cv);
            case 3 -> cross(r, cv);
            case 4 -> ring(r, cv);
            case 5 -> stripes(r, cv, 0);
            case 6 -> stripes(r, cv, Math.PI / 2);
            case 7 -> checker(r, cv);
            case 8 -> gradient(r, cv);
            case 9 -> blobPair(r, cv);
            default -> throw new AssertionError(label);
        }
        composite(cv, fg);

        // Clutter: thin strokes and small dots in other colours.
        int clutter = 1 + r.nextInt(3);
        for (int k = 0; k < clutter; k++) {
            if (r.nextInt(3) == 0) dot(r, cv); else stroke(r, cv);
            composite(cv, contrastingColour(r, bg, 0.15f));
        }

        // Noise of random strength: u1 + u2 - 1 for two 16-bit uniforms cut from one random int, a triangular
        // distribution (std 1/sqrt(6)), near enough to Gaussian and a fraction of its cost.
        float sigma = (float) r.nextDouble(0.02, 0.12);
        float k = sigma * (float) Math.sqrt(6) / 65536f;
        for (int j = 0; j < rgb.length; j++) {
            int bits = r.nextInt();
            float v = rgb[j] + k * ((bits & 0xFFFF) + (bits >>> 16) - 65535);
            dst[offset + j] = v < 0f ? 0f : v > 1f ? 1f : v;
        }
        return label;
    }

    /** Length of (x, y), without the overflow guard of Math.hypot that costs several times more and is not needed here. */
    private static double hypot(double x, double y) {
        return Math.sqrt(x * x + y * y);
    }

    // ---- colours ----

    private static float[] randomColour(SplittableRandom r) {
        return new float[] {r.nextFloat(), r.nextFloat(), r.nextFloat()};
    }

    /** A random colour at least {@code minDistance} (largest channel difference) from {@code bg}. */
    private static float[] contrastingColour(SplittableRandom r, float[] bg, float minDistance) {
        float[] c = randomColour(r);
        for (int tries = 0; tries < 16 && distance(c, bg) < minDistance; tries++) c = randomColour(r);
        if (distance(c, bg) < minDistance) {
            for (int j = 0; j < 3; j++) c[j] = bg[j] < 0.5f ? Math.min(1f, bg[j] + minDistance) : Math.max(0f, bg[j] - minDistance);
        }
        return c;
    }

    private static float distance(float[] a, float[] b) {
        return Math.max(Math.abs(a[0] - b[0]), Math.max(Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])));
    }

    /** rgb += alpha * (colour - rgb) over the canvas box. */
    private static void composite(Canvas cv, float[] colour) {
        int s = cv.s, n = s * s;
        for (int y = cv.y0; y < cv.y1; y++) {
            for (int x = cv.x0; x < cv.x1; x++) {
                int j = y * s + x;
                float a = cv.alpha[j];
                if (a > 0f) for (int c = 0; c < 3; c++) cv.rgb[c * n + j] += a * (colour[c] - cv.rgb[c * n + j]);
            }
        }
    }

    // ---- shapes: signed distance in pixels, negative inside; coverage clamp(0.5 - d, 0, 1) ----

    private static float cover(double d) {
        double a = 0.5 - d;
        return a <= 0 ? 0f : a >= 1 ? 1f : (float) a;
    }

    /** Radius of a shape: 18% to 36% of the side, at least 2 px. */
    private static double radius(SplittableRandom r, int s) {
        return Math.max(2.0, r.nextDouble(0.18, 0.36) * s);
    }

    /** A centre that keeps a shape of {@code extent} px (mostly) inside the image. */
    private static double centre(SplittableRandom r, int s, double extent) {
        double lo = Math.min(extent, s / 2.0), hi = Math.max(s - extent, s / 2.0);
        return lo >= hi ? s / 2.0 : r.nextDouble(lo, hi);
    }

    private static void disc(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        double rad = radius(r, s), cx = centre(r, s, rad), cy = centre(r, s, rad);
        cv.box(cx, cy, rad);
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            cv.alpha[y * s + x] = cover(hypot(x + 0.5 - cx, y + 0.5 - cy) - rad);
        }
    }

    private static void ring(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        double rad = radius(r, s) * 1.1, cx = centre(r, s, rad), cy = centre(r, s, rad);
        double half = Math.max(0.6, rad * r.nextDouble(0.14, 0.24));
        cv.box(cx, cy, rad);
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            cv.alpha[y * s + x] = cover(Math.abs(hypot(x + 0.5 - cx, y + 0.5 - cy) - rad + half) - half);
        }
    }

    private static void square(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        double half = radius(r, s) * 0.85, cx = centre(r, s, half * 1.2), cy = centre(r, s, half * 1.2);
        double a = r.nextDouble(Math.PI / 2), ca = Math.cos(a), sa = Math.sin(a);
        cv.box(cx, cy, half * Math.sqrt(2));
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            double px = x + 0.5 - cx, py = y + 0.5 - cy;
            cv.alpha[y * s + x] = cover(box(ca * px + sa * py, -sa * px + ca * py, half, half));
        }
    }

    private static void cross(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        double len = radius(r, s) * 1.1, cx = centre(r, s, len * 0.8), cy = centre(r, s, len * 0.8);
        double thick = Math.max(0.7, len * r.nextDouble(0.18, 0.3));
        double a = r.nextDouble(Math.PI / 2), ca = Math.cos(a), sa = Math.sin(a);
        cv.box(cx, cy, hypot(len, thick));
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            double px = x + 0.5 - cx, py = y + 0.5 - cy;
            double u = ca * px + sa * py, v = -sa * px + ca * py;
            cv.alpha[y * s + x] = cover(Math.min(box(u, v, len, thick), box(u, v, thick, len)));
        }
    }

    /** Signed distance to an axis-aligned box of half-sizes (hx, hy) centred at the origin. */
    private static double box(double u, double v, double hx, double hy) {
        double dx = Math.abs(u) - hx, dy = Math.abs(v) - hy;
        double outside = hypot(Math.max(dx, 0), Math.max(dy, 0));
        return outside + Math.min(Math.max(dx, dy), 0);
    }

    private static void triangle(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        double rad = radius(r, s) * 1.15, cx = centre(r, s, rad * 0.8), cy = centre(r, s, rad * 0.8);
        double a0 = r.nextDouble(TAU);
        // Equilateral: the signed distance is the largest distance to the three edge lines, whose normals point
        // at a0 + 60° + k*120° and which lie rad/2 (the inradius) from the centre.
        double[] nx = new double[3], ny = new double[3];
        for (int k = 0; k < 3; k++) {
            double t = a0 + Math.PI / 3 + k * TAU / 3;
            nx[k] = Math.cos(t);
            ny[k] = Math.sin(t);
        }
        cv.box(cx, cy, rad);
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            double px = x + 0.5 - cx, py = y + 0.5 - cy, d = -1e9;
            for (int k = 0; k < 3; k++) d = Math.max(d, nx[k] * px + ny[k] * py - rad / 2);
            cv.alpha[y * s + x] = cover(d);
        }
    }

    private static void blobPair(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        double sigma = Math.max(0.8, radius(r, s) * r.nextDouble(0.35, 0.5));
        double x1 = centre(r, s, sigma * 1.5), y1 = centre(r, s, sigma * 1.5), x2 = x1, y2 = y1;
        for (int tries = 0; tries < 16 && hypot(x2 - x1, y2 - y1) < 3 * sigma; tries++) {
            x2 = centre(r, s, sigma * 1.5);
            y2 = centre(r, s, sigma * 1.5);
        }
        double inv = 1 / (2 * sigma * sigma), reach = 3.5 * sigma; // 1.3*exp(-3.5²/2) < 1/255
        cv.box(Math.min(x1, x2) - reach, Math.min(y1, y2) - reach, Math.max(x1, x2) + reach, Math.max(y1, y2) + reach);
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            double px = x + 0.5, py = y + 0.5;
            double g1 = Math.exp(-((px - x1) * (px - x1) + (py - y1) * (py - y1)) * inv);
            double g2 = Math.exp(-((px - x2) * (px - x2) + (py - y2) * (py - y2)) * inv);
            cv.alpha[y * s + x] = (float) Math.min(1, 1.3 * Math.max(g1, g2));
        }
    }

    // ---- textures: fill a random patch (sometimes the whole image) ----

    /** A patch {x0, y0, x1, y1} covering 55% to 100% of each side, or the whole image one time in three. */
    private static int[] patch(SplittableRandom r, int s) {
        if (r.nextInt(3) == 0) return new int[] {0, 0, s, s};
        int w = (int) Math.round(s * r.nextDouble(0.55, 1.0)), h = (int) Math.round(s * r.nextDouble(0.55, 1.0));
        int x0 = r.nextInt(s - w + 1), y0 = r.nextInt(s - h + 1);
        return new int[] {x0, y0, x0 + w, y0 + h};
    }

    /** A stripe period in pixels: 3 px up to a third of the side. */
    private static double period(SplittableRandom r, int s) {
        return r.nextDouble(3.0, Math.max(3.5, s / 3.0));
    }

    /** Stripes whose bands run at {@code angle} (0 = horizontal bands) give or take 20°. */
    private static void stripes(SplittableRandom r, Canvas cv, double angle) {
        int s = cv.s;
        int[] p = patch(r, s);
        cv.box(p);
        double per = period(r, s), phase = r.nextDouble(TAU);
        double a = angle + r.nextDouble(-Math.PI / 9, Math.PI / 9);
        // The stripe coordinate runs across the bands: along the normal (-sin a, cos a).
        double nx = -Math.sin(a), ny = Math.cos(a), k = TAU / per, toPx = per / TAU;
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            double t = Math.sin(k * ((x + 0.5) * nx + (y + 0.5) * ny) + phase);
            cv.alpha[y * s + x] = cover(-t * toPx);
        }
    }

    private static void checker(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        int[] p = patch(r, s);
        cv.box(p);
        double per = Math.max(4.0, period(r, s) * 1.3), ph1 = r.nextDouble(TAU), ph2 = r.nextDouble(TAU);
        double a = r.nextDouble(-Math.PI / 9, Math.PI / 9), ca = Math.cos(a), sa = Math.sin(a);
        double k = TAU / per, toPx = per / TAU;
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            double u = (x + 0.5) * ca + (y + 0.5) * sa, v = -(x + 0.5) * sa + (y + 0.5) * ca;
            double su = Math.sin(k * u + ph1), sv = Math.sin(k * v + ph2);
            double d = Math.min(Math.abs(su), Math.abs(sv)) * toPx;
            cv.alpha[y * s + x] = cover(su * sv > 0 ? -d : d);
        }
    }

    /** A linear ramp from 0 to 1 across the patch along a diagonal (either one, either way) give or take 15°. */
    private static void gradient(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        int[] p = patch(r, s);
        cv.box(p);
        double a = Math.PI / 4 + r.nextInt(4) * Math.PI / 2 + r.nextDouble(-Math.PI / 12, Math.PI / 12);
        double dx = Math.cos(a), dy = Math.sin(a);
        double cx = (p[0] + p[2]) / 2.0, cy = (p[1] + p[3]) / 2.0;
        double reach = (Math.abs(dx) * (p[2] - p[0]) + Math.abs(dy) * (p[3] - p[1])) / 2.0;
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            double t = ((x + 0.5 - cx) * dx + (y + 0.5 - cy) * dy) / reach;
            cv.alpha[y * s + x] = (float) Math.max(0, Math.min(1, 0.5 + 0.5 * t));
        }
    }

    // ---- clutter ----

    /** A 1-px anti-aliased line segment, a quarter to a half of the side long. */
    private static void stroke(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        double len = s * r.nextDouble(0.25, 0.5), a = r.nextDouble(TAU);
        double x1 = r.nextDouble(s), y1 = r.nextDouble(s), x2 = x1 + len * Math.cos(a), y2 = y1 + len * Math.sin(a);
        double vx = x2 - x1, vy = y2 - y1, vv = vx * vx + vy * vy;
        cv.box(Math.min(x1, x2) - 1, Math.min(y1, y2) - 1, Math.max(x1, x2) + 1, Math.max(y1, y2) + 1);
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            double px = x + 0.5 - x1, py = y + 0.5 - y1;
            double t = Math.max(0, Math.min(1, (px * vx + py * vy) / vv));
            cv.alpha[y * s + x] = cover(hypot(px - t * vx, py - t * vy) - 0.5);
        }
    }

    /** A small hard-edged dot, radius 1 px up to a twelfth of the side. */
    private static void dot(SplittableRandom r, Canvas cv) {
        int s = cv.s;
        double rad = Math.max(1.0, r.nextDouble(0.04, 0.09) * s), cx = r.nextDouble(s), cy = r.nextDouble(s);
        cv.box(cx, cy, rad);
        for (int y = cv.y0; y < cv.y1; y++) for (int x = cv.x0; x < cv.x1; x++) {
            cv.alpha[y * s + x] = cover(hypot(x + 0.5 - cx, y + 0.5 - cy) - rad);
        }
    }
}
