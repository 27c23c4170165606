package resnetlab.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import resnetlab.io.AtomicFiles;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.nn.Parameter;
import resnetlab.tensor.Tensor;

/**
 * A trained network in one file: its configuration as JSON and its weights as raw float32.
 *
 * <pre>
 *   "RESNETLAB-CKPT" (14 bytes) · format version (int) · JSON length (int) · JSON (UTF-8)
 *   tensor count (int) · per tensor: name (UTF) · rank (int) · dims (int…) · values (float…, big-endian)
 *   CRC-32 of everything above (long)
 * </pre>
 *
 * The JSON holds {@code "spec"} (the {@link NetworkSpec}) and whatever the caller adds under {@code "meta"}
 * (training config, data spec, normalisation, iteration). Tensors are the parameters by name, then the BN
 * running statistics as {@code buffer.i}. Written atomically; a truncated, corrupt or foreign file, or one of
 * another architecture, gets an error that names the file and the problem. Loading restores exact bits, so
 * the loaded network gives bit-identical outputs.
 */
public final class Checkpoint {
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "RESNETLAB-CKPT".getBytes(StandardCharsets.US_ASCII);

    /** A loaded checkpoint: the rebuilt network and the caller's metadata. */
    public record Loaded(Network network, JsonNode meta) {}

    private Checkpoint() {}

