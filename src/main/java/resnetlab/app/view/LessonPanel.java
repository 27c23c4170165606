package resnetlab.app.view;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.LessonModel;
import resnetlab.app.model.Notice;
import resnetlab.lessons.Lesson;
import resnetlab.lessons.LessonStep;
import resnetlab.lessons.LoadResult;
import resnetlab.lessons.Question;

/**
 * The lessons beside the live panes: a browser of the shipped lessons (and "open a lesson file"), and the
 * runner of the open lesson — its step's text in the current language, the discussion questions with the
 * teacher's answers folded away, and previous / run this step / next / reset. The step's pane is selected
 * when the step is shown; "run this step" sets it up and runs it on the bench ({@link LessonModel}).
 * Keys while a lesson is open: Page Down / Page Up for next / previous (presentation clickers send these).
 */
public final class LessonPanel extends BorderPane implements FramePane {
    private final UiContext ui;
    private final LessonModel lessons;
    private final ListView<LoadResult> list = new ListView<>();
    private final VBox browser = new VBox(8);
    private final VBox runner = new VBox(8);
    private final Label problems = new Label();
    private final Label title = new Label(), meta = new Label(), stepLabel = new Label(), models = new Label();
    private final Label text = new Label(), status = new Label();
    private VBox body;
    private final VBox questions = new VBox(6);
    private final Button previous = new Button(), next = new Button(), run = new Button(), reset = new Button();

    public LessonPanel(UiContext ui, LessonModel lessons, Runnable close) {
        this.ui = ui;
        this.lessons = lessons;
        I18n t = ui.i18n();
        getStyleClass().add("lesson-panel");
        setId("lesson-panel");
        setMinWidth(260);

        Label head = new Label();
        head.textProperty().bind(t.text("lesson.panel.title"));
        head.getStyleClass().add("section-title");
        Button hide = new Button("×");
        hide.getStyleClass().add("card-remove");
        hide.setId("lesson-close");
        hide.setTooltip(new Tooltip());
        hide.getTooltip().textProperty().bind(t.text("lesson.hide"));
        hide.setOnAction(e -> close.run());
        HBox top = new HBox(6, head, grow(), hide);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(10, 10, 4, 12));
        setTop(top);

        // browser
        Label hint = new Label();
        hint.textProperty().bind(t.text("lesson.browser.hint"));
        hint.getStyleClass().add("section-subtitle");
        hint.setWrapText(true);
        list.setId("lesson-list");
        list.setItems(lessons.shipped());
        list.setCellFactory(v -> new LessonCell());
        list.setOnMouseClicked(e -> { if (e.getClickCount() == 2) openSelected(); });
        VBox.setVgrow(list, Priority.ALWAYS);
        Button start = new Button();
        start.setId("lesson-start");
        start.textProperty().bind(t.text("lesson.start"));
        start.getStyleClass().add("play-button");
        start.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        start.setOnAction(e -> openSelected());
        Button file = new Button();
        file.setId("lesson-open-file");
        file.textProperty().bind(t.text("lesson.open"));
        file.setOnAction(e -> openFileDialog());
        problems.setId("lesson-problems");
        problems.getStyleClass().add("card-problem");
        problems.setWrapText(true);
        problems.textProperty().bind(Bindings.createStringBinding(() -> {
            LoadResult r = lessons.problemsProperty().get();
            return r == null ? "" : t.get("lesson.problemsTitle", r.source()) + "\n" + r.report();
        }, lessons.problemsProperty(), t.localeProperty()));
        problems.managedProperty().bind(problems.textProperty().isNotEmpty());
        browser.getChildren().addAll(hint, list, new HBox(8, start, file), problems);
        browser.setPadding(new Insets(4, 12, 12, 12));

