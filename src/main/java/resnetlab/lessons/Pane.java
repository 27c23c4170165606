package resnetlab.lessons;

import java.util.List;

/**
 * The panes a lesson step can show: a fixed vocabulary that the app maps to its views and the headless
 * runner maps to chart files. Each pane has its own charts; the first is the default.
 */
public enum Pane {
    /** Training curves of every model (He 2015 Fig. 1 and 6). */
    CURVES("curves", List.of("training-error", "training-loss", "test-error")),
    /** Gradient norms through depth and time (He 2016 eq. 4-8). */
    GRADIENT_FLOW("gradient-flow", List.of("depth-profile", "direct-term", "heatmap", "weight-gradients")),
    /** The unraveled view: paths per length and the gradient they carry (Veit 2016 Fig. 6). */
    PATHS("paths", List.of("path-lengths", "path-counts")),
    /** Deleting and reordering blocks at test time (Veit 2016 Fig. 3-5). */
    LESIONS("lesions", List.of("single-block", "random-k", "reorder")),
    /** Shortcut types and unit orderings side by side (He 2016 Tables 1 and 2). */
    SHORTCUTS("shortcuts", List.of("final-error", "training-error")),
    /** Loss surfaces around the trained weights (Li 2018). */
    LANDSCAPE("landscape", List.of("contour", "slice")),
    /** Standard deviation of each layer's responses (He 2015 Fig. 7). */
    RESPONSES("responses", List.of("response-std")),
    /** The architecture: stem, stages, blocks, shortcuts. */
    NETWORK("network", List.of("diagram"));

    private final String fileName;
    private final List<String> charts;

    Pane(String fileName, List<String> charts) {
        this.fileName = fileName;
        this.charts = charts;
    }

    /** The name in lesson files, e.g. "gradient-flow". */
    public String fileName() { return fileName; }

    /** The charts this pane can show; the first is the default. */
    public List<String> charts() { return charts; }

    public String defaultChart() { return charts.get(0); }

    /** The pane with this file name, or null. */
    public static Pane parse(String s) {
        for (Pane p : values()) if (p.fileName.equals(s)) return p;
        return null;
    }

    public static List<String> fileNames() {
        return java.util.Arrays.stream(values()).map(Pane::fileName).toList();
    }

    @Override public String toString() { return fileName; }
}
