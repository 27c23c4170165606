package resnetlab.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import resnetlab.data.Dataset;
import resnetlab.kernel.Compute;

/**
 * Times a progressive landscape as the app runs it (every model's coarse level first, then each finer level; 250
 * training images, batch 250, 2 threads): seconds to the first picture of all models and to the end. Not a test: run
 * it by hand on checkpoints, e.g. those inside a session prepared by the app ({@code unzip degradation.rlab}):
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:target/lib/'*' \
 *        resnetlab.experiments.RefiningLandscapeTiming 31 model-1.ckpt model-2.ckpt
 * </pre>
 */
public final class RefiningLandscapeTiming {
    public static void main(String[] args) throws Exception {
        int grid = Integer.parseInt(args[0]);
        LossLandscape.Config config = new LossLandscape.Config(grid, 2 * grid + 1, 1.0, 250, "train", 1, 0, 0, 1, 250).validate();
        try (Compute c = Compute.best(2)) {
            List<RefiningLandscape> scans = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                // a checkpoint of 'train', or one inside an app session (weights only: the app's 16x16 Fashion-MNIST)
                resnetlab.model.Network net;
                Dataset train;
                try {
                    TrainedModel m = TrainedModel.load(Path.of(args[i]), c);
                    net = m.network();
                    train = m.data().train();
                } catch (java.io.IOException e) {
                    net = resnetlab.train.Checkpoint.load(Path.of(args[i]), c).network();
                    train = resnetlab.data.Datasets.load(new resnetlab.data.DataSpec("fashion", null, 2000, 500, 16, 0)).normalized().train();
                }
                scans.add(new RefiningLandscape(config, net, train.firstPerClass(250)));
                names.add(net.spec().displayName());
            }
            long t0 = System.nanoTime();
            for (int k = 0; k < scans.get(0).levelCount(); k++) {
                for (int i = 0; i < scans.size(); i++) {
                    RefiningLandscape r = scans.get(i);
                    int points = r.newPointsAt(k);
                    var scan = r.level(k, LossLandscape.Progress.NONE, () -> false);
                    double[] range = {Double.POSITIVE_INFINITY, 0};
                    for (double[] row : scan.surface().loss()) for (double v : row) { range[0] = Math.min(range[0], v); range[1] = Math.max(range[1], v); }
                    System.out.printf(Locale.ROOT, "%6.1f s  %-10s level %d: %dx%d grid, %d-point slice (%d new evaluations), loss %.3g to %.3g%n",
                            (System.nanoTime() - t0) / 1e9, names.get(i), k, r.gridAt(k), r.gridAt(k), r.sliceAt(k), points, range[0], range[1]);
                }
                if (k == 0) System.out.printf(Locale.ROOT, "first picture of every model after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "all levels after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }
}
