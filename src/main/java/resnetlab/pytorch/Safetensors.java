package resnetlab.pytorch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import resnetlab.io.AtomicFiles;
import resnetlab.io.Json;
import resnetlab.tensor.Tensor;

/**
 * The safetensors format (Hugging Face), float32 only, written and read without the library:
 *
 * <pre>
 *   N (8 bytes, unsigned little-endian)  the length of the header
 *   header (N bytes, UTF-8 JSON)         {"NAME": {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...,
 *                                         "__metadata__": {"key": "string value", ...}}
 *   data                                 each tensor's values, row-major, little-endian, at [begin, end) of this region
 * </pre>
 *
 * The header is padded with spaces to a multiple of 8 bytes so the data region is aligned, as the library does.
 * PyTorch reads the file with {@code safetensors.torch.load_file} or, where that package is absent, with the
 * few NumPy lines in the exported {@code model.py}. Reading checks everything a foreign or damaged file could
 * get wrong (truncation, offsets outside the data, a shape that does not match its byte count, another dtype)
 * and says so in one line naming the file.
 */
public final class Safetensors {
    /** The tensors in file order and the string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {}

    /** Writes {@code tensors} (in map order) and {@code metadata} atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = Json.MAPPER.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("a tensor cannot be named __metadata__");
            Tensor t = e.getValue();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            for (int d = 0; d < t.rank(); d++) shape.add(t.dim(d));
            long end = offset + 4L * t.size();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = compact(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[padded];
        System.arraycopy(json, 0, head, 0, json.length);
        for (int i = json.length; i < padded; i++) head[i] = ' ';
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(head);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors.values()) {
                for (float v : t.data) {
                    if (!chunk.hasRemaining()) { out.write(chunk.array(), 0, chunk.position()); chunk.clear(); }
                    chunk.putFloat(v);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }

    private static byte[] compact(JsonNode node) throws JsonProcessingException {
        return Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a whole file; every problem is an {@link IOException} whose message starts with the file. */
    public static Contents read(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
        if (all.length < 8) throw new IOException(file + ": not a safetensors file (" + all.length + " bytes, shorter than the 8-byte header length)");
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER) throw new IOException(file + ": not a safetensors file (header length " + n + " is impossible)");
        if (8 + n > all.length) {
            throw new IOException(file + ": truncated safetensors file (the header needs " + n + " bytes, the file has " + (all.length - 8) + " after the length)");
        }
        JsonNode header;
        try {
            header = Json.MAPPER.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a safetensors file (the header is not JSON: " + e.getOriginalMessage() + ")", e);
        }
        if (header == null || !header.isObject()) throw new IOException(file + ": not a safetensors file (the header is not a JSON object)");
        int dataStart = (int) (8 + n);
        long available = all.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        long dataEnd = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) throw new IOException(file + ": __metadata__ is not an object of strings");
                v.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String dtype = v.path("dtype").asText("");
            if (!dtype.equals("F32")) {
                throw new IOException(file + ": tensor " + name + " has dtype '" + dtype + "'; resnet-lab reads F32 (float32) tensors only");
            }
            JsonNode shapeNode = v.path("shape"), offsets = v.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new IOException(file + ": tensor " + name + " lacks a shape or a pair of data_offsets");
            }
            int[] shape = new int[shapeNode.size()];
            long count = 1;
            for (int d = 0; d < shape.length; d++) {
                long dim = shapeNode.get(d).asLong(-1);
                if (dim < 0 || dim > Integer.MAX_VALUE) throw new IOException(file + ": tensor " + name + " has a bad dimension " + shapeNode.get(d));
                shape[d] = (int) dim;
                count *= dim;
            }
            long begin = offsets.get(0).asLong(-1), end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin || end - begin != 4 * count) {
                throw new IOException(file + ": tensor " + name + " of shape " + shapeNode + " needs " + 4 * count
                        + " bytes, its data_offsets are " + offsets);
            }
            if (end > available) {
                throw new IOException(file + ": truncated safetensors file (tensor " + name + " ends at byte " + end
                        + " of the data, which has only " + available + ")");
            }
            dataEnd = Math.max(dataEnd, end);
            float[] values = new float[(int) count];
            ByteBuffer.wrap(all, dataStart + (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            tensors.put(name, new Tensor(values, shape));
        }
        if (dataEnd != available) {
            throw new IOException(file + ": not a valid safetensors file (" + (available - dataEnd) + " bytes after the last tensor)");
        }
        return new Contents(tensors, metadata);
    }

}
