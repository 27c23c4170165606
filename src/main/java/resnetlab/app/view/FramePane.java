package resnetlab.app.view;

/** A view that does its drawing once per frame (after the lab has applied the training events). */
public interface FramePane {
    /** Called on every pulse with the frame's time, in nanoseconds. Must be quick: a few milliseconds. */
    void frame(long now);

    /** Length of the slow tick shared by the live texts and charts: they change together, twice a second. */
    long SLOW_TICK_NANOS = 500_000_000L;

    /**
     * The slow tick {@code now} falls in. Views that redraw on the slow tick compare it with the tick they last
     * drew in, so all of them change in the same frame: the window re-renders twice a second, not once per view.
     */
    static long slowTick(long now) { return now / SLOW_TICK_NANOS; }
}
