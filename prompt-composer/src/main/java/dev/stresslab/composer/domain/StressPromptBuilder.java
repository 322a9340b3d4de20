package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.text.RestChoicePrompt;

import java.util.ArrayList;
import java.util.List;

/**
 * REST's grouping ({@code merge_math}/{@code merge_gpqa}/{@code merge_livecodebench}) and prompt templates
 * (rest-method.md sections 2 and 3; LiveCodeBench in {@link LiveCodeBenchPrompt}),
 * reproduced character for character. Math and multiple-choice text is inserted exactly as loaded: nothing is
 * stripped, and no placeholder in it is ever substituted (REST's GPQA formatter does replace {@code {A}},
 * {@code {B}}, ... inside three questions; we deliberately do not). LiveCodeBench copies REST's stripping and
 * substitution (see {@link LiveCodeBenchPrompt}).
 */
public final class StressPromptBuilder {

    static final String MATH_INSTRUCTION =
            "Answer the above questions one by one. Remember to put your final answer within \\boxed{}.";
    private StressPromptBuilder() {
    }

    /**
     * Question indexes of prompt {@code index} at stress level {@code level} over {@code n} questions:
     * q_(i+1), ..., q_(i+s-1) (mod n), then q_i last, so every question appears once at every position.
     */
    public static int[] group(int n, int level, int index) {
        if (level < 1 || level > n) {
            throw new IllegalArgumentException("stress level " + level + " must be between 1 and " + n);
        }
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("prompt index " + index + " must be between 0 and " + (n - 1));
        }
        int[] out = new int[level];
        for (int j = 1; j < level; j++) {
            out[j - 1] = (index + j) % n;
        }
        out[level - 1] = index;
        return out;
    }

    /** All N prompts of one level over the given questions (the subset a run uses), index 0..N-1. */
    public static List<StressPrompt> build(Benchmark benchmark, List<Question> questions, int level, String systemPrompt) {
        int n = questions.size();
        List<StressPrompt> prompts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            prompts.add(prompt(benchmark, questions, level, i, systemPrompt));
        }
        return prompts;
    }

    /** Prompt {@code index} of one level. */
    public static StressPrompt prompt(Benchmark benchmark, List<Question> questions, int level, int index, String systemPrompt) {
        List<Question> group = new ArrayList<>(level);
        for (int q : group(questions.size(), level, index)) {
            group.add(questions.get(q));
        }
        String user = benchmark.kind() == AnswerKind.CODE
                ? LiveCodeBenchPrompt.userMessage(benchmark, group, level, index)
                : userMessage(benchmark.kind(), group);
        return new StressPrompt(benchmark.name(), level, index, List.copyOf(group), systemPrompt, user);
    }

    /** The user message: "Q1: ...\n\n" per question, then the benchmark's instruction. */
    public static String userMessage(AnswerKind kind, List<Question> questions) {
        StringBuilder block = new StringBuilder();
        for (int j = 0; j < questions.size(); j++) {
            block.append('Q').append(j + 1).append(": ").append(questions.get(j).text()).append("\n\n");
        }
        return switch (kind) {
            case MATH -> block + "\n" + MATH_INSTRUCTION;
            case CHOICE -> RestChoicePrompt.message(block.toString());
            // without the benchmark's placeholder values (see LiveCodeBenchPrompt)
            case CODE -> LiveCodeBenchPrompt.merged(questions);
        };
    }
}
