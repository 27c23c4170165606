package resnetlab.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.statistics.StatisticalCategoryDataset;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;

/**
 * The numbers behind a chart, as drawn: every series of every XY dataset (subplots of combined plots
 * included, in order), with its axis labels, plus the chart's markers. What {@link ChartExport} writes
 * to CSV and JSON. Decimated series ({@link DecimatingXYDataset}, or curves longer than a factory's
 * point budget) appear with the points that are drawn. Contour lines are not data and do not appear.
 * A {@link SurfacePlot3D} gives one heat-map-like series per surface (x, y and z = the value).
 * Category plots (bar charts) give one series per row key, with x the category's index, the category names in
 * {@link Series#categories()}, and mean ± standard deviation as the interval of a statistical dataset.
 *
 * @param title     the chart's title, or null
 * @param subtitles text subtitles, e.g. the provenance line
 * @param series    all series, in plot and dataset order
 * @param markers   value and interval markers (duplicates across subplots merged)
 */
public record ChartData(String title, List<String> subtitles, List<Series> series, List<Marker> markers) {

    /**
     * One series. {@code yLow}/{@code yHigh} are present only if the series has a band or error bars
     * that differ from y; {@code z} only for heat maps (then {@code x}, {@code y} are cell centres).
     */
    public record Series(String name, String xLabel, String yLabel, String zLabel, double[] x, double[] y,
            double[] yLow, double[] yHigh, double[] z, List<String> categories) {

        /** A series on a numeric x axis. */
        public Series(String name, String xLabel, String yLabel, String zLabel, double[] x, double[] y,
                double[] yLow, double[] yHigh, double[] z) {
            this(name, xLabel, yLabel, zLabel, x, y, yLow, yHigh, z, null);
        }

        public Series {
            categories = categories == null ? null : List.copyOf(categories);
            if (categories != null && categories.size() != x.length) {
                throw new IllegalArgumentException("series '" + name + "': " + categories.size() + " categories for "
                        + x.length + " points");
            }
        }

        /** True for a bar chart's series: then x is the category's index and {@link #categories} names it. */
        public boolean hasCategories() {
            return categories != null;
        }

        public int size() {
            return x.length;
        }

        public boolean hasInterval() {
            return yLow != null;
        }

        public boolean hasZ() {
            return z != null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Series s && Objects.equals(name, s.name) && Objects.equals(xLabel, s.xLabel)
                    && Objects.equals(yLabel, s.yLabel) && Objects.equals(zLabel, s.zLabel)
                    && Arrays.equals(x, s.x) && Arrays.equals(y, s.y) && Arrays.equals(yLow, s.yLow)
                    && Arrays.equals(yHigh, s.yHigh) && Arrays.equals(z, s.z) && Objects.equals(categories, s.categories);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(x), Arrays.hashCode(y));
        }

