package resnetlab.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in NCHW order over one {@code float[]}.
 *
 * <p>Storage: for shape (N, C, H, W) the element (n, c, y, x) lives at
 * {@code data[((n*C + c)*H + y)*W + x]}. Tensors of rank 1 and 2 use the same row-major rule
 * ({@code data[r*cols + c]}). A tensor owns its array; {@link #data} is exposed on purpose so that kernels
 * can run over it without copies.
 */
public final class Tensor {
    private final int[] shape;
    /** Row-major NCHW storage; see the class comment for the index formula. */
    public final float[] data;

    public Tensor(int... shape) {
        this.shape = shape.clone();
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            size *= d;
        }
        if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        this.data = new float[(int) size];
    }

    /** Wraps an existing array (no copy); its length must equal the product of the shape. */
    public Tensor(float[] data, int... shape) {
        this.shape = shape.clone();
        long size = 1;
        for (int d : shape) size *= d;
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                    + " values, array has " + data.length);
        }
        this.data = data;
    }

    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i]; }
    public int[] shape() { return shape.clone(); }
    public int size() { return data.length; }

    /** Batch size (dimension 0). */
    public int n() { return shape[0]; }
    /** Channels (dimension 1 of NCHW). */
    public int c() { return shape[1]; }
    /** Height (dimension 2 of NCHW). */
    public int h() { return shape[2]; }
    /** Width (dimension 3 of NCHW). */
    public int w() { return shape[3]; }

    public boolean sameShape(Tensor o) { return Arrays.equals(shape, o.shape); }
    public boolean hasShape(int... s) { return Arrays.equals(shape, s); }

    public float get(int n, int c, int y, int x) { return data[((n * shape[1] + c) * shape[2] + y) * shape[3] + x]; }
    public void set(int n, int c, int y, int x, float v) { data[((n * shape[1] + c) * shape[2] + y) * shape[3] + x] = v; }

    /** Returns {@code t} if it exists with this shape, otherwise a new zero tensor: the buffer-reuse idiom of the layers. */
    public static Tensor reuse(Tensor t, int... shape) {
        return t != null && Arrays.equals(t.shape, shape) ? t : new Tensor(shape);
    }

    public Tensor copy() { return new Tensor(data.clone(), shape); }
    public void copyFrom(Tensor o) {
        if (!sameShape(o)) throw new IllegalArgumentException("shape " + shapeString() + " vs " + o.shapeString());
        System.arraycopy(o.data, 0, data, 0, data.length);
    }
    public void fill(float v) { Arrays.fill(data, v); }
    public void zero() { Arrays.fill(data, 0f); }

    /** A view with another shape over the same array (sizes must agree). */
    public Tensor reshape(int... newShape) { return new Tensor(data, newShape); }

    /** Euclidean norm, accumulated in double. */
    public double norm() { return Ops.norm(data, data.length); }

    public String shapeString() { return Arrays.toString(shape); }
    @Override public String toString() { return "Tensor" + shapeString(); }
}
