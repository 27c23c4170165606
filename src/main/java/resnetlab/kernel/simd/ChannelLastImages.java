package resnetlab.kernel.simd;

import java.util.Arrays;

/**
 * A zero-padded, channel-last copy of a group of images, the operand that the channel-lane kernels
 * ({@link ChannelLaneGradient}, {@link ChannelLaneForward}) read: images (c, h, w) become
 * <pre>
 *   xh[((n·(h+2) + y + 1)·(w+2) + x + 1)·c + i] = x[n][i][y][x]
 * </pre>
 * so that the 3·c inputs one kernel row ky of a 3x3 tap brings to an output pixel, (kx, i) for kx &lt; 3 and
 * i &lt; c, are consecutive floats starting at {@code offset(pixel) + ky·(w+2)·c}; {@link #offsets} gives
 * each output pixel's top-left input, so stride 2 and row ends cost the kernels nothing.
 *
 * <p>The buffer is zeroed only when the shape changes (or more images come than were zeroed for): the copy
 * writes pixels only, so the pad stays zero, and consecutive layers of a stage share a shape. One instance per
 * use and thread (the kernels' workspaces hold theirs), so that two operands of different shapes do not
 * re-zero each other's buffer.
 */
final class ChannelLastImages {
    /**
     * Without {@link Transpose}: planes up to this many floats are copied a pixel at a time (c loads a plane apart, c consecutive stores),
     * larger ones a plane row at a time (consecutive loads, stores c apart): 64 channels of 8x8, 128 images, 0.19-0.20
     * against 0.40 ms; 16 channels of 32x32, whose planes lie 4 KiB apart (the loads alias in L1), 2.1-2.2 against
     * 1.24-1.33 ms (one thread, 512 bits, 2026-12-04, a timing probe not committed).
     */
    static final int PIXEL_MAJOR_PLANE = 256;
    private float[] xh = new float[0];
    private int[] offs = new int[0];
    private int zeroedC, zeroedH, zeroedW, zeroedImages;

    /**
     * Copies {@code images} images (c, h, w) from {@code x[xOff]} into the padded channel-last buffer, which
     * has {@code slack} floats more after the last image (zero), and returns it. Where {@link #transposes} says so
     * (every layer of the CIFAR nets whose channels fill whole vectors), L×L blocks through {@link Transpose}; else
     * float by float, reading each plane in order and writing with stride c (a row of (w+2)·c floats stays in L1
     * while its channels fill it).
     */
    float[] copy(float[] x, int xOff, int c, int h, int w, int images, int slack) {
        int wq = w + 2, plane = h * w, size = images * (h + 2) * wq * c + slack;
        if (xh.length < size) {
            xh = new float[size];
            zeroedImages = 0;
        }
        if (c != zeroedC || h != zeroedH || w != zeroedW || images > zeroedImages) {
            Arrays.fill(xh, 0, size, 0f);
            zeroedC = c;
            zeroedH = h;
            zeroedW = w;
            zeroedImages = images;
        }
        if (transposes(c, h, w)) {
            copyBlocks(x, xOff, c, h, w, images);
            return xh;
        }
        boolean pixelMajor = plane <= PIXEL_MAJOR_PLANE;
        for (int n = 0; n < images; n++) {
            for (int y = 0; y < h; y++) {
                int dst = ((n * (h + 2) + y + 1) * wq + 1) * c, src = xOff + n * c * plane + y * w;
                if (pixelMajor) {
                    for (int col = 0; col < w; col++) {
                        for (int i = 0, d = dst + col * c, s = src + col; i < c; i++, s += plane) xh[d + i] = x[s];
                    }
                } else {
                    for (int i = 0; i < c; i++, src += plane) {
                        for (int col = 0, d = dst + i; col < w; col++, d += c) xh[d] = x[src + col];
                    }
                }
            }
        }
        return xh;
    }

    /**
     * Whether {@link #copy} moves L×L blocks (L pixels of one plane × L channels) through {@link Transpose}: whole
     * vectors of channels and of pixels per plane, and an image width that either holds whole blocks (w a multiple of
     * L) or whose rows a block holds whole (L a multiple of w).
     */
    static boolean transposes(int c, int h, int w) {
        int l = Transpose.L;
        return Transpose.available() && c % l == 0 && (h * w) % l == 0 && (w % l == 0 || l % w == 0);
    }

    /**
     * {@link #copy}'s pixels, L×L blocks at a time: the L planes of a block of channels at L consecutive pixels (one
     * vector each) become L vectors of channels, one per pixel, L channels apart; where a block spans image rows
     * (w &lt; L), each next row's pixels start two padded pixels further on.
     */
    private void copyBlocks(float[] x, int xOff, int c, int h, int w, int images) {
        int l = Transpose.L, wq = w + 2, plane = h * w;
        int runShift = w % l == 0 ? 0 : Integer.numberOfTrailingZeros(w), jump = w % l == 0 ? 0 : 2 * c;
        for (int n = 0; n < images; n++) {
            int src = xOff + n * c * plane;
            for (int k = 0; k < plane; k += l) {
                int dst = ((n * (h + 2) + k / w + 1) * wq + k % w + 1) * c;
                for (int i = 0; i < c; i += l) Transpose.block(x, src + i * plane + k, plane, xh, dst + i, c, runShift, jump);
            }
        }
    }

    /**
     * Per output pixel q = (n·Ho + oy)·Wo + ox of a layer of this stride, the index in the buffer of its
     * top-left input (padded row s·oy, column s·ox, channel 0); entries from {@code images·Ho·Wo} up to
     * {@code length} are 0 (an edge tile computes them and they are dropped).
     */
    int[] offsets(int images, int c, int h, int w, int stride, int length) {
        int ho = (h - 1) / stride + 1, wo = (w - 1) / stride + 1, wq = w + 2;
        if (offs.length < length) offs = new int[length];
        int q = 0;
        for (int n = 0; n < images; n++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) offs[q++] = ((n * (h + 2) + stride * oy) * wq + stride * ox) * c;
            }
        }
        Arrays.fill(offs, q, length, 0);
        return offs;
    }
}
