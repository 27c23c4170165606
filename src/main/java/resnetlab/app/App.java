package resnetlab.app;

import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;
import resnetlab.app.i18n.I18n;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.Sessions;
import resnetlab.app.model.ViewModels;
import resnetlab.app.view.MainView;
import resnetlab.app.view.UiContext;
import resnetlab.app.view.UiState;

/**
 * resnet-lab's window. Opens on a ready comparison (plain-20, plain-56, ResNet-56 on 16x16 Fashion-MNIST,
 * width 8) that trains with one click. {@link AppOptions} lists the command-line flags.
 */
public final class App extends Application {
    private AppOptions options;
    private LabModel lab;
    private Sessions sessions;
    private UiContext ui;
    private MainView view;
    private Stage stage;
    /** Remembered between runs (none for tests and automated runs); see {@link AppSettings}. */
    private AppSettings settings;
    private resnetlab.app.view.WelcomeOverlay welcome;

    /** For {@link Application#launch}: the options come from the command line. */
    public App() {}

    /** For tests: no settings are read or written. */
    public App(AppOptions options) { this(options, null); }

    /** For tests of the remembered settings: they live in {@code settingsFolder}. */
    public App(AppOptions options, Path settingsFolder) {
        this.options = options;
        this.settings = settingsFolder == null ? AppSettings.none() : AppSettings.in(settingsFolder);
    }

    @Override public void start(Stage stage) {
        this.stage = stage;
        if (options == null) {
            try {
                options = AppOptions.parse(getParameters().getRaw());
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                Platform.exit();
                return;
            }
        }
        resnetlab.app.model.ComputeShare.limitForWindow(); // slow frames make the models take turns, keeping a core for drawing
        ViewModels models = ViewModels.create(); // every view-model, made and wired here; the views make none
        lab = models.lab();
        sessions = models.sessions();
        UiState state = new UiState(new I18n(options.locale()));
        state.dark.set(options.dark());
        state.presentation.set(options.presentation());
        ui = new UiContext(models, state);
        view = new MainView(ui);
        Scene scene = new Scene(view, options.width(), options.height());
        view.attach(scene);
        stage.setScene(scene);
        stage.titleProperty().bind(state.i18n.text("app.title"));
        stage.getIcons().setAll(AppIcon.images());
        if (settings == null) settings = AppSettings.forLaunch(options);
        settings.attach(this, options, stage);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnHidden(e -> lab.close());
        if (options.pane() != null) view.lockPane();
        if (options.lookFromCommandLine()) view.lockLook();
        switch (options.pane() == null ? "curves" : options.pane()) {
            case "flow" -> view.tabs().getSelectionModel().select(1);
            case "lesion" -> view.tabs().getSelectionModel().select(2);
            case "paths" -> view.tabs().getSelectionModel().select(3);
            case "units" -> view.tabs().getSelectionModel().select(4);
            case "responses" -> view.tabs().getSelectionModel().select(5);
            case "landscape" -> view.tabs().getSelectionModel().select(6);
            case "landscape-3d" -> { view.tabs().getSelectionModel().select(6); view.landscape().show3d(true); }
            default -> {
                String p = options.pane() == null ? "" : options.pane();
                boolean only = p.startsWith("landscape-3d:"); // landscape-3d:plain-56,ResNet-56
                view.tabs().getSelectionModel().select(only ? 6 : 0);
                if (only) view.landscape().show3dOnly(java.util.List.of(p.substring("landscape-3d:".length()).split(",")));
            }
        }
        lab.loadComparison(options.comparison());
        if (options.iterations() > 0) {
            lab.iterations.set(Integer.toString(options.iterations()));
            lab.commitSettings();
        }
        if (options.importPytorch() != null) StartupImport.replaceBench(lab, options.importPytorch());
        else lab.buildAll();
        if (options.open() != null) {
            sessions.open(options.open(), layout -> {
                view.applyLayout(layout);
                if (options.iterations() > 0) { // the command line's target wins over the session's
                    lab.iterations.set(Integer.toString(options.iterations()));
                    lab.commitSettings();
                }
            });
        }
        if (options.lesson() != null) view.openLesson(options.lesson());
        OpenFiles.deliverTo(file -> Platform.runLater(() -> open(file)));
        welcome = new resnetlab.app.view.WelcomeOverlay(ui, view, settings::dismissWelcome);
        view.setWelcome(welcome::show);
        // a first run opens on the default comparison with "How to use this in class" over it
        if (settings.showWelcome() && options.open() == null && options.lesson() == null) welcome.show();
        stage.show();
        if (options.presentation()) stage.setFullScreen(true);
        if (options.checkLayout() != null) whenBuilt(() -> LayoutCheck.runAndExit(this, LayoutCheck.views(options)));
        if (options.autostart() || options.benchmark() > 0 || options.prepare() != null || options.soak() > 0) autostart();
        if (options.soak() > 0) whenReady(() -> Soak.run(this, options.soak()));
        if (options.measure()) whenReady(view::runPaneAction);
        if (options.benchmark() > 0) Benchmark.measureUi(this, options.benchmark());
        else if (options.prepare() != null) Prepare.whenFinished(this, options.prepare());
        else if (options.screenshot() != null) screenshotLater(options.screenshot(), options.after());
    }

    /** Opens a session or a lesson file handed to the running app (the system's open-file event). */
    void open(Path file) {
        try {
            if (OpenFiles.kind(file) == OpenFiles.Kind.SESSION) view.openSession(file);
            else view.openLesson(file.toString());
            stage.toFront();
        } catch (IllegalArgumentException e) {
            lab.post(resnetlab.app.model.Notice.error("notice.cannotOpen", file.toString()));
        }
    }

    AppSettings settings() { return settings; }
    resnetlab.app.view.WelcomeOverlay welcome() { return welcome; }
    public LabModel lab() { return lab; }
    public Sessions sessions() { return sessions; }
    public UiContext ui() { return ui; }
    public MainView view() { return view; }
    public Stage stage() { return stage; }

    /** Runs {@code action} once every model is built and has weights (a session restored, or iteration 1 reached). */
    private void whenReady(Runnable action) {
        PauseTransition wait = new PauseTransition(Duration.millis(500));
        wait.setOnFinished(e -> {
            boolean ready = !lab.models().isEmpty() && lab.models().stream().allMatch(m -> m.isRunnable() && m.iteration() > 0)
                    && lab.taskProperty().get() == null;
            if (ready) action.run();
            else wait.playFromStart();
        });
        wait.play();
    }

    /** Presses play as soon as every model is built (data loading and building take a moment). */
    private void autostart() { whenBuilt(lab::play); }

    /** Runs {@code action} once every model is built. */
    private void whenBuilt(Runnable action) {
        PauseTransition wait = new PauseTransition(Duration.millis(200));
        wait.setOnFinished(e -> {
            boolean ready = !lab.models().isEmpty() && lab.models().stream().allMatch(m -> m.isRunnable());
            if (ready) action.run();
            else wait.playFromStart();
        });
        wait.play();
    }

    private void screenshotLater(Path file, double seconds) {
        PauseTransition wait = new PauseTransition(Duration.seconds(seconds));
        wait.setOnFinished(e -> SmokeShot.takeAndExit(this, file));
        wait.play();
    }

    @Override public void stop() {
        resnetlab.app.model.ComputeShare.windowClosed(); // training after the window (the benchmark) is not limited
        if (lab != null) lab.close();
    }
}
