package resnetlab.pytorch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;
import resnetlab.io.AtomicFiles;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.experiments.SweepSpec;
import resnetlab.train.RunConfig;
import resnetlab.train.TrainConfig;
import resnetlab.train.TrainingRun;

/**
 * A {@link SweepSpec} as one PyTorch folder: a project per network, the initial weights our builder draws for
 * every seed, and a job list with one independent job per (network, seed):
 *
 * <pre>
 *   DIR/sweep.json                     the sweep spec
 *   DIR/nets/NN-NAME/                  a {@link PytorchProject} per network (its weights: the first seed's)
 *   DIR/nets/NN-NAME/init-seedS.safetensors   the initial weights of seed S
 *   DIR/jobs.json, DIR/jobs.txt        every job: folder, seed and command line (jobs.txt: one shell line each,
 *                                      for GNU parallel, a SLURM array or any scheduler)
 *   DIR/run_sweep.py                   runs the jobs one after another, skipping finished ones (resumable)
 * </pre>
 *
 * A job trains in {@code nets/NN-NAME/runs/seed-S}; every run then imports back with
 * {@code resnetlab import pytorch --project nets/NN-NAME --weights nets/NN-NAME/runs/seed-S/weights.safetensors}.
 */
public final class PytorchSweep {
    /** One (network, seed) job. */
    public record Job(String net, String dir, long seed, String command) {}

    private PytorchSweep() {}

    public static List<Job> write(Path dir, SweepSpec spec) throws IOException {
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException("sweep " + spec.name() + ": " + String.join("; ", problems));
        Files.createDirectories(dir);
        DataSplit data = Datasets.load(spec.data()).normalized();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < spec.variants().size(); i++) {
            NetworkSpec fitted = TrainingRun.fitToData(spec.variants().get(i), data);
            String folder = String.format(Locale.ROOT, "%02d-%s", i + 1, slug(fitted.displayName()));
            Path project = dir.resolve("nets").resolve(folder);
            long first = spec.seeds().get(0);
            PytorchProject.write(project, build(fitted, first), new RunConfig(fitted, withSeed(spec.training(), first), spec.data()),
                    data.normalization(), "initial weights drawn by resnet-lab from seed " + first + " (sweep " + spec.name() + ")");
            for (long seed : spec.seeds()) {
                String init = "init-seed" + seed + ".safetensors";
                PytorchProject.writeWeights(project.resolve(init), build(fitted, seed), data.normalization(),
                        "initial weights drawn by resnet-lab from seed " + seed);
                jobs.add(new Job(fitted.displayName(), "nets/" + folder, seed,
                        "python3 train.py --seed " + seed + " --init " + init + " --out runs/seed-" + seed));
            }
        }
        Json.write(dir.resolve("sweep.json"), spec);
        Json.write(dir.resolve("jobs.json"), Map.of("sweep", spec.name(), "jobs", jobs));
        StringBuilder txt = new StringBuilder();
        for (Job j : jobs) txt.append("cd ").append(j.dir()).append(" && ").append(j.command()).append('\n');
        AtomicFiles.writeString(dir.resolve("jobs.txt"), txt.toString());
        byte[] runner = PytorchProject.resource("run_sweep.py");
        AtomicFiles.write(dir.resolve("run_sweep.py"), out -> out.write(runner));
        return jobs;
    }

    private static Network build(NetworkSpec spec, long seed) {
        return NetworkBuilder.build(spec, Compute.reference(), seed);
    }

    private static TrainConfig withSeed(TrainConfig t, long seed) {
        return new TrainConfig(t.iterations(), t.batch(), t.lr(), t.momentum(), t.weightDecay(), t.milestones(), t.warmup(),
                seed, t.threads(), t.evalEvery(), t.augment());
    }

    /** "ResNet-56 (λ=0.5, F×(1−λ))" → "resnet-56-lambda-0.5-f-1-lambda". */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replace("λ", "lambda").replace("×", "x").replace("−", "-");
        s = s.replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
        return s;
    }

}
