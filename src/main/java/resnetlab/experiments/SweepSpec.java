package resnetlab.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import resnetlab.data.DataSpec;
import resnetlab.io.Json;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.train.TrainConfig;

/**
 * What a {@link Sweep} trains: every variant with every seed, all with the same recipe and the same data, so
 * that differences come from the architecture and the seed only.
 *
 * <p>The seed of {@code training} is replaced by each of {@code seeds} (weights, batch order, dropout masks);
 * the data's own seed stays fixed, so every run sees the same images. Variants carry a placeholder data shape
 * (channels, image size, classes): the sweep fills it in from the data.
 *
 * <p><b>Spec files</b> ({@link #read}) are JSON with the fields of this record. Only what differs from the
 * defaults needs to be written: each variant is laid over {@code network} (itself over ResNet-20, width 16,
 * identity shortcut, option A, original unit), {@code training} over {@link #DEFAULT_TRAINING}, {@code data}
 * over the shipped Fashion-MNIST subset. A variant may say {@code "model": "plain"} (= shortcut "none") or
 * {@code "model": "resnet"}. Example:
 * <pre>
 * {"name": "lambda-56",
 *  "network": {"width": 8},
 *  "variants": [{"depth": 56}, {"depth": 56, "shortcut": "scaled", "lambda": 0.5}],
 *  "training": {"iterations": 300, "batch": 64, "evalEvery": 60},
 *  "data": {"name": "fashion", "trainSize": 6000, "testSize": 500, "imageSize": 16},
 *  "seeds": [1, 2, 3]}
 * </pre>
 * Mistakes are reported with the file and the field, e.g. {@code "sweep.json: variants[1].depth: depth 21 is
 * not 6n+2 ..."} or {@code "sweep.json: unknown field 'training.iteratons'"}.
 *
 * @param name        short name, used in titles
 * @param description one sentence on what the sweep shows (may be empty)
 * @param variants    the networks compared; their display names must differ
 * @param training    the recipe shared by all runs (threads: per run)
 * @param data        the data shared by all runs
 * @param seeds       one run per variant and seed
 */
