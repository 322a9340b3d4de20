package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.Question;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A run's prompts: for each stress level (in the order given), each prompt index 0..N-1 over the selected questions,
 * and each sample 0..samples-1 of that prompt (the paper samples AIME and AMC 8 times and averages accuracy).
 * Samples of one prompt share the same text.
 */
public record StressPlan(Benchmark benchmark, List<Question> questions, List<Integer> levels, int samples, String system) {

    /** One generation to request: prompt {@code index} of {@code level}, sample number {@code sample}. */
    public record Item(int level, int index, int sample, StressPrompt prompt) {
    }

    public StressPlan {
        questions = List.copyOf(questions);
        levels = List.copyOf(new LinkedHashSet<>(levels));
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("no questions selected from " + benchmark.name());
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("no stress levels");
        }
        for (int level : levels) {
            if (level < 1 || level > questions.size()) {
                throw new IllegalArgumentException("stress level " + level + " must be between 1 and the "
                        + questions.size() + " questions selected from " + benchmark.name());
            }
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples per prompt must be at least 1, was " + samples);
        }
    }

    /**
     * A plan over a subset; {@code levels} null or empty means the benchmark's default levels that fit the subset
     * (levels larger than the number of selected questions are dropped).
     */
    public static StressPlan of(Benchmark benchmark, QuestionSubset subset, List<Integer> levels, int samples, String system) {
        List<Question> qs = subset.select(benchmark);
        List<Integer> chosen = levels == null || levels.isEmpty()
                ? benchmark.defaultLevels().stream().filter(l -> l <= qs.size()).toList()
                : levels;
        return new StressPlan(benchmark, qs, chosen, samples, system);
    }

    /** Distinct prompts, level by level, index ascending. */
    public List<StressPrompt> prompts() {
        List<StressPrompt> out = new ArrayList<>(levels.size() * questions.size());
        for (int level : levels) {
            out.addAll(StressPromptBuilder.build(benchmark, questions, level, system));
        }
        return out;
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
