package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.Question;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A run's prompts: for each stress level (in the order given), each prompt index 0..N-1 over the selected questions,
 * and each sample 0..samples-1 of that prompt (the paper samples AIME and AMC 8 times and averages accuracy).
 * Samples of one prompt share the same text. {@code order} re-orders the questions inside each prompt
 * ({@link QuestionOrder}); {@code difficulty} is null for REST's own order.
 */
public record StressPlan(Benchmark benchmark, List<Question> questions, List<Integer> levels, int samples, String system,
                         QuestionOrder order, QuestionDifficulty difficulty) {

    /** One generation to request: prompt {@code index} of {@code level}, sample number {@code sample}. */
    public record Item(int level, int index, int sample, StressPrompt prompt) {
    }

    public StressPlan {
        questions = List.copyOf(questions);
        levels = List.copyOf(new LinkedHashSet<>(levels));
        if (questions.isEmpty()) {
            throw new InvalidRunException("no questions selected from " + benchmark.name(), null);
        }
        if (levels.isEmpty()) {
            throw new InvalidRunException("no stress levels", "levels");
        }
        for (int level : levels) {
            if (level < 1 || level > questions.size()) {
                throw new InvalidRunException("stress level " + level + " must be between 1 and the "
                        + questions.size() + " questions selected from " + benchmark.name(), "levels");
            }
        }
        if (samples < 1) {
            throw new InvalidRunException("samples per prompt must be at least 1, was " + samples, "samples");
        }
        order = order == null ? QuestionOrder.DATASET : order;
        if (order != QuestionOrder.DATASET) {
            if (difficulty == null) {
                throw new InvalidRunException("questionOrder " + order.json() + " needs a reference run (difficultyFrom)",
                        "difficultyFrom");
            }
            difficulty.requireAll(questions);
        }
    }

    /** A plan in REST's own question order. */
    public static StressPlan of(Benchmark benchmark, QuestionSubset subset, List<Integer> levels, int samples, String system) {
        return of(benchmark, subset, levels, samples, system, QuestionOrder.DATASET, null);
    }

    /**
     * A plan over a subset; {@code levels} null or empty means the benchmark's default levels that fit the subset
     * (levels larger than the number of selected questions are dropped).
     */
    public static StressPlan of(Benchmark benchmark, QuestionSubset subset, List<Integer> levels, int samples, String system,
                                QuestionOrder order, QuestionDifficulty difficulty) {
        List<Question> qs = subset.select(benchmark);
        List<Integer> chosen = levels == null || levels.isEmpty()
                ? benchmark.defaultLevels().stream().filter(l -> l <= qs.size()).toList()
                : levels;
        return new StressPlan(benchmark, qs, chosen, samples, system, order, difficulty);
    }

    /** Distinct prompts, level by level, index ascending. */
    public List<StressPrompt> prompts() {
        List<StressPrompt> out = new ArrayList<>(levels.size() * questions.size());
        for (int level : levels) {
            for (StressPrompt p : StressPromptBuilder.build(benchmark, questions, level, system)) {
                out.add(arranged(p));
            }
        }
        return out;
    }

    /** The prompt with its questions in this plan's order (the same prompt in REST's order). */
    private StressPrompt arranged(StressPrompt p) {
        if (order == QuestionOrder.DATASET) {
            return p;
        }
        List<Question> ordered = difficulty.arrange(p.questions(), order);
        return new StressPrompt(p.benchmark(), p.level(), p.index(), ordered, p.system(),
                StressPromptBuilder.userMessage(benchmark.kind(), ordered));
    }

    /** Every (level, index, sample) to generate, in the order of {@link #prompts()} with samples innermost. */
    public List<Item> items() {
        List<Item> out = new ArrayList<>(size());
        for (StressPrompt p : prompts()) {
            for (int s = 0; s < samples; s++) {
                out.add(new Item(p.level(), p.index(), s, p));
            }
        }
        return out;
    }

    /** Number of items: levels x questions x samples. */
    public int size() {
        return Math.multiplyExact(Math.multiplyExact(levels.size(), questions.size()), samples);
    }
}
