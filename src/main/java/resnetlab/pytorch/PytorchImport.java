package resnetlab.pytorch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import resnetlab.Version;
import resnetlab.data.DataSpec;
import resnetlab.data.Normalization;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.train.TrainConfig;

/**
 * Brings weights trained in PyTorch back: the network of a project's {@code config.json}, the weights and BN
 * statistics of a safetensors file (the project's own, or a run's {@code RUN/weights.safetensors}), saved as a
 * resnet-lab checkpoint that every command and the app open.
 *
 * <p>Everything is checked before anything is written: the project folder and its config, the file's layout,
 * that its spec (if it carries one) is the project's, and that its names and shapes are exactly the network's.
 * Problems of the input are {@link IllegalArgumentException}s with one line naming the file. The normalisation,
 * recipe and iteration of a run, which {@code train.py} writes into the file's metadata, take the place of the
 * project's, and so does the data spec the run read (its {@code --data-dir} and subset sizes).
 */
public final class PytorchImport {
    /** Metadata keys {@code train.py} adds to a run's weights. */
    public static final String META_TRAINING = "resnetlab.training", META_ITERATION = "resnetlab.iteration",
            META_DATA = "resnetlab.data";

    /** What was imported. */
    public record Imported(Network network, ProjectConfig config, Map<String, Object> meta) {}

    private PytorchImport() {}

    /** Reads and checks a project and a weights file; nothing is written. */
    public static Imported read(Path project, Path weights) {
        ProjectConfig pc = readConfig(project);
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(weights);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, String> md = contents.metadata();
        NetworkSpec spec = pc.spec();
        if (md.containsKey(PytorchProject.META_SPEC)) {
            NetworkSpec fileSpec = parse(weights, PytorchProject.META_SPEC, md.get(PytorchProject.META_SPEC), NetworkSpec.class);
            if (!fileSpec.equals(spec)) {
                throw new IllegalArgumentException(weights + ": the weights are of " + fileSpec.displayName() + " " + fileSpec
                        + ", the project " + project + " is " + spec.displayName() + " " + spec);
            }
        }
        Network net = NetworkBuilder.build(spec, Compute.reference(), 0);
        StateDict.assign(net, contents.tensors(), weights.toString());
        Normalization norm = md.containsKey(PytorchProject.META_NORMALIZATION)
                ? parse(weights, PytorchProject.META_NORMALIZATION, md.get(PytorchProject.META_NORMALIZATION), Normalization.class)
                : pc.normalization();
        if (norm == null || norm.channels() != spec.inChannels()) {
            throw new IllegalArgumentException(weights + ": no normalisation for " + spec.inChannels() + " channels in the file or in "
                    + project.resolve(PytorchProject.CONFIG_FILE));
        }
        TrainConfig training = md.containsKey(META_TRAINING)
                ? parse(weights, META_TRAINING, md.get(META_TRAINING), TrainConfig.class) : pc.training();
        DataSpec data = md.containsKey(META_DATA) ? parse(weights, META_DATA, md.get(META_DATA), DataSpec.class) : pc.data();
        ProjectConfig used = new ProjectConfig(pc.format(), pc.formatVersion(), pc.version(), pc.origin(), spec, training,
                data, norm, pc.decayed());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("version", Version.get());
        meta.put("config", used.runConfig());
        meta.put("normalization", norm);
        if (md.containsKey(META_ITERATION)) {
            try {
                meta.put("iteration", Integer.parseInt(md.get(META_ITERATION).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(weights + ": metadata " + META_ITERATION + " '" + md.get(META_ITERATION) + "' is not a number");
            }
        }
        meta.put("origin", "PyTorch weights " + weights.toAbsolutePath().normalize() + " of project " + project.toAbsolutePath().normalize());
        return new Imported(net, used, meta);
    }

    /** The project's config.json, checked to be one of ours. */
    public static ProjectConfig readConfig(Path project) {
        if (!Files.isDirectory(project)) throw new IllegalArgumentException(project + ": no such project folder");
        Path file = project.resolve(PytorchProject.CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(project + ": no " + PytorchProject.CONFIG_FILE
                    + " (not a project written by 'resnetlab export pytorch')");
        }
        ProjectConfig pc;
        try {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            if (node == null || !ProjectConfig.FORMAT.equals(node.path("format").asText())) {
                throw new IllegalArgumentException(file + ": not the config of a resnet-lab PyTorch project (no \"format\": \""
                        + ProjectConfig.FORMAT + "\")");
            }
            pc = Json.MAPPER.treeToValue(node, ProjectConfig.class);
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(file + ": cannot be read (" + msg.lines().findFirst().orElse(msg) + ")", e);
        }
        if (pc.formatVersion() > ProjectConfig.FORMAT_VERSION) {
            throw new IllegalArgumentException(file + ": project format " + pc.formatVersion() + " is newer than this program reads ("
                    + ProjectConfig.FORMAT_VERSION + ")");
        }
        if (pc.spec() == null) throw new IllegalArgumentException(file + ": no \"spec\"");
        var problems = pc.spec().problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException(file + ": spec: " + String.join("; ", problems));
        return pc;
    }

    private static <T> T parse(Path file, String key, String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": metadata " + key + " is not a valid " + type.getSimpleName(), e);
        }
    }
}
