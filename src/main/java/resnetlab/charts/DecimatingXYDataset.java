package resnetlab.charts;

import java.util.ArrayList;
import java.util.List;

import org.jfree.data.xy.AbstractXYDataset;

/**
 * Live curves that stay fast for hour-long runs: each series shows at most {@code maxPointsPerSeries}
 * points, chosen by min/max decimation ({@link MinMaxDecimator}: the lowest and highest point of each
 * bucket of consecutive points, buckets doubling in size as the run grows), so spikes and the overall
 * envelope stay visible while memory and drawing time stay bounded.
 *
 * <p><b>How the app feeds it.</b> JFreeChart redraws synchronously on every dataset change event, so
 * one event per training step would redraw the chart hundreds of times per second. Instead:
 * <ol>
 * <li>the training thread reports points through its listener into a queue;</li>
 * <li>once per frame (a JavaFX {@code AnimationTimer}, or {@code Platform.runLater} coalesced), the FX
 *     thread drains the queue with {@link #append} &mdash; which fires no event &mdash;</li>
 * <li>and then calls {@link #fireChanged()} once; the chart viewer redraws once.</li>
 * </ol>
 * This class is not thread-safe: append, fire and drawing must all happen on the same (FX) thread.
 * Non-finite y values (a diverged loss) are counted but not shown.
 */
public final class DecimatingXYDataset extends AbstractXYDataset {

    private final int maxPointsPerSeries;
    private final List<String> keys = new ArrayList<>();
    private final List<MinMaxDecimator> series = new ArrayList<>();

    /** @param maxPointsPerSeries drawn points per series at most (at least 8; 2000 suits a full-HD chart) */
    public DecimatingXYDataset(int maxPointsPerSeries) {
        if (maxPointsPerSeries < 8) {
            throw new IllegalArgumentException("maxPointsPerSeries must be at least 8, was " + maxPointsPerSeries);
        }
        this.maxPointsPerSeries = maxPointsPerSeries;
    }

    public int maxPointsPerSeries() {
        return maxPointsPerSeries;
    }

    /** Adds an empty series and returns its index. Fires no event. */
    public int addSeries(String key) {
        if (keys.contains(key)) {
            throw new IllegalArgumentException("duplicate series key: " + key);
        }
        keys.add(key);
        series.add(new MinMaxDecimator(maxPointsPerSeries));
        return keys.size() - 1;
    }

    /** Index of the series with this key, or -1. */
    public int indexOf(String key) {
        return keys.indexOf(key);
    }

    /** Appends one point to series {@code s}. Fires no event: call {@link #fireChanged()} once per frame. */
    public void append(int s, double x, double y) {
        series.get(s).append(x, y);
    }

    /** Empties series {@code s} (e.g. a restarted run). Fires no event. */
    public void clear(int s) {
        series.get(s).clear();
    }

    /** Raw points appended to series {@code s}, of which at most {@code maxPointsPerSeries} are shown. */
    public long appendedCount(int s) {
        return series.get(s).appendedCount();
    }

    /** Tells listeners (the plot, hence the chart viewer) that the data changed. Once per frame. */
    public void fireChanged() {
        fireDatasetChanged();
    }

    @Override
    public int getSeriesCount() {
        return keys.size();
    }

    @Override
    public Comparable<?> getSeriesKey(int s) {
        return keys.get(s);
    }

    @Override
    public int getItemCount(int s) {
        return series.get(s).size();
    }

    @Override
    public Number getX(int s, int item) {
        return getXValue(s, item);
    }

    @Override
    public Number getY(int s, int item) {
        return getYValue(s, item);
    }

    @Override
    public double getXValue(int s, int item) {
        return series.get(s).xs()[item];
    }

    @Override
    public double getYValue(int s, int item) {
        return series.get(s).ys()[item];
    }
}
