package resnetlab.pytorch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import resnetlab.Version;
import resnetlab.data.FashionMnistSubset;
import resnetlab.data.Normalization;
import resnetlab.io.AtomicFiles;
import resnetlab.io.Json;
import resnetlab.model.Network;
import resnetlab.train.RunConfig;

/**
 * Writes a self-contained PyTorch project for a network and its recipe:
 *
 * <pre>
 *   DIR/model.py             the network (every shortcut, unit ordering, option; our parameter names), safetensors I/O
 *   DIR/labdata.py           the data as resnet-lab prepares it (IDX / CIFAR-10 files, subset, resampling, normalisation)
 *   DIR/train.py             the recipe, one process or torchrun + DDP
 *   DIR/evaluate.py          test error as JSON
 *   DIR/README.md            how to run it and bring the weights back
 *   DIR/config.json          {@link ProjectConfig}
 *   DIR/weights.safetensors  the network's weights and BN statistics (trained ones from a checkpoint, else the
 *                            initial weights our builder drew from the seed)
 *   DIR/data/fashion-mnist/  the shipped Fashion-MNIST subset, when the data spec uses it
 * </pre>
 *
 * The Python files are resources of this package, copied byte for byte; only {@code config.json} and the
 * weights differ between projects. Every file is written atomically.
 */
public final class PytorchProject {
    public static final String CONFIG_FILE = "config.json";
    public static final String WEIGHTS_FILE = "weights.safetensors";
    /** The Python sources and the README, as shipped in the jar. */
    public static final List<String> SOURCES = List.of("model.py", "labdata.py", "train.py", "evaluate.py", "README.md");
    /** Where the shipped Fashion-MNIST subset goes inside a project. */
    public static final String SHIPPED_DATA_DIR = "data/fashion-mnist";
    /** Metadata keys of our safetensors files. */
    public static final String META_SPEC = "resnetlab.spec", META_NORMALIZATION = "resnetlab.normalization",
            META_ORIGIN = "resnetlab.origin";

    private PytorchProject() {}

    /**
     * Exports {@code net} (its current weights) with the run's config and normalisation into {@code dir}.
     *
     * @param origin what the weights are, written into config.json and the weights' metadata
     */
    public static ProjectConfig write(Path dir, Network net, RunConfig config, Normalization normalization, String origin)
            throws IOException {
        if (!net.spec().equals(config.model())) {
            throw new IllegalArgumentException("the network is " + net.spec() + " but the config says " + config.model());
        }
        Files.createDirectories(dir);
        ProjectConfig pc = new ProjectConfig(ProjectConfig.FORMAT, ProjectConfig.FORMAT_VERSION, Version.get(), origin,
                net.spec(), config.training(), config.data(), normalization, StateDict.decayed(net));
        for (String name : SOURCES) AtomicFiles.write(dir.resolve(name), out -> out.write(resource(name)));
        Json.write(dir.resolve(CONFIG_FILE), pc);
        writeWeights(dir.resolve(WEIGHTS_FILE), net, normalization, origin);
        if (config.data().name().equals("fashion") && config.data().dataDir() == null) copyShippedData(dir.resolve(SHIPPED_DATA_DIR));
        return pc;
    }

    /** The network's state dict as safetensors, with the spec, normalisation and origin as metadata. */
    public static void writeWeights(Path file, Network net, Normalization normalization, String origin) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put(META_SPEC, compact(net.spec()));
        if (normalization != null) meta.put(META_NORMALIZATION, compact(normalization));
        if (origin != null) meta.put(META_ORIGIN, origin);
        Safetensors.write(file, StateDict.of(net), meta);
    }

    static String compact(Object value) throws IOException {
        return Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    }

    /** The bytes of a shipped project file ({@link #SOURCES}). */
    public static byte[] resource(String name) throws IOException {
        try (InputStream in = PytorchProject.class.getResourceAsStream("/resnetlab/pytorch/" + name)) {
            if (in == null) throw new IOException("resource /resnetlab/pytorch/" + name + " is missing from the build");
            return in.readAllBytes();
        }
    }

    private static void copyShippedData(Path target) throws IOException {
        Files.createDirectories(target);
        for (String split : new String[] {"train", "t10k"}) {
            for (String kind : new String[] {"-images-idx3-ubyte.gz", "-labels-idx1-ubyte.gz"}) {
                String name = split + kind;
                Path out = target.resolve(name);
                if (Files.exists(out)) continue;
                try (InputStream in = PytorchProject.class.getResourceAsStream(FashionMnistSubset.RESOURCE_DIR + name)) {
                    if (in == null) throw new IOException("the shipped Fashion-MNIST file " + name + " is missing from the build");
                    byte[] bytes = in.readAllBytes();
                    AtomicFiles.write(out, o -> o.write(bytes));
                }
            }
        }
    }
}