public record SweepSpec(String name, String description, List<NetworkSpec> variants, TrainConfig training,
                        DataSpec data, List<Long> seeds) {

    /** The recipe a spec file's {@code training} is laid over: He 2015's SGD, constant rate, one thread per run. */
    public static final TrainConfig DEFAULT_TRAINING =
            new TrainConfig(300, 128, 0.1, 0.9, 1e-4, List.of(), "none", 1, 1, 0, false);
    public static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L);

    public SweepSpec {
        description = description == null ? "" : description;
        variants = variants == null ? List.of() : List.copyOf(variants);
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
    }

    /** Every problem, each naming its field; empty when the spec can run. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (name == null || name.isBlank()) p.add("name is missing");
        if (variants.isEmpty()) p.add("variants is empty: give at least one network");
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            NetworkSpec v = variants.get(i);
            if (v == null) { p.add("variants[" + i + "] is null"); continue; }
            for (String q : v.problems()) p.add("variants[" + i + "]: " + q);
            if (v.problems().isEmpty() && !labels.add(v.displayName())) {
                p.add("variants[" + i + "]: " + v.displayName() + " appears twice");
            }
        }
        if (training == null) p.add("training is missing");
        else for (String q : training.problems()) p.add("training: " + q);
        if (data == null) p.add("data is missing");
        if (seeds.isEmpty()) p.add("seeds is empty: give at least one seed");
        if (new HashSet<>(seeds).size() != seeds.size()) p.add("seeds " + seeds + " has duplicates");
        return p;
    }

    public SweepSpec validate() {
        List<String> p = problems();
        if (!p.isEmpty()) throw new IllegalArgumentException(name + ": " + String.join("; ", p));
        return this;
    }

    public SweepSpec withSeeds(List<Long> s) { return new SweepSpec(name, description, variants, training, data, s); }

    public SweepSpec withIterations(int iterations) {
        TrainConfig t = training;
        int every = t.evalEvery() == 0 ? 0 : Math.max(1, Math.round((float) t.evalEvery() * iterations / t.iterations()));
        return new SweepSpec(name, description, variants, new TrainConfig(iterations, t.batch(), t.lr(), t.momentum(),
                t.weightDecay(), t.milestones(), t.warmup(), t.seed(), t.threads(), every, t.augment()), data, seeds);
    }

    public SweepSpec withThreads(int threads) {
        TrainConfig t = training;
        return new SweepSpec(name, description, variants, new TrainConfig(t.iterations(), t.batch(), t.lr(), t.momentum(),
                t.weightDecay(), t.milestones(), t.warmup(), t.seed(), threads, t.evalEvery(), t.augment()), data, seeds);
    }

    // ---- spec files ---------------------------------------------------------------------------------------

    private static final Set<String> TOP_FIELDS = Set.of("name", "description", "network", "variants", "training", "data", "seeds");

    /** Reads a spec file; errors name the file and the field. */
    public static SweepSpec read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such spec file", e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses spec JSON; an {@link IllegalArgumentException} names the first bad field. */
    public static SweepSpec parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException("not valid JSON" + (loc == null ? "" : " (line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr() + ")") + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("a sweep spec must be a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_FIELDS.contains(f)) throw new IllegalArgumentException("unknown field '" + f + "' (known: " + String.join(", ", sorted(TOP_FIELDS)) + ")");
        }
        JsonNode nameNode = root.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) throw new IllegalArgumentException("name: missing (a short text)");
        String description = root.has("description") ? root.get("description").asText() : "";

        ObjectNode networkBase = Json.MAPPER.valueToTree(NetworkSpec.of(20, 16, 1, 32, 10, ShortcutType.IDENTITY));
        if (root.has("network")) networkBase = overlayVariant(networkBase, root.get("network"), "network");
        JsonNode vs = root.get("variants");
        if (vs == null || !vs.isArray() || vs.isEmpty()) throw new IllegalArgumentException("variants: missing or empty (a list of networks)");
        List<NetworkSpec> variants = new ArrayList<>();
        for (int i = 0; i < vs.size(); i++) {
            String where = "variants[" + i + "]";
            ObjectNode merged = overlayVariant(networkBase, vs.get(i), where);
            NetworkSpec spec = convert(merged, NetworkSpec.class, where);
            List<String> p = spec.problems();
            if (!p.isEmpty()) throw new IllegalArgumentException(where + ": " + String.join("; ", p));
            variants.add(spec);
        }

        ObjectNode trainingBase = Json.MAPPER.valueToTree(DEFAULT_TRAINING);
        TrainConfig training = convert(overlay(trainingBase, root.get("training"), "training"), TrainConfig.class, "training");
        List<String> tp = training.problems();
        if (!tp.isEmpty()) throw new IllegalArgumentException("training: " + String.join("; ", tp));

        ObjectNode dataBase = Json.MAPPER.valueToTree(DataSpec.shippedFashion());
        DataSpec data = convert(overlay(dataBase, root.get("data"), "data"), DataSpec.class, "data");

        List<Long> seeds = new ArrayList<>(DEFAULT_SEEDS);
        if (root.has("seeds")) {
            JsonNode s = root.get("seeds");
            if (!s.isArray() || s.isEmpty()) throw new IllegalArgumentException("seeds: expected a non-empty list of whole numbers");
            seeds.clear();
            for (int i = 0; i < s.size(); i++) {
                if (!s.get(i).canConvertToLong() || !s.get(i).isIntegralNumber()) {
                    throw new IllegalArgumentException("seeds[" + i + "]: expected a whole number, got " + s.get(i));
                }
                seeds.add(s.get(i).asLong());
            }
        }
        SweepSpec spec = new SweepSpec(nameNode.asText(), description, variants, training, data, seeds);
        List<String> p = spec.problems();
        if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
        return spec;
    }

    /** The spec as JSON that {@link #parse} reads back to an equal spec. */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode overlayVariant(ObjectNode base, JsonNode node, String where) {
        if (node == null || !node.isObject()) throw new IllegalArgumentException(where + ": expected an object like {\"depth\": 56, \"shortcut\": \"none\"}");
        ObjectNode copy = node.deepCopy();
        JsonNode model = copy.remove("model");
        if (model != null) {
            String m = model.asText().trim().toLowerCase(java.util.Locale.ROOT);
            JsonNode shortcut = copy.get("shortcut");
            switch (m) {
                case "plain" -> {
                    if (shortcut != null && !shortcut.asText().equalsIgnoreCase("none")) {
                        throw new IllegalArgumentException(where + ": model plain has no shortcut, but shortcut " + shortcut + " was given");
                    }
                    copy.put("shortcut", "none");
                }
                case "resnet" -> {
                    if (shortcut == null && base.path("shortcut").asText().equals("none")) copy.put("shortcut", "identity");
                }
                default -> throw new IllegalArgumentException(where + ".model: must be plain or resnet, got " + model);
            }
        }
        return overlay(base, copy, where);
    }

    private static ObjectNode overlay(ObjectNode base, JsonNode node, String where) {
        ObjectNode out = base.deepCopy();
        if (node == null) return out;
        if (!node.isObject()) throw new IllegalArgumentException(where + ": expected an object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!base.has(f)) {
                List<String> known = new ArrayList<>();
                base.fieldNames().forEachRemaining(known::add);
                throw new IllegalArgumentException("unknown field '" + where + "." + f + "' (known: " + String.join(", ", known) + ")");
            }
            out.set(f, node.get(f));
        }
        return out;
    }

    private static <T> T convert(ObjectNode node, Class<T> type, String where) {
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            StringBuilder path = new StringBuilder(where);
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) path.append('.').append(r.getFieldName());
                else if (r.getIndex() >= 0) path.append('[').append(r.getIndex()).append(']');
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String msg = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException(path + ": " + firstLine(msg), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "invalid value";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        java.util.Collections.sort(l);
        return l;
    }
}
