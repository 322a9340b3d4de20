package dev.stresslab.composer.api;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.composer.domain.QuestionSubset;
import dev.stresslab.composer.domain.StressPlan;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a run request against a loaded benchmark and turns it into the run's prompt events: the domain's
 * {@link StressPlan} (REST grouping and text) plus the run's identity and settings. Pure.
 */
public final class RunPlanner {

    /** A validated run: its settings and every prompt event, in publishing order. */
    public record Plan(String runId, String modelId, Benchmark benchmark, List<Integer> levels, List<Question> questions,
                       int samples, List<PromptEvent> prompts) {
    }

    private RunPlanner() {
    }

    public static Plan plan(String runId, RunRequest request, Benchmark benchmark, String systemPrompt, int maxPrompts) {
        int samples = request.samples() == null ? 1 : request.samples();
        if (samples < 1 || samples > 64) {
            throw new BadRunRequestException("samples must be between 1 and 64, was " + samples);
        }
        if (request.levels() != null) {
            for (int level : request.levels()) {
                if (level <= 0) {
                    throw new BadRunRequestException("stress level " + level + " must be at least 1");
                }
            }
        }
        GenerationSettings generation = request.generation() == null ? GenerationSettings.PAPER_DEFAULTS : request.generation();
        if (generation.maxTokens() <= 0 || generation.temperature() < 0 || generation.topP() <= 0 || generation.topP() > 1) {
            throw new BadRunRequestException("generation settings out of range: " + generation);
        }
        StressPlan plan;
        try {
            QuestionSubset subset = subset(request, benchmark);
            int selected = subset.select(benchmark).size();
            if (request.levels() != null) {
                for (int level : request.levels()) {
                    if (level > selected) {
                        throw new BadRunRequestException("stress level " + level + " is larger than the " + selected
                                + " questions selected from " + benchmark.name());
                    }
                }
            }
            plan = StressPlan.of(benchmark, subset, request.levels(), samples, systemPrompt);
        } catch (IllegalArgumentException e) {
            throw new BadRunRequestException(e.getMessage()); // unknown question ids, no levels left, ...
        }
        if ((long) plan.questions().size() * plan.levels().size() * samples > maxPrompts) {
            throw new BadRunRequestException("the run would compose " + plan.size() + " prompts, more than the limit of " + maxPrompts);
        }

        List<PromptEvent> prompts = new ArrayList<>(plan.size());
        for (StressPlan.Item item : plan.items()) {
            var p = item.prompt();
            List<ChatMessage> messages = p.system() == null || p.system().isEmpty()
                    ? List.of(ChatMessage.user(p.user()))
                    : List.of(ChatMessage.system(p.system()), ChatMessage.user(p.user()));
            prompts.add(new PromptEvent(PromptEvent.SCHEMA_VERSION, runId,
                    promptId(runId, benchmark.name(), item.level(), item.index(), item.sample()), request.modelId(),
                    benchmark.name(), item.level(), item.index(), item.sample(),
                    p.questions().stream().map(Question::id).toList(), p.questions().stream().map(Question::gold).toList(),
                    benchmark.kind(), messages, generation));
        }
        return new Plan(runId, request.modelId(), benchmark, plan.levels(), plan.questions(), samples, List.copyOf(prompts));
    }

    /** Deterministic, so a re-published prompt is recognised as the same one downstream. */
    public static String promptId(String runId, String benchmark, int level, int index, int sample) {
        return runId + "/" + benchmark + "/L" + level + "/G" + index + "/S" + sample;
    }

    private static QuestionSubset subset(RunRequest request, Benchmark benchmark) {
        if (request.questionIds() != null && !request.questionIds().isEmpty()) {
            return QuestionSubset.ids(request.questionIds());
        }
        if (request.limit() == null) {
            return QuestionSubset.all();
        }
        if (request.limit() > benchmark.size()) {
            throw new BadRunRequestException("limit " + request.limit() + " is larger than " + benchmark.name()
                    + "'s " + benchmark.size() + " questions");
        }
        return QuestionSubset.first(request.limit());
    }
}
