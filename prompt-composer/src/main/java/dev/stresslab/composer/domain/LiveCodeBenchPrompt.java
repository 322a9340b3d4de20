package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.contracts.PythonText;
import dev.stresslab.benchmarks.Question;

import java.util.List;
import java.util.Map;

/**
 * REST's LiveCodeBench stress prompt ({@code merge_livecodebench} + OpenCompass's {@code safe_format};
 * rest-livecodebench.md section 3), byte for byte, including the placeholder quirk: after the merged text replaces
 * {@code {question_content}}, every later column of the anchor row (the last slot) is substituted inside the
 * statements, in column order ({@code {question_id}} becomes empty, list columns their Python repr, ...). We copy the
 * quirk so the model sees exactly REST's text (docs/code.md says why).
 */
public final class LiveCodeBenchPrompt {
    static final String HEAD = "Answer the following questions one by one. Enclose the code for each question within "
            + "delimiters as follows.\n```python\n# YOUR CODE HERE\n```\n\n\n\n";
    static final String TAIL = "\n\nAnswer the above questions one by one. Enclose the code for each question within "
            + "delimiters as follows.\n```python\n# YOUR CODE HERE\n```. ### Answer: (use the provided format with "
            + "backticks)\n\n";
    /** The merged row's columns after question_content, in order (the order of substitution). */
    static final List<String> LATER_COLUMNS = List.of("platform", "question_id", "contest_id", "contest_date",
            "starter_code", "difficulty", "public_test_cases", "private_test_cases", "metadata", "format_prompt",
            "evaluation_sample", "question_content_list", "question_id_list", "q_key", "a_key", "subdivision", "idx");

    private LiveCodeBenchPrompt() {
    }

    /** The merged text: header, "Qj: " + each slot's text, tail, Python-stripped. */
    public static String merged(List<Question> slots) {
        StringBuilder text = new StringBuilder(HEAD);
        for (int j = 0; j < slots.size(); j++) {
            text.append('Q').append(j + 1).append(": ").append(slots.get(j).text()).append("\n\n");
        }
        return PythonText.strip(text.append(TAIL).toString());
    }

    /** The user message of prompt {@code index} at {@code level}: the merged text after REST's substitution. */
    public static String userMessage(Benchmark benchmark, List<Question> slots, int level, int index) {
        String text = merged(slots);
        Map<String, Map<String, String>> values = benchmark.placeholderValues();
        if (values.isEmpty()) {
            return text; // no statement holds a column placeholder
        }
        Map<String, String> anchor = values.get(slots.get(slots.size() - 1).id());
        for (String col : LATER_COLUMNS) {
            String placeholder = "{" + col + "}";
            if (text.contains(placeholder)) {
                text = text.replace(placeholder, value(col, anchor, values, slots, level, index));
            }
        }
        return text;
    }

    private static String value(String col, Map<String, String> anchor, Map<String, Map<String, String>> values,
                                List<Question> slots, int level, int index) {
        return switch (col) {
            case "question_id" -> ""; // the output column is blanked when the prompt is rendered
            case "format_prompt" -> PythonText.reprList(slots.stream().map(q -> values.get(q.id()).get("format_prompt")).toList());
            case "question_content_list" -> PythonText.reprList(slots.stream()
                    .map(q -> values.get(q.id()).get("question_content")).toList());
            case "question_id_list" -> PythonText.reprList(slots.stream().map(Question::id).toList());
            case "q_key" -> "question_content";
            case "a_key" -> "question_id";
            case "subdivision" -> "lcb_code_generation_merge" + level + "_test";
            case "idx" -> Integer.toString(index);
            default -> anchor.get(col);
        };
    }
}
