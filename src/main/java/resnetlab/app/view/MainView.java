package resnetlab.app.view;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.Comparison;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.Notice;
import resnetlab.app.model.SessionFile;

/**
 * The main window: menu and training controls on top, the model bench on the left, the panes in tabs, notices
 * above them and the status bar below. Keyboard: Space play/pause, S step, R reset (outside text fields), F11
 * full screen, F5 presentation mode, Ctrl+S / Ctrl+O sessions, Ctrl+E export the pane.
 */
public final class MainView extends BorderPane {
    public static final String CSS = "/resnetlab/app/view/app.css";

    private final UiContext ui;
    private final TabPane tabs = new TabPane();
    private final CurvesPane curves;
    private final GradientFlowPane flow;
    private LandscapePane landscape;
    private final LesionPane lesion;
    private final ControlBar controls;
    private final NoticeBar notices;
    private final StatusBar status;
    private final FrameLoop loop;
    private final FrameRecorder recorder = new FrameRecorder(1 << 16);
    private final Tab curvesTab = new Tab(), flowTab = new Tab(), lesionTab = new Tab();
    private final Tab pathsTab = new Tab(), responsesTab = new Tab(), landscapeTab = new Tab(), unitsTab = new Tab();
    private final resnetlab.app.model.ExperimentModel experiments;
    private final PathLengthsPane paths;
    private final UnitsPane units;
    private final resnetlab.app.model.LessonModel lessons;
    private final LessonPanel lessonPanel;
    private SplitPane split;
    private BenchView bench;
    /** Presentation mode's folded bench, and whether its drawer (the full bench) is open. */
    private BenchStrip strip;
    /**
     * The bench folded to the strip: presentation mode, or a window too narrow for bench, pane (and lesson) side by
     * side (1100 px; 1400 with the lesson panel).
     */
    private final javafx.beans.property.BooleanProperty compact = new javafx.beans.property.SimpleBooleanProperty(this, "compact");
    private boolean drawerOpen;
    private VBox right;
    private boolean lessonsOn;
    private final ToggleButton lessonsToggle = new ToggleButton();

