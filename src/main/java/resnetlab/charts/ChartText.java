package resnetlab.charts;

/**
 * The words on a chart, passed in by the caller so that the app can localise them and the CLI can
 * write them in English. Any field may be {@code null} (nothing is drawn).
 *
 * @param title      the title above the plot
 * @param xAxis      label of the horizontal axis, e.g. "iteration"
 * @param yAxis      label of the vertical axis, e.g. "training error"
 * @param provenance one line under the title saying how the data was made, e.g.
 *                   "made by: resnetlab train --depth 56 --plain --iterations 400 --seed 1"
 */
public record ChartText(String title, String xAxis, String yAxis, String provenance) {

    /** Title and axis labels, no provenance line. */
    public static ChartText of(String title, String xAxis, String yAxis) {
        return new ChartText(title, xAxis, yAxis, null);
    }

    /** A copy with the provenance line set. */
    public ChartText withProvenance(String line) {
        return new ChartText(title, xAxis, yAxis, line);
    }
}
