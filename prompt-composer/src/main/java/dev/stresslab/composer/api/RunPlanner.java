package dev.stresslab.composer.api;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.composer.domain.StressPrompt;
import dev.stresslab.composer.domain.StressPromptBuilder;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates a run request against a loaded benchmark and turns it into the run's prompt events. Pure. */
public final class RunPlanner {

    /** A validated run: its settings and every prompt event, in publishing order. */
    public record Plan(String runId, String modelId, Benchmark benchmark, List<Integer> levels, List<Question> questions,
                       int samples, List<PromptEvent> prompts) {
    }

    private RunPlanner() {
    }

    public static Plan plan(String runId, RunRequest request, Benchmark benchmark, String defaultSystemPrompt,
                            int maxPrompts) {
        List<Question> questions = selectQuestions(request, benchmark);
        List<Integer> levels = request.levels() == null || request.levels().isEmpty()
                ? benchmark.defaultLevels().stream().filter(l -> l <= questions.size()).toList()
                : List.copyOf(new LinkedHashSet<>(request.levels()));
        for (int level : levels) {
            if (level <= 0) {
                throw new BadRunRequestException("stress level " + level + " must be at least 1");
            }
            if (level > questions.size()) {
                throw new BadRunRequestException("stress level " + level + " is larger than the " + questions.size()
                        + " questions selected from " + benchmark.name());
            }
        }
        int samples = request.samples() == null ? 1 : request.samples();
        if (samples < 1 || samples > 64) {
            throw new BadRunRequestException("samples must be between 1 and 64, was " + samples);
        }
        long total = (long) questions.size() * levels.size() * samples;
        if (total > maxPrompts) {
            throw new BadRunRequestException("the run would compose " + total + " prompts, more than the limit of " + maxPrompts);
        }
        GenerationSettings generation = request.generation() == null ? GenerationSettings.PAPER_DEFAULTS : request.generation();
        if (generation.maxTokens() <= 0 || generation.temperature() < 0 || generation.topP() <= 0 || generation.topP() > 1) {
            throw new BadRunRequestException("generation settings out of range: " + generation);
        }
        String system = request.systemPrompt() != null ? request.systemPrompt() : defaultSystemPrompt;

        List<PromptEvent> prompts = new ArrayList<>((int) total);
        for (int level : levels) {
            for (StressPrompt p : StressPromptBuilder.build(benchmark, questions, level, system)) {
                List<ChatMessage> messages = p.system() == null || p.system().isEmpty()
                        ? List.of(ChatMessage.user(p.user()))
                        : List.of(ChatMessage.system(p.system()), ChatMessage.user(p.user()));
                List<String> ids = p.questions().stream().map(Question::id).toList();
                List<String> golds = p.questions().stream().map(Question::gold).toList();
                for (int sample = 0; sample < samples; sample++) {
                    prompts.add(new PromptEvent(PromptEvent.SCHEMA_VERSION, runId,
                            promptId(runId, benchmark.name(), level, p.index(), sample), request.modelId(),
                            benchmark.name(), level, p.index(), sample, ids, golds, benchmark.kind(), messages,
                            generation));
                }
            }
        }
        return new Plan(runId, request.modelId(), benchmark, levels, questions, samples, List.copyOf(prompts));
    }

    /** Deterministic, so a re-published prompt is recognised as the same one downstream. */
    public static String promptId(String runId, String benchmark, int level, int index, int sample) {
        return runId + "/" + benchmark + "/L" + level + "/G" + index + "/S" + sample;
    }

    private static List<Question> selectQuestions(RunRequest request, Benchmark benchmark) {
        if (request.questionIds() != null && !request.questionIds().isEmpty()) {
            Map<String, Question> byId = new HashMap<>();
            benchmark.questions().forEach(q -> byId.put(q.id(), q));
            Set<String> unique = new LinkedHashSet<>(request.questionIds());
            List<Question> chosen = new ArrayList<>();
            for (String id : unique) {
                Question q = byId.get(id);
                if (q == null) {
                    throw new BadRunRequestException("question id '" + id + "' is not in " + benchmark.name());
                }
                chosen.add(q);
            }
            return List.copyOf(chosen);
        }
        if (request.limit() == null) {
            return benchmark.questions();
        }
        if (request.limit() < 1) {
            throw new BadRunRequestException("limit must be at least 1, was " + request.limit());
        }
        if (request.limit() > benchmark.size()) {
            throw new BadRunRequestException("limit " + request.limit() + " is larger than " + benchmark.name()
                    + "'s " + benchmark.size() + " questions");
        }
        return benchmark.questions().subList(0, request.limit());
    }
}
