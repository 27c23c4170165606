package resnetlab.app.model;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The messages shown in the window's notice bar, newest last; the oldest go past {@value #KEPT}. FX thread only. */
public final class Notices {
    static final int KEPT = 50;
    private final ObservableList<Notice> list = FXCollections.observableArrayList();

    public ObservableList<Notice> list() { return list; }

    public void post(Notice n) {
        list.add(n);
        if (list.size() > KEPT) list.remove(0);
    }
}
