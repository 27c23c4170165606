package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.app.model.ExperimentModel;
import resnetlab.app.view.Exporter;
import resnetlab.app.view.Surface3DView;
import resnetlab.charts.SurfacePlot3D;
import resnetlab.charts.SurfaceView;

/**
 * The loss landscape pane: the grid refines while the class watches (a coarse level first, each level shown), and the
 * 3-D view renders under Monocle's software pipeline, turns with the mouse and keys, zooms with the wheel, and exports.
 */
class Landscape3DTest extends AppTestBase {

    private Surface3DView view3d() throws Exception {
        return fx(() -> app.view().landscape().surface3d());
    }

    private SurfacePlot3D shownPlot() throws Exception {
        return fx(() -> {
            var c = app.view().landscape().surface3d().chartPane().chart();
            return c != null && c.getPlot() instanceof SurfacePlot3D p ? p : null;
        });
    }

    @Test
    void theLandscapeRefinesLevelByLevelAndTheThreeDViewTurnsZoomsAndExports(@TempDir Path dir) throws Exception {
        type(KeyCode.S);
        waitUntil(30, () -> app.lab().models().stream().allMatch(m -> m.iteration() >= 1));
        clickOn("#tab-landscape");
        List<Integer> sizesSeen = new ArrayList<>();
        fx(() -> {
            app.view().experiments().landscapesProperty().addListener((o, was, now) -> {
                for (ExperimentModel.Landscape l : now) if (l.scan().surface() != null) sizesSeen.add(l.scan().surface().alpha().length);
            });
            return null;
        });
        var task = fx(() -> app.view().experiments().measureLandscapes(app.lab().models(), 11, 11, 40));
        waitUntil(120, task::isDone);
        assertThat(task.isCancelled()).isFalse();
        assertThat(sizesSeen).as("the coarse level is shown before the fine one").contains(6, 11);
        assertThat(sizesSeen.indexOf(6)).isLessThan(sizesSeen.indexOf(11));
        assertThat(fx(() -> app.view().experiments().landscapesProperty().get().size())).isEqualTo(2);

        clickOn("#landscape-3d-toggle");
        waitUntil(30, () -> {
            try { return shownPlot() != null && shownPlot().panels().size() == 2; } catch (Exception e) { return false; }
        });
        SurfacePlot3D plot = shownPlot();
        Surface3DView v3 = view3d();
        assertThat(plot.panels().get(0).values().x()).hasSize(11);
        assertThat(plot.view()).isEqualTo(SurfaceView.DEFAULT);
        // the picture on screen is drawn: many colours, not a blank pane
        waitUntil(30, () -> colours(v3.chartPane()) > 100);

        // drag to the right: the surface turns; the wheel zooms; the arrow keys turn and tilt
        // (the press and drag are fired at the view: Monocle's headless robot sends no drag events)
        fx(() -> { mouse(v3, MouseEvent.MOUSE_PRESSED, 200, 200); mouse(v3, MouseEvent.MOUSE_DRAGGED, 230, 200);
            mouse(v3, MouseEvent.MOUSE_DRAGGED, 260, 200); mouse(v3, MouseEvent.MOUSE_RELEASED, 260, 200); return null; });
        Point2D centre = fx(() -> { var b = v3.localToScreen(v3.getBoundsInLocal()); return new Point2D(b.getCenterX(), b.getCenterY()); });
        moveTo(centre);
        waitUntil(10, () -> v3.view().azimuth() != SurfaceView.DEFAULT.azimuth());
        double turned = fx(() -> v3.view().azimuth());
        assertThat(turned).isCloseTo(SurfaceView.DEFAULT.azimuth() - 60 * 0.5, org.assertj.core.data.Offset.offset(10.0));
        fx(() -> { javafx.event.Event.fireEvent(v3, new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL, 200, 200, 200, 200,
                false, false, false, false, false, false, 0, 40, 0, 40, javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null)); return null; });
        waitUntil(10, () -> v3.view().zoom() > 1);
        fx(() -> { v3.requestFocus(); return null; });
        waitUntil(5, () -> v3.getScene().getFocusOwner() == v3);
        type(KeyCode.UP);
        waitUntil(10, () -> v3.view().elevation() > SurfaceView.DEFAULT.elevation());
        SurfaceView now = fx(() -> v3.view());
        waitUntil(30, () -> {
            try { return now.equals(shownPlot().view()); } catch (Exception e) { return false; }
        });
        type(KeyCode.HOME);
        waitUntil(10, () -> v3.view().equals(SurfaceView.DEFAULT));

        // export reads back: a PNG of the surfaces, and their grids as CSV
        Path png = dir.resolve("surfaces.png"), csv = dir.resolve("surfaces.csv");
        fx(() -> v3.chartPane().export(Exporter.Format.PNG, png)).get(60, TimeUnit.SECONDS);
        fx(() -> v3.chartPane().export(Exporter.Format.CSV, csv)).get(60, TimeUnit.SECONDS);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(300);
        assertThat(java.nio.file.Files.readAllLines(csv)).hasSize(1 + 2 * 11 * 11);

        // the Models menu leaves a model out (the others keep the same axes and colour scale); by name as on the cards
        var menu = fx(() -> (javafx.scene.control.MenuButton) app.view().lookup("#landscape-3d-models"));
        assertThat(fx(() -> menu.isVisible() && menu.getItems().size() == 2)).isTrue();
        fx(() -> { ((javafx.scene.control.CheckMenuItem) menu.getItems().get(0)).setSelected(false); return null; });
        waitUntil(30, () -> { try { return shownPlot().panels().size() == 1; } catch (Exception e) { return false; } });
        String second = fx(() -> app.view().experiments().landscapesProperty().get().get(1).name());
        assertThat(shownPlot().panels().get(0).name()).startsWith(second);
        String first = fx(() -> app.view().experiments().landscapesProperty().get().get(0).name());
        fx(() -> { app.view().landscape().show3dOnly(List.of(first)); return null; });
        waitUntil(30, () -> { try { return shownPlot().panels().size() == 1 && shownPlot().panels().get(0).name().startsWith(first); }
            catch (Exception e) { return false; } });
        assertThat(fx(() -> ((javafx.scene.control.CheckMenuItem) menu.getItems().get(1)).isSelected())).isFalse();
    }

    private static void mouse(javafx.scene.Node n, javafx.event.EventType<MouseEvent> type, double x, double y) {
        javafx.geometry.Point2D scene = n.localToScene(x, y), screen = n.localToScreen(x, y);
        javafx.event.Event.fireEvent(n, new MouseEvent(type, scene.getX(), scene.getY(), screen.getX(), screen.getY(), MouseButton.PRIMARY, 1,
                false, false, false, false, true, false, false, false, false, false, new javafx.scene.input.PickResult(n, scene.getX(), scene.getY())));
    }

    private static int colours(javafx.scene.Node n) {
        var snap = n.snapshot(null, null);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        var r = snap.getPixelReader();
        for (int y = 0; y < (int) snap.getHeight(); y += 2) for (int x = 0; x < (int) snap.getWidth(); x += 2) seen.add(r.getArgb(x, y));
        return seen.size();
    }
}
