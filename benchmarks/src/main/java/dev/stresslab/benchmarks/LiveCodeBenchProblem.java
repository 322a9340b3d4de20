package dev.stresslab.benchmarks;

import dev.stresslab.contracts.PythonText;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One LiveCodeBench {@code code_generation_lite} row with what REST derives from it (rest-livecodebench.md 1.3 and 2).
 *
 * @param columns      the 11 published string columns in their published order, exactly as read
 * @param tests        public tests then private tests, each in stored order (REST's {@code evaluation_sample})
 * @param fnName       {@code metadata.func_name}: call-based when non-null, stdin/stdout otherwise
 * @param formatPrompt REST's {@code format_prompt}
 */
public record LiveCodeBenchProblem(Map<String, String> columns, LocalDateTime contestDate, List<CodeTest> tests,
                                   String fnName, String formatPrompt) {

    /** The published columns, in order (the order decides REST's placeholder substitution). */
    public static final List<String> COLUMNS = List.of("question_title", "question_content", "platform", "question_id",
            "contest_id", "contest_date", "starter_code", "difficulty", "public_test_cases", "private_test_cases",
            "metadata");

    static final String WITH_STARTER = "You will use the following starter code to write the solution to the problem "
            + "and enclose your code within delimiters.";
    // sic: "stdin solve", no comma
    static final String WITHOUT_STARTER = "Read the inputs from stdin solve the problem and write the answer to stdout "
            + "(do not directly test on the sample inputs). Enclose your code within delimiters as follows.";

    public LiveCodeBenchProblem {
        columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
        tests = List.copyOf(tests);
    }

    public String questionId() {
        return columns.get("question_id");
    }

    public String content() {
        return columns.get("question_content");
    }

    /** REST's format_prompt for a row's starter code (any non-empty starter code counts, even whitespace). */
    public static String formatPrompt(String starterCode) {
        return starterCode.isEmpty()
                ? "### Format: " + WITHOUT_STARTER + "\n```python\n# YOUR CODE HERE\n```\n\n"
                : "### Format: " + WITH_STARTER + "\n```python\n" + starterCode + "\n```\n\n";
    }

    /** What follows "Qj: " in a stress prompt: {@code (question_content + "\n\n" + format_prompt).strip()}. */
    public String slotText() {
        return PythonText.strip(content() + "\n\n" + formatPrompt);
    }

    /** REST's {@code evaluation_sample}: Python's {@code json.dumps} of inputs, outputs and fn_name. */
    public String evaluationSample() {
        List<String> in = new ArrayList<>(tests.size());
        List<String> out = new ArrayList<>(tests.size());
        for (CodeTest t : tests) {
            in.add(PythonText.jsonString(t.input()));
            out.add(PythonText.jsonString(t.output()));
        }
        return "{\"inputs\": [" + String.join(", ", in) + "], \"outputs\": [" + String.join(", ", out)
                + "], \"fn_name\": " + (fnName == null ? "null" : PythonText.jsonString(fnName)) + "}";
    }
}
