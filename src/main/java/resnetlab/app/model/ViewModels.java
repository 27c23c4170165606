package resnetlab.app.model;

/**
 * The app's view-models, made and wired in one place ({@link #create()}, called by {@code App}); the views
 * receive them and construct none. Every part runs without a window: the bench ({@link LabModel}) with its
 * shared settings ({@link BenchSettings}), notices ({@link Notices}) and long-task thread ({@link Tasks});
 * sessions ({@link Sessions}); the panes' models ({@link LesionModel}, {@link ExperimentModel}); the lesson
 * runner ({@link LessonModel}).
 */
public record ViewModels(LabModel lab, Sessions sessions, LesionModel lesion, ExperimentModel experiments, LessonModel lessons) {
    public static ViewModels create() {
        Notices notices = new Notices();
        LabModel lab = new LabModel(new BenchSettings(), new Tasks(notices::post), notices);
        LesionModel lesion = new LesionModel(lab);
        ExperimentModel experiments = new ExperimentModel(lab);
        return new ViewModels(lab, new Sessions(lab), lesion, experiments, new LessonModel(lab, lesion, experiments));
    }
}
