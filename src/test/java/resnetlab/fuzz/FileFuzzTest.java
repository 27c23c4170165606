package resnetlab.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.app.model.DataPreset;
import resnetlab.app.model.ModelSetup;
import resnetlab.app.model.SessionData;
import resnetlab.app.model.SessionFile;
import resnetlab.data.DatasetException;
import resnetlab.data.IdxReader;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.lessons.LessonLoader;
import resnetlab.lessons.LessonProblem;
import resnetlab.lessons.LoadResult;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.ShortcutType;
import resnetlab.train.Checkpoint;

/**
 * Seeded mutations of the files a user hands the program: the shipped lessons, a session (.rlab), a checkpoint
 * and the shipped IDX files. Each mutant is written to a file and read the way the program reads it; it must
 * either load, or fail with the program's own error type and a message that names the file (lessons: a problem
 * with the file and, for a JSON fault, a line). Any other exception (an unexpected type, a stack trace in the
 * making) fails the test with the seed and the mutation, and the file must have the same bytes after reading.
 *
 * <p>Mutations: byte flips (1-4 bytes), truncation, and JSON mutations (a field removed, or its value replaced
 * by null, a string, a negative, a huge or a fractional number, an empty list or object). For checkpoints the
 * JSON mutations are written with a correct checksum, so they reach the spec and tensor checks behind it.
 * A fixed seed per file type keeps a failure reproducible.
 */
class FileFuzzTest {
    @TempDir Path dir;
    private int loaded, refused;

    /** Reads one mutant; returns normally if it loaded or was refused in the expected, located way. */
    @FunctionalInterface interface Reader { void read(Path file) throws Exception; }

    /** Writes {@code bytes} to a fresh file, reads it, checks the outcome and that the bytes are unchanged. */
    private void check(String what, byte[] bytes, String suffix, Reader reader, Class<? extends Exception> refusal) throws IOException {
        Path file = dir.resolve("case-" + (loaded + refused) + suffix);
        Files.write(file, bytes);
        try {
            reader.read(file);
            loaded++;
        } catch (Exception e) {
            if (refusal == null || !refusal.isInstance(e)) fail(what + ": unexpected " + e, e);
            String fileName = file.getFileName().toString();
            assertThat(e.getMessage()).as(what + ": the message names the file").contains(fileName);
            assertThat(e.getMessage()).as(what).doesNotContain("\n").doesNotContain("(class resnetlab");
            refused++;
        } catch (OutOfMemoryError | StackOverflowError e) {
            fail(what + ": " + e, e);
        }
        assertThat(Files.readAllBytes(file)).as(what + ": the file was not changed by reading it").isEqualTo(bytes);
    }

    // ---- mutations ----------------------------------------------------------------------------------------

