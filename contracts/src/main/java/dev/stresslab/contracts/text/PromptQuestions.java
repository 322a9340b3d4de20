package dev.stresslab.contracts.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a REST stress prompt into its question texts (rest-method.md section 3): the blocks that start with
 * "Q1: ", "Q2: ", … in order, the last one ending where "Answer the above" starts. "Q1: " counts at the start of the
 * text or after any character that is not a letter or digit (a chat template's tag may precede it); later markers
 * count only at the start of a line, as REST's templates put them, so "... Q4: ..." inside a question is text.
 * A prompt without "Q1: " is one question (everything before the instruction).
 * <p>
 * The inverse of the composer's template (composer StressPromptBuilder), here because two services read prompts back:
 * the simulator finds the questions it must answer, analytics' prompt viewer shows each question beside its verdict.
 */
public final class PromptQuestions {
    static final String INSTRUCTION_START = "Answer the above";
    /** Guard against absurd prompts: REST uses at most 12 questions per prompt. */
    static final int MAX_QUESTIONS = 200;

    private PromptQuestions() {
    }

    public static List<String> questions(String prompt) {
        List<int[]> spans = new ArrayList<>();   // {markerStart, textStart}
        int from = 0;
        for (int j = 1; j <= MAX_QUESTIONS; j++) {
            int at = findMarker(prompt, "Q" + j + ": ", from, j == 1);
            if (at < 0) {
                break;
            }
            int textStart = at + ("Q" + j + ": ").length();
            spans.add(new int[]{at, textStart});
            from = textStart;
        }
        List<String> out = new ArrayList<>();
        if (spans.isEmpty()) {
            int end = prompt.lastIndexOf(INSTRUCTION_START);
            String text = end >= 0 ? prompt.substring(0, end) : prompt;
            if (!text.isBlank()) {
                out.add(text);
            }
            return out;
        }
        for (int i = 0; i < spans.size(); i++) {
            int start = spans.get(i)[1];
            int end;
            if (i + 1 < spans.size()) {
                end = spans.get(i + 1)[0];
            } else {
                int instr = prompt.lastIndexOf(INSTRUCTION_START);
                end = instr >= start ? instr : prompt.length();
            }
            out.add(prompt.substring(start, end));
        }
        return out;
    }

    private static int findMarker(String prompt, String marker, int from, boolean first) {
        int at = prompt.indexOf(marker, from);
        while (at > 0 && !acceptable(prompt.charAt(at - 1), first)) {
            at = prompt.indexOf(marker, at + 1);
        }
        return at;
    }

    private static boolean acceptable(char before, boolean first) {
        return before == '\n' || (first && !Character.isLetterOrDigit(before));
    }
}
