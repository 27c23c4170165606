package resnetlab.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import resnetlab.kernel.Elementwise;
import resnetlab.kernel.EngineSwitch;
import resnetlab.kernel.OutputMap;

/**
 * {@link Elementwise} on the Vector API: one vector loop with a scalar tail per operation. Sums run in
 * float lanes (two accumulators per sum, so that the adds overlap) over blocks of at most
 * {@link Elementwise#SUM_BLOCK} values; each block's lanes are reduced and added in double, and a block whose
 * float sum overflowed (values beyond ~1e19 squared: a diverging net) is summed again in double, so that
 * such a net diverges exactly where the reference does. Each loop keeps
 * its vectors inside one loop level: C2 boxes vectors that live across nested loops.
 */
public final class VectorElementwise implements Elementwise {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final int L = S.length();

    public VectorElementwise() {}

    @Override public String name() { return "simd"; }

    @Override
    public void relu(float[] x, float[] y, int off, int len) {
        int end = off + len, i = off;
        FloatVector zero = FloatVector.zero(S);
        for (int bound = off + S.loopBound(len); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            // blend, not max: NaN must give 0 as in the scalar x > 0 ? x : 0
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        for (; i < end; i++) y[i] = x[i] > 0f ? x[i] : 0f;
    }

    @Override
    public void reluBackward(float[] y, float[] dy, float[] dx, int off, int len) {
        int end = off + len, i = off;
        FloatVector zero = FloatVector.zero(S);
        for (int bound = off + S.loopBound(len); i < bound; i += L) {
            VectorMask<Float> on = FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, i), on).intoArray(dx, i);
        }
        for (; i < end; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
    }

    @Override
    public void moments(float[] x, int off, int len, float shift, double[] sums, int at) {
        double s = 0, s2 = 0;
        int end = off + len;
        for (int b = off; b < end; b += SUM_BLOCK) {
            int blockEnd = Math.min(end, b + SUM_BLOCK), i = b;
            FloatVector sh = FloatVector.broadcast(S, shift);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, q0 = a0, q1 = a0;
            for (int bound = b + (blockEnd - b) / (2 * L) * (2 * L); i < bound; i += 2 * L) {
                FloatVector v0 = FloatVector.fromArray(S, x, i).sub(sh), v1 = FloatVector.fromArray(S, x, i + L).sub(sh);
                a0 = a0.add(v0);
                a1 = a1.add(v1);
                q0 = v0.fma(v0, q0);
                q1 = v1.fma(v1, q1);
            }
            float fs = a0.add(a1).reduceLanes(VectorOperators.ADD), fq = q0.add(q1).reduceLanes(VectorOperators.ADD);
            for (; i < blockEnd; i++) {
                float v = x[i] - shift;
                fs += v;
                fq += v * v;
            }
            if (Float.isFinite(fs) && Float.isFinite(fq)) {
                s += fs;
                s2 += fq;
            } else { // |x| beyond ~1e19 overflows float squares: this block in double, as the reference
                for (int j = b; j < blockEnd; j++) {
                    double v = (double) x[j] - shift;
                    s += v;
                    s2 += v * v;
                }
            }
        }
        sums[at] += s;
        sums[at + 1] += s2;
    }

    /**
     * Planes shorter than this many vectors are summed together by {@link #planeMoments}; longer ones one at a
     * time, whose two accumulators per sum beat the one the plane walk carries (16 lanes, µs per 32K floats,
     * moments plane by plane against together: 16-float planes 33 against 3.5, 64-float 5.4 against 2.0,
     * 256-float 2.1 against 2.3).
     */
    static final int SHORT_PLANE = 8;

