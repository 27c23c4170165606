package resnetlab.app.view;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.Window;
import resnetlab.app.model.BenchModel;
import resnetlab.app.model.PytorchBridge;

/**
 * The File menu's PyTorch entries: "Export as PyTorch project" (a sub-menu listing the bench's models, filled
 * each time the File menu opens; the
 * project goes into a new folder inside the chosen one) and "Import PyTorch weights…" (a project folder, then
 * its weights file, by default the newest weights.safetensors of the project or its run folder).
 */
final class PytorchMenu {
    private PytorchMenu() {}

    static List<MenuItem> items(UiContext ui, Supplier<Window> window) {
        PytorchBridge bridge = new PytorchBridge(ui.lab());
        Menu export = new Menu();
        export.setId("menu-export-pytorch");
        export.textProperty().bind(ui.i18n().text("menu.exportPytorch"));
        Runnable fill = () -> {
            export.getItems().clear();
            for (BenchModel m : ui.lab().models()) {
                MenuItem i = new MenuItem(m.spec() == null ? "#" + (m.slot() + 1) : m.spec().displayName() + "  (#" + (m.slot() + 1) + ")");
                i.setId("export-pytorch-" + m.slot());
                i.setDisable(m.built() == null);
                i.setOnAction(a -> {
                    Path parent = ui.dialogs().folder(window.get(), ui.i18n().get("dialog.exportPytorch"));
                    if (parent != null) bridge.export(m, freshFolder(parent, m.spec().displayName() + "-pytorch"));
                });
                export.getItems().add(i);
            }
            if (export.getItems().isEmpty()) {
                MenuItem none = new MenuItem(ui.i18n().get("menu.exportPytorch.none"));
                none.setDisable(true);
                export.getItems().add(none);
            }
        };
        fill.run();
        // filled as the File menu opens, so the sub-menu is complete before it is shown
        export.parentMenuProperty().addListener((o, a, parent) -> {
            if (parent != null) parent.addEventHandler(Menu.ON_SHOWING, e -> fill.run());
        });
        MenuItem importItem = new MenuItem();
        importItem.setId("menu-import-pytorch");
        importItem.textProperty().bind(ui.i18n().text("menu.importPytorch"));
        importItem.setOnAction(e -> {
            Path project = ui.dialogs().folder(window.get(), ui.i18n().get("dialog.importProject"));
            if (project == null) return;
            Path weights = ui.dialogs().open(window.get(), ui.i18n().get("dialog.importWeights"), "safetensors",
                    PytorchBridge.defaultWeights(project));
            if (weights != null) bridge.importWeights(project, weights);
        });
        return List.of(export, importItem);
    }

    /** {@code parent/name}, or {@code name-2}, {@code name-3}, ... when that exists: an export never overwrites. */
    static Path freshFolder(Path parent, String name) {
        Path p = parent.resolve(name);
        for (int k = 2; Files.exists(p); k++) p = parent.resolve(name + "-" + k);
        return p;
    }
}
