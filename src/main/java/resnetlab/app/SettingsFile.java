package resnetlab.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import resnetlab.app.model.Notice;
import resnetlab.io.AtomicFiles;
import resnetlab.io.Json;

/**
 * {@code settings.json} in the user's config folder, read at start and written when something in it changes.
 * Written atomically (a crash leaves the old file). Reading never stops the app:
 * <ul>
 *   <li>no file: the defaults (a first run);</li>
 *   <li>a file that is not valid settings (bad JSON, a field of the wrong type): the defaults and a notice;
 *       the file is kept beside as {@code settings.json.bad} for whoever wants to look at it;</li>
 *   <li>a file from a newer resnet-lab ({@code version} above {@link Settings#VERSION}): the defaults and a
 *       notice, and the file is left as it is and never written over, so the newer version finds it again.</li>
 * </ul>
 * The folder: {@code -Dresnetlab.configDir=DIR} or the environment variable {@code RESNETLAB_CONFIG_DIR}
 * (tests and CI use them so they never touch a real user's settings); else {@code %APPDATA%\resnet-lab} on
 * Windows, {@code ~/Library/Application Support/resnet-lab} on macOS, {@code $XDG_CONFIG_HOME/resnet-lab} or
 * {@code ~/.config/resnet-lab} elsewhere.
 */
final class SettingsFile {
    static final String NAME = "settings.json";

    /** The settings read, what to tell the user about them (or null), and whether saving may replace the file. */
    record Loaded(Settings settings, Notice notice, boolean writable) {}

    private final Path file;
    private Settings current;
    private boolean writable;
    private Notice notice;

    private SettingsFile(Path file) { this.file = file; }

    /** Reads {@code folder/settings.json} (see the class comment for what happens when it is bad). */
    static SettingsFile open(Path folder) {
        SettingsFile f = new SettingsFile(folder.resolve(NAME));
        Loaded l = read(f.file);
        f.current = l.settings();
        f.writable = l.writable();
        f.notice = l.notice();
        return f;
    }

    Settings settings() { return current; }
    Path file() { return file; }
    /** Said once at start: the file was bad or newer and the defaults are used; null when all is well. */
    Notice notice() { return notice; }

    /** Keeps {@code s} as the settings and writes them; a failed write is reported, never thrown (settings are not work). */
    Notice save(Settings s) {
        current = s;
        if (!writable) return null;
        try {
            Files.createDirectories(file.getParent());
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("version", Settings.VERSION);
            root.put("width", s.width());
            root.put("height", s.height());
            root.put("language", s.language());
            root.put("theme", s.theme());
            root.put("welcomeDismissed", s.welcomeDismissed());
            AtomicFiles.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            return null;
        } catch (IOException e) {
            return Notice.warning("settings.notSaved", file.toString(), e.getMessage());
        }
    }

    static Loaded read(Path file) {
        if (!Files.exists(file)) return new Loaded(Settings.defaults(), null, true);
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            return bad(file, "not JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) return bad(file, "not a JSON object");
        JsonNode v = root.get("version");
        if (v == null || !v.isInt()) return bad(file, "no whole-number field 'version'");
        if (v.intValue() > Settings.VERSION) {
            return new Loaded(Settings.defaults(), Notice.warning("settings.newer", file.toString(), v.intValue(), Settings.VERSION), false);
        }
        Settings d = Settings.defaults();
        try {
            int w = intField(root, "width", d.width()), h = intField(root, "height", d.height());
            if (w < Settings.MIN_WIDTH || h < Settings.MIN_HEIGHT || w > 20000 || h > 20000) {
                throw new IllegalArgumentException("window size " + w + "x" + h + " is outside " + Settings.MIN_WIDTH + "x"
                        + Settings.MIN_HEIGHT + "..20000x20000");
            }
            String lang = oneOf(root, "language", d.language(), Map.of("en", "", "zh", ""));
            String theme = oneOf(root, "theme", d.theme(), Map.of("light", "", "dark", ""));
            JsonNode wd = root.get("welcomeDismissed");
            if (wd != null && !wd.isBoolean()) throw new IllegalArgumentException("'welcomeDismissed' is not true or false");
            return new Loaded(new Settings(Settings.VERSION, w, h, lang, theme, wd != null && wd.booleanValue()), null, true);
        } catch (IllegalArgumentException e) {
            return bad(file, e.getMessage());
        }
    }

    /** The defaults and a notice; the bad file moves to settings.json.bad, so the next save does not destroy it. */
    private static Loaded bad(Path file, String why) {
        Path kept = file.resolveSibling(file.getFileName() + ".bad");
        try {
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            return new Loaded(Settings.defaults(), Notice.warning("settings.bad", file.toString(), why, kept.toString()), true);
        } catch (IOException e) {
            // cannot move it: leave it and do not write over it either
            return new Loaded(Settings.defaults(), Notice.warning("settings.badKept", file.toString(), why), false);
        }
    }

    private static int intField(JsonNode root, String name, int dflt) {
        JsonNode n = root.get(name);
        if (n == null) return dflt;
        if (!n.isInt()) throw new IllegalArgumentException("'" + name + "' is not a whole number: " + n);
        return n.intValue();
    }

    private static String oneOf(JsonNode root, String name, String dflt, Map<String, String> allowed) {
        JsonNode n = root.get(name);
        if (n == null) return dflt;
        String s = n.isTextual() ? n.textValue().toLowerCase(Locale.ROOT) : null;
        if (s == null || !allowed.containsKey(s)) throw new IllegalArgumentException("'" + name + "' is " + n + ", expected one of " + allowed.keySet());
        return s;
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The folder settings live in (see the class comment). */
    static Path folder() {
        String given = System.getProperty("resnetlab.configDir");
        if (given == null || given.isBlank()) given = System.getenv("RESNETLAB_CONFIG_DIR");
        if (given != null && !given.isBlank()) return Path.of(given);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.startsWith("windows")) {
            String appData = System.getenv("APPDATA");
            return (appData != null && !appData.isBlank() ? Path.of(appData) : home.resolve("AppData/Roaming")).resolve("resnet-lab");
        }
        if (os.startsWith("mac")) return home.resolve("Library/Application Support/resnet-lab");
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config")).resolve("resnet-lab");
    }

    /** Whether a folder was named for this run (tests, CI), so even automated runs may use settings there. */
    static boolean folderGiven() {
        String p = System.getProperty("resnetlab.configDir"), e = System.getenv("RESNETLAB_CONFIG_DIR");
        return (p != null && !p.isBlank()) || (e != null && !e.isBlank());
    }
}
