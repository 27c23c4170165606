package resnetlab.lessons;

import java.util.List;

/**
 * The experiments a step can run on its models (package {@code resnetlab.experiments}), with the options a
 * lesson file may give each. Options left out take the runner's defaults, shrunk with the preset by
 * {@link RunOptions#small()}.
 */
public enum Experiment {
    /** Gradient norms per block recorded while the models trained (He 2016 eq. 4-8). */
    GRADIENT_FLOW("gradient-flow", List.of()),
    /** Gradient per path length (Veit 2016 §4.2): samples per length, images in the batch. */
    PATH_LENGTHS("path-lengths", List.of("samples", "batch")),
    /** Deleting single blocks, k random blocks, and k random swaps at test time (Veit 2016 §4). */
    LESION_STUDY("lesion-study", List.of("testSize", "samples", "deletions", "swaps")),
    /** Standard deviation of each 3x3 layer's responses (He 2015 Fig. 7). */
    LAYER_RESPONSES("layer-responses", List.of("images")),
    /** Loss on a filter-normalised 2-D slice around the trained weights (Li 2018): points per axis, training images evaluated. */
    LOSS_LANDSCAPE("loss-landscape", List.of("grid", "images"));

    private final String fileName;
    private final List<String> options;

    Experiment(String fileName, List<String> options) {
        this.fileName = fileName;
        this.options = options;
    }

    public String fileName() { return fileName; }

    /** The option fields a lesson file may give this experiment. */
    public List<String> options() { return options; }

    static Experiment parse(String s) {
        for (Experiment e : values()) if (e.fileName.equals(s)) return e;
        return null;
    }

    static List<String> fileNames() {
        return java.util.Arrays.stream(values()).map(Experiment::fileName).toList();
    }

    @Override public String toString() { return fileName; }
}
