package resnetlab.lessons;

import java.util.List;

/**
 * What {@link LessonLoader} made of a file: the lesson when the file is valid, else null and every problem found.
 *
 * @param source   the file or resource that was read
 * @param lesson   the lesson, or null when there are problems
 * @param problems empty exactly when {@code lesson} is not null
 */
public record LoadResult(String source, Lesson lesson, List<LessonProblem> problems) {
    public LoadResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() { return lesson != null; }

    /** One problem per line, as {@link LessonProblem#toString()}. */
    public String report() {
        return String.join(System.lineSeparator(), problems.stream().map(LessonProblem::toString).toList());
    }
}
