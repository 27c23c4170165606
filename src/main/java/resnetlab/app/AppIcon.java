package resnetlab.app;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/**
 * The window's icon at every size it was rendered (assets/icons/, from resnet-lab.svg): the window manager,
 * task bar and Alt+Tab each pick the size they draw at, so none has to scale a 16 px picture up.
 */
final class AppIcon {
    static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256, 512};

    private AppIcon() {}

    /** The renderings found on the class path (all of them in a normal build). */
    static List<Image> images() {
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            try (InputStream in = AppIcon.class.getResourceAsStream("/assets/icons/resnet-lab-" + size + ".png")) {
                if (in != null) images.add(new Image(in));
            } catch (java.io.IOException e) {
                // a missing icon only costs the picture in the task bar
            }
        }
        return images;
    }
}
