package dev.stresslab.simulator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.AnswerKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the simulator answers LiveCodeBench questions: the "gold" it knows is the problem's reference solution (from
 * {@code reference-solutions.jsonl} beside the fixture; {@link #NO_REFERENCE} when there is none, as for real data),
 * written as a correct answer with its profile's accuracy; otherwise a wrong program (wrong output or an exception).
 * Answers are {@code ```python} blocks, as REST's split expects.
 */
public final class CodeAnswers {
    /** What a question without a reference solution is "answered" with: it fails every test. */
    public static final String NO_REFERENCE = "print('no reference solution')";
    private static final ObjectMapper JSON = new ObjectMapper();
    // REST substitutes these placeholders in statements with the prompt's anchor row (rest-livecodebench.md 3.3)
    private static final Pattern COLUMN_PLACEHOLDER = Pattern.compile("\\{(platform|question_id|contest_id|contest_date|"
            + "starter_code|difficulty|public_test_cases|private_test_cases|metadata|format_prompt|evaluation_sample|"
            + "question_content_list|question_id_list|q_key|a_key|subdivision|idx)}");

    private CodeAnswers() {
    }

    /** Reference programs by question id from {@code reference-solutions.jsonl} ({@code question_id}, {@code code}). */
    public static Map<String, String> references(Path file) {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    JsonNode n = JSON.readTree(line);
                    out.put(n.path("question_id").asText(), n.path("code").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The bank entries of one code question: gold = its reference program; and, when the statement holds a column
     * placeholder REST substitutes per prompt, also its text up to that placeholder, so the prefix lookup finds it.
     */
    public static List<KnownQuestion> known(String benchmark, String id, String text, Map<String, String> references) {
        String gold = references.getOrDefault(id, NO_REFERENCE);
        List<KnownQuestion> out = new ArrayList<>(2);
        out.add(new KnownQuestion(benchmark, id, text, gold, AnswerKind.CODE));
        Matcher m = COLUMN_PLACEHOLDER.matcher(text);
        if (m.find() && m.start() > 0) {
            out.add(new KnownQuestion(benchmark, id, text.substring(0, m.start()), gold, AnswerKind.CODE));
        }
        return out;
    }

    /** A plausible wrong program for a problem whose reference program is {@code reference}. */
    public static String wrongProgram(String reference, SplittableRandom rnd) {
        boolean callBased = reference.contains("class Solution");
        int kind = rnd.nextInt(10);
        if (callBased) {
            String signature = reference.lines().filter(l -> l.strip().startsWith("def ")).findFirst()
                    .orElse("    def solve(self, *args):");
            return kind < 8 ? "class Solution:\n" + signature + "\n        return -1"
                    : "class Solution:\n" + signature + "\n        raise ValueError('not solved')";
        }
        return kind < 8 ? "s = input()\nprint(-1)" : "a = int('not a number')\nprint(a)";
    }

    /** The answer section for one position: a label and the program in a python block. */
    public static String section(int position, String program) {
        return "Answer to Q" + position + ":\n```python\n" + program + "\n```";
    }
}
