package resnetlab.experiments;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import resnetlab.data.Dataset;
import resnetlab.kernel.Compute;

/**
 * Times a progressive landscape as the app runs it (every model's coarse level first, then each finer level; 250
 * training images, batch 250, 2 threads): seconds to the first picture of all models and to the end, wall and CPU
 * time of the process. Not a test: run it by hand on checkpoints, e.g. those inside a session prepared by the app
 * ({@code unzip degradation.rlab}):
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:target/lib/'*' \
 *        resnetlab.experiments.RefiningLandscapeTiming 31 model-1.ckpt model-2.ckpt
 * </pre>
 * With {@code --per-model} as the first argument, each model gets one thread of its own (its net built on a 1-thread
 * {@link Compute}) and the models of a level run at the same time, instead of one model after the other on 2 threads.
 */
public final class RefiningLandscapeTiming {
    public static void main(String[] args) throws Exception {
        boolean perModel = args[0].equals("--per-model");
        if (perModel) args = java.util.Arrays.copyOfRange(args, 1, args.length);
        int grid = Integer.parseInt(args[0]);
        LossLandscape.Config config = new LossLandscape.Config(grid, 2 * grid + 1, 1.0, 250, "train", 1, 0, 0, 1, 250).validate();
        List<Compute> computes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<RefiningLandscape> scans = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Compute shared = Compute.best(2);
            computes.add(shared);
            for (int i = 1; i < args.length; i++) {
                Compute c = shared;
                if (perModel) computes.add(c = Compute.best(1));
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
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long t0 = System.nanoTime(), cpu0 = os.getProcessCpuTime();
            for (int k = 0; k < scans.get(0).levelCount(); k++) {
                List<Future<String>> lines = new ArrayList<>();
                for (int i = 0; i < scans.size(); i++) {
                    RefiningLandscape r = scans.get(i);
                    String name = names.get(i);
                    int level = k;
                    java.util.concurrent.Callable<String> job = () -> {
                        int points = r.newPointsAt(level);
                        var scan = r.level(level, LossLandscape.Progress.NONE, () -> false);
                        double[] range = {Double.POSITIVE_INFINITY, 0};
                        for (double[] row : scan.surface().loss()) for (double v : row) { range[0] = Math.min(range[0], v); range[1] = Math.max(range[1], v); }
                        return String.format(Locale.ROOT, "%6.1f s  %-10s level %d: %dx%d grid, %d-point slice (%d new evaluations), loss %.3g to %.3g",
                                (System.nanoTime() - t0) / 1e9, name, level, r.gridAt(level), r.gridAt(level), r.sliceAt(level), points, range[0], range[1]);
                    };
                    if (perModel) lines.add(pool.submit(job));
                    else System.out.println(job.call());
                }
                for (Future<String> f : lines) System.out.println(f.get());
                if (k == 0) System.out.printf(Locale.ROOT, "first picture of every model after %.1f s (CPU %.1f s)%n", (System.nanoTime() - t0) / 1e9,
                        (os.getProcessCpuTime() - cpu0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "all levels after %.1f s, CPU %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9,
                    (os.getProcessCpuTime() - cpu0) / 1e9, perModel ? "one thread per model, models at once" : "models in turn, 2 threads each");
        } finally {
            pool.shutdown();
            for (Compute c : computes) c.close();
        }
    }
}
