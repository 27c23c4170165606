/**
 * Charts of resnet-lab, drawn with JFreeChart and Java2D only (no JavaFX here: the app shows these
 * same {@code JFreeChart} objects in jfreechart-fx viewers, the CLI exports them headless).
 *
 * <ul>
 * <li>{@link resnetlab.charts.ChartTheme}: light/dark, presentation mode, Okabe-Ito palette, CJK-capable
 *     logical fonts; applies to any JFreeChart.</li>
 * <li>Factories, one per kind of chart, taking plain data ({@link resnetlab.charts.Curve},
 *     {@link resnetlab.charts.Grid}, {@link resnetlab.charts.PathLengthProfile},
 *     {@link resnetlab.charts.LesionSeries}) and caller-supplied, localised words
 *     ({@link resnetlab.charts.ChartText}): {@link resnetlab.charts.CurveChart} (training curves, bands
 *     over seeds), {@link resnetlab.charts.DepthProfileChart} (gradient norm per block against ∏λ),
 *     {@link resnetlab.charts.GradientHeatMapChart} (block × iteration), {@link resnetlab.charts.PathLengthChart}
 *     (Veit's path counts, gradient per path, contribution), {@link resnetlab.charts.LesionChart}
 *     (deleting blocks), {@link resnetlab.charts.LandscapeChart} (loss surfaces and slices).</li>
 * <li>{@link resnetlab.charts.DecimatingXYDataset}: live curves capped in points; append without
 *     events, fire once per frame.</li>
 * <li>{@link resnetlab.charts.ChartExport}: PNG at 1×/2×/3×, SVG, PDF, CSV, JSON, each written
 *     atomically; {@link resnetlab.charts.ChartData} is the numbers behind a chart.</li>
 * </ul>
 *
 * No class here writes to stdout or imports engine types: data arrives as arrays and records, so the
 * experiments and this package can change independently.
 */
package resnetlab.charts;
