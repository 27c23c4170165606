package resnetlab.app.view;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;
import resnetlab.app.model.LabModel;

/**
 * The one place where training results reach the screen: once per frame it lets the lab apply the events its
 * workers queued (a bounded amount of work, however fast the models train), then lets each pane draw. The FX
 * thread never waits for the engine.
 */
public final class FrameLoop extends AnimationTimer {
    private final LabModel lab;
    private final List<FramePane> panes = new ArrayList<>();
    private final FrameRecorder recorder;

    public FrameLoop(LabModel lab, FrameRecorder recorder) {
        this.lab = lab;
        this.recorder = recorder;
    }

    public void add(FramePane p) { panes.add(p); }

    @Override public void handle(long now) {
        long t0 = System.nanoTime();
        lab.frame(now);
        for (FramePane p : panes) p.frame(now);
        if (recorder != null) recorder.frame(now, System.nanoTime() - t0);
        resnetlab.app.model.ComputeShare.frame(now); // slow frames make the models take turns for a while
    }
}
