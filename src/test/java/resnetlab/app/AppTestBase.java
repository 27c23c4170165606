package resnetlab.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.Comparison;
import resnetlab.app.view.FileDialogs;

/**
 * Starts the real app headless (TestFX on Monocle, software rendering) with the quick comparison: two tiny
 * nets on 8x8 shapes that train in a fraction of a second per step. File dialogs are answered by the test.
 */
abstract class AppTestBase extends FxRobot {
    static {
        // before the toolkit starts: surefire's configuration is shared, so the test sets these itself
        System.setProperty("testfx.robot", "glass");
        System.setProperty("testfx.headless", "true");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("java.awt.headless", "true");
    }

    protected App app;
    /** What the next file dialog answers (null: cancelled). */
    protected volatile Path nextFile;

    protected AppOptions options() {
        return new AppOptions(I18n.ENGLISH, false, false, Comparison.QUICK, "curves", false, null, 0, 1280, 800, null, 0, 0, null, false);
    }

    /** The app under test; tests of the remembered settings give it a settings folder. */
    protected App newApp(AppOptions options) { return new App(options); }

    @BeforeEach
    void startApp() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = newApp(options());
        FxToolkit.setupApplication(() -> app);
        fx(() -> {
            app.ui().setDialogs(new FileDialogs() {
                @Override public Path save(Window owner, String title, String initialName, String extension) { return nextFile; }
                @Override public Path open(Window owner, String title, String extension) { return nextFile; }
                @Override public Path folder(Window owner, String title) { return nextFile; }
            });
            return null;
        });
        waitUntil(30, () -> app.lab().models().stream().allMatch(BenchModel::isRunnable));
        // the tiny nets train hundreds of steps a minute: no target gets in the way of a test
        fx(() -> { app.lab().iterations.set("1000000"); return app.lab().commitSettings(); });
    }

    @AfterEach
    void stopApp() throws Exception {
        fx(() -> { app.lab().pause(); return null; });
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    /**
     * Clicks the centre of the visible node that {@code query} finds, found and measured on the FX thread. TestFX's own
     * {@code clickOn(query)} measures the nodes' bounds from the test thread, and a text the FX thread is laying out at
     * that moment throws inside JavaFX ({@code PrismTextLayout.addTextRun}: "this.runs" is null; FormulaPaneTest on CI,
     * 2026-12-06, right after a theme and presentation switch re-laid the window out).
     */
    @Override
    public FxRobot clickOn(String query, MouseButton... buttons) {
        clickOn(centreOf(query), buttons);
        return this;
    }

    /** As {@link #clickOn(String, MouseButton...)}, twice. */
    @Override
    public FxRobot doubleClickOn(String query, MouseButton... buttons) {
        doubleClickOn(centreOf(query), buttons);
        return this;
    }

    /** The screen centre of the first visible node {@code query} finds, looked up on the FX thread. */
    private Point2D centreOf(String query) {
        try {
            return fx(() -> {
                Node node = lookup(query).match(NodeQueryUtils.isVisible()).query();
                if (node == null) throw new AssertionError("no visible node matches " + query);
                Bounds b = node.localToScreen(node.getBoundsInLocal());
                return new Point2D(b.getCenterX(), b.getCenterY());
            });
        } catch (Exception e) {
            throw new AssertionError("finding " + query + ": " + e, e);
        }
    }

    /** Runs on the FX thread and waits for the result. */
    protected static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    /** Polls {@code condition} on the FX thread until it holds; fails after {@code seconds}. */
    protected void waitUntil(double seconds, BooleanSupplier condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS, () -> fx(condition::getAsBoolean));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s; " + fx(this::state), e);
        }
    }

    /** The bench and the newest notice, for failure messages. */
    protected String state() {
        StringBuilder sb = new StringBuilder("playing=" + app.lab().isPlaying());
        for (BenchModel m : app.lab().models()) {
            sb.append(" | ").append(m.spec() == null ? "?" : m.spec().displayName()).append(' ').append(m.phase())
                    .append(" it=").append(m.iteration()).append(" problems=").append(m.problemsProperty().get())
                    .append(" msg=").append(m.messageProperty().get());
        }
        if (!app.lab().notices().isEmpty()) sb.append(" | last notice: ").append(app.lab().notices().get(app.lab().notices().size() - 1));
        return sb.toString();
    }

    protected int iteration(int model) throws Exception {
        return fx(() -> app.lab().models().get(model).iteration());
    }

    protected static void pauseFor(long ms) {
        WaitForAsyncUtils.sleep(ms, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void runLater(Runnable r) { Platform.runLater(r); }
}
