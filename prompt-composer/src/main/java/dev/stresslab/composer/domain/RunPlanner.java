package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.contracts.GenerationSettings;

/**
 * The one place a run's options are checked and turned into a {@link StressPlan}; the HTTP API and the
 * {@code prompts} command both plan through it. Every refusal is an {@link InvalidRunException} naming the option.
 * Pure: the reference run's per-question accuracy, when the order needs one, is fetched by the caller.
 */
public final class RunPlanner {
    /** Samples per prompt: the paper uses 1 or 8; 64 is far beyond any sensible use. */
    public static final int MAX_SAMPLES = 64;

    private RunPlanner() {
    }

    /**
     * @param rules      the per-model system prompts, used when the options name none
     * @param maxPrompts the most prompts (levels x questions x samples) one run may compose
     * @param difficulty the reference run's per-question accuracy; needed only for easy-first and hard-first
     */
    public static StressPlan plan(RunOptions options, Benchmark benchmark, SystemPromptPolicy rules, long maxPrompts,
                                  QuestionDifficulty difficulty) {
        int samples = options.samples() == null ? 1 : options.samples();
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new InvalidRunException("samples must be between 1 and " + MAX_SAMPLES + ", was " + samples, "samples");
        }
        if (options.levels() != null) {
            for (Integer level : options.levels()) {
                if (level == null || level < 1) {
                    throw new InvalidRunException("stress level " + level + " must be at least 1", "levels");
                }
            }
        }
        checkGeneration(options.generation());
        QuestionOrder order = QuestionOrder.parse(options.questionOrder());
        if (order == QuestionOrder.DATASET && options.difficultyFrom() != null) {
            throw new InvalidRunException("difficultyFrom is used only with questionOrder easy-first or hard-first", "difficultyFrom");
        }
        if (order != QuestionOrder.DATASET && (options.difficultyFrom() == null || options.difficultyFrom().isBlank())) {
            throw new InvalidRunException("questionOrder " + order.json()
                    + " needs difficultyFrom: the id of a reference run whose per-question accuracy ranks the questions", "difficultyFrom");
        }

        QuestionSubset subset = subset(options, benchmark);
        int selected = subset.select(benchmark).size();
        if (options.levels() != null) {
            for (int level : options.levels()) {
                if (level > selected) {
                    throw new InvalidRunException("stress level " + level + " is larger than the " + selected
                            + " questions selected from " + benchmark.name(), "levels");
                }
            }
        }
        StressPlan plan = StressPlan.of(benchmark, subset, options.levels(), samples, systemPrompt(options, benchmark, rules),
                order, order == QuestionOrder.DATASET ? null : difficulty);
        long prompts = (long) plan.questions().size() * plan.levels().size() * samples;
        if (prompts > maxPrompts) {
            throw new InvalidRunException("the run would compose " + prompts + " prompts, more than the limit of " + maxPrompts, null);
        }
        return plan;
    }

    /** The explicit prompt, else the per-model rule; "" and null both mean no system message. */
    static String systemPrompt(RunOptions options, Benchmark benchmark, SystemPromptPolicy rules) {
        String chosen = options.systemPrompt() != null ? options.systemPrompt() : rules.systemFor(options.modelId(), benchmark.name());
        return chosen == null || chosen.isEmpty() ? null : chosen;
    }

    private static void checkGeneration(GenerationSettings g) {
        if (g != null && (g.maxTokens() <= 0 || g.temperature() < 0 || g.topP() <= 0 || g.topP() > 1)) {
            throw new InvalidRunException("generation settings out of range: " + g, "generation");
        }
    }

    private static QuestionSubset subset(RunOptions options, Benchmark benchmark) {
        boolean ids = options.questionIds() != null && !options.questionIds().isEmpty();
        if (ids && options.limit() != null) {
            throw new InvalidRunException("give either limit or questionIds, not both", "limit");
        }
        if (ids) {
            return QuestionSubset.ids(options.questionIds());
        }
        if (options.limit() == null) {
            return QuestionSubset.all();
        }
        if (options.limit() > benchmark.size()) {
            throw new InvalidRunException("limit " + options.limit() + " is larger than " + benchmark.name()
                    + "'s " + benchmark.size() + " questions", "limit");
        }
        return QuestionSubset.first(options.limit());
    }
}
