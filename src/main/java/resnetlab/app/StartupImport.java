package resnetlab.app;

import java.nio.file.Path;
import java.util.List;
import resnetlab.app.model.LabModel;
import resnetlab.app.model.PytorchBridge;
import resnetlab.pytorch.PytorchProject;

/**
 * {@code --import-pytorch DIR}: the bench starts with only the network of a PyTorch project, with the newest
 * weights of the project or its run folder, imported as File ▸ Import PyTorch weights… does (for screenshots and
 * for a class that looks at a net trained elsewhere). A bad project gives the same error notice as the menu.
 */
final class StartupImport {
    private StartupImport() {}

    static void replaceBench(LabModel lab, Path project) {
        lab.replaceModels(List.of());
        Path weights = PytorchBridge.defaultWeights(project);
        new PytorchBridge(lab).importWeights(project, weights != null ? weights : project.resolve(PytorchProject.WEIGHTS_FILE));
    }
}
