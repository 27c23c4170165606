/**
 * Experiments on trained or training networks, each a class with a config record, a Jackson-serialisable
 * result record that says how it was made (code version, config, seed), and no UI or console code:
 * {@link resnetlab.experiments.GradientFlow} (He 2016, gradient through shortcuts and branches, ∏λ),
 * {@link resnetlab.experiments.PathLengths} (Veit 2016, paths per length and the gradient they carry),
 * {@link resnetlab.experiments.LesionStudy} (Veit 2016, deleting and reordering blocks at test time),
 * {@link resnetlab.experiments.Sweep} (He 2015/2016, variants × seeds at equal budget, resumable, with findings;
 * {@link resnetlab.experiments.SweepSpec}, {@link resnetlab.experiments.SweepPresets}),
 * {@link resnetlab.experiments.LayerResponses} (He 2015 Fig. 7, std of each 3x3 layer's response),
 * {@link resnetlab.experiments.LossLandscape} (Li 2018, filter-normalised slices, surfaces, interpolation),
 * {@link resnetlab.experiments.TrainedModel} (a checkpoint reloaded with its data). The CLI and the app are
 * clients of these classes; long computations take a progress callback and a cancellation flag.
 */
package resnetlab.experiments;
