package resnetlab.lessons;

/** A discussion question with the answer for the teacher, both in English and Chinese. */
public record Question(Text question, Text answer) {}
