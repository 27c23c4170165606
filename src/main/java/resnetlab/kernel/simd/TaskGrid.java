package resnetlab.kernel.simd;

/**
 * How one GEMM call is cut into tasks: a grid of {@code rowTasks × colTasks} rectangles of C, measured in
 * units (micro-tile rows and columns). Each task packs the parts of A and B it needs, so splitting the
 * columns repeats the packing of A in every task and splitting the rows repeats that of B; the grid
 * therefore splits along the larger side of C first (n for a forward convolution, m for its input gradient)
 * and along the other only when the first has too few units. Task t covers row range {@code t / colTasks}
 * and column range {@code t % colTasks}; ranges are as equal as integers allow.
 */
record TaskGrid(int rowUnits, int colUnits, int rowTasks, int colTasks) {
    /** Tasks per thread, so that work stealing can even out a core that is busy with something else. */
    static final int TASKS_PER_THREAD = 2;
    /** Least work worth a task of its own (about 15 µs of one core): forking and joining cost microseconds. */
    static final double MIN_TASK_FLOPS = 1e6;

    /** The grid for {@code threads} threads and a GEMM worth at most {@code maxTasks} tasks (by its flops). */
    static TaskGrid of(int threads, double maxTasks, int rowUnits, int colUnits, boolean rowsFirst) {
        int target = (int) Math.min(threads * TASKS_PER_THREAD, Math.max(1, maxTasks));
        if (threads <= 1 || target <= 1) return new TaskGrid(rowUnits, colUnits, 1, 1);
        if (rowsFirst) {
            int rowTasks = Math.min(rowUnits, target);
            return new TaskGrid(rowUnits, colUnits, rowTasks, Math.min(colUnits, VectorGemm.ceilDiv(target, rowTasks)));
        }
        int colTasks = Math.min(colUnits, target);
        return new TaskGrid(rowUnits, colUnits, Math.min(rowUnits, VectorGemm.ceilDiv(target, colTasks)), colTasks);
    }

    int count() { return rowTasks * colTasks; }

    int rowStart(int t) { return (int) ((long) (t / colTasks) * rowUnits / rowTasks); }
    int rowEnd(int t) { return (int) ((long) (t / colTasks + 1) * rowUnits / rowTasks); }
    int colStart(int t) { return (int) ((long) (t % colTasks) * colUnits / colTasks); }
    int colEnd(int t) { return (int) ((long) (t % colTasks + 1) * colUnits / colTasks); }
}