        @Override
        public String toString() {
            return "Series[" + name + ", " + size() + " points]";
        }
    }

    /**
     * A marker line or band: {@code axis} is "x" (vertical line or band) or "y" (horizontal);
     * a line has {@code start == end}.
     */
    public record Marker(String axis, double start, double end, String label) {
    }

    public ChartData {
        subtitles = List.copyOf(subtitles);
        series = List.copyOf(series);
        markers = List.copyOf(markers);
    }

    /** Reads the data out of {@code chart}. */
    public static ChartData of(JFreeChart chart) {
        List<String> subtitles = new ArrayList<>();
        String zLabel = null;
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            Title t = chart.getSubtitle(i);
            if (t instanceof TextTitle) {
                subtitles.add(((TextTitle) t).getText());
            } else if (t instanceof PaintScaleLegend) {
                zLabel = ((PaintScaleLegend) t).getAxis().getLabel();
            }
        }
        List<Series> series = new ArrayList<>();
        Map<List<Object>, Marker> markers = new LinkedHashMap<>();
        collect(chart.getPlot(), zLabel, series, markers);
        String title = chart.getTitle() == null ? null : chart.getTitle().getText();
        return new ChartData(title, subtitles, series, new ArrayList<>(markers.values()));
    }

    private static void collect(Plot plot, String zLabel, List<Series> out, Map<List<Object>, Marker> markers) {
        if (plot instanceof CombinedDomainXYPlot) {
            for (XYPlot sub : ((CombinedDomainXYPlot) plot).getSubplots()) {
                collect(sub, zLabel, out, markers);
            }
            return;
        }
        if (plot instanceof CombinedRangeXYPlot) {
            for (XYPlot sub : ((CombinedRangeXYPlot) plot).getSubplots()) {
                collect(sub, zLabel, out, markers);
            }
            return;
        }
        if (plot instanceof SurfacePlot3D s3) {
            for (SurfacePlot3D.Panel p : s3.panels()) {
                out.add(series(HeatMaps.dataset(p.name() == null ? "surface" : p.name(), p.values()), 0, s3.xLabel(), s3.yLabel(), zLabel));
            }
            return;
        }
        if (plot instanceof CategoryPlot) {
            collectCategories((CategoryPlot) plot, out, markers);
            return;
        }
        if (!(plot instanceof XYPlot)) {
            return;
        }
        XYPlot xy = (XYPlot) plot;
        for (int d = 0; d < xy.getDatasetCount(); d++) {
            XYDataset data = xy.getDataset(d);
            if (data == null) {
                continue;
            }
            String xLabel = label(xy.getDomainAxisForDataset(d));
            String yLabel = label(xy.getRangeAxisForDataset(d));
            for (int s = 0; s < data.getSeriesCount(); s++) {
                out.add(series(data, s, xLabel, yLabel, zLabel));
            }
        }
        for (int i = 0; i < Math.max(1, xy.getRendererCount()); i++) {
            for (Layer layer : new Layer[] {Layer.BACKGROUND, Layer.FOREGROUND}) {
                addMarkers("x", xy.getDomainMarkers(i, layer), markers);
                addMarkers("y", xy.getRangeMarkers(i, layer), markers);
            }
        }
    }

    private static void collectCategories(CategoryPlot plot, List<Series> out, Map<List<Object>, Marker> markers) {
        String xLabel = plot.getDomainAxis() == null ? null : plot.getDomainAxis().getLabel();
        for (int d = 0; d < plot.getDatasetCount(); d++) {
            CategoryDataset data = plot.getDataset(d);
            if (data == null) {
                continue;
            }
            String yLabel = label(plot.getRangeAxisForDataset(d));
            int n = data.getColumnCount();
            List<String> names = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                names.add(String.valueOf(data.getColumnKey(c)));
            }
            for (int r = 0; r < data.getRowCount(); r++) {
                double[] x = new double[n], y = new double[n];
                double[] lo = data instanceof StatisticalCategoryDataset ? new double[n] : null;
                double[] hi = lo == null ? null : new double[n];
                for (int c = 0; c < n; c++) {
                    x[c] = c;
                    y[c] = value(data.getValue(r, c));
                    if (lo != null) {
                        double sd = value(((StatisticalCategoryDataset) data).getStdDevValue(r, c));
                        lo[c] = Double.isNaN(sd) ? y[c] : y[c] - sd;
                        hi[c] = Double.isNaN(sd) ? y[c] : y[c] + sd;
                    }
                }
                out.add(new Series(String.valueOf(data.getRowKey(r)), xLabel, yLabel, null, x, y, lo, hi, null, names));
            }
        }
        for (Layer layer : new Layer[] {Layer.BACKGROUND, Layer.FOREGROUND}) {
            addMarkers("y", plot.getRangeMarkers(layer), markers);
        }
    }

    private static double value(Number n) {
        return n == null ? Double.NaN : n.doubleValue();
    }

    private static Series series(XYDataset data, int s, String xLabel, String yLabel, String zLabel) {
        int n = data.getItemCount(s);
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = data.getXValue(s, i);
            y[i] = data.getYValue(s, i);
        }
        double[] lo = null, hi = null, z = null;
        if (data instanceof XYZDataset) {
            XYZDataset xyz = (XYZDataset) data;
            z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = xyz.getZValue(s, i);
            }
        } else if (data instanceof IntervalXYDataset) {
            IntervalXYDataset iv = (IntervalXYDataset) data;
            lo = new double[n];
            hi = new double[n];
            boolean differs = false;
            for (int i = 0; i < n; i++) {
                lo[i] = iv.getStartYValue(s, i);
                hi[i] = iv.getEndYValue(s, i);
                differs |= Double.compare(lo[i], y[i]) != 0 || Double.compare(hi[i], y[i]) != 0;
            }
            if (!differs) {
                lo = hi = null;
            }
        }
        return new Series(String.valueOf(data.getSeriesKey(s)), xLabel, yLabel, z == null ? null : zLabel, x, y, lo,
                hi, z);
    }

    private static String label(ValueAxis axis) {
        return axis == null ? null : axis.getLabel();
    }

    /** Adds markers; the same line or band on several subplots is kept once, with its label if any has one. */
    private static void addMarkers(String axis, java.util.Collection<?> list, Map<List<Object>, Marker> out) {
        if (list == null) {
            return;
        }
        for (Object o : list) {
            Marker m;
            if (o instanceof ValueMarker) {
                ValueMarker v = (ValueMarker) o;
                m = new Marker(axis, v.getValue(), v.getValue(), v.getLabel());
            } else if (o instanceof IntervalMarker) {
                IntervalMarker v = (IntervalMarker) o;
                m = new Marker(axis, v.getStartValue(), v.getEndValue(), v.getLabel());
            } else {
                continue;
            }
            out.merge(List.of(axis, m.start(), m.end()), m, (old, add) -> old.label() == null ? add : old);
        }
    }
}
