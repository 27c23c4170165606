package resnetlab.lessons;

import java.util.List;

/**
 * The experiments a step can run on its models (package {@code resnetlab.experiments}). The options a lesson file
 * may give each are in lessons/lesson.schema.json; options left out take the runner's defaults, shrunk with the
 * preset by {@link RunOptions#small()}.
 */
public enum Experiment {
    /** Gradient norms per block recorded while the models trained (He 2016 eq. 4-8). */
    GRADIENT_FLOW("gradient-flow"),
    /** Gradient per path length (Veit 2016 §4.2): samples per length, images in the batch. */
    PATH_LENGTHS("path-lengths"),
    /** Deleting single blocks, k random blocks, and k random swaps at test time (Veit 2016 §4). */
    LESION_STUDY("lesion-study"),
    /** Standard deviation of each 3x3 layer's responses (He 2015 Fig. 7). */
    LAYER_RESPONSES("layer-responses"),
    /** Loss on a filter-normalised 2-D slice around the trained weights (Li 2018): points per axis, training images evaluated. */
    LOSS_LANDSCAPE("loss-landscape");

    private final String fileName;

    Experiment(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() { return fileName; }

    static Experiment parse(String s) {
        for (Experiment e : values()) if (e.fileName.equals(s)) return e;
        return null;
    }

    static List<String> fileNames() {
        return java.util.Arrays.stream(values()).map(Experiment::fileName).toList();
    }

    @Override public String toString() { return fileName; }
}
