package resnetlab.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.font.TextAttribute;
import java.text.AttributedCharacterIterator;
import java.util.List;

import org.junit.jupiter.api.Test;

class LogTicksTest {

    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private static List<String> labels(double lo, double hi, int max) {
        return LogTicks.ticks(lo, hi, max, FONT).stream().filter(LogTicks.Tick::major).map(t -> text(t.label())).toList();
    }

    private static String text(java.text.AttributedString s) {
        AttributedCharacterIterator it = s.getIterator();
        StringBuilder sb = new StringBuilder();
        for (char c = it.first(); c != AttributedCharacterIterator.DONE; c = it.next()) {
            sb.append(c);
        }
        return sb.toString();
    }

    @Test
    void manyDecadesArePowersOfTenWithSuperscriptExponents() {
        List<LogTicks.Tick> ticks = LogTicks.ticks(3e-11, 0.5, 20, FONT);
        List<String> majors = ticks.stream().filter(LogTicks.Tick::major).map(t -> text(t.label())).toList();
        assertThat(majors).containsExactly("10-10", "10-9", "10-8", "10-7", "10-6", "10-5", "10-4", "10-3", "10-2", "10-1");
        AttributedCharacterIterator it = ticks.stream().filter(LogTicks.Tick::major).findFirst().orElseThrow()
                .label().getIterator();
        it.setIndex(3);
        assertThat(it.getAttribute(TextAttribute.SUPERSCRIPT)).isEqualTo(TextAttribute.SUPERSCRIPT_SUPER);
        // little room per decade: no 2..9 grid; plenty of room: an unlabelled one
        assertThat(ticks).allMatch(LogTicks.Tick::major);
        List<LogTicks.Tick> roomy = LogTicks.ticks(3e-11, 0.5, 40, FONT);
        assertThat(roomy.stream().filter(t -> !t.major())).allMatch(t -> t.label() == null).hasSize(7 + 9 * 8 + 4); // 3..9e-11, 2..9 × 1e-10 .. 1e-2, 0.2..0.5
    }

    @Test
    void crowdedDecadesAreThinned() {
        assertThat(labels(1e-17, 1, 5)).containsExactly("10-15", "10-10", "10-5", "100");
    }

    @Test
    void aFewDecadesNearOneArePlainNumbers() {
        assertThat(labels(0.05, 12, 20)).startsWith("0.05", "0.1", "0.2").contains("1", "2", "5", "10");
        assertThat(labels(0.06, 1.0, 6)).containsExactly("0.1", "0.2", "0.5", "1");
        assertThat(labels(0.06, 1.0, 10)).containsExactly("0.1", "0.2", "0.3", "0.5", "1");
    }

    @Test
    void labelsDoNotCrowdAtTheTopOfADecade() {
        // 0.3..1 has room for 8 labels, but 0.8, 0.9 and 1 would sit closer than 1/8 of the axis
        assertThat(labels(0.3, 1.0, 8)).containsExactly("0.3", "0.5", "1");
        assertThat(labels(0.3, 1.0, 30)).contains("0.7", "0.8", "0.9", "1");
    }

    @Test
    void narrowRangesFallBackToEvenSteps() {
        assertThat(labels(0.31, 0.39, 5)).containsExactly("0.32", "0.34", "0.36", "0.38");
    }

    @Test
    void noTicksForImpossibleRanges() {
        assertThat(LogTicks.ticks(0, 1, 5, FONT)).isEmpty();
        assertThat(LogTicks.ticks(2, 1, 5, FONT)).isEmpty();
    }
}
