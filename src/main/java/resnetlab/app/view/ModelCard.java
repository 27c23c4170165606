package resnetlab.app.view;

import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Callback;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.DataPreset;
import resnetlab.app.model.ModelDraft;
import resnetlab.app.model.Problem;
import resnetlab.model.DimensionOption;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * One model on the bench: its name in its curve colour, its state, the fields that define it (depth, width,
 * shortcut with λ / b_g / p, unit ordering, option, data, seed), live numbers, and any message about it. A
 * field is applied when it is left or Enter is pressed; a bad value stays visible, outlined, with the reason
 * under the card, and the model keeps its last valid setup.
 */
public final class ModelCard extends VBox {
    private final UiContext ui;
    private final BenchModel model;
    private final Label problems = new Label();

    private Label live, errors;
    private boolean liveStale = true;
    private long liveTick;

    /** Updates the live line (iteration, errors, images/s) if it changed, on the shared slow tick. */
    void frame(long now) {
        if (liveStale && FramePane.slowTick(now) != liveTick) {
            liveTick = FramePane.slowTick(now);
            refreshLive();
        }
    }

    private void refreshLive() {
        liveStale = false;
        var t = ui.i18n();
        live.setText(t.get("card.progress", model.iteration(), Math.round(model.imagesPerSecondProperty().get())));
        errors.setText(t.get("card.errors", I18n.num(model.trainErrorProperty().get()), I18n.num(model.testErrorProperty().get())));
    }

