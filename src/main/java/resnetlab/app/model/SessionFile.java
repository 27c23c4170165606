package resnetlab.app.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import resnetlab.io.AtomicFiles;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.train.Checkpoint;

/**
 * A lab session in one file (extension {@value #EXTENSION}): a ZIP archive holding {@code session.json}
 * ({@link SessionData}) and one {@link Checkpoint} per built model ({@code model-0.ckpt}, ...). Written
 * atomically, so a failed save (full disk) leaves the previous file intact. Reading checks everything before
 * the app touches its bench: the archive, the JSON, every setup, and every checkpoint's checksum and
 * architecture. Errors name the file and say what is wrong.
 */
public final class SessionFile {
    public static final String FORMAT = "resnetlab-session/1";
    public static final String EXTENSION = ".rlab";
    static final String JSON_ENTRY = "session.json";
    private static final long MAX_ENTRY = 1L << 31;

    private SessionFile() {}

    /** Writes {@code data} and the checkpoint files it names (entry name → file on disk). */
    public static void write(Path file, SessionData data, Map<String, Path> checkpoints) throws IOException {
        byte[] json = Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(data);
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(JSON_ENTRY));
            zip.write(json);
            zip.closeEntry();
            for (Map.Entry<String, Path> e : checkpoints.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                Files.copy(e.getValue(), zip);
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** A session read and checked, with its checkpoints unpacked into {@code folder}. */
    public record Opened(SessionData data, Map<String, Path> checkpoints) {}

    public static Opened read(Path file, Path folder) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such session file");
        SessionData data = null;
        Map<String, Path> ckpts = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (seen.merge(name, 1, Integer::sum) > 1) throw new IOException(file + ": entry " + name + " appears twice");
                if (name.equals(JSON_ENTRY)) {
                    byte[] bytes = zip.readNBytes(64 << 20);
                    try {
                        data = Json.MAPPER.readerFor(SessionData.class)
                                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readValue(bytes);
                    } catch (IOException x) {
                        throw new IOException(file + ": session.json is not valid (" + firstLine(x.getMessage()) + ")", x);
                    }
                } else if (name.matches("model-[0-9]\\.ckpt")) {
                    Path target = folder.resolve(name);
                    long n = Files.copy(zip, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    if (n > MAX_ENTRY) throw new IOException(file + ": " + name + " is too large");
                    target.toFile().deleteOnExit();
                    ckpts.put(name, target);
                }
            }
        } catch (ZipException x) {
            throw new IOException(file + ": not a resnet-lab session (the file is not a valid archive: " + x.getMessage() + ")", x);
        } catch (java.io.EOFException x) {
            throw new IOException(file + ": the session file is truncated", x);
        }
        if (data == null) throw new IOException(file + ": not a resnet-lab session (no session.json inside)");
        check(file, data, ckpts);
        return new Opened(data, ckpts);
    }

    private static void check(Path file, SessionData d, Map<String, Path> ckpts) throws IOException {
        if (!FORMAT.equals(d.format())) {
            throw new IOException(file + ": unknown session format '" + d.format() + "' (expected " + FORMAT + ")");
        }
        if (d.settings() == null) throw new IOException(file + ": the session has no settings");
        var s = d.settings();
        if (!(s.lr() > 0) || s.batch() < 1 || s.iterations() < 1 || s.evalEvery() < 0) {
            throw new IOException(file + ": the session's settings are invalid (" + s + ")");
        }
        List<SessionData.Model> ms = d.models();
        if (ms == null || ms.isEmpty()) throw new IOException(file + ": the session has no models");
        if (ms.size() > LabModel.MAX_MODELS) throw new IOException(file + ": the session has " + ms.size() + " models, at most " + LabModel.MAX_MODELS);
        try (Compute reference = Compute.reference()) {
            for (int i = 0; i < ms.size(); i++) {
                SessionData.Model m = ms.get(i);
                String where = file + ": model " + (i + 1);
                if (m.setup() == null) throw new IOException(where + " has no setup");
                try {
                    DataPreset.byKey(m.setup().preset());
                    m.setup().spec(1, 16, 10).validate();
                } catch (IllegalArgumentException x) {
                    throw new IOException(where + ": " + x.getMessage(), x);
                }
                if (m.iteration() < 0) throw new IOException(where + ": negative iteration count");
                checkRows(where, m.train());
                checkRows(where, m.test());
                checkGradientRows(where, m.gradients());
                if (m.checkpoint() != null) {
                    Path p = ckpts.get(m.checkpoint());
                    if (p == null) throw new IOException(where + ": its weights (" + m.checkpoint() + ") are missing from the file");
                    var loaded = Checkpoint.load(p, reference); // checksum, format and architecture
                    var spec = loaded.network().spec();
                    if (spec.depth() != m.setup().depth() || spec.width() != m.setup().width() || spec.shortcut() != m.setup().shortcut()) {
                        throw new IOException(where + ": its weights are for " + spec.displayName() + ", not for the saved setup");
                    }
                }
            }
        }
    }

    private static void checkRows(String where, double[][] rows) throws IOException {
        if (rows == null) return;
        for (double[] r : rows) {
            if (r == null || r.length != 3) throw new IOException(where + ": a history row does not have 3 values");
        }
    }

    private static void checkGradientRows(String where, double[][] rows) throws IOException {
        if (rows == null) return;
        int blocks = -1;
        for (double[] r : rows) {
            if (r == null || r.length < 2) throw new IOException(where + ": a gradient row has no block values");
            if (blocks >= 0 && r.length - 1 != blocks) throw new IOException(where + ": gradient rows have different numbers of blocks");
            blocks = r.length - 1;
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