    public MainView(UiContext ui) {
        this.ui = ui;
        I18n t = ui.i18n();
        LabModel lab = ui.lab();
        getStyleClass().add("main-view");
        curves = new CurvesPane(ui);
        flow = new GradientFlowPane(ui);
        lesion = new LesionPane(ui);
        controls = new ControlBar(ui);
        notices = new NoticeBar(ui);
        status = new StatusBar(ui);

        tab(curvesTab, "tab.curves", curves, "tab-curves");
        tab(flowTab, "tab.flow", flow, "tab-flow");
        tab(lesionTab, "tab.lesion", lesion, "tab-lesion");
        experiments = ui.models().experiments();
        paths = new PathLengthsPane(ui, experiments);
        tab(pathsTab, "tab.paths", paths, "tab-paths");
        tab(responsesTab, "tab.responses", new ResponsesPane(ui, experiments), "tab-responses");
        tab(landscapeTab, "tab.landscape", landscape = new LandscapePane(ui, experiments), "tab-landscape");
        units = new UnitsPane(ui);
        tab(unitsTab, "tab.units", units, "tab-units");
        tabs.getTabs().addAll(curvesTab, flowTab, lesionTab, pathsTab, unitsTab, responsesTab, landscapeTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> shown(b));
        shown(tabs.getSelectionModel().getSelectedItem());

        HBox toggles = quickToggles();
        HBox top = new HBox(controls, grow(), toggles);
        top.getStyleClass().add("top-bar");
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 10, 6, 10));
        setTop(new VBox(menuBar(), top, controls.overflowRow()));
        // the fields fold under "⋯" when the bar is too narrow for them (a projector, large fonts, Chinese)
        Runnable fit = () -> javafx.application.Platform.runLater(
                () -> controls.fold(top.getWidth() < controls.fullWidth() + toggles.prefWidth(-1) + 40));
        top.widthProperty().addListener(o -> fit.run());
        toggles.widthProperty().addListener(o -> fit.run());
        controls.heightProperty().addListener(o -> fit.run());

        lessons = ui.models().lessons();
        lessons.setPaneShower(this::showPane);
        lessonPanel = new LessonPanel(ui, lessons, () -> showLessons(false));
        lessonPanel.setPrefWidth(380);
        lessons.loadShipped();

        bench = new BenchView(ui);
        bench.setMinWidth(330); // a card's closed boxes show "Fashion-MNIST 16×16" whole
        bench.setPrefWidth(350);
        strip = new BenchStrip(ui, this::openDrawer);
        strip.visibleProperty().bind(compact);
        strip.managedProperty().bind(compact);
        right = new VBox(notices, strip, tabs);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        split = new SplitPane(bench, right);
        split.setDividerPositions(0.24);
        compact.addListener((o, a, b) -> layoutSplit());
        Runnable compactNow = () -> compact.set(ui.state().presentation.get() || (getWidth() > 0 && getWidth() < (lessonsOn ? 1400 : 1100)));
        ui.state().presentation.addListener(o -> compactNow.run());
        widthProperty().addListener(o -> compactNow.run());
        lessonsToggle.selectedProperty().addListener(o -> compactNow.run());
        compactNow.run();
        SplitPane.setResizableWithParent(bench, false);
        setCenter(split);
        setBottom(status);

        loop = new FrameLoop(lab, recorder);
        loop.add(curves);
        loop.add(flow);
        loop.add(lesion);
        loop.add(units);
        loop.add(status);
        loop.add(lessonPanel);
        loop.add(bench);
        loop.add(strip);

        ui.state().dark.addListener((o, a, b) -> theme());
        ui.state().presentation.addListener((o, a, b) -> theme());
        ui.state().fontFamilyProperty().addListener((o, a, b) -> theme());
        heightProperty().addListener((o, a, b) -> {
            if (ui.state().presentation.get() && presentationFontSize(b.doubleValue()) != fontSize) theme();
        });
        theme();
    }

    /** Panes draw only while they are on screen. */
    private void shown(Tab selected) {
        curves.setShown(selected == curvesTab);
        flow.setShown(selected == flowTab);
        lesion.setShown(selected == lesionTab);
        units.setShown(selected == unitsTab);
    }

    /** Selects the tab of a lesson step's pane. */
    void showPane(resnetlab.lessons.Pane p) {
        Tab tab = switch (p) {
            case CURVES -> curvesTab;
            case GRADIENT_FLOW, NETWORK -> flowTab;
            case PATHS -> pathsTab;
            case LESIONS -> lesionTab;
            case SHORTCUTS -> unitsTab;
            case LANDSCAPE -> landscapeTab;
            case RESPONSES -> responsesTab;
        };
        tabs.getSelectionModel().select(tab);
    }

    /** Shows or hides the lesson panel on the right of the panes. */
    public void showLessons(boolean on) {
        if (on == lessonsOn) return;
        lessonsOn = on;
        layoutSplit();
        lessonsToggle.setSelected(on);
    }

    /** Opens or closes the full bench beside the panes in presentation mode (the strip's button). */
    private void openDrawer(boolean on) {
        drawerOpen = on;
        layoutSplit();
    }

    /**
     * Bench | panes, or bench | panes | lesson. In presentation mode the bench folds into a strip above the panes
     * (each model's colour, name and errors; its button opens the bench as a drawer), so the pane and the lesson
     * get the projector's width.
     */
    private void layoutSplit() {
        boolean present = compact.get();
        if (!present && drawerOpen) {
            drawerOpen = false;
            strip.setOpen(false);
        }
        boolean benchShown = !present || drawerOpen;
        if (present && !benchShown) {
            if (lessonsOn) {
                split.getItems().setAll(right, lessonPanel);
                split.setDividerPositions(0.66);
            } else {
                split.getItems().setAll(right);
            }
        } else if (!lessonsOn) {
            split.getItems().setAll(bench, right);
            split.setDividerPositions(present ? 0.27 : 0.24);
        } else if (present) {
            split.getItems().setAll(bench, right, lessonPanel);
            split.setDividerPositions(0.26, 0.70);
        } else {
            split.getItems().setAll(bench, right, lessonPanel);
            split.setDividerPositions(0.22, 0.70);
        }
    }

    public boolean lessonsShown() { return lessonsOn; }

    /** Shows the lesson panel with a shipped lesson (id) or a lesson file; "list" shows the list. */
    public void openLesson(String idOrFile) {
        showLessons(true);
        if (!idOrFile.equals("list")) lessons.openResolved(idOrFile);
    }

    public resnetlab.app.model.LessonModel lessons() { return lessons; }
    public LessonPanel lessonPanel() { return lessonPanel; }

    public CurvesPane curves() { return curves; }
    public PathLengthsPane paths() { return paths; }
    public resnetlab.app.model.ExperimentModel experiments() { return experiments; }

    /** The main button of the pane on screen (measure, compute, delete each block): for {@code --measure}. */
    public void runPaneAction() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        if (tab == lesionTab) lesion.measureAll();
        else if (tab == pathsTab) paths.measure();
        else if (tab == responsesTab) experiments.measureResponses();
        else if (tab == landscapeTab) experiments.measureLandscapes(ui.lab().models(), 21, 41, 250);
    }
    public GradientFlowPane flow() { return flow; }
    public LandscapePane landscape() { return landscape; }
    public LesionPane lesion() { return lesion; }
    public ControlBar controls() { return controls; }
    public NoticeBar notices() { return notices; }
    public TabPane tabs() { return tabs; }
    public FrameLoop loop() { return loop; }
    public FrameRecorder recorder() { return recorder; }

    /** Installs the stylesheet and keys on the scene, and starts the frame loop. */
    public void attach(Scene scene) {
        scene.getStylesheets().add(MainView.class.getResource(CSS).toExternalForm());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        loop.start();
    }

    private void key(KeyEvent e) {
        if (e.isControlDown() || e.isAltDown() || e.isMetaDown()) return;
        KeyCode k = e.getCode();
        if (k == KeyCode.F11) { toggleFullScreen(); e.consume(); return; }
        if (k == KeyCode.F5) { ui.state().presentation.set(!ui.state().presentation.get()); e.consume(); return; }
        if (lessons.lesson() != null && lessonsShown() && (k == KeyCode.PAGE_DOWN || k == KeyCode.PAGE_UP)) {
            if (k == KeyCode.PAGE_DOWN) lessons.next();
            else lessons.previous();
            e.consume();
            return;
        }
        Node focus = getScene() == null ? null : getScene().getFocusOwner();
        if (focus instanceof TextInputControl) return; // typing a value
        switch (k) {
            case SPACE -> { ui.lab().togglePlay(); e.consume(); }
            case S -> { ui.lab().step(); e.consume(); }
            case R -> { ui.lab().reset(); e.consume(); }
            default -> { }
        }
    }

    private void toggleFullScreen() {
        if (getScene() != null && getScene().getWindow() instanceof Stage s) s.setFullScreen(!s.isFullScreen());
    }

    /**
     * Presentation mode's font size from the window's height in logical pixels (what the screen's size and its
     * scale leave): 19 px on a 720p projector, 20 on 1024x768, 24 at most (a 4K screen at scale 2 is 1080
     * logical pixels high), so the back row reads it and the panes still fit. Normal mode keeps 13 px.
     */
    static int presentationFontSize(double windowHeight) {
        return (int) Math.max(16, Math.min(24, Math.round(windowHeight / 38)));
    }

    private int fontSize;

    private void theme() {
        fontSize = ui.state().presentation.get() ? presentationFontSize(getHeight() > 0 ? getHeight() : 768) : 13;
        setStyle("-fx-font-family: '" + ui.state().fontFamily() + "'; -fx-font-size: " + fontSize + "px;");
        getStyleClass().removeAll("dark", "presentation");
        if (ui.state().dark.get()) getStyleClass().add("dark");
        if (ui.state().presentation.get()) getStyleClass().add("presentation");
    }

    private static Region grow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private void tab(Tab tab, String key, Node content, String id) {
        tab.textProperty().bind(ui.i18n().text(key));
        tab.setContent(content);
        tab.setId(id);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(ui.i18n().text(key + ".tooltip"));
        tab.setTooltip(tip);
    }

    private HBox quickToggles() {
        I18n t = ui.i18n();
        ToggleGroup lang = new ToggleGroup();
        ToggleButton en = new ToggleButton("EN");
        ToggleButton zh = new ToggleButton("中文");
        zh.setStyle("-fx-font-family: '" + ui.state().cjkFamily() + "';");
        en.setId("lang-en");
        zh.setId("lang-zh");
        en.setToggleGroup(lang);
        zh.setToggleGroup(lang);
        en.setSelected(!t.isChinese());
        zh.setSelected(t.isChinese());
        en.setOnAction(e -> { t.localeProperty().set(I18n.ENGLISH); en.setSelected(true); });
        zh.setOnAction(e -> { t.localeProperty().set(I18n.CHINESE); zh.setSelected(true); });
        t.localeProperty().addListener((o, a, b) -> { en.setSelected(!t.isChinese()); zh.setSelected(t.isChinese()); });
        ToggleButton dark = new ToggleButton();
        dark.setId("theme-dark");
        dark.graphicProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> ui.state().dark.get() ? Icons.sun() : Icons.moon(), ui.state().dark));
        dark.setTooltip(new Tooltip());
        dark.getTooltip().textProperty().bind(t.text("view.dark.tooltip"));
        dark.selectedProperty().bindBidirectional(ui.state().dark);
        ToggleButton present = new ToggleButton();
        present.setId("presentation");
        present.textProperty().bind(t.text("view.presentation.short"));
        present.setGraphic(Icons.screen());
        present.setTooltip(new Tooltip());
        present.getTooltip().textProperty().bind(t.text("view.presentation.tooltip"));
        present.selectedProperty().bindBidirectional(ui.state().presentation);
        present.selectedProperty().addListener((o, a, b) -> {
            if (getScene() != null && getScene().getWindow() instanceof Stage s) s.setFullScreen(b);
        });
        HBox langBox = new HBox(en, zh);
        langBox.getStyleClass().add("segmented");
        lessonsToggle.setId("lessons-toggle");
        lessonsToggle.textProperty().bind(t.text("lesson.toolbar"));
        lessonsToggle.setTooltip(new Tooltip());
        lessonsToggle.getTooltip().textProperty().bind(t.text("lesson.toolbar.tooltip"));
        lessonsToggle.setOnAction(e -> showLessons(lessonsToggle.isSelected()));
        for (javafx.scene.control.Control c : java.util.List.of(lessonsToggle, en, zh, dark, present)) c.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(8, lessonsToggle, langBox, dark, present);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setAlignment(Pos.CENTER_RIGHT);
        return box;
    }

    private MenuBar menuBar() {
        I18n t = ui.i18n();
        LabModel lab = ui.lab();
        Menu file = menu("menu.file");
        MenuItem open = item("menu.open", "Shortcut+O", this::openSessionDialog);
        MenuItem save = item("menu.save", "Shortcut+S", this::saveSessionDialog);
        MenuItem exportPane = item("menu.exportPane", "Shortcut+E", this::exportPaneDialog);
        MenuItem quit = item("menu.quit", "Shortcut+Q", () -> {
            if (getScene() != null) getScene().getWindow().hide();
        });
        file.getItems().addAll(open, save, new SeparatorMenuItem(), exportPane, new SeparatorMenuItem());
        file.getItems().addAll(PytorchMenu.items(ui, () -> getScene().getWindow()));
        file.getItems().addAll(new SeparatorMenuItem(), quit);

        Menu comparisons = menu("menu.comparison");
        for (Comparison c : Comparison.values()) {
            MenuItem i = item(c.key(), null, () -> {
                lab.loadComparison(c);
                lab.buildAll();
            });
            comparisons.getItems().add(i);
        }

        Menu lessonMenu = menu("menu.lessons");
        CheckMenuItem panel = new CheckMenuItem();
        panel.textProperty().bind(t.text("menu.lessonPanel"));
        panel.setAccelerator(KeyCombination.valueOf("Shortcut+L"));
        panel.setOnAction(e -> showLessons(panel.isSelected()));
        lessonMenu.setOnShowing(e -> panel.setSelected(lessonsShown()));
        MenuItem lessonFile = item("menu.openLesson", null, () -> {
            Path p = ui.dialogs().open(getScene().getWindow(), t.get("menu.openLesson"), "json");
            if (p != null) {
                showLessons(true);
                lessons.openFile(p);
            }
        });
        lessonMenu.getItems().addAll(panel, lessonFile);

        Menu data = menu("menu.data");
        MenuItem folder = item("menu.dataFolder", null, () -> {
            Path p = ui.dialogs().folder(getScene().getWindow(), t.get("menu.dataFolder"));
            if (p != null) {
                lab.dataFolder.set(p);
                lab.post(Notice.info("notice.dataFolder", p.toString()));
            }
        });
        data.getItems().add(folder);

        Menu view = menu("menu.view");
        Menu language = menu("menu.language");
        ToggleGroup g = new ToggleGroup();
        for (Locale l : I18n.LOCALES) {
            RadioMenuItem r = new RadioMenuItem(l.getLanguage().equals("zh") ? "中文（简体）" : "English");
            if (l.getLanguage().equals("zh")) r.setStyle("-fx-font-family: '" + ui.state().cjkFamily() + "';");
            r.setToggleGroup(g);
            r.setSelected(l.getLanguage().equals(t.locale().getLanguage()));
            r.setOnAction(e -> t.localeProperty().set(l));
            t.localeProperty().addListener((o, a, b) -> r.setSelected(b.getLanguage().equals(l.getLanguage())));
            language.getItems().add(r);
        }
        CheckMenuItem dark = new CheckMenuItem();
        dark.textProperty().bind(t.text("menu.dark"));
        dark.selectedProperty().bindBidirectional(ui.state().dark);
        CheckMenuItem present = new CheckMenuItem();
        present.textProperty().bind(t.text("menu.presentation"));
        present.setAccelerator(KeyCombination.valueOf("F5"));
        present.selectedProperty().bindBidirectional(ui.state().presentation);
        MenuItem full = item("menu.fullScreen", "F11", this::toggleFullScreen);
        view.getItems().addAll(language, dark, present, full);

        Menu help = menu("menu.help");
        HelpDialogs dialogs = new HelpDialogs(ui);
        MenuItem welcomeItem = item("menu.welcome", null, () -> { if (welcome != null) welcome.run(); });
        MenuItem keys = item("menu.keys", "F1", () -> dialogs.keys(getScene().getWindow()).show());
        MenuItem about = item("menu.about", null, () -> dialogs.about(getScene().getWindow()).show());
        welcomeItem.setId("menu-welcome");
        keys.setId("menu-keys");
        about.setId("menu-about");
        help.getItems().addAll(welcomeItem, keys, about);
        MenuBar bar = new MenuBar(file, comparisons, lessonMenu, data, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private Runnable welcome;

    /** What Help → How to use this in class does (shows the welcome overlay; set by the app). */
    public void setWelcome(Runnable show) { welcome = show; }

    private Menu menu(String key) {
        Menu m = new Menu();
        m.textProperty().bind(ui.i18n().text(key));
        return m;
    }

    private MenuItem item(String key, String accelerator, Runnable action) {
        MenuItem i = new MenuItem();
        i.textProperty().bind(ui.i18n().text(key));
        if (accelerator != null) i.setAccelerator(KeyCombination.valueOf(accelerator));
        i.setOnAction(e -> action.run());
        return i;
    }

    // ---- sessions and export -------------------------------------------------------------------------

    /** The window state a session file keeps. */
    public Map<String, String> sessionLayout() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pane", Integer.toString(tabs.getSelectionModel().getSelectedIndex()));
        m.put("theme", ui.state().dark.get() ? "dark" : "light");
        m.put("language", ui.i18n().locale().toLanguageTag());
        m.put("presentation", Boolean.toString(ui.state().presentation.get()));
        return m;
    }

    private boolean paneLocked;

    /** Opening a session keeps the pane on screen (the command line chose it). */
    public void lockPane() { paneLocked = true; }

    private boolean lookLocked;

    /** Opening a session keeps the language and theme (the command line chose them). */
    public void lockLook() { lookLocked = true; }

    public void applyLayout(Map<String, String> m) {
        try {
            if (paneLocked) throw new NumberFormatException("pane chosen on the command line");
            int pane = Integer.parseInt(m.getOrDefault("pane", "0"));
            if (pane >= 0 && pane < tabs.getTabs().size()) tabs.getSelectionModel().select(pane);
        } catch (NumberFormatException ignored) {
            // an old or edited file: keep the current pane
        }
        if (lookLocked) return;
        ui.state().dark.set("dark".equals(m.get("theme")));
        String lang = m.get("language");
        if (lang != null) ui.i18n().localeProperty().set(lang.startsWith("zh") ? I18n.CHINESE : I18n.ENGLISH);
    }

    public void saveSessionDialog() {
        Path p = ui.dialogs().save(getScene().getWindow(), ui.i18n().get("menu.save"), "lesson" + SessionFile.EXTENSION, "rlab");
        if (p != null) ui.models().sessions().save(p, sessionLayout());
    }

    public void openSessionDialog() {
        Path p = ui.dialogs().open(getScene().getWindow(), ui.i18n().get("menu.open"), "rlab");
        if (p != null) openSession(p);
    }

    public void openSession(Path p) { ui.models().sessions().open(p, this::applyLayout); }

    public void exportPaneDialog() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        Path p = ui.dialogs().save(getScene().getWindow(), ui.i18n().get("menu.exportPane"), tab.getId().replace("tab-", "") + ".png", "png");
        if (p != null) ui.exporter().pane(tab.getContent(), p);
    }

}
