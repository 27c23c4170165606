package resnetlab.app.view;

/** A view that does its drawing once per frame (after the lab has applied the training events). */
public interface FramePane {
    /** Called on every pulse with the frame's time, in nanoseconds. Must be quick: a few milliseconds. */
    void frame(long now);
}