    public ModelCard(UiContext ui, BenchModel model) {
        this.ui = ui;
        this.model = model;
        I18n t = ui.i18n();
        ModelDraft d = model.draft();
        getStyleClass().add("model-card");
        setId("card-" + model.slot());
        setSpacing(5);
        setPadding(new Insets(7, 10, 8, 12));
        String colour = UiState.css(ui.state().slotColor(model.slot()));
        styleProperty().bind(Bindings.createStringBinding(
                () -> "-slot-color: " + UiState.css(ui.state().slotColor(model.slot())) + ";", ui.state().dark));

        // header: colour dot, name, state, remove
        Circle dot = new Circle(6);
        dot.fillProperty().bind(Bindings.createObjectBinding(() -> ui.state().slotColor(model.slot()), ui.state().dark));
        Label name = new Label();
        name.getStyleClass().add("card-title");
        name.textProperty().bind(t.bind(() -> Words.model(t, model), model.specProperty(), model.builtSetupProperty()));
        name.setMinWidth(0);
        Label phase = new Label();
        phase.getStyleClass().add("phase-badge");
        phase.setMinWidth(Region.USE_PREF_SIZE);
        phase.textProperty().bind(t.bind(() -> Words.phase(t, model.phase()), model.phaseProperty()));
        model.phaseProperty().addListener((o, a, b) -> phaseStyle(phase, b));
        phaseStyle(phase, model.phase());
        Button remove = new Button("✕");
        remove.getStyleClass().add("card-remove");
        remove.setTooltip(tip("card.remove.tooltip"));
        remove.setOnAction(e -> ui.lab().removeModel(model));
        remove.setFocusTraversable(false);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(8, dot, name, grow, phase, remove);
        header.setAlignment(Pos.CENTER_LEFT);

        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(4);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        ColumnConstraints small = new ColumnConstraints(64, 72, 90); // width, option, seed: a few characters
        grid.getColumnConstraints().addAll(labels, fields, labels, small);

        ComboBox<String> depth = new ComboBox<>(FXCollections.observableArrayList("8", "14", "20", "32", "44", "56", "110"));
        depth.setEditable(true);
        depth.setId("depth-" + model.slot());
        depth.setValue(d.depth.get());
        depth.valueProperty().addListener((o, a, b) -> { if (b != null) { d.depth.set(b); commit(); } });
        d.depth.addListener((o, a, b) -> depth.setValue(b));
        depth.setTooltip(tip("field.depth.tooltip"));
        depth.setMaxWidth(Double.MAX_VALUE);
        TextField width = text(d.width, "width-" + model.slot(), "field.width.tooltip");

        ComboBox<ShortcutType> shortcut = combo(ShortcutType.values(), d.shortcut.get(), s -> Words.shortcut(t, s));
        shortcut.setId("shortcut-" + model.slot());
        shortcut.valueProperty().addListener((o, a, b) -> { if (b != null) { d.shortcut.set(b); commit(); } });
        d.shortcut.addListener((o, a, b) -> shortcut.setValue(b));
        shortcut.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> Formulas.tooltip(Words.shortcutFormula(t, d.shortcut.get()), ui), d.shortcut, t.localeProperty()));

        TextField lambda = text(d.lambda, "lambda-" + model.slot(), "field.lambda.tooltip");
        TextField gate = text(d.gateBias, "gate-" + model.slot(), "field.gateBias.tooltip");
        TextField drop = text(d.dropout, "dropout-" + model.slot(), "field.dropout.tooltip");
        CheckBox scaleF = new CheckBox();
        scaleF.textProperty().bind(t.text("field.scaleBranch"));
        scaleF.setTooltip(tip("field.scaleBranch.tooltip"));
        scaleF.selectedProperty().bindBidirectional(d.scaleBranch);
        scaleF.selectedProperty().addListener(o -> commit());
        Label paramLabel = new Label();
        Formulas.bind(paramLabel, Bindings.createStringBinding(() -> switch (d.shortcut.get()) {
            case SCALED -> "$\\lambda$";
            case EXCLUSIVE_GATE, SHORTCUT_GATE -> "$b_g$";
            case DROPOUT -> "$p$";
            default -> "";
        }, d.shortcut), ui, Formulas.FIT);
        HBox param = new HBox(4, lambda, gate, drop, scaleF);
        param.setAlignment(Pos.CENTER_LEFT);
        for (var n : List.of(lambda, gate, drop)) HBox.setHgrow(n, Priority.ALWAYS);
        show(lambda, d.shortcut.isEqualTo(ShortcutType.SCALED));
        show(scaleF, d.shortcut.isEqualTo(ShortcutType.SCALED));
        show(gate, d.shortcut.isEqualTo(ShortcutType.EXCLUSIVE_GATE).or(d.shortcut.isEqualTo(ShortcutType.SHORTCUT_GATE)));
        show(drop, d.shortcut.isEqualTo(ShortcutType.DROPOUT));

        ComboBox<UnitOrder> unit = combo(UnitOrder.values(), d.unit.get(), u -> Words.unit(t, u));
        unit.setId("unit-" + model.slot());
        unit.valueProperty().addListener((o, a, b) -> { if (b != null) { d.unit.set(b); commit(); } });
        d.unit.addListener((o, a, b) -> unit.setValue(b));
        unit.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> new Tooltip(Words.unitOrder(t, d.unit.get())), d.unit, t.localeProperty()));
        ComboBox<DimensionOption> option = combo(DimensionOption.values(), d.option.get(), o -> o.name());
        option.setMinWidth(62);
        depth.setMinWidth(70);
        option.valueProperty().addListener((o, a, b) -> { if (b != null) { d.option.set(b); commit(); } });
        d.option.addListener((o, a, b) -> option.setValue(b));
        option.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> new Tooltip(Words.option(t, d.option.get())), d.option, t.localeProperty()));

        ComboBox<DataPreset> preset = combo(DataPreset.ALL.toArray(new DataPreset[0]), d.preset.get(), p -> Words.preset(t, p));
        // the list says everything; the closed box, in a narrow card, the data set and image size
        javafx.beans.value.ChangeListener<Object> shortName = (o, a, b) -> preset.setButtonCell(new ListCell<>() {
            @Override protected void updateItem(DataPreset item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : t.get("data." + item.key() + ".short"));
            }
        });
        shortName.changed(null, null, null);
        t.localeProperty().addListener(shortName);
        preset.setId("preset-" + model.slot());
        preset.valueProperty().addListener((o, a, b) -> { if (b != null) { d.preset.set(b); commit(); } });
        d.preset.addListener((o, a, b) -> preset.setValue(b));
        preset.setTooltip(tip("field.preset.tooltip"));
        TextField seed = text(d.seed, "seed-" + model.slot(), "field.seed.tooltip");
        seed.promptTextProperty().bind(t.bind(() -> t.get("field.seed.shared", ui.lab().settings().seed()),
                ui.lab().settingsProperty()));

        grid.add(label("field.depth"), 0, 0);
        grid.add(depth, 1, 0);
        grid.add(label("field.width"), 2, 0);
        grid.add(width, 3, 0);
        grid.add(label("field.shortcut"), 0, 1);
        grid.add(shortcut, 1, 1, 3, 1);
        grid.add(paramLabel, 0, 2);
        grid.add(param, 1, 2, 3, 1);
        // unit and data names are long ("ReLU-only pre-activation", "Fashion-MNIST 16×16"): a row each, so the
        // closed boxes show them whole in a bench a third of the window wide
        grid.add(label("field.unit"), 0, 3);
        grid.add(unit, 1, 3, 3, 1);
        grid.add(label("field.preset"), 0, 4);
        grid.add(preset, 1, 4, 3, 1);
        grid.add(label("field.option"), 0, 5);
        grid.add(option, 1, 5);
        grid.add(label("field.seed"), 2, 5);
        grid.add(seed, 3, 5);
        seed.setPrefColumnCount(5);
        for (var n : List.of(shortcut, unit, option, preset)) n.setMaxWidth(Double.MAX_VALUE);
        Runnable paramRow = () -> {
            boolean any = d.shortcut.get() == ShortcutType.SCALED || d.shortcut.get().isGated() || d.shortcut.get() == ShortcutType.DROPOUT;
            paramLabel.setVisible(any);
            paramLabel.setManaged(any);
            param.setVisible(any);
            param.setManaged(any);
        };
        d.shortcut.addListener(o -> paramRow.run());
        paramRow.run();
        // presentation mode: the room needs the name, depth, shortcut and numbers; the details stay on the desk
        javafx.beans.binding.BooleanBinding details = ui.state().presentation.not();
        for (javafx.scene.Node n : grid.getChildren()) {
            Integer row = GridPane.getRowIndex(n);
            if (row != null && row >= 3) {
                n.visibleProperty().bind(details);
                n.managedProperty().bind(details);
            }
        }

        // two live lines: progress with the weight count on the right, then the errors on a line of their own, so a
        // narrow bench (the lesson panel open) wraps neither mid-phrase nor cuts the weight count
        Label live = new Label(), errors = new Label();
        live.getStyleClass().add("card-live");
        live.setId("live-" + model.slot());
        live.setWrapText(true); // a tiny net runs at 20,000 img/s; the messages glue each number to its unit
        errors.getStyleClass().add("card-live");
        errors.setId("errors-" + model.slot());
        errors.setWrapText(true);
        // written by frame() twice a second: per training step it would re-render the window 10-30 times a second
        this.live = live;
        this.errors = errors;
        javafx.beans.InvalidationListener stale = o -> liveStale = true;
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {model.iterationProperty(), model.trainErrorProperty(),
                model.testErrorProperty(), model.imagesPerSecondProperty(), t.localeProperty()}) o.addListener(stale);
        refreshLive();
        Label weights = new Label();
        weights.getStyleClass().add("card-weights");
        weights.setMinWidth(Region.USE_PREF_SIZE);
        weights.textProperty().bind(t.bind(() -> model.weightsProperty().get() == 0 ? ""
                : t.get("card.weights", String.format(java.util.Locale.ROOT, "%,d", model.weightsProperty().get())), model.weightsProperty()));
        Region liveGrow = new Region();
        HBox.setHgrow(liveGrow, Priority.ALWAYS);
        HBox liveRow = new HBox(6, live, liveGrow, weights);
        liveRow.setAlignment(Pos.BASELINE_LEFT);
        VBox liveLines = new VBox(1, liveRow, errors);

        problems.getStyleClass().add("card-problem");
        problems.setWrapText(true);
        problems.setId("problem-" + model.slot());
        problems.textProperty().bind(t.bind(this::problemText, model.problemsProperty(), model.messageProperty()));
        problems.visibleProperty().bind(problems.textProperty().isNotEmpty());
        problems.managedProperty().bind(problems.visibleProperty());
        model.problemsProperty().addListener((o, a, b) -> markFields(b, depth, width, lambda, gate, drop, seed));

        Label origin = new Label(); // an imported net: where from, and whether it trains live
        origin.getStyleClass().add("card-origin");
        origin.setWrapText(true);
        origin.setId("origin-" + model.slot());
        origin.textProperty().bind(t.bind(this::originText, model.importedProperty()));
        show(origin, origin.textProperty().isNotEmpty());

        getChildren().addAll(header, grid, liveLines, origin, problems);
        setUserData(colour);
    }

    public BenchModel model() { return model; }

    private void commit() { ui.lab().commitDraft(model, false); }

    private String problemText() {
        I18n t = ui.i18n();
        List<Problem> ps = model.problemsProperty().get();
        String s = ps.stream().map(p -> Words.problem(t, p)).collect(Collectors.joining("\n"));
        if (!ps.isEmpty() && model.builtSetup() != null) s += "\n" + t.get("card.keepsLast");
        if (model.messageProperty().get() != null) s = (s.isEmpty() ? "" : s + "\n") + Words.notice(t, model.messageProperty().get());
        return s;
    }

    private String originText() {
        resnetlab.app.model.ImportedNet in = model.imported();
        if (in == null) return "";
        String s = ui.i18n().get("card.imported", in.weights().toString());
        if (!in.live()) {
            s += "\n" + ui.i18n().get("card.notLive", Math.round(in.macsPerImage() / 1e6),
                    resnetlab.app.model.PytorchBridge.LIVE_MACS / 1_000_000);
        }
        return s;
    }

    private void markFields(List<Problem> ps, ComboBox<String> depth, TextField width, TextField lambda, TextField gate,
                            TextField drop, TextField seed) {
        mark(depth, ps, "depth");
        mark(width, ps, "width");
        mark(lambda, ps, "lambda");
        mark(gate, ps, "gateBias");
        mark(drop, ps, "dropout");
        mark(seed, ps, "seed");
    }

    private static void mark(javafx.scene.Node n, List<Problem> ps, String field) {
        boolean bad = ps.stream().anyMatch(p -> p.field().equals(field));
        n.getStyleClass().remove("invalid");
        if (bad) n.getStyleClass().add("invalid");
    }

    private static void show(javafx.scene.Node n, javafx.beans.binding.BooleanExpression when) {
        n.visibleProperty().bind(when);
        n.managedProperty().bind(when);
    }

    private static void phaseStyle(Label l, BenchModel.Phase p) {
        l.getStyleClass().removeIf(s -> s.startsWith("phase-") && !s.equals("phase-badge"));
        l.getStyleClass().add("phase-" + p.name().toLowerCase(java.util.Locale.ROOT));
    }

    private Label label(String key) {
        Label l = new Label();
        l.textProperty().bind(ui.i18n().text(key));
        l.getStyleClass().add("field-label");
        return l;
    }

    private Tooltip tip(String key) {
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(ui.i18n().text(key));
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        Formulas.typeset(tip, ui);
        return tip;
    }

    private TextField text(StringProperty p, String id, String tooltipKey) {
        TextField f = new TextField(p.get());
        f.setId(id);
        f.setPrefColumnCount(4);
        f.setTooltip(tip(tooltipKey));
        p.addListener((o, a, b) -> { if (!f.getText().equals(b)) f.setText(b); });
        f.setOnAction(e -> { p.set(f.getText()); commit(); });
        f.focusedProperty().addListener((o, was, is) -> {
            if (!is && !f.getText().equals(p.get())) { p.set(f.getText()); commit(); }
        });
        return f;
    }

    private <T> ComboBox<T> combo(T[] items, T value, java.util.function.Function<T, String> name) {
        ComboBox<T> c = new ComboBox<>(FXCollections.observableArrayList(items));
        Callback<javafx.scene.control.ListView<T>, ListCell<T>> cells = l -> new ListCell<>() {
            @Override protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : name.apply(item));
            }
        };
        c.setCellFactory(cells);
        c.setButtonCell(cells.call(null));
        c.setValue(value);
        ui.i18n().localeProperty().addListener(o -> {
            c.setButtonCell(cells.call(null));
            T v = c.getValue();
            c.setValue(null);
            c.setValue(v);
        });
        return c;
    }
}
