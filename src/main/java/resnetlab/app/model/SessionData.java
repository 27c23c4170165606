package resnetlab.app.model;

import java.util.List;
import java.util.Map;

/**
 * Everything a session file holds besides the weights: the bench, the shared settings, each model's curves,
 * and the window's layout. Written as {@code session.json} inside the session file ({@link SessionFile}).
 *
 * @param format  {@value SessionFile#FORMAT}
 * @param version resnet-lab version that wrote it
 * @param layout  view state: pane, theme, language, presentation
 */
public record SessionData(String format, String version, Settings settings, String dataFolder, Map<String, String> layout,
                          List<Model> models) {

    /** The shared training settings as they were applied. */
    public record Settings(double lr, int batch, int iterations, int evalEvery, long seed, int speed) {}

    /**
     * One bench model.
     *
     * @param iteration  iterations trained when saved
     * @param checkpoint name of its weights inside the session file, or null (not built yet)
     * @param train      rows (iteration, loss, error), decimated
     * @param test       rows (iteration, loss, error)
     * @param gradients  rows (iteration, ‖∂E/∂x‖ at the input of block 1, 2, …) of the gradient-flow heat map;
     *                   null in files written before it was kept
     */
    public record Model(ModelSetup setup, int iteration, String checkpoint, double[][] train, double[][] test,
                        double[][] gradients) {
        /** A model without gradient history. */
        public Model(ModelSetup setup, int iteration, String checkpoint, double[][] train, double[][] test) {
            this(setup, iteration, checkpoint, train, test, null);
        }
    }
}