    public static void save(Path file, Network net, Object meta) throws IOException {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("format", FORMAT_VERSION);
        json.set("spec", Json.MAPPER.valueToTree(net.spec()));
        json.set("meta", meta == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(meta));
        byte[] header = Json.MAPPER.writeValueAsBytes(json);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(header.length);
            out.write(header);
            List<Parameter> params = net.parameters();
            List<Tensor> buffers = net.buffers();
            out.writeInt(params.size() + buffers.size());
            for (Parameter p : params) writeTensor(out, p.name, p.value);
            for (int i = 0; i < buffers.size(); i++) writeTensor(out, "buffer." + i, buffers.get(i));
        }
        CRC32 crc = new CRC32();
        byte[] body = bytes.toByteArray();
        crc.update(body);
        AtomicFiles.write(file, out -> {
            out.write(body);
            new DataOutputStream(out).writeLong(crc.getValue());
        });
    }

    /** Reads the file and rebuilds its network on {@code compute}. */
    public static Loaded load(Path file, Compute compute) throws IOException {
        Raw raw = read(file);
        NetworkSpec spec;
        try {
            spec = Json.MAPPER.treeToValue(raw.json.get("spec"), NetworkSpec.class);
            spec.validate();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": the network spec is invalid (" + why(e) + ")", e);
        }
        // Before building: a spec edited to a huge net (depth 60002) must not allocate it only to find no weights for it.
        long stored = 0;
        for (float[] v : raw.values) stored += v.length;
        if (MemoryEstimate.weights(spec) > stored) {
            throw new IOException(file + ": checkpoint of another architecture: its spec is " + spec.displayName() + " (width "
                    + spec.width() + "), which has " + (long) MemoryEstimate.weights(spec) + " weights, but it stores " + stored + " values");
        }
        Network net = NetworkBuilder.build(spec, compute, 0);
        assign(file, raw, net);
        return new Loaded(net, raw.json.get("meta"));
    }

    /** Loads weights into an existing network, which must have the checkpoint's architecture. */
    public static JsonNode loadInto(Path file, Network net) throws IOException {
        Raw raw = read(file);
        NetworkSpec spec;
        try {
            spec = Json.MAPPER.treeToValue(raw.json.get("spec"), NetworkSpec.class);
        } catch (IOException e) {
            throw new IOException(file + ": the network spec is invalid (" + why(e) + ")", e);
        }
        if (!spec.equals(net.spec())) {
            throw new IOException(file + ": checkpoint of another architecture: it holds " + spec.displayName() + " " + spec
                    + ", the network is " + net.spec().displayName() + " " + net.spec());
        }
        assign(file, raw, net);
        return raw.json.get("meta");
    }

    private record Raw(JsonNode json, List<String> names, List<int[]> shapes, List<float[]> values) {}

    /** Fails with a message naming the path unless it is a readable file (not missing, not a folder). */
    public static void requireFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            Path inside = file.resolve(TrainingRun.CHECKPOINT_FILE);
            throw new IOException(file + ": is a folder, not a checkpoint file"
                    + (Files.isRegularFile(inside) ? " (did you mean " + inside + "?)" : ""));
        }
        if (!Files.exists(file)) throw new IOException(file + ": no such checkpoint file");
        if (!Files.isReadable(file)) throw new IOException(file + ": the checkpoint file is not readable");
    }

    /** An exception's message in one line, without Jackson's source location and reference chain. */
    private static String why(Exception e) {
        String m = e instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m;
        return m.replaceAll("\\s*\\(class [^)]*\\).*", "").replaceAll("\\s+", " ").strip();
    }

    private static Raw read(Path file) throws IOException {
        requireFile(file);
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such checkpoint file", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the checkpoint (" + e.getMessage() + ")", e);
        }
        if (all.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IOException(file + ": not a resnet-lab checkpoint (the file does not start with RESNETLAB-CKPT)");
        }
        if (all.length < MAGIC.length + 8 + 8) throw new IOException(file + ": checkpoint is truncated");
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version > FORMAT_VERSION) {
                throw new IOException(file + ": checkpoint format " + version + " is newer than this program reads ("
                        + FORMAT_VERSION + "); update resnet-lab");
            }
            if (stored != crc.getValue()) throw new IOException(file + ": checkpoint is corrupt or truncated (checksum mismatch)");
            int len = in.readInt();
            if (len < 0 || len > all.length) throw new IOException(file + ": checkpoint header length " + len + " is invalid");
            JsonNode json = Json.MAPPER.readTree(in.readNBytes(len));
            int count = in.readInt();
            List<String> names = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            List<float[]> values = new ArrayList<>();
            for (int t = 0; t < count; t++) {
                names.add(in.readUTF());
                int rank = in.readInt();
                if (rank < 0 || rank > 8) throw new IOException(file + ": tensor " + names.get(t) + " has an impossible rank " + rank);
                int[] dims = new int[rank];
                long size = 1;
                for (int d = 0; d < rank; d++) { dims[d] = in.readInt(); size *= dims[d]; }
                if (size < 0 || size * 4 > all.length) throw new IOException(file + ": tensor " + names.get(t) + " has an impossible shape");
                float[] v = new float[(int) size];
                for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
                shapes.add(dims);
                values.add(v);
            }
            return new Raw(json, names, shapes, values);
        } catch (EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        } catch (java.io.UTFDataFormatException | com.fasterxml.jackson.core.JacksonException e) {
            // a file with a right checksum but a broken body: written by something else, or edited
            throw new IOException(file + ": checkpoint is corrupt (" + why(e) + ")", e);
        }
    }

    private static void assign(Path file, Raw raw, Network net) throws IOException {
        List<Parameter> params = net.parameters();
        List<Tensor> buffers = net.buffers();
        if (raw.names.size() != params.size() + buffers.size()) {
            throw new IOException(file + ": checkpoint of another architecture: " + raw.names.size() + " tensors, the network has "
                    + (params.size() + buffers.size()));
        }
        for (int t = 0; t < raw.names.size(); t++) {
            Tensor target = t < params.size() ? params.get(t).value : buffers.get(t - params.size());
            String expected = t < params.size() ? params.get(t).name : "buffer." + (t - params.size());
            if (!raw.names.get(t).equals(expected) || !target.hasShape(raw.shapes.get(t))) {
                throw new IOException(file + ": checkpoint of another architecture: tensor " + t + " is " + raw.names.get(t)
                        + Arrays.toString(raw.shapes.get(t)) + ", the network expects " + expected + target.shapeString());
            }
        }
        for (int t = 0; t < raw.names.size(); t++) {
            Tensor target = t < params.size() ? params.get(t).value : buffers.get(t - params.size());
            System.arraycopy(raw.values.get(t), 0, target.data, 0, target.size());
        }
    }

    private static void writeTensor(DataOutputStream out, String name, Tensor t) throws IOException {
        out.writeUTF(name);
        out.writeInt(t.rank());
        for (int d = 0; d < t.rank(); d++) out.writeInt(t.dim(d));
        for (float v : t.data) out.writeFloat(v);
    }
}
