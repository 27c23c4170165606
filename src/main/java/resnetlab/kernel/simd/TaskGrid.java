package resnetlab.kernel.simd;

/**
 * How one GEMM call is cut into tasks: a grid of {@code rowTasks × colTasks} rectangles of C, measured in
 * units (micro-tile rows and columns). Column ranges come first because splitting along n duplicates only
 * the packing of A, which is the smaller operand in the convolution shapes; rows are split only when there
 * are too few column units. Task t covers row range {@code t / colTasks} and column range
 * {@code t % colTasks}; ranges are as equal as integers allow.
 */
record TaskGrid(int rowUnits, int colUnits, int rowTasks, int colTasks) {
    /** Tasks per thread, so that work stealing can even out a core that is busy with something else. */
    static final int TASKS_PER_THREAD = 2;

    static TaskGrid of(int threads, int rowUnits, int colUnits) {
        if (threads <= 1) return new TaskGrid(rowUnits, colUnits, 1, 1);
        int target = threads * TASKS_PER_THREAD;
        int colTasks = Math.min(colUnits, target);
        int rowTasks = Math.min(rowUnits, VectorGemm.ceilDiv(target, colTasks));
        return new TaskGrid(rowUnits, colUnits, rowTasks, colTasks);
    }

    int count() { return rowTasks * colTasks; }

    int rowStart(int t) { return (int) ((long) (t / colTasks) * rowUnits / rowTasks); }
    int rowEnd(int t) { return (int) ((long) (t / colTasks + 1) * rowUnits / rowTasks); }
    int colStart(int t) { return (int) ((long) (t % colTasks) * colUnits / colTasks); }
    int colEnd(int t) { return (int) ((long) (t % colTasks + 1) * colUnits / colTasks); }
}
