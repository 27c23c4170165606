package resnetlab.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import resnetlab.data.DataSpec;
import resnetlab.model.DimensionOption;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * Validates a lesson tree and builds the {@link Lesson}. Every problem is collected (nothing stops at the first),
 * each with the file position of the node it concerns; the lesson is built only when there are none.
 *
 * <p>Beyond the shape of the file it checks what a teacher would otherwise find in class: depths that are not
 * 6n+2 ({@link NetworkSpec#problems()}), options that the chosen shortcut ignores, a block k beyond the blocks
 * of a model, blocks that cannot swap, an untranslated text, and a chart whose data no action of the step makes.
 */
final class LessonReader {
    static final int FORMAT = 1;
    static final Set<String> LESSON_FIELDS = Set.of("format", "id", "title", "level", "duration", "summary", "preset", "steps");
    static final Set<String> PRESET_FIELDS = Set.of("dataset", "imageSize", "trainSize", "testSize", "batch", "lr", "iterations",
            "seeds", "evalEvery", "warmup");
    static final Set<String> PRESET_REQUIRED = Set.of("dataset", "imageSize", "trainSize", "testSize", "batch", "lr", "iterations", "seeds");
    static final Set<String> STEP_FIELDS = Set.of("id", "text", "models", "preset", "pane", "chart", "actions", "questions");
    static final Set<String> MODEL_FIELDS = Set.of("name", "depth", "width", "shortcut", "lambda", "scaleBranch", "gateBias", "dropout",
            "unit", "option");
    static final Set<String> QUESTION_FIELDS = Set.of("question", "answer");
    static final Set<String> TEXT_FIELDS = Set.of("en", "zh");
    /** Fields of each action kind besides "do". */
    static final Map<String, Set<String>> ACTION_FIELDS = actionFields();
    /** Required fields of each action kind besides "do". */
    static final Map<String, Set<String>> ACTION_REQUIRED = Map.of("train", Set.of(), "delete", Set.of("block"), "swap", Set.of("blocks"),
            "set-lambda", Set.of("lambda"), "experiment", Set.of("name"));
    static final int DEFAULT_WIDTH = 8;
    static final int MAX_SEEDS = 10;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern CJK = Pattern.compile("[\\u4e00-\\u9fff]");

    private final String file;
    private final LocatedJson json;
    private final List<LessonProblem> problems = new ArrayList<>();

    /** A node with its JSON Pointer (for the position) and its readable field path (for the message). */
    private record Node(JsonNode value, String pointer, String field) {
        Node child(String name) {
            return new Node(value.get(name), pointer + "/" + LocatedJson.escape(name), field.isEmpty() ? name : field + "." + name);
        }

        Node element(int i) {
            return new Node(value.get(i), pointer + "/" + i, field + "[" + i + "]");
        }

        boolean present() { return value != null && !value.isNull(); }
    }

    /** What the validator knows about the models in force while walking the steps. */
    /**
     * The models in force while the file is checked, and what has been done to them: the checker's
     * {@link LessonHost}, so the checks follow the same interpreter as the runs.
     */
    private static final class ModelState implements LessonHost<Void> {
        final List<StepModel> models = new ArrayList<>();
        final Set<String> trained = new LinkedHashSet<>();
        /** Experiments run since the models were set up: their results stay with the models for later steps. */
        final Set<Experiment> experiments = new LinkedHashSet<>();

        ModelState copy() {
            ModelState c = new ModelState();
            c.models.addAll(models);
            c.trained.addAll(trained);
            c.experiments.addAll(experiments);
            return c;
        }

        @Override public Void setUp(LessonStep step) {
            models.clear();
            trained.clear();
            experiments.clear();
            models.addAll(step.models());
            return null;
        }

        @Override public Void train(LessonAction.Train t) {
            for (StepModel m : models) if (t.model() == null || t.model().equals(m.label())) trained.add(m.label());
            return null;
        }

        @Override public Void setLambda(LessonAction.SetLambda l) {
            for (int i = 0; i < models.size(); i++) {
                StepModel m = models.get(i);
                if (l.model() == null || l.model().equals(m.label())) {
                    models.set(i, m.withSpec(withScaledShortcut(m.spec(), l.lambda(), l.scaleBranch())));
                    trained.remove(m.label());
                }
            }
            experiments.clear();
            return null;
        }

        @Override public Void experiment(LessonAction.RunExperiment r) {
            experiments.add(r.experiment());
            return null;
        }

        /** Test-time edits leave the models as they were. */
        @Override public Void delete(LessonAction.DeleteBlock d) { return null; }

        @Override public Void swap(LessonAction.SwapBlocks w) { return null; }
    }

    private LessonReader(String file, LocatedJson json) {
        this.file = file;
        this.json = json;
    }

    /** Parses and validates; never throws for a bad file. */
    static LoadResult read(String file, String text) {
        LocatedJson json;
        try {
            json = LocatedJson.parse(text);
        } catch (LocatedJson.SyntaxError e) {
            return new LoadResult(file, null, List.of(new LessonProblem(file, e.position.line(), e.position.column(), "", e.getMessage())));
        }
        LessonReader r = new LessonReader(file, json);
        Lesson lesson = r.lesson(new Node(json.root(), "", ""));
        return r.problems.isEmpty() ? new LoadResult(file, lesson, List.of()) : new LoadResult(file, null, r.problems);
    }

    // ---- the lesson -----------------------------------------------------------------------------------

    private Lesson lesson(Node root) {
        if (!root.value().isObject()) {
            problem(root, "a lesson is a JSON object { \"id\": ..., \"steps\": [...] }, not " + kind(root.value()));
            return null;
        }
        fields(root, LESSON_FIELDS, Set.of("id", "title", "level", "duration", "preset", "steps"));
        Node format = root.child("format");
        if (format.present()) {
            Integer f = integer(root, "format", false, 1, Integer.MAX_VALUE);
            if (f != null && f != FORMAT) problem(format, "format " + f + " is not known to this version (it reads format " + FORMAT + ")");
        }
        String id = string(root, "id", true);
        if (id != null && !ID.matcher(id).matches()) {
            problem(root.child("id"), "id '" + id + "' must be lower-case letters, digits and '-' (e.g. \"degradation\")");
        }
        Text title = text(root, "title", true);
        String levelName = string(root, "level", true);
        Level level = null;
        if (levelName != null) {
            level = Level.parse(levelName);
            if (level == null) problem(root.child("level"), "unknown level '" + levelName + "'" + expected(levelNames()));
        }
        Integer duration = integer(root, "duration", true, 1, 600);
        Text summary = text(root, "summary", false);
        Preset preset = lessonPreset(root.child("preset"));
        List<LessonStep> steps = steps(root.child("steps"), preset);
        if (!problems.isEmpty()) return null;
        return new Lesson(id, title, level, duration, summary, preset, steps, file);
    }

    private List<LessonStep> steps(Node steps, Preset lessonPreset) {
        List<LessonStep> out = new ArrayList<>();
        if (!steps.present()) return out; // reported as a missing field
        if (!steps.value().isArray()) {
            problem(steps, "steps must be a list of steps [ {...}, ... ], not " + kind(steps.value()));
            return out;
        }
        if (steps.value().isEmpty()) problem(steps, "a lesson needs at least one step");
        ModelState state = null;
        for (int i = 0; i < steps.value().size(); i++) {
            Node s = steps.element(i);
            if (!s.value().isObject()) {
                problem(s, "a step is a JSON object { \"text\": ..., \"pane\": ... }, not " + kind(s.value()));
                continue;
            }
            LessonStep step = step(s, i, lessonPreset, state);
            if (step != null) {
                out.add(step);
                // A step that keeps models nobody could read (state null) leaves them unknown: checking later
                // steps against an empty bench would report false "no model is called ..." problems.
                state = state == null && !step.setsUpModels() ? null : stateAfter(step, state);
            } else if (s.child("models").present()) {
                state = null; // its models are broken: later steps that keep them cannot be checked against them
            }
        }
        return out;
    }

    private LessonStep step(Node s, int index, Preset lessonPreset, ModelState previous) {
        int before = problems.size();
        fields(s, STEP_FIELDS, Set.of("text", "pane"));
        String id = string(s, "id", false);
        Text text = text(s, "text", true);
        Node presetNode = s.child("preset");
        Node modelsNode = s.child("models");
        boolean keeps = !modelsNode.present();
        Preset preset = lessonPreset;
        if (presetNode.present()) {
            if (keeps) {
                problem(presetNode, "a step that keeps the previous step's models cannot change the preset; give this step its own \"models\"");
            }
            preset = stepPreset(presetNode, lessonPreset);
        }
        List<StepModel> models = null;
        ModelState state = previous;
        if (!keeps) {
            models = models(modelsNode);
            state = new ModelState();
            if (models != null) state.models.addAll(models);
        } else if (index == 0) {
            problem(s, "the first step must set up models: add \"models\": [ {\"depth\": 20, \"shortcut\": \"identity\"} ]");
        }
        if (state != null) state = state.copy();

        String paneName = string(s, "pane", true);
        Pane pane = null;
        if (paneName != null) {
            pane = Pane.parse(paneName);
            if (pane == null) problem(s.child("pane"), "unknown pane '" + paneName + "'" + expected(Pane.fileNames()));
        }
        String chart = string(s, "chart", false);
        if (pane != null) {
            if (chart == null) chart = pane.defaultChart();
            else if (!pane.charts().contains(chart)) {
                problem(s.child("chart"), "pane '" + pane.fileName() + "' has no chart '" + chart + "'" + expected(pane.charts()));
            }
        }
        List<LessonAction> actions = actions(s.child("actions"), state, preset);
        List<Question> questions = questions(s.child("questions"));
        if (pane != null && state != null && problems.size() == before) needs(s, pane, chart, actions, state);
        if (problems.size() > before) return null;
        return new LessonStep(index + 1, id, text, models, preset, pane, chart, actions, questions);
    }

    /** The models in force after a step, for the checks of the steps that keep them. */
    private static ModelState stateAfter(LessonStep step, ModelState previous) {
        ModelState s = step.setsUpModels() || previous == null ? new ModelState() : previous.copy();
        LessonInterpreter.step(step, s);
        return s;
    }

    static NetworkSpec withScaledShortcut(NetworkSpec s, double lambda, boolean scaleBranch) {
        return new NetworkSpec(s.depth(), s.width(), s.inChannels(), s.imageSize(), s.classes(), ShortcutType.SCALED, lambda,
                scaleBranch, s.gateBias(), s.dropout(), s.unit(), s.option());
    }

    /** A chart must have data: checks that the step (or the models it keeps) makes what the chart draws. */
    private void needs(Node s, Pane pane, String chart, List<LessonAction> actions, ModelState before) {
        ModelState after = before.copy();
        for (LessonAction a : actions) a.on(after);
        Node at = s.child("chart").present() ? s.child("chart") : s.child("pane");
        String what = "pane '" + pane.fileName() + "', chart '" + chart + "'";
        switch (pane) {
            case CURVES, SHORTCUTS, GRADIENT_FLOW -> {
                if (after.trained.isEmpty()) {
                    problem(at, what + " needs trained models: add {\"do\": \"train\"} to this step or to the step whose models it keeps");
                }
            }
            case PATHS -> {
                if (chart.equals("path-lengths") && !after.experiments.contains(Experiment.PATH_LENGTHS)) {
                    problem(at, what + " needs {\"do\": \"experiment\", \"name\": \"path-lengths\"} in this step or an earlier step with the same models");
                }
            }
            case LESIONS -> {
                boolean study = after.experiments.contains(Experiment.LESION_STUDY);
                boolean ok = switch (chart) {
                    case "single-block" -> study || actions.stream().anyMatch(a -> a instanceof LessonAction.DeleteBlock);
                    case "reorder" -> study || actions.stream().anyMatch(a -> a instanceof LessonAction.SwapBlocks);
                    default -> study;
                };
                if (!ok) problem(at, what + " needs {\"do\": \"experiment\", \"name\": \"lesion-study\"}"
                        + (chart.equals("single-block") ? " (or a \"delete\" action)" : chart.equals("reorder") ? " (or a \"swap\" action)" : "")
                        + " in this step or an earlier step with the same models");
            }
            case LANDSCAPE -> {
                if (!after.experiments.contains(Experiment.LOSS_LANDSCAPE)) {
                    problem(at, what + " needs {\"do\": \"experiment\", \"name\": \"loss-landscape\"} in this step or an earlier step with the same models");
                }
            }
            case RESPONSES -> {
                if (!after.experiments.contains(Experiment.LAYER_RESPONSES)) {
                    problem(at, what + " needs {\"do\": \"experiment\", \"name\": \"layer-responses\"} in this step or an earlier step with the same models");
                }
            }
            case NETWORK -> { }
        }
    }

    // ---- presets --------------------------------------------------------------------------------------

    private Preset lessonPreset(Node p) {
        if (!p.present()) return null; // reported as a missing field
        if (!p.value().isObject()) {
            problem(p, "preset must be an object { \"dataset\": ..., ... }, not " + kind(p.value()));
            return null;
        }
        fields(p, PRESET_FIELDS, PRESET_REQUIRED);
        return preset(p, null);
    }

    private Preset stepPreset(Node p, Preset base) {
        if (!p.value().isObject()) {
            problem(p, "preset must be an object with the fields to change, not " + kind(p.value()));
            return base;
        }
        fields(p, PRESET_FIELDS, Set.of());
        return preset(p, base);
    }

    /** Reads the fields present; the others come from {@code base} (null for the lesson's preset). */
    private Preset preset(Node p, Preset base) {
        boolean req = base == null;
        String dataset = string(p, "dataset", false);
        if (dataset != null) {
            try {
                dataset = new DataSpec(dataset, null, 0, 0, 0, 0).name();
            } catch (IllegalArgumentException e) {
                problem(p.child("dataset"), e.getMessage());
                dataset = null;
            }
        }
        Integer imageSize = integer(p, "imageSize", false, 0, DataSpec.MAX_IMAGE_SIZE);
        if (imageSize != null && imageSize != 0 && imageSize < DataSpec.MIN_IMAGE_SIZE) {
            problem(p.child("imageSize"), "imageSize " + imageSize + " must be 0 (native) or " + DataSpec.MIN_IMAGE_SIZE + ".."
                    + DataSpec.MAX_IMAGE_SIZE);
            imageSize = null;
        }
        Integer trainSize = integer(p, "trainSize", false, 0, Integer.MAX_VALUE);
        Integer testSize = integer(p, "testSize", false, 0, Integer.MAX_VALUE);
        Integer batch = integer(p, "batch", false, 1, 4096);
        Double lr = number(p, "lr", false);
        if (lr != null && !(lr > 0 && lr <= 10)) { problem(p.child("lr"), "lr " + lr + " must be in (0, 10]"); lr = null; }
        Integer iterations = integer(p, "iterations", false, 1, 1_000_000);
        List<Long> seeds = seeds(p);
        Integer evalEvery = integer(p, "evalEvery", false, 0, 1_000_000);
        String warmup = string(p, "warmup", false);
        if (warmup != null && !warmup.equals("none") && !warmup.equals("paper") && !warmup.matches("[0-9]+")) {
            problem(p.child("warmup"), "warmup '" + warmup + "' must be \"none\", \"paper\" or a number of iterations as a string, e.g. \"400\"");
            warmup = null;
        }
        if (req) {
            if (dataset == null || imageSize == null || trainSize == null || testSize == null || batch == null || lr == null
                    || iterations == null || seeds == null) return null;
            return new Preset(dataset, imageSize, trainSize, testSize, batch, lr, iterations, seeds,
                    evalEvery == null ? 0 : evalEvery, warmup == null ? "none" : warmup);
        }
        if (base == null) return null;
        return new Preset(dataset != null ? dataset : base.dataset(), imageSize != null ? imageSize : base.imageSize(),
                trainSize != null ? trainSize : base.trainSize(), testSize != null ? testSize : base.testSize(),
                batch != null ? batch : base.batch(), lr != null ? lr : base.lr(), iterations != null ? iterations : base.iterations(),
                seeds != null ? seeds : base.seeds(), evalEvery != null ? evalEvery : base.evalEvery(), warmup != null ? warmup : base.warmup());
    }

    private List<Long> seeds(Node p) {
        Node n = p.child("seeds");
        if (!n.present()) return null;
        if (!n.value().isArray()) {
            problem(n, "seeds must be a list of whole numbers, e.g. [11, 12, 13], not " + kind(n.value()));
            return null;
        }
        if (n.value().isEmpty() || n.value().size() > MAX_SEEDS) {
            problem(n, "seeds must list 1 to " + MAX_SEEDS + " seeds, not " + n.value().size());
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n.value().size(); i++) {
            JsonNode v = n.value().get(i);
            if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                problem(n.element(i), "a seed must be a whole number, not " + kind(v));
                return null;
            }
            if (out.contains(v.asLong())) problem(n.element(i), "seed " + v.asLong() + " is listed twice");
            out.add(v.asLong());
        }
        return out;
    }

    // ---- models ---------------------------------------------------------------------------------------

    private List<StepModel> models(Node list) {
        if (!list.value().isArray()) {
            problem(list, "models must be a list [ {\"depth\": 20, ...}, ... ], not " + kind(list.value()));
            return null;
        }
        if (list.value().isEmpty()) {
            problem(list, "models is empty: list at least one model, or leave \"models\" out to keep the previous step's");
            return null;
        }
        if (list.value().size() > 8) problem(list, "at most 8 models per step (a classroom CPU trains them one after another)");
        List<StepModel> out = new ArrayList<>();
        Map<String, Node> labels = new LinkedHashMap<>();
        boolean broken = false;
        for (int i = 0; i < list.value().size(); i++) {
            Node m = list.element(i);
            StepModel sm = model(m);
            if (sm == null) { broken = true; continue; }
            Node other = labels.put(sm.label(), m);
            if (other != null) {
                problem(m, "two models are called '" + sm.label() + "' (also " + other.field() + "): give them different \"name\"s");
            }
            out.add(sm);
        }
        return broken ? null : out;
    }

    private StepModel model(Node m) {
        if (!m.value().isObject()) {
            problem(m, "a model is an object {\"depth\": 20, \"shortcut\": \"identity\"}, not " + kind(m.value()));
            return null;
        }
        int before = problems.size();
        fields(m, MODEL_FIELDS, Set.of("depth"));
        String name = string(m, "name", false);
        if (name != null && name.isBlank()) problem(m.child("name"), "name must not be empty");
        Integer depth = integer(m, "depth", true, Integer.MIN_VALUE, Integer.MAX_VALUE);
        Integer width = integer(m, "width", false, Integer.MIN_VALUE, Integer.MAX_VALUE);
        ShortcutType shortcut = parsed(m, "shortcut", ShortcutType::parse);
        UnitOrder unit = parsed(m, "unit", UnitOrder::parse);
        DimensionOption option = parsed(m, "option", DimensionOption::parse);
        Double lambda = number(m, "lambda", false);
        Boolean scaleBranch = bool(m, "scaleBranch");
        Double gateBias = number(m, "gateBias", false);
        Double dropout = number(m, "dropout", false);
        if (problems.size() > before || depth == null) return null;
        ShortcutType type = shortcut == null ? ShortcutType.IDENTITY : shortcut;
        if (lambda != null && type != ShortcutType.SCALED) unused(m, "lambda", type, "scaled");
        if (scaleBranch != null && type != ShortcutType.SCALED) unused(m, "scaleBranch", type, "scaled");
        if (gateBias != null && !type.isGated()) unused(m, "gateBias", type, "exclusive-gate or shortcut-gate");
        if (dropout != null && type != ShortcutType.DROPOUT) unused(m, "dropout", type, "dropout");
        NetworkSpec defaults = NetworkSpec.of(depth, width == null ? DEFAULT_WIDTH : width, 1, 32, 10, type);
        NetworkSpec spec = new NetworkSpec(depth, defaults.width(), 1, 32, 10, type,
                lambda == null ? defaults.lambda() : lambda, scaleBranch != null && scaleBranch,
                gateBias == null ? defaults.gateBias() : gateBias, dropout == null ? defaults.dropout() : dropout,
                unit == null ? defaults.unit() : unit, option == null ? defaults.option() : option);
        for (String p : spec.problems()) {
            String field = p.substring(0, Math.max(0, p.indexOf(' ')));
            problem(MODEL_FIELDS.contains(field) && m.child(field).present() ? m.child(field) : m, p);
        }
        if (problems.size() > before) return null;
        return new StepModel(name != null ? name : spec.displayName(), spec);
    }

    private void unused(Node m, String field, ShortcutType type, String usedBy) {
        problem(m.child(field), field + " is used only by shortcut " + usedBy + ", but this model's shortcut is '" + type.cliName()
                + "'" + (m.child("shortcut").present() ? "" : " (the default)"));
    }

    private <T> T parsed(Node parent, String name, java.util.function.Function<String, T> parser) {
        String s = string(parent, name, false);
        if (s == null) return null;
        try {
            return parser.apply(s);
        } catch (IllegalArgumentException e) {
            problem(parent.child(name), e.getMessage());
            return null;
        }
    }

    // ---- actions --------------------------------------------------------------------------------------

    private static Map<String, Set<String>> actionFields() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("train", Set.of("iterations", "model"));
        m.put("delete", Set.of("block", "model"));
        m.put("swap", Set.of("blocks", "model"));
        m.put("set-lambda", Set.of("lambda", "scaleBranch", "model"));
        Set<String> exp = new LinkedHashSet<>(List.of("name", "model"));
        for (Experiment e : Experiment.values()) exp.addAll(e.options());
        m.put("experiment", Set.copyOf(exp));
        return Map.copyOf(m);
    }

    private List<LessonAction> actions(Node list, ModelState state, Preset preset) {
        List<LessonAction> out = new ArrayList<>();
        if (!list.present()) return out;
        if (!list.value().isArray()) {
            problem(list, "actions must be a list [ {\"do\": \"train\"}, ... ], not " + kind(list.value()));
            return out;
        }
        ModelState running = state == null ? null : state.copy();
        for (int i = 0; i < list.value().size(); i++) {
            Node a = list.element(i);
            LessonAction action = action(a, running);
            if (action != null) {
                out.add(action);
                if (running != null) action.on(running);
            }
        }
        return out;
    }

    private LessonAction action(Node a, ModelState state) {
        if (!a.value().isObject()) {
            problem(a, "an action is an object such as {\"do\": \"train\", \"iterations\": 300}, not " + kind(a.value()));
            return null;
        }
        String kind = string(a, "do", true);
        if (kind == null) {
            fields(a, Set.of("do"), Set.of());
            return null;
        }
        Set<String> allowed = ACTION_FIELDS.get(kind);
        if (allowed == null) {
            problem(a.child("do"), "unknown action '" + kind + "'" + expected(List.copyOf(ACTION_FIELDS.keySet())));
            return null;
        }
        int before = problems.size();
        Set<String> all = new LinkedHashSet<>(allowed);
        all.add("do");
        fields(a, all, ACTION_REQUIRED.get(kind));
        String model = string(a, "model", false);
        List<StepModel> targets = state == null ? null : targets(a, model, state);
        LessonAction result = switch (kind) {
            case "train" -> {
                Integer it = integer(a, "iterations", false, 1, 1_000_000);
                yield new LessonAction.Train(it == null ? 0 : it, model);
            }
            case "delete" -> {
                Integer block = integer(a, "block", true, 1, Integer.MAX_VALUE); // counted from 1, as in the app
                if (block != null && targets != null) {
                    for (StepModel m : targets) {
                        if (block > m.spec().blocks()) {
                            problem(a.child("block"), "block " + block + " does not exist: " + m.label() + " has " + m.spec().blocks()
                                    + " blocks, numbered 1.." + m.spec().blocks());
                        }
                    }
                }
                yield block == null ? null : new LessonAction.DeleteBlock(block - 1, model);
            }
            case "swap" -> swap(a, model, targets);
            case "set-lambda" -> {
                Double lambda = number(a, "lambda", true);
                Boolean sb = bool(a, "scaleBranch");
                if (lambda != null && !(lambda >= 0 && lambda <= 4)) {
                    problem(a.child("lambda"), "lambda " + lambda + " must be in [0, 4]");
                }
                yield lambda == null ? null : new LessonAction.SetLambda(lambda, sb != null && sb, model);
            }
            default -> experiment(a, model, targets);
        };
        return problems.size() > before ? null : result;
    }

    private List<StepModel> targets(Node a, String model, ModelState state) {
        if (model == null) return state.models;
        for (StepModel m : state.models) if (m.label().equals(model)) return List.of(m);
        problem(a.child("model"), "no model is called '" + model + "'" + expected(state.models.stream().map(StepModel::label).toList()));
        return null;
    }

    private LessonAction swap(Node a, String model, List<StepModel> targets) {
        Node b = a.child("blocks");
        if (!b.present()) return null; // reported by fields()
        if (!b.value().isArray() || b.value().size() != 2 || !b.value().get(0).canConvertToInt() || !b.value().get(1).canConvertToInt()
                || !b.value().get(0).isIntegralNumber() || !b.value().get(1).isIntegralNumber()) {
            problem(b, "blocks must be two block numbers, e.g. [3, 5]");
            return null;
        }
        int i = b.value().get(0).asInt(), j = b.value().get(1).asInt(); // counted from 1, as in the app
        if (i == j || i < 1 || j < 1) {
            problem(b, "blocks must be two different block numbers, counted from 1, not [" + i + ", " + j + "]");
            return null;
        }
        if (targets != null) {
            for (StepModel m : targets) {
                int blocks = m.spec().blocks(), n = m.spec().n();
                int stageI = (i - 1) / n + 1, stageJ = (j - 1) / n + 1;
                if (Math.max(i, j) > blocks) {
                    problem(b, "block " + Math.max(i, j) + " does not exist: " + m.label() + " has " + blocks + " blocks, numbered 1.." + blocks);
                } else if (stageI != stageJ) {
                    problem(b, "blocks " + i + " and " + j + " of " + m.label() + " are in different stages (" + stageI + " and "
                            + stageJ + "): only blocks of the same shape can swap");
                } else if (downsampling(i - 1, n) || downsampling(j - 1, n)) {
                    problem(b, "block " + (downsampling(i - 1, n) ? i : j) + " of " + m.label()
                            + " changes the shape (first block of a stage): it cannot swap");
                }
            }
        }
        return new LessonAction.SwapBlocks(i - 1, j - 1, model);
    }

    /** The first block of stages 2 and 3 halves the map and doubles the width (He 2015 §4.2). */
    private static boolean downsampling(int block, int n) {
        return block % n == 0 && block / n > 0;
    }

    private LessonAction experiment(Node a, String model, List<StepModel> targets) {
        String name = string(a, "name", true);
        if (name == null) return null;
        Experiment e = Experiment.parse(name);
        if (e == null) {
            problem(a.child("name"), "unknown experiment '" + name + "'" + expected(Experiment.fileNames()));
            return null;
        }
        Iterator<String> it = a.value().fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!f.equals("do") && !f.equals("name") && !f.equals("model") && ACTION_FIELDS.get("experiment").contains(f) && !e.options().contains(f)) {
                problem(a.child(f), "experiment '" + name + "' has no option '" + f + "'"
                        + (e.options().isEmpty() ? " (it takes none)" : expected(e.options())));
            }
        }
        Integer samples = integer(a, "samples", false, 1, 100_000);
        Integer batch = integer(a, "batch", false, 1, 4096);
        Integer testSize = integer(a, "testSize", false, 1, 100_000);
        Integer images = integer(a, "images", false, 1, 100_000);
        List<Integer> deletions = intList(a, "deletions");
        List<Integer> swaps = intList(a, "swaps");
        Integer grid = integer(a, "grid", false, 3, 101);
        if (targets != null) {
            for (StepModel m : targets) {
                if (e == Experiment.PATH_LENGTHS && (m.spec().isPlain() || m.spec().shortcut().isGated())) {
                    problem(a.child("name"), "path-lengths needs residual nets with identity, scaled, 1x1 or dropout shortcuts; '" + m.label()
                            + "' is " + (m.spec().isPlain() ? "plain (one path, not 2^n)" : "gated (the gate's gradient belongs to no path)")
                            + (model == null ? ": name the model with \"model\"" : ""));
                }
                if (deletions != null) {
                    for (int k : deletions) {
                        if (k > m.spec().blocks()) {
                            problem(a.child("deletions"), "cannot delete " + k + " of the " + m.spec().blocks() + " blocks of " + m.label());
                        }
                    }
                }
            }
        }
        return new LessonAction.RunExperiment(e, model, samples == null ? 0 : samples, batch == null ? 0 : batch,
                testSize == null ? 0 : testSize, images == null ? 0 : images, deletions, swaps, grid == null ? 0 : grid);
    }

    private List<Integer> intList(Node parent, String name) {
        Node n = parent.child(name);
        if (!n.present()) return null;
        if (!n.value().isArray()) {
            problem(n, name + " must be a list of whole numbers, e.g. [1, 2, 4], not " + kind(n.value()));
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n.value().size(); i++) {
            JsonNode v = n.value().get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                problem(n.element(i), name + " must hold whole numbers ≥ 0, not " + v);
                return null;
            }
            out.add(v.asInt());
        }
        return out;
    }

    // ---- questions ------------------------------------------------------------------------------------

    private List<Question> questions(Node list) {
        List<Question> out = new ArrayList<>();
        if (!list.present()) return out;
        if (!list.value().isArray()) {
            problem(list, "questions must be a list [ {\"question\": {...}, \"answer\": {...}} ], not " + kind(list.value()));
            return out;
        }
        for (int i = 0; i < list.value().size(); i++) {
            Node q = list.element(i);
            if (!q.value().isObject()) {
                problem(q, "a question is an object {\"question\": {\"en\": ..., \"zh\": ...}, \"answer\": {...}}, not " + kind(q.value()));
                continue;
            }
            fields(q, QUESTION_FIELDS, QUESTION_FIELDS);
            Text question = text(q, "question", true), answer = text(q, "answer", true);
            if (question != null && answer != null) out.add(new Question(question, answer));
        }
        return out;
    }

    // ---- fields ---------------------------------------------------------------------------------------

    /** Reports unknown fields (with a suggestion) and missing required ones. */
    private void fields(Node obj, Set<String> allowed, Set<String> required) {
        Iterator<String> names = obj.value().fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String near = nearest(name, allowed);
                problem(obj.child(name), "unknown field '" + name + "'" + (near != null ? " (did you mean '" + near + "'?)"
                        : expected(allowed.stream().sorted().toList())));
            }
        }
        for (String r : required.stream().sorted().toList()) {
            if (!obj.value().has(r) || obj.value().get(r).isNull()) {
                problem(obj, "missing field '" + r + "'");
            }
        }
    }

    private Text text(Node parent, String name, boolean required) {
        Node n = parent.child(name);
        if (!n.present()) {
            if (required && !parent.value().has(name)) return null; // reported by fields()
            if (required) problem(n, "missing text: give {\"en\": \"...\", \"zh\": \"...\"}");
            return null;
        }
        if (!n.value().isObject()) {
            problem(n, name + " must have an English and a Chinese text: {\"en\": \"...\", \"zh\": \"...\"}, not " + kind(n.value()));
            return null;
        }
        fields(n, TEXT_FIELDS, Set.of());
        String en = string(n, "en", false), zh = string(n, "zh", false);
        boolean ok = true;
        // a field present but not a string was reported by string(); absent or blank is a missing translation
        if (en == null || en.isBlank()) {
            if (!n.child("en").present() || en != null) problem(n.child("en").present() ? n.child("en") : n, "missing translation: no English text (en)");
            ok = false;
        }
        if (zh == null || zh.isBlank()) {
            if (!n.child("zh").present() || zh != null) problem(n.child("zh").present() ? n.child("zh") : n, "missing translation: no Chinese text (zh)");
            ok = false;
        } else if (!CJK.matcher(zh).find()) {
            problem(n.child("zh"), "the Chinese text (zh) has no Chinese characters: is it translated?");
            ok = false;
        }
        // formulas between $…$ must typeset: a TeX error is found here, not by a class looking at a broken panel
        for (String lang : new String[] {"en", "zh"}) {
            String v = lang.equals("en") ? en : zh;
            String tex = v == null ? null : resnetlab.charts.Tex.problem(v);
            if (tex != null) {
                problem(n.child(lang), tex);
                ok = false;
            }
        }
        return ok ? new Text(en.strip(), zh.strip()) : null;
    }

    private String string(Node parent, String name, boolean required) {
        Node n = parent.child(name);
        if (!n.present()) {
            if (required && parent.value().has(name)) problem(n, name + " must not be null");
            return null; // a missing required field is reported by fields()
        }
        if (!n.value().isTextual()) {
            problem(n, name + " must be a string, not " + kind(n.value()));
            return null;
        }
        if (required && n.value().asText().isBlank()) {
            problem(n, name + " must not be empty");
            return null;
        }
        return n.value().asText();
    }

    private Integer integer(Node parent, String name, boolean required, int min, int max) {
        Node n = parent.child(name);
        if (!n.present()) {
            if (required && parent.value().has(name)) problem(n, name + " must not be null");
            return null;
        }
        JsonNode v = n.value();
        if (!v.isNumber()) {
            problem(n, name + " must be a whole number, not " + kind(v));
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problem(n, name + " must be a whole number, not " + v);
            return null;
        }
        int i = v.asInt();
        if (i < min || i > max) {
            problem(n, name + " " + i + (max == Integer.MAX_VALUE ? " must be at least " + min : " must be in " + min + ".." + max));
            return null;
        }
        return i;
    }

    private Double number(Node parent, String name, boolean required) {
        Node n = parent.child(name);
        if (!n.present()) {
            if (required && parent.value().has(name)) problem(n, name + " must not be null");
            return null; // a missing required field is reported by fields()
        }
        if (!n.value().isNumber()) {
            problem(n, name + " must be a number, not " + kind(n.value()));
            return null;
        }
        double d = n.value().asDouble();
        if (!Double.isFinite(d)) {
            problem(n, name + " must be a finite number");
            return null;
        }
        return d;
    }

    private Boolean bool(Node parent, String name) {
        Node n = parent.child(name);
        if (!n.present()) return null;
        if (!n.value().isBoolean()) {
            problem(n, name + " must be true or false, not " + kind(n.value()));
            return null;
        }
        return n.value().asBoolean();
    }

    // ---- reporting ------------------------------------------------------------------------------------

    private void problem(Node at, String message) {
        LocatedJson.Position p = json.at(at.pointer());
        problems.add(new LessonProblem(file, p.line(), p.column(), at.field(), message));
    }

    private static String kind(JsonNode v) {
        if (v == null || v.isNull()) return "null";
        if (v.isTextual()) return "the string \"" + v.asText() + "\"";
        if (v.isNumber()) return "the number " + v;
        if (v.isBoolean()) return v.asText();
        if (v.isArray()) return "a list";
        return "an object";
    }

    private static String expected(List<String> names) {
        return " (expected one of: " + String.join(", ", names) + ")";
    }

    private static List<String> levelNames() {
        return java.util.Arrays.stream(Level.values()).map(Level::fileName).toList();
    }

    /** The allowed name within edit distance 2 (or equal ignoring case), if one is. */
    static String nearest(String name, Set<String> allowed) {
        String best = null;
        int bestD = 3;
        for (String a : allowed.stream().sorted().toList()) {
            int d = a.equalsIgnoreCase(name) ? 0 : distance(name.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT));
            if (d < bestD) { bestD = d; best = a; }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
