package resnetlab.app.view;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import resnetlab.app.i18n.I18n;

/**
 * Help → Keyboard shortcuts and Help → About: small dialogs in the window's language and theme. About lists
 * every library and data set inside the program with its licence ({@code licences.tsv} beside the messages).
 */
public final class HelpDialogs {
    /** Keys and what they do: message keys help.key.N.key / help.key.N.does. */
    static final int KEYS = 12;

    private final UiContext ui;

    public HelpDialogs(UiContext ui) { this.ui = ui; }

    public Dialog<Void> keys(Window owner) {
        I18n t = ui.i18n();
        GridPane grid = new GridPane();
        grid.setHgap(18);
        grid.setVgap(6);
        for (int i = 1; i <= KEYS; i++) {
            Label key = new Label(t.get("help.key." + i + ".key"));
            key.getStyleClass().add("help-key");
            Label does = new Label(t.get("help.key." + i + ".does"));
            does.getStyleClass().add("help-cell");
            grid.addRow(i - 1, key, does);
        }
        grid.setId("help-keys");
        return dialog(owner, t.get("menu.keys"), grid);
    }

    public Dialog<Void> about(Window owner) {
        I18n t = ui.i18n();
        String version = resnetlab.Version.get();
        String java = System.getProperty("java.version"), javafx = System.getProperty("javafx.runtime.version", "?");
        Label head = new Label(t.get("about.head", version));
        head.setWrapText(true);
        head.getStyleClass().add("help-cell");
        GridPane grid = new GridPane();
        grid.setId("about-licences");
        grid.setHgap(18);
        grid.setVgap(4);
        grid.addRow(0, bold(t.get("about.component")), bold(t.get("about.version")), bold(t.get("about.licence")));
        int row = 1;
        for (String[] c : licences()) {
            String v = c[1].replace("${version}", version).replace("${java}", java).replace("${javafx}", javafx);
            grid.addRow(row++, cell(c[0]), cell(v), cell(c[2]));
        }
        Label foot = new Label(t.get("about.foot"));
        foot.setWrapText(true);
        foot.getStyleClass().add("help-cell");
        VBox box = new VBox(12, head, grid, foot);
        box.setPrefWidth(720);
        return dialog(owner, t.get("menu.about"), box);
    }

    /** The rows of licences.tsv: name, version, licence. */
    public static List<String[]> licences() {
        List<String[]> rows = new ArrayList<>();
        var in = HelpDialogs.class.getResourceAsStream("/resnetlab/app/licences.tsv");
        if (in == null) return rows;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] c = line.split("\t");
                if (c.length == 3) rows.add(c);
            }
        } catch (IOException e) {
            // a jar that cannot read its own resource: the dialog shows what it has
        }
        return rows;
    }

    private Dialog<Void> dialog(Window owner, String title, javafx.scene.Node content) {
        Dialog<Void> d = new Dialog<>();
        if (owner != null) d.initOwner(owner);
        d.setTitle(title);
        d.getDialogPane().setContent(content);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.getDialogPane().getStylesheets().add(MainView.class.getResource(MainView.CSS).toExternalForm());
        if (ui.state().dark.get()) d.getDialogPane().getStyleClass().add("dark");
        d.getDialogPane().setStyle("-fx-font-family: '" + ui.state().fontFamily() + "';");
        return d;
    }

    private static Label bold(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("help-key");
        return l;
    }

    private static Label cell(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("help-cell");
        return l;
    }
}
