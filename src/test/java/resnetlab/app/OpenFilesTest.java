package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Files handed to the app: which kind each is, and the open-file events kept until the window takes them. */
class OpenFilesTest {
    @Test void sessionsAndLessonsByTheirNames() {
        assertThat(OpenFiles.kind(Path.of("a/class.rlab"))).isEqualTo(OpenFiles.Kind.SESSION);
        assertThat(OpenFiles.kind(Path.of("Class.RLAB"))).isEqualTo(OpenFiles.Kind.SESSION);
        assertThat(OpenFiles.kind(Path.of("mine.lesson.json"))).isEqualTo(OpenFiles.Kind.LESSON);
        assertThatThrownBy(() -> OpenFiles.kind(Path.of("session.rlab.zip"))).hasMessageStartingWith("session.rlab.zip: resnet-lab opens");
    }

    @Test void anEventBeforeTheWindowIsKeptAndDeliveredInOrderThenEventsGoStraightThrough() {
        List<Path> got = new ArrayList<>();
        OpenFiles.reset(); // as at start: the window is not there yet
        OpenFiles.received(Path.of("first.rlab"));
        OpenFiles.received(Path.of("second.json"));
        assertThat(got).isEmpty();
        OpenFiles.deliverTo(got::add);
        assertThat(got).containsExactly(Path.of("first.rlab"), Path.of("second.json"));
        OpenFiles.received(Path.of("third.rlab"));
        assertThat(got).containsExactly(Path.of("first.rlab"), Path.of("second.json"), Path.of("third.rlab"));
        OpenFiles.deliverTo(got::add);
        assertThat(got).as("delivered once").hasSize(3);
    }
}
