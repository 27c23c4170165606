package resnetlab.app.view;

import resnetlab.app.i18n.I18n;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.ViewModels;

/** What every view needs: the view-models (made in one place, {@link ViewModels#create()}), the look, the language, and the ways to ask for and write files. */
public final class UiContext {
    private final ViewModels models;
    private final LabModel lab;
    private final UiState state;
    private final Exporter exporter;
    private FileDialogs dialogs;

    public UiContext(ViewModels models, UiState state) {
        this.models = models;
        this.lab = models.lab();
        this.state = state;
        this.exporter = new Exporter(lab);
        this.dialogs = FileDialogs.system(state.i18n);
    }

    public LabModel lab() { return lab; }
    public ViewModels models() { return models; }
    public UiState state() { return state; }
    public I18n i18n() { return state.i18n; }
    public Exporter exporter() { return exporter; }
    public FileDialogs dialogs() { return dialogs; }
    /** Replaces the file choosers (tests). */
    public void setDialogs(FileDialogs d) { dialogs = d; }
}
