package resnetlab.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import resnetlab.model.DimensionOption;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * Reads a lesson file: its shape is checked against the schema ({@link LessonSchema}, the format's definition),
 * then the rules a schema cannot say are checked here, and the {@link Lesson} is built. Every problem is collected
 * (nothing stops at the first), each with the file position of the node it concerns, in file order; the lesson is
 * built only when there are none.
 *
 * <p>The rules checked here need the meaning of the file, not only its shape: depths that are not 6n+2
 * ({@link NetworkSpec#problems()}), options that the chosen shortcut ignores, two models with one label, a model
 * an action names that the step does not have, a block k beyond the blocks of a model, blocks that cannot swap,
 * path lengths of a plain or gated net, formulas that do not typeset, and a chart whose data no action of the
 * step makes. A node the schema rejected is skipped (its problem is already reported), its sound parts still checked.
 *
 * <p>A new field: add it to lessons/lesson.schema.json and to the record that holds it, and read it below.
 */
final class LessonReader {
    static final int DEFAULT_WIDTH = 8;

    private final String file;
    private final List<LessonProblem> problems = new ArrayList<>();
    /** JSON Pointers of the nodes the schema rejected. */
    private final Set<String> rejected = new LinkedHashSet<>();

    /** A node with its JSON Pointer (to skip what the schema rejected), its field path, and the node that locates it. */
    private record Node(JsonNode value, String pointer, String field, JsonNode located) {
        Node child(String name) {
            JsonNode v = value == null ? null : value.get(name);
            return new Node(v, pointer + "/" + name, field.isEmpty() ? name : field + "." + name, v != null ? v : located);
        }

        Node element(int i) {
            return new Node(value.get(i), pointer + "/" + i, field + "[" + i + "]", value.get(i));
        }

        boolean present() { return value != null && !value.isNull(); }

        String text() { return value.asText(); }

        int size() { return value == null || !value.isArray() ? 0 : value.size(); }
    }

    /**
     * The models in force while the file is checked, and what has been done to them: the checker's
     * {@link LessonHost}, so the checks follow the same interpreter as the runs.
     */
    private static final class ModelState implements LessonHost<Void> {
        final List<StepModel> models = new ArrayList<>();
        final Set<String> trained = new LinkedHashSet<>();
        /** Experiments run since the models were set up: their results stay with the models for later steps. */
        final Set<Experiment> experiments = new LinkedHashSet<>();

        static ModelState of(List<StepModel> models) {
            ModelState s = new ModelState();
            s.models.addAll(models);
            return s;
        }

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

    private LessonReader(String file) {
        this.file = file;
    }

    /** Parses and validates; never throws for a bad file. */
    static LoadResult read(String file, String text) {
        JsonNode root;
        try {
            root = LocatedJson.parse(text);
        } catch (LocatedJson.SyntaxError e) {
            return new LoadResult(file, null, List.of(new LessonProblem(file, e.position.line(), e.position.column(), "", e.getMessage())));
        }
        LessonReader r = new LessonReader(file);
        for (LessonSchema.Finding f : LessonSchema.check(file, root)) {
            r.problems.add(f.problem());
            r.rejected.add(f.pointer());
        }
        Lesson lesson = r.lesson(new Node(root, "", "", root));
        if (r.problems.isEmpty()) return new LoadResult(file, lesson, List.of());
        List<LessonProblem> inFileOrder = new ArrayList<>(r.problems);
        inFileOrder.sort(Comparator.comparingInt(LessonProblem::line).thenComparingInt(LessonProblem::column));
        return new LoadResult(file, null, inFileOrder);
    }

    /** Whether the schema accepted this node and everything in it: only then is it read. */
    private boolean sound(Node n) {
        for (String p : rejected) if (p.equals(n.pointer()) || p.startsWith(n.pointer() + "/")) return false;
        return true;
    }

    // ---- the lesson -----------------------------------------------------------------------------------

    private Lesson lesson(Node root) {
        if (!root.value().isObject()) return null;
        Text title = text(root.child("title")), summary = text(root.child("summary"));
        Preset preset = lessonPreset(root.child("preset"));
        List<LessonStep> steps = steps(root.child("steps"), preset);
        if (!problems.isEmpty()) return null;
        return new Lesson(root.child("id").text(), title, Level.parse(root.child("level").text()), root.child("duration").value().asInt(),
                summary, preset, steps, file);
    }

    private List<LessonStep> steps(Node steps, Preset lessonPreset) {
        List<LessonStep> out = new ArrayList<>();
        ModelState state = null;
        for (int i = 0; i < steps.size(); i++) {
            Node s = steps.element(i);
            if (!s.value().isObject()) continue;
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
        Text text = text(s.child("text"));
        Node modelsNode = s.child("models");
        boolean keeps = !modelsNode.present();
        Preset preset = keeps ? lessonPreset : stepPreset(s.child("preset"), lessonPreset);
        List<StepModel> models = keeps ? null : models(modelsNode);
        ModelState state = keeps ? previous : models == null ? null : ModelState.of(models);
        if (state != null) state = state.copy();
        Node paneNode = s.child("pane"), chartNode = s.child("chart");
        Pane pane = paneNode.present() && sound(paneNode) ? Pane.parse(paneNode.text()) : null;
        String chart = chartNode.present() ? chartNode.text() : pane == null ? null : pane.defaultChart();
        List<LessonAction> actions = actions(s.child("actions"), state);
        List<Question> questions = questions(s.child("questions"));
        if (!sound(s) || problems.size() > before) return null;
        if (state != null) needs(s, pane, chart, actions, state);
        if (problems.size() > before) return null;
        return new LessonStep(index + 1, s.child("id").present() ? s.child("id").text() : null, text, models, preset, pane, chart,
                actions, questions);
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

    /** The fields the schema does not require of the lesson's preset, at their defaults (the schema's "default"s). */
    static final Preset OPTIONAL_PRESET_FIELDS = new Preset("shapes", 0, 0, 0, 1, 1, 1, List.of(0L), 0, "none");

    private Preset lessonPreset(Node p) {
        return p.present() && sound(p) ? preset(p, OPTIONAL_PRESET_FIELDS) : null;
    }

    /** A step's preset: the lesson's with the fields the step changes. */
    private Preset stepPreset(Node p, Preset lessonPreset) {
        if (!p.present()) return lessonPreset;
        return lessonPreset != null && sound(p) ? preset(p, lessonPreset) : null;
    }

    /** The fields present in {@code p}, the others from {@code base}. */
    private static Preset preset(Node p, Preset base) {
        Node dataset = p.child("dataset"), lr = p.child("lr"), seeds = p.child("seeds"), warmup = p.child("warmup");
        List<Long> seedList = new ArrayList<>();
        if (seeds.present()) for (JsonNode v : seeds.value()) seedList.add(v.asLong());
        return new Preset(dataset.present() ? dataset.text() : base.dataset(), orElse(p.child("imageSize"), base.imageSize()),
                orElse(p.child("trainSize"), base.trainSize()), orElse(p.child("testSize"), base.testSize()),
                orElse(p.child("batch"), base.batch()), lr.present() ? lr.value().asDouble() : base.lr(),
                orElse(p.child("iterations"), base.iterations()), seeds.present() ? seedList : base.seeds(),
                orElse(p.child("evalEvery"), base.evalEvery()), warmup.present() ? warmup.text() : base.warmup());
    }

    private static int orElse(Node n, int otherwise) {
        return n.present() ? n.value().asInt() : otherwise;
    }

    // ---- models ---------------------------------------------------------------------------------------

    /** The step's models, or null if any is broken. */
    private List<StepModel> models(Node list) {
        List<StepModel> out = new ArrayList<>();
        Map<String, Node> labels = new LinkedHashMap<>();
        boolean broken = !sound(list); // e.g. more than 8
        for (int i = 0; i < list.size(); i++) {
            Node m = list.element(i);
            StepModel sm = model(m);
            if (sm == null) { broken = true; continue; }
            Node other = labels.put(sm.label(), m);
            if (other != null) {
                problem(m, "two models are called '" + sm.label() + "' (also " + other.field() + "): give them different \"name\"s");
                broken = true;
            }
            out.add(sm);
        }
        return broken ? null : out;
    }

    private StepModel model(Node m) {
        if (!sound(m)) return null;
        int before = problems.size();
        Node depth = m.child("depth"), width = m.child("width"), shortcut = m.child("shortcut"), name = m.child("name");
        Node lambda = m.child("lambda"), scaleBranch = m.child("scaleBranch"), gateBias = m.child("gateBias"), dropout = m.child("dropout");
        Node unit = m.child("unit"), option = m.child("option");
        ShortcutType type = shortcut.present() ? ShortcutType.parse(shortcut.text()) : ShortcutType.IDENTITY;
        if (lambda.present() && type != ShortcutType.SCALED) unused(m, "lambda", type, "scaled");
        if (scaleBranch.present() && type != ShortcutType.SCALED) unused(m, "scaleBranch", type, "scaled");
        if (gateBias.present() && !type.isGated()) unused(m, "gateBias", type, "exclusive-gate or shortcut-gate");
        if (dropout.present() && type != ShortcutType.DROPOUT) unused(m, "dropout", type, "dropout");
        NetworkSpec defaults = NetworkSpec.of(depth.value().asInt(), orElse(width, DEFAULT_WIDTH), 1, 32, 10, type);
        NetworkSpec spec = new NetworkSpec(defaults.depth(), defaults.width(), 1, 32, 10, type,
                lambda.present() ? lambda.value().asDouble() : defaults.lambda(), scaleBranch.present() && scaleBranch.value().asBoolean(),
                gateBias.present() ? gateBias.value().asDouble() : defaults.gateBias(),
                dropout.present() ? dropout.value().asDouble() : defaults.dropout(),
                unit.present() ? UnitOrder.parse(unit.text()) : defaults.unit(),
                option.present() ? DimensionOption.parse(option.text()) : defaults.option());
        for (String p : spec.problems()) {
            Node field = m.child(p.substring(0, Math.max(0, p.indexOf(' '))));
            problem(field.present() ? field : m, p);
        }
        if (problems.size() > before) return null;
        return new StepModel(name.present() ? name.text() : spec.displayName(), spec);
    }

    private void unused(Node m, String field, ShortcutType type, String usedBy) {
        problem(m.child(field), field + " is used only by shortcut " + usedBy + ", but this model's shortcut is '" + type.cliName()
                + "'" + (m.child("shortcut").present() ? "" : " (the default)"));
    }

    // ---- actions --------------------------------------------------------------------------------------

    private List<LessonAction> actions(Node list, ModelState state) {
        List<LessonAction> out = new ArrayList<>();
        ModelState running = state == null ? null : state.copy();
        for (int i = 0; i < list.size(); i++) {
            LessonAction action = action(list.element(i), running);
            if (action != null) {
                out.add(action);
                if (running != null) action.on(running);
            }
        }
        return out;
    }

    private LessonAction action(Node a, ModelState state) {
        if (!sound(a)) return null;
        int before = problems.size();
        String model = a.child("model").present() ? a.child("model").text() : null;
        List<StepModel> targets = state == null ? null : targets(a, model, state);
        LessonAction result = switch (a.child("do").text()) {
            case "train" -> new LessonAction.Train(orElse(a.child("iterations"), 0), model);
            case "delete" -> {
                int block = a.child("block").value().asInt(); // counted from 1, as in the app
                for (StepModel m : targets == null ? List.<StepModel>of() : targets) {
                    if (block > m.spec().blocks()) {
                        problem(a.child("block"), "block " + block + " does not exist: " + m.label() + " has " + m.spec().blocks()
                                + " blocks, numbered 1.." + m.spec().blocks());
                    }
                }
                yield new LessonAction.DeleteBlock(block - 1, model);
            }
            case "swap" -> swap(a, model, targets);
            case "set-lambda" -> new LessonAction.SetLambda(a.child("lambda").value().asDouble(),
                    a.child("scaleBranch").present() && a.child("scaleBranch").value().asBoolean(), model);
            default -> experiment(a, model, targets);
        };
        return problems.size() > before ? null : result;
    }

    private List<StepModel> targets(Node a, String model, ModelState state) {
        if (model == null) return state.models;
        for (StepModel m : state.models) if (m.label().equals(model)) return List.of(m);
        problem(a.child("model"), "no model is called '" + model + "' (expected one of: "
                + String.join(", ", state.models.stream().map(StepModel::label).toList()) + ")");
        return null;
    }

    private LessonAction swap(Node a, String model, List<StepModel> targets) {
        Node b = a.child("blocks");
        int i = b.value().get(0).asInt(), j = b.value().get(1).asInt(); // counted from 1, as in the app; the schema says they differ
        for (StepModel m : targets == null ? List.<StepModel>of() : targets) {
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
        return new LessonAction.SwapBlocks(i - 1, j - 1, model);
    }

    /** The first block of stages 2 and 3 halves the map and doubles the width (He 2015 §4.2). */
    private static boolean downsampling(int block, int n) {
        return block % n == 0 && block / n > 0;
    }

    private LessonAction experiment(Node a, String model, List<StepModel> targets) {
        Experiment e = Experiment.parse(a.child("name").text());
        List<Integer> deletions = ints(a.child("deletions")), swaps = ints(a.child("swaps"));
        for (StepModel m : targets == null ? List.<StepModel>of() : targets) {
            if (e == Experiment.PATH_LENGTHS && (m.spec().isPlain() || m.spec().shortcut().isGated())) {
                problem(a.child("name"), "path-lengths needs residual nets with identity, scaled, 1x1 or dropout shortcuts; '" + m.label()
                        + "' is " + (m.spec().isPlain() ? "plain (one path, not 2^n)" : "gated (the gate's gradient belongs to no path)")
                        + (model == null ? ": name the model with \"model\"" : ""));
            }
            for (int k : deletions == null ? List.<Integer>of() : deletions) {
                if (k > m.spec().blocks()) {
                    problem(a.child("deletions"), "cannot delete " + k + " of the " + m.spec().blocks() + " blocks of " + m.label());
                }
            }
        }
        return new LessonAction.RunExperiment(e, model, orElse(a.child("samples"), 0), orElse(a.child("batch"), 0),
                orElse(a.child("testSize"), 0), orElse(a.child("images"), 0), deletions, swaps, orElse(a.child("grid"), 0));
    }

    private static List<Integer> ints(Node list) {
        if (!list.present()) return null;
        List<Integer> out = new ArrayList<>();
        for (JsonNode v : list.value()) out.add(v.asInt());
        return List.copyOf(out);
    }

    // ---- texts and questions --------------------------------------------------------------------------

    private List<Question> questions(Node list) {
        List<Question> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Node q = list.element(i);
            Text question = text(q.child("question")), answer = text(q.child("answer"));
            if (question != null && answer != null) out.add(new Question(question, answer));
        }
        return out;
    }

    /** A text whose formulas between $…$ typeset: a TeX error is found here, not by a class looking at a broken panel. */
    private Text text(Node n) {
        if (!n.present() || !n.value().isObject()) return null;
        boolean ok = sound(n);
        for (String lang : new String[] {"en", "zh"}) {
            Node t = n.child(lang);
            String tex = t.present() && t.value().isTextual() ? resnetlab.charts.Tex.problem(t.text()) : null;
            if (tex != null) {
                problem(t, tex);
                ok = false;
            }
        }
        return ok ? new Text(n.child("en").text().strip(), n.child("zh").text().strip()) : null;
    }

    // ---- reporting ------------------------------------------------------------------------------------

    private void problem(Node at, String message) {
        LocatedJson.Position p = LocatedJson.Position.of(at.located());
        problems.add(new LessonProblem(file, p.line(), p.column(), at.field(), message));
    }
}