        // runner
        Button back = new Button();
        back.setId("lesson-back");
        back.textProperty().bind(t.text("lesson.back"));
        back.getStyleClass().add("link-button");
        back.setOnAction(e -> lessons.close());
        title.getStyleClass().add("lesson-title");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE); // wrapped lines keep their height in a narrow panel
        meta.setId("lesson-meta");
        meta.getStyleClass().add("section-subtitle");
        stepLabel.setId("lesson-step");
        stepLabel.getStyleClass().add("lesson-step");
        models.getStyleClass().add("section-subtitle");
        models.setWrapText(true);
        models.setMinHeight(Region.USE_PREF_SIZE);
        text.setId("lesson-text");
        text.getStyleClass().add("lesson-text");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        status.setId("lesson-status");
        status.getStyleClass().add("lesson-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        body = new VBox(10, text, questions);
        body.setPadding(new Insets(2, 14, 8, 2));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setId("lesson-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("bench-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        scroll.setMinHeight(72); // the step's text stays readable on a short projector screen
        button(previous, "lesson-previous", "lesson.previous", "lesson.previous.tooltip", lessons::previous);
        button(next, "lesson-next", "lesson.next", "lesson.next.tooltip", lessons::next);
        button(reset, "lesson-reset", "lesson.reset", "lesson.reset.tooltip", lessons::reset);
        run.setId("lesson-run");
        run.getStyleClass().add("play-button");
        run.setMaxWidth(Double.MAX_VALUE);
        run.setTooltip(new Tooltip());
        run.getTooltip().textProperty().bind(t.text("lesson.run.tooltip"));
        run.setOnAction(e -> {
            if (lessons.state() == LessonModel.State.RUNNING) lessons.cancel();
            else lessons.runStep();
        });
        // a narrow panel (a projector's large fonts) wraps the buttons rather than cutting their words
        javafx.scene.layout.FlowPane nav = new javafx.scene.layout.FlowPane(6, 6, previous, next, reset);
        nav.setAlignment(Pos.CENTER_LEFT);
        for (Button b : List.of(previous, next, reset)) b.setMinWidth(Region.USE_PREF_SIZE);
        runner.getChildren().addAll(back, title, meta, stepLabel, models, scroll, status, run, nav);
        runner.setPadding(new Insets(0, 12, 12, 12));
        for (Label l : List.of(meta, models, status)) l.managedProperty().bind(l.visibleProperty());
        runner.heightProperty().addListener((o, a, b) -> compact());

        lessons.lessonProperty().addListener((o, a, b) -> showLesson());
        lessons.stepProperty().addListener((o, a, b) -> showStep());
        lessons.stateProperty().addListener((o, a, b) -> showState());
        lessons.statusProperty().addListener((o, a, b) -> showState());
        t.localeProperty().addListener((o, a, b) -> { showStep(); showState(); list.refresh(); });
        // formulas in the theme's colour, and at the text's size (presentation mode's CSS changes it on the next pulse)
        ui.state().chartThemeProperty().addListener((o, a, b) -> showStep());
        text.fontProperty().addListener((o, a, b) -> { if (a == null || b == null || a.getSize() != b.getSize()) showStep(); });
        showLesson();
    }

    public ListView<LoadResult> list() { return list; }
    public Button runButton() { return run; }

    @Override public void frame(long now) { lessons.poll(); }

    private void openSelected() {
        LoadResult r = list.getSelectionModel().getSelectedItem();
        if (r != null) lessons.open(r);
    }

    private void openFileDialog() {
        Path p = ui.dialogs().open(getScene().getWindow(), ui.i18n().get("lesson.open"), "json");
        if (p != null) lessons.openFile(p);
    }

    private void showLesson() {
        setCenter(lessons.lesson() == null ? browser : runner);
        showStep();
        showState();
    }

    private void showStep() {
        Lesson l = lessons.lesson();
        if (l == null) return;
        I18n t = ui.i18n();
        String lang = t.locale().getLanguage();
        int k = lessons.step();
        LessonStep s = l.steps().get(k);
        title.setText(l.title().in(lang));
        meta.setText(t.get("lesson.meta", t.get("lesson.level." + l.level().fileName()), l.duration()));
        stepLabel.setText(t.get("lesson.step", k + 1, l.steps().size()) + (s.id() == null ? "" : " · " + s.id()));
        List<String> names = s.models() != null ? s.models().stream().map(m -> m.label()).toList() : lessons.modelLabels();
        models.setText(names.isEmpty() ? "" : t.get("lesson.models", String.join(" · ", names)));
        var width = body.widthProperty().subtract(26); // the body's padding and a question box's own
        Formulas.show(text, s.text().in(lang), ui, width);
        questions.getChildren().clear();
        if (!s.questions().isEmpty()) {
            Label q = new Label(t.get("lesson.questions"));
            q.getStyleClass().add("lesson-step");
            questions.getChildren().add(q);
        }
        for (Question q : s.questions()) {
            Label question = new Label();
            question.setWrapText(true);
            Formulas.show(question, q.question().in(lang), ui, width);
            question.getStyleClass().add("lesson-question");
            question.setMinWidth(0); // wraps within the panel
            Label answer = new Label();
            answer.setWrapText(true);
            Formulas.show(answer, t.get("lesson.answer") + " " + q.answer().in(lang), ui, width);
            answer.getStyleClass().add("lesson-answer");
            answer.setMinWidth(0);
            answer.setVisible(false);
            answer.managedProperty().bind(answer.visibleProperty());
            Button show = new Button(t.get("lesson.showAnswer"));
            show.getStyleClass().add("link-button");
            show.setOnAction(e -> {
                answer.setVisible(!answer.isVisible());
                show.setText(t.get(answer.isVisible() ? "lesson.hideAnswer" : "lesson.showAnswer"));
            });
            questions.getChildren().add(new VBox(2, question, show, answer));
        }
        previous.setDisable(k == 0);
        next.setDisable(k == l.steps().size() - 1);
        compact();
    }

    private void showState() {
        I18n t = ui.i18n();
        boolean running = lessons.state() == LessonModel.State.RUNNING;
        run.setText(t.get(running ? "lesson.stop" : "lesson.run"));
        Notice n = lessons.statusProperty().get();
        status.setText(n == null ? "" : t.get(n.key(), n.args()));
        status.getStyleClass().removeAll("failed", "done");
        if (lessons.state() == LessonModel.State.FAILED) status.getStyleClass().add("failed");
        if (lessons.state() == LessonModel.State.DONE) status.getStyleClass().add("done");
        compact();
    }

    /** Below this many lines of the panel's font, the runner is {@link #compact()}. */
    static final double COMPACT_EMS = 40;
    static final javafx.css.PseudoClass COMPACT = javafx.css.PseudoClass.getPseudoClass("compact");

    /**
     * A short panel (presentation mode on a 720p projector, where the font grows with the window: about 32 lines of
     * it) gives the step's text the room a class reads: the title one size smaller, and the level, the models line
     * and the "press Run" hint left out (the bench shows the models; the button says what it does). A failed or
     * finished step's status stays.
     */
    private void compact() {
        double em = stepLabel.getFont().getSize(); // the panel's base size (lesson-step is bold, not larger)
        boolean c = runner.getHeight() > 0 && runner.getHeight() < COMPACT_EMS * em;
        pseudoClassStateChanged(COMPACT, c);
        meta.setVisible(!c);
        models.setVisible(!c && !models.getText().isEmpty());
        LessonModel.State st = lessons.state();
        status.setVisible(!status.getText().isEmpty() && (!c || st == LessonModel.State.FAILED || st == LessonModel.State.DONE));
    }

    private void button(Button b, String id, String key, String tip, Runnable action) {
        b.setId(id);
        b.textProperty().bind(ui.i18n().text(key));
        b.setTooltip(new Tooltip());
        b.getTooltip().textProperty().bind(ui.i18n().text(tip));
        b.setOnAction(e -> action.run());
    }

    private static Region grow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /** A shipped lesson: title in the current language, level and minutes, summary; or the file and its first problem. */
    private final class LessonCell extends ListCell<LoadResult> {
        @Override protected void updateItem(LoadResult r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            I18n t = ui.i18n();
            String lang = t.locale().getLanguage();
            VBox box = new VBox(2);
            if (r.ok()) {
                Lesson l = r.lesson();
                Label name = new Label(l.title().in(lang));
                name.getStyleClass().add("card-title");
                Label m = new Label(t.get("lesson.meta", t.get("lesson.level." + l.level().fileName()), l.duration()));
                m.getStyleClass().add("section-subtitle");
                box.getChildren().addAll(name, m);
                if (l.summary() != null) {
                    Label sum = new Label(l.summary().in(lang));
                    sum.setWrapText(true);
                    sum.setMaxWidth(Math.max(120, list.getWidth() - 40));
                    box.getChildren().add(sum);
                }
            } else {
                Label name = new Label(r.source());
                Label p = new Label(r.problems().get(0).toString());
                p.getStyleClass().add("card-problem");
                p.setWrapText(true);
                p.setMaxWidth(Math.max(120, list.getWidth() - 40));
                box.getChildren().addAll(name, p);
            }
            setText(null);
            setGraphic(box);
        }
    }
}
