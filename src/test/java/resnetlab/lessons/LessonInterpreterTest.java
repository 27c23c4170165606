package resnetlab.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one interpreter of lesson steps, on a host that only writes down what it is asked to do. */
class LessonInterpreterTest {
    /** Records each call as "setUp 3", "train ResNet-14", ...; replays what the default says. */
    static final class Recorder implements LessonHost<String> {
        final List<String> calls = new ArrayList<>();

        private String note(String s) { calls.add(s); return s; }
        @Override public String setUp(LessonStep step) { return note("setUp " + step.number()); }
        @Override public String train(LessonAction.Train a) { return note("train " + a.model()); }
        @Override public String delete(LessonAction.DeleteBlock a) { return note("delete " + a.block()); }
        @Override public String swap(LessonAction.SwapBlocks a) { return note("swap " + a.first() + " " + a.second()); }
        @Override public String setLambda(LessonAction.SetLambda a) { return note("set-lambda " + a.lambda()); }
        @Override public String experiment(LessonAction.RunExperiment a) { return note("experiment " + a.experiment().fileName()); }
    }

    private static Lesson tiny() throws Exception {
        LoadResult r = LessonLoader.load(LessonFiles.write(java.nio.file.Files.createTempDirectory("interp"), "tiny.json", LessonFiles.VALID));
        assertThat(r.problems()).as(r.report()).isEmpty();
        return r.lesson();
    }

    @Test void aStepIsItsSetUpThenItsActionsInOrder() throws Exception {
        Lesson l = tiny();
        Recorder host = new Recorder();
        List<String> out = LessonInterpreter.step(l.steps().get(0), host);
        assertThat(out).containsExactly("setUp 1", "train null");
        assertThat(LessonInterpreter.step(l.steps().get(1), new Recorder())).containsExactly("delete 1");
    }

    @Test void aStepThatKeepsModelsReplaysTheSetUpAndWhatChangedThem() throws Exception {
        Lesson l = tiny();
        // step 2 keeps step 1's models: replay = step 1's set-up and its training (a delete would not be replayed)
        assertThat(LessonInterpreter.replay(l, 1, i -> new Recorder())).containsExactly("setUp 1", "train null");
        assertThat(LessonInterpreter.replay(l, 0, i -> new Recorder())).isEmpty();
        assertThat(LessonInterpreter.setUpStep(l, 1)).isEqualTo(0);
    }

    /** Every shipped lesson: each step's calls are exactly its set-up (if any) and its actions, one per action kind. */
    @Test void everyShippedLessonInterpretsEveryActionOnce() {
        for (LoadResult r : LessonLoader.loadShipped()) {
            assertThat(r.problems()).as(r.report()).isEmpty();
            Lesson l = r.lesson();
            for (int k = 0; k < l.steps().size(); k++) {
                LessonStep s = l.steps().get(k);
                Recorder host = new Recorder();
                LessonInterpreter.step(s, host);
                List<String> kinds = new ArrayList<>();
                if (s.setsUpModels()) kinds.add("setUp");
                for (LessonAction a : s.actions()) kinds.add(a.kind());
                assertThat(host.calls.stream().map(c -> c.split(" ")[0]).toList()).as(l.id() + " step " + (k + 1))
                        .containsExactlyElementsOf(kinds);
            }
        }
    }
}
