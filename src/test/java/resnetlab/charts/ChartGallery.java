package resnetlab.charts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jfree.chart.JFreeChart;

/**
 * Writes every chart kind in light, dark and presentation mode as PNG to a folder, for looking at them
 * as a user would. Not a test: run by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:<deps> resnetlab.charts.ChartGallery /tmp/charts-look}.
 */
public final class ChartGallery {

    private ChartGallery() {
    }

    static Map<String, Function<ChartTheme, JFreeChart>> charts() {
        Map<String, Function<ChartTheme, JFreeChart>> m = new LinkedHashMap<>();
        String made = "made by: resnetlab train --depth 20,56 --plain --residual --iterations 400 --seeds 1,2,3 (synthetic sample)";
        m.put("curves", t -> CurveChart.create(
                ChartText.of("Training error: plain vs residual", "iteration", "training error").withProvenance(made),
                SampleData.trainingCurves(400), AxisScale.LINEAR, t));
        m.put("curves-log", t -> CurveChart.create(ChartText.of("Training error (log)", "iteration", "training error"),
                SampleData.trainingCurves(400), AxisScale.LOG, t));
        m.put("depth", t -> DepthProfileChart.create(
                ChartText.of("Gradient at each block", "block", "‖∂E/∂x‖").withProvenance("made by: resnetlab gradient-flow --blocks 27"),
                SampleData.depthProfiles(27),
                List.of(DepthProfileChart.scaledShortcutTheory("1 (theory)", 1.0, 27, 2e-2),
                        DepthProfileChart.scaledShortcutTheory("∏λ = 0.5^(L−l+1) (theory)", 0.5, 27, 2e-2)), t));
        m.put("heatmap", t -> GradientHeatMapChart.create(ChartText.of("Gradient norm per block", "iteration", "block"),
                SampleData.gradientGrid(27, 60, 5), "‖∂E/∂x‖", t));
        m.put("paths", t -> PathLengthChart.create(ChartText.of("Paths by length (n = 27)", "path length k", "share of gradient"),
                "number of paths", "gradient per path", "effective paths", SampleData.pathLengths(27), t));
        m.put("lesion", t -> LesionChart.perBlock(ChartText.of("Deleting one block", "deleted block", "test error"),
                SampleData.lesions(27), "no deletion", new double[] {10, 19}, "downsampling", t));
        m.put("lesion-k", t -> LesionChart.versusDeleted(ChartText.of("Deleting k blocks", "blocks deleted", "test error"),
                SampleData.lesionsVersusK(), t));
        m.put("landscape", t -> LandscapeChart.contour(ChartText.of("Loss landscape, plain-56", "α", "β"),
                SampleData.landscape(41, true), "training loss", AxisScale.LOG, 12, t));
        m.put("slice", t -> LandscapeChart.slice(ChartText.of("1-D slice", "α", "training loss"), SampleData.slices(81),
                AxisScale.LINEAR, t));
        m.put("chinese", t -> CurveChart.create(
                ChartText.of("残差网络与普通网络的训练误差", "迭代次数", "训练误差").withProvenance("生成方式：resnetlab train --depth 56"),
                SampleData.trainingCurves(200).subList(0, 2), AxisScale.LINEAR, t));
        return m;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/charts-look");
        Files.createDirectories(dir);
        Map<String, ChartTheme> themes = new LinkedHashMap<>();
        themes.put("light", ChartTheme.light());
        themes.put("dark", ChartTheme.dark());
        themes.put("present", ChartTheme.light().withPresentation(true));
        for (var chart : charts().entrySet()) {
            for (var theme : themes.entrySet()) {
                boolean present = theme.getKey().equals("present");
                ChartExport.png(chart.getValue().apply(theme.getValue()),
                        dir.resolve(chart.getKey() + "-" + theme.getKey() + ".png"),
                        present ? 1280 : 820, present ? 720 : 520, 1);
            }
        }
    }
}
