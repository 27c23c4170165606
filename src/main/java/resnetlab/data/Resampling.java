package resnetlab.data;

/**
 * Resizes images one axis at a time. Shrinking averages the input pixels each output pixel covers, weighted
 * by overlap (area, or box, resampling: 28 → 16 keeps thin strokes as grey instead of dropping them);
 * enlarging interpolates linearly between the two nearest input pixel centres (bilinear, half-pixel
 * centres: output o sits at input coordinate {@code (o + 0.5)*in/out - 0.5}, clamped to the edge).
 */
final class Resampling {
    private Resampling() {}

    /** "area", "bilinear" or "none": the method {@link #resize} uses along an axis from {@code in} to {@code out}. */
    static String method(int in, int out) {
        return out < in ? "area" : out > in ? "bilinear" : "none";
    }

    /**
     * Sparse weights of one axis: output o reads inputs {@code first[o] .. first[o] + weights[o].length - 1}
     * with {@code weights[o]} (they sum to 1).
     */
    record Taps(int[] first, float[][] weights) {
        static Taps of(int in, int out) {
            int[] first = new int[out];
            float[][] w = new float[out][];
            double scale = (double) in / out;
            for (int o = 0; o < out; o++) {
                if (out < in) {
                    double lo = o * scale, hi = (o + 1) * scale;
                    int i0 = (int) Math.floor(lo), i1 = Math.min(in - 1, (int) Math.ceil(hi) - 1);
                    first[o] = i0;
                    w[o] = new float[i1 - i0 + 1];
                    for (int i = i0; i <= i1; i++) {
                        double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
                        w[o][i - i0] = (float) (overlap / scale);
                    }
                } else {
                    double x = Math.max(0, Math.min(in - 1, (o + 0.5) * scale - 0.5));
                    int i0 = Math.min((int) Math.floor(x), in - 1);
                    float f = (float) (x - i0);
                    first[o] = i0;
                    w[o] = i0 + 1 < in ? new float[] {1 - f, f} : new float[] {1};
                }
            }
            return new Taps(first, w);
        }
    }

    /**
     * Resizes every plane of {@code src} (planes of inH x inW, one after another) into {@code dst}
     * (planes of outH x outW). {@code tmp} holds inH*outW floats.
     */
    static void resize(float[] src, int planes, int inH, int inW, float[] dst, int outH, int outW) {
        Taps tx = Taps.of(inW, outW), ty = Taps.of(inH, outH);
        float[] tmp = new float[inH * outW];
        for (int p = 0; p < planes; p++) {
            int s = p * inH * inW, d = p * outH * outW;
            for (int y = 0; y < inH; y++) {                 // rows: inW → outW
                for (int x = 0; x < outW; x++) {
                    float[] w = tx.weights[x];
                    int base = s + y * inW + tx.first[x];
                    float acc = 0;
                    for (int k = 0; k < w.length; k++) acc += w[k] * src[base + k];
                    tmp[y * outW + x] = acc;
                }
            }
            for (int y = 0; y < outH; y++) {                // columns: inH → outH
                float[] w = ty.weights[y];
                int f = ty.first[y];
                for (int x = 0; x < outW; x++) {
                    float acc = 0;
                    for (int k = 0; k < w.length; k++) acc += w[k] * tmp[(f + k) * outW + x];
                    dst[d + y * outW + x] = acc;
                }
            }
        }
    }
}