    static byte[] flip(byte[] b, SplittableRandom r, int from) {
        byte[] m = b.clone();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = from + r.nextInt(Math.max(1, Math.min(m.length, b.length) - from));
            m[at] ^= (byte) (1 + r.nextInt(255));
        }
        return m;
    }

    static byte[] truncate(byte[] b, SplittableRandom r) { return Arrays.copyOf(b, r.nextInt(b.length)); }

    static final JsonNode[] ODD = {JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.textNode("x"),
            JsonNodeFactory.instance.numberNode(-1), JsonNodeFactory.instance.numberNode(2147483648L),
            JsonNodeFactory.instance.numberNode(1e308), JsonNodeFactory.instance.numberNode(0.5),
            JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.numberNode(60002)};

    /** A random field of the tree removed or given an odd value; returns a description of what was done. */
    static String mutateJson(JsonNode root, SplittableRandom r) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode c = containers.get(r.nextInt(containers.size()));
        JsonNode odd = ODD[r.nextInt(ODD.length)];
        if (c instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String f = names.get(r.nextInt(names.size()));
            if (r.nextInt(5) == 0) { o.remove(f); return "removed " + f; }
            o.set(f, odd);
            return f + " = " + odd;
        }
        ArrayNode a = (ArrayNode) c;
        int i = r.nextInt(a.size());
        if (r.nextInt(5) == 0) { a.remove(i); return "removed [" + i + "]"; }
        a.set(i, odd);
        return "[" + i + "] = " + odd;
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode() && n.size() > 0) out.add(n);
        for (JsonNode c : n) collect(c, out);
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) { return in.readAllBytes(); }
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(b)) { out.write(raw); }
        return b.toByteArray();
    }

    // ---- lessons ------------------------------------------------------------------------------------------

    @Test void mutatedShippedLessonsLoadOrNameTheirProblem() throws Exception {
        SplittableRandom r = new SplittableRandom(17);
        int[] lessonsRefused = {0};
        List<Path> lessons;
        try (var s = Files.list(Path.of("lessons"))) {
            lessons = s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.json")).sorted().toList();
        }
        assertThat(lessons).hasSize(8);
        for (Path lesson : lessons) {
            byte[] original = Files.readAllBytes(lesson);
            for (int k = 0; k < 30; k++) {
                byte[] m;
                String what;
                switch (k % 3) {
                    case 0 -> { m = flip(original, r, 0); what = "flip"; }
                    case 1 -> { m = truncate(original, r); what = "truncate to " + m.length; }
                    default -> {
                        JsonNode tree = Json.MAPPER.readTree(original);
                        what = mutateJson(tree, r);
                        m = Json.MAPPER.writeValueAsBytes(tree);
                    }
                }
                String label = lesson.getFileName() + " case " + k + " (" + what + ")";
                boolean jsonCase = k % 3 == 2;
                check(label, m, ".json", f -> {
                    LoadResult res = LessonLoader.load(f);
                    if (!res.ok()) lessonsRefused[0]++;
                    assertThat(res.ok() ^ !res.problems().isEmpty()).as(label).isTrue();
                    for (LessonProblem p : res.problems()) {
                        assertThat(p.file()).as(label).endsWith(f.getFileName().toString());
                        assertThat(p.message()).as(label).isNotBlank().doesNotContain("\n").doesNotContain("(class resnetlab");
                    }
                    if (jsonCase && !res.ok()) {
                        assertThat(res.problems()).as(label + ": a JSON fault has a line").allMatch(p -> p.line() > 0);
                    }
                }, null); // a lesson file never throws: its problems are the result
            }
        }
        System.out.printf("lessons: %d cases, %d loaded, %d refused with their problems%n", loaded, loaded - lessonsRefused[0], lessonsRefused[0]);
    }

    // ---- checkpoints --------------------------------------------------------------------------------------

    static final ModelSetup SETUP = ModelSetup.of(8, ShortcutType.IDENTITY).withWidth(2).withPreset(DataPreset.SHAPES_8);

    private Path checkpoint() throws IOException {
        try (Compute c = Compute.reference()) {
            Network n = NetworkBuilder.build(SETUP.spec(3, 8, 10), c, 7);
            Path p = dir.resolve("w.ckpt");
            Checkpoint.save(p, n, Map.of("iteration", 12));
            return p;
        }
    }

    /** The checkpoint with its JSON header replaced and the checksum made right again. */
    static byte[] withHeader(byte[] ckpt, byte[] json) throws IOException {
        int magic = "RESNETLAB-CKPT".length();
        int len = java.nio.ByteBuffer.wrap(ckpt, magic + 4, 4).getInt();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(ckpt, 0, magic + 4);
        out.writeInt(json.length);
        out.write(json);
        int rest = magic + 8 + len;
        out.write(ckpt, rest, ckpt.length - 8 - rest);
        CRC32 crc = new CRC32();
        crc.update(b.toByteArray());
        out.writeLong(crc.getValue());
        return b.toByteArray();
    }

    /** The checkpoint with bytes flipped behind the header and the checksum made right: reaches the tensor checks. */
    static byte[] flipBody(byte[] ckpt, SplittableRandom r) {
        int magic = "RESNETLAB-CKPT".length();
        int len = java.nio.ByteBuffer.wrap(ckpt, magic + 4, 4).getInt();
        byte[] m = Arrays.copyOf(flip(Arrays.copyOf(ckpt, ckpt.length - 8), r, magic + 8 + len), ckpt.length);
        CRC32 crc = new CRC32();
        crc.update(m, 0, m.length - 8);
        java.nio.ByteBuffer.wrap(m, m.length - 8, 8).putLong(crc.getValue());
        return m;
    }

    @Test void mutatedCheckpointsLoadOrNameTheirProblem() throws Exception {
        SplittableRandom r = new SplittableRandom(18);
        byte[] original = Files.readAllBytes(checkpoint());
        int magic = "RESNETLAB-CKPT".length();
        int len = java.nio.ByteBuffer.wrap(original, magic + 4, 4).getInt();
        byte[] header = Arrays.copyOfRange(original, magic + 8, magic + 8 + len);
        try (Compute c = Compute.reference()) {
            for (int k = 0; k < 120; k++) {
                byte[] m;
                String what;
                switch (k % 4) {
                    case 0 -> { m = flip(original, r, 0); what = "flip"; }
                    case 1 -> { m = truncate(original, r); what = "truncate to " + m.length; }
                    case 2 -> { m = flipBody(original, r); what = "flip behind the header, checksum fixed"; }
                    default -> {
                        JsonNode tree = Json.MAPPER.readTree(header);
                        what = mutateJson(tree, r) + ", checksum fixed";
                        m = withHeader(original, Json.MAPPER.writeValueAsBytes(tree));
                    }
                }
                check("checkpoint case " + k + " (" + what + ")", m, ".ckpt", f -> Checkpoint.load(f, c), IOException.class);
            }
        }
        ObjectNode huge = (ObjectNode) Json.MAPPER.readTree(header);
        ((ObjectNode) huge.get("spec")).put("depth", 60002);
        try (Compute c = Compute.reference()) {
            check("checkpoint with a ResNet-60002 spec, checksum fixed", withHeader(original, Json.MAPPER.writeValueAsBytes(huge)), ".ckpt",
                    f -> Checkpoint.load(f, c), IOException.class);
        }
        assertThat(refused).isPositive();
        System.out.printf("checkpoints: %d loaded, %d refused%n", loaded, refused);
    }

    // ---- sessions -----------------------------------------------------------------------------------------

    private byte[] session() throws IOException {
        Path file = dir.resolve("s.rlab");
        SessionData d = new SessionData(SessionFile.FORMAT, "fuzz", new SessionData.Settings(0.1, 64, 400, 25, 11, 5), null,
                Map.of("pane", "1", "theme", "dark"),
                List.of(new SessionData.Model(SETUP, 12, "model-0.ckpt", new double[][] {{1, 2.3, 0.9}, {2, 2.2, 0.8}},
                        new double[][] {{2, 2.1, 0.75}})));
        SessionFile.write(file, d, Map.of("model-0.ckpt", checkpoint()));
        return Files.readAllBytes(file);
    }

    /** The session with session.json replaced (other entries copied as they are). */
    static byte[] withSessionJson(byte[] rlab, byte[] json) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (var in = new ZipInputStream(new java.io.ByteArrayInputStream(rlab)); var out = new ZipOutputStream(b)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().equals("session.json") ? json : in.readAllBytes());
                out.closeEntry();
            }
        }
        return b.toByteArray();
    }

    static byte[] sessionJson(byte[] rlab) throws IOException {
        try (var in = new ZipInputStream(new java.io.ByteArrayInputStream(rlab))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) if (e.getName().equals("session.json")) return in.readAllBytes();
        }
        throw new IOException("no session.json");
    }

    @Test void mutatedSessionsOpenOrNameTheirProblem() throws Exception {
        SplittableRandom r = new SplittableRandom(19);
        byte[] original = session();
        byte[] json = sessionJson(original);
        Path unpack = Files.createDirectory(dir.resolve("unpack"));
        for (int k = 0; k < 90; k++) {
            byte[] m;
            String what;
            switch (k % 3) {
                case 0 -> { m = flip(original, r, 0); what = "flip"; }
                case 1 -> { m = truncate(original, r); what = "truncate to " + m.length; }
                default -> {
                    JsonNode tree = Json.MAPPER.readTree(json);
                    what = mutateJson(tree, r);
                    m = withSessionJson(original, Json.MAPPER.writeValueAsBytes(tree));
                }
            }
            check("session case " + k + " (" + what + ")", m, ".rlab", f -> SessionFile.read(f, unpack), IOException.class);
        }
        System.out.printf("sessions: %d loaded, %d refused%n", loaded, refused);
    }

    // ---- IDX ------------------------------------------------------------------------------------------------

    @Test void mutatedIdxFilesReadOrNameTheirProblem() throws Exception {
        SplittableRandom r = new SplittableRandom(20);
        Path shipped = Path.of("assets/datasets/fashion-mnist");
        for (String name : new String[] {"t10k-labels-idx1-ubyte", "t10k-images-idx3-ubyte"}) {
            byte[] gz = Files.readAllBytes(shipped.resolve(name + ".gz"));
            byte[] raw = gunzip(gz);
            boolean images = name.contains("images");
            for (int k = 0; k < 50; k++) {
                byte[] m;
                String what;
                switch (k % 5) {
                    case 0 -> { m = flip(raw, r, 0); what = "flip"; }
                    case 1 -> { m = flip(Arrays.copyOf(raw, 16), r, 0); m = concat(m, Arrays.copyOfRange(raw, 16, raw.length)); what = "flip in the header"; }
                    case 2 -> { m = truncate(raw, r); what = "truncate to " + m.length; }
                    case 3 -> { m = gzip(flip(Arrays.copyOf(raw, 16), r, 0)); what = "gzip of a flipped header alone"; }
                    default -> { m = flip(gz, r, 0); what = "flip in the gzip stream"; }
                }
                String suffix = k % 5 >= 3 ? "-" + name + ".gz" : "-" + name;
                check(name + " case " + k + " (" + what + ")", m, suffix, f -> {
                    if (images) IdxReader.readImages(f);
                    else IdxReader.readLabels(f, 10);
                }, DatasetException.class);
            }
        }
        System.out.printf("idx: %d loaded, %d refused%n", loaded, refused);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static { assertThat(StandardCharsets.UTF_8).isNotNull(); }
}