    /**
     * Planes whose length is a multiple of the vector length and under {@link #SHORT_PLANE} vectors: the planes of
     * a block (at most {@link #SUM_BLOCK} values) are walked as one run of vectors, the index jumping to the next
     * plane at each plane's end, into one pair of lane sums; then the block is reduced and added in double (as
     * {@link #moments} does within one long run). One loop, not a loop over planes around a loop over vectors:
     * vectors carried across both loops made C2 box them (ten times slower than one plane at a time). Other
     * lengths go plane by plane.
     */
    @Override
    public void planeMoments(float[] x, int off, int planes, int stride, int len, float shift, double[] sums, int at) {
        if (len % L != 0 || len >= SHORT_PLANE * L) {
            Elementwise.super.planeMoments(x, off, planes, stride, len, shift, sums, at);
            return;
        }
        int perBlock = SUM_BLOCK / len, gap = stride - len;
        FloatVector sh = FloatVector.broadcast(S, shift);
        double s = 0, s2 = 0;
        for (int b = 0; b < planes; b += perBlock) {
            int blockPlanes = Math.min(planes - b, perBlock), vectors = blockPlanes * (len / L);
            FloatVector a = FloatVector.zero(S), q = a;
            for (int t = 0, i = off + b * stride, planeEnd = i + len; t < vectors; t++) {
                FloatVector v = FloatVector.fromArray(S, x, i).sub(sh);
                a = a.add(v);
                q = v.fma(v, q);
                i += L;
                if (i == planeEnd) {
                    i += gap;
                    planeEnd = i + len;
                }
            }
            float fs = a.reduceLanes(VectorOperators.ADD), fq = q.reduceLanes(VectorOperators.ADD);
            if (Float.isFinite(fs) && Float.isFinite(fq)) {
                s += fs;
                s2 += fq;
            } else { // overflow in float: this block plane by plane, in double where it must
                double[] block = new double[2];
                for (int p = b; p < b + blockPlanes; p++) moments(x, off + p * stride, len, shift, block, 0);
                s += block[0];
                s2 += block[1];
            }
        }
        sums[at] += s;
        sums[at + 1] += s2;
    }

    /** As {@link #planeMoments}, for the two sums of {@link #gradientMoments}. */
    @Override
    public void planeGradientMoments(float[] dy, float[] x, int off, int planes, int stride, int len, float m,
                                     double[] sums, int at) {
        if (len % L != 0 || len >= SHORT_PLANE * L) {
            Elementwise.super.planeGradientMoments(dy, x, off, planes, stride, len, m, sums, at);
            return;
        }
        int perBlock = SUM_BLOCK / len, gap = stride - len;
        FloatVector vm = FloatVector.broadcast(S, m);
        double s = 0, sx = 0;
        for (int b = 0; b < planes; b += perBlock) {
            int blockPlanes = Math.min(planes - b, perBlock), vectors = blockPlanes * (len / L);
            FloatVector a = FloatVector.zero(S), d = a;
            for (int t = 0, i = off + b * stride, planeEnd = i + len; t < vectors; t++) {
                FloatVector g = FloatVector.fromArray(S, dy, i);
                a = a.add(g);
                d = FloatVector.fromArray(S, x, i).sub(vm).fma(g, d);
                i += L;
                if (i == planeEnd) {
                    i += gap;
                    planeEnd = i + len;
                }
            }
            float fs = a.reduceLanes(VectorOperators.ADD), fd = d.reduceLanes(VectorOperators.ADD);
            if (Float.isFinite(fs) && Float.isFinite(fd)) {
                s += fs;
                sx += fd;
            } else {
                double[] block = new double[2];
                for (int p = b; p < b + blockPlanes; p++) gradientMoments(dy, x, off + p * stride, len, m, block, 0);
                s += block[0];
                sx += block[1];
            }
        }
        sums[at] += s;
        sums[at + 1] += sx;
    }

    @Override
    public void affine(float[] x, float[] y, int off, int len, float m, float a, float b) {
        int end = off + len, i = off;
        FloatVector vm = FloatVector.broadcast(S, m), va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
        for (int bound = off + S.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(S, x, i).sub(vm).fma(va, vb).intoArray(y, i);
        }
        for (; i < end; i++) y[i] = a * (x[i] - m) + b;
    }

    /**
     * Maps {@code count} vectors of outputs of channel c, at {@code y[i]} and {@code step} apart, in place by {@code map}
     * as {@link #channelAffine} ({@code map.join()} null) or {@link #channelAffineJoin} map them: the same operations in
     * the same order, so bit for bit. For kernels that map their outputs right after storing them, while in L1
     * ({@link OutputMap}). The channel's constants are read once per call and the choice of map made once, outside
     * the loops (a call per vector had cost 0.030-0.036 ms of the classroom's 0.12 ms 8→8 16x16 layer, AMD EPYC Zen 4,
     * 2026-12-07). The vectors are loaded here rather than passed in: a vector passed to a method C2 does not inline is
     * boxed (26.8 MB a ResNet-20 inference batch when the mapped store took it as an argument), and every path ends in
     * its own store, since a vector chosen by a branch is one C2 may box too.
     */
    static void mapStored(float[] y, int i, int count, int step, OutputMap map, int c) {
        float m = map.mean()[c], a = map.scale()[c], b = map.shift()[c];
        float[] join = map.join();
        FloatVector zero = FloatVector.zero(S);
        int end = i + count * step;
        if (join == null) {
            if (map.relu()) {
                for (int j = i; j < end; j += step) {
                    FloatVector u = FloatVector.fromArray(S, y, j).sub(m).fma(a, b);
                    zero.blend(u, u.compare(VectorOperators.GT, 0f)).intoArray(y, j);
                }
            } else {
                for (int j = i; j < end; j += step) FloatVector.fromArray(S, y, j).sub(m).fma(a, b).intoArray(y, j);
            }
            return;
        }
        float js = map.joinScale();
        if (map.relu()) {
            for (int j = i; j < end; j += step) {
                FloatVector u = FloatVector.fromArray(S, y, j).sub(m).fma(a, b).add(FloatVector.fromArray(S, join, j).mul(js));
                zero.blend(u, u.compare(VectorOperators.GT, 0f)).intoArray(y, j);
            }
        } else {
            for (int j = i; j < end; j += step) {
                FloatVector.fromArray(S, y, j).sub(m).fma(a, b).add(FloatVector.fromArray(S, join, j).mul(js)).intoArray(y, j);
            }
        }
    }

    /**
     * Planes of whole vectors (every plane of the CIFAR and classroom nets) run as one loop over the image, the channel
     * advancing every plane: a per-channel loop of one or four vectors cost more in loop entries than in arithmetic
     * (64x32x4x4: 7.7 µs against 4.0, one thread). The constants go in as scalars: vectors reassigned inside the loop
     * were boxed (ten times slower). Other planes go plane by plane, as the default.
     */
    @Override
    public void channelAffine(float[] x, float[] y, int off, int channels, int plane, float[] m, float[] a, float[] b,
                              boolean relu) {
        if (plane % L != 0 || plane == 0) {
            Elementwise.super.channelAffine(x, y, off, channels, plane, m, a, b, relu);
            return;
        }
        FloatVector zero = FloatVector.zero(S);
        int perPlane = plane / L;
        for (int i = off, end = off + channels * plane, c = 0, left = perPlane; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i).sub(m[c]).fma(a[c], b[c]);
            if (relu) v = zero.blend(v, v.compare(VectorOperators.GT, 0f));
            v.intoArray(y, i);
            if (--left == 0) {
                left = perPlane;
                c++;
            }
        }
    }

    /**
     * One pass instead of three where planes are whole vectors (the three calls' values: axpby's {@code 1·y} is y
     * exactly, and the join is added as axpby adds it), else the three calls. The classroom net's inference spent 9% of
     * its time in the three (JFR, one thread). {@link EngineSwitch#ONE_PASS_JOIN} off: the three calls.
     */
    @Override
    public void channelAffineJoin(float[] x, float[] y, int off, int channels, int plane, float[] m, float[] a, float[] b,
                                  float[] h, float s, boolean relu) {
        if (plane % L != 0 || plane == 0 || !EngineSwitch.ONE_PASS_JOIN.on()) {
            Elementwise.super.channelAffineJoin(x, y, off, channels, plane, m, a, b, h, s, relu);
            return;
        }
        FloatVector zero = FloatVector.zero(S), vs = FloatVector.broadcast(S, s);
        int perPlane = plane / L;
        for (int i = off, end = off + channels * plane, c = 0, left = perPlane; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i).sub(m[c]).fma(a[c], b[c]);
            v = v.add(FloatVector.fromArray(S, h, i).mul(vs));
            if (relu) v = zero.blend(v, v.compare(VectorOperators.GT, 0f));
            v.intoArray(y, i);
            if (--left == 0) {
                left = perPlane;
                c++;
            }
        }
    }

    /** As {@link #channelAffine}: one loop over the image where planes are whole vectors, else plane by plane. */
    @Override
    public void channelBatchNormBackward(float[] dy, float[] x, float[] dx, int off, int channels, int plane,
                                         float[] m, float[] p, float[] q, float[] r) {
        if (plane % L != 0 || plane == 0) {
            Elementwise.super.channelBatchNormBackward(dy, x, dx, off, channels, plane, m, p, q, r);
            return;
        }
        int perPlane = plane / L;
        for (int i = off, end = off + channels * plane, c = 0, left = perPlane; i < end; i += L) {
            FloatVector t = FloatVector.fromArray(S, x, i).sub(m[c]).fma(q[c], r[c]);
            FloatVector.fromArray(S, dy, i).fma(FloatVector.broadcast(S, p[c]), t).intoArray(dx, i);
            if (--left == 0) {
                left = perPlane;
                c++;
            }
        }
    }

    @Override
    public void gradientMoments(float[] dy, float[] x, int off, int len, float m, double[] sums, int at) {
        double s = 0, sx = 0;
        int end = off + len;
        for (int b = off; b < end; b += SUM_BLOCK) {
            int blockEnd = Math.min(end, b + SUM_BLOCK), i = b;
            FloatVector vm = FloatVector.broadcast(S, m);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, d0 = a0, d1 = a0;
            for (int bound = b + (blockEnd - b) / (2 * L) * (2 * L); i < bound; i += 2 * L) {
                FloatVector g0 = FloatVector.fromArray(S, dy, i), g1 = FloatVector.fromArray(S, dy, i + L);
                a0 = a0.add(g0);
                a1 = a1.add(g1);
                d0 = FloatVector.fromArray(S, x, i).sub(vm).fma(g0, d0);
                d1 = FloatVector.fromArray(S, x, i + L).sub(vm).fma(g1, d1);
            }
            float fs = a0.add(a1).reduceLanes(VectorOperators.ADD), fd = d0.add(d1).reduceLanes(VectorOperators.ADD);
            for (; i < blockEnd; i++) {
                fs += dy[i];
                fd += dy[i] * (x[i] - m);
            }
            if (Float.isFinite(fs) && Float.isFinite(fd)) {
                s += fs;
                sx += fd;
            } else { // overflow in float: this block in double, as the reference
                for (int j = b; j < blockEnd; j++) {
                    s += dy[j];
                    sx += (double) dy[j] * (x[j] - m);
                }
            }
        }
        sums[at] += s;
        sums[at + 1] += sx;
    }

    @Override
    public void batchNormBackward(float[] dy, float[] x, float[] dx, int off, int len, float m, float p, float q, float r) {
        int end = off + len, i = off;
        FloatVector vm = FloatVector.broadcast(S, m), vp = FloatVector.broadcast(S, p);
        FloatVector vq = FloatVector.broadcast(S, q), vr = FloatVector.broadcast(S, r);
        for (int bound = off + S.loopBound(len); i < bound; i += L) {
            FloatVector t = FloatVector.fromArray(S, x, i).sub(vm).fma(vq, vr);
            FloatVector.fromArray(S, dy, i).fma(vp, t).intoArray(dx, i);
        }
        for (; i < end; i++) dx[i] = p * dy[i] + (q * (x[i] - m) + r);
    }

    @Override
    public void axpby(float a, float[] x, float b, float[] y, float[] out, int off, int len) {
        int end = off + len, i = off;
        FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
        for (int bound = off + S.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(S, x, i).mul(va).add(FloatVector.fromArray(S, y, i).mul(vb)).intoArray(out, i);
        }
        for (; i < end; i++) out[i] = a * x[i] + b * y[i];
    }

    @Override
    public void scale(float a, float[] x, float[] out, int off, int len) {
        int end = off + len, i = off;
        FloatVector va = FloatVector.broadcast(S, a);
        for (int bound = off + S.loopBound(len); i < bound; i += L) FloatVector.fromArray(S, x, i).mul(va).intoArray(out, i);
        for (; i < end; i++) out[i] = a * x[i];
    }

    @Override
    public double sumSquares(float[] x, int off, int len) {
        double s = 0;
        int end = off + len;
        for (int b = off; b < end; b += SUM_BLOCK) {
            int blockEnd = Math.min(end, b + SUM_BLOCK), i = b;
            FloatVector q0 = FloatVector.zero(S), q1 = q0;
            for (int bound = b + (blockEnd - b) / (2 * L) * (2 * L); i < bound; i += 2 * L) {
                FloatVector v0 = FloatVector.fromArray(S, x, i), v1 = FloatVector.fromArray(S, x, i + L);
                q0 = v0.fma(v0, q0);
                q1 = v1.fma(v1, q1);
            }
            float fq = q0.add(q1).reduceLanes(VectorOperators.ADD);
            for (; i < blockEnd; i++) fq += x[i] * x[i];
            if (Float.isFinite(fq)) {
                s += fq;
            } else { // overflow in float: this block in double, as the reference
                for (int j = b; j < blockEnd; j++) s += (double) x[j] * x[j];
            }
        }
        return s;
    }

    @Override
    public void momentumStep(float[] w, float[] g, float[] v, int off, int len, float mu, float decay, float rate) {
        int end = off + len, i = off;
        FloatVector zero = FloatVector.zero(S);
        for (int bound = off + S.loopBound(len); i < bound; i += L) {
            FloatVector wi = FloatVector.fromArray(S, w, i);
            FloatVector grad = FloatVector.fromArray(S, g, i).add(wi.mul(decay));
            FloatVector raw = FloatVector.fromArray(S, v, i).mul(mu).add(grad);
            FloatVector vi = raw.blend(zero, raw.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
            vi.intoArray(v, i);
            wi.sub(vi.mul(rate)).intoArray(w, i);
        }
        if (i < end) Elementwise.super.momentumStep(w, g, v, i, end - i, mu, decay, rate);
    }

    @Override
    public int flushSubnormals(float[] x, int off, int len) {
        int end = off + len, i = off, flushed = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int bound = off + S.loopBound(len); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            VectorMask<Float> tiny = v.abs().compare(VectorOperators.LT, Float.MIN_NORMAL).and(v.compare(VectorOperators.NE, 0f));
            if (tiny.anyTrue()) {
                flushed += tiny.trueCount();
                v.blend(zero, tiny).intoArray(x, i);
            }
        }
        for (; i < end; i++) {
            if (x[i] != 0f && Math.abs(x[i]) < Float.MIN_NORMAL) {
                x[i] = 0f;
                flushed++;
            }
        }
        return flushed;
    }
}
