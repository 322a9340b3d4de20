package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Question;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.PromptOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** A planned run with its identity: every prompt event to publish, in publishing order. */
public record ComposedRun(String runId, String modelId, StressPlan plan, List<PromptEvent> prompts) {

    public ComposedRun {
        prompts = List.copyOf(prompts);
    }

    /**
     * The plan's prompts in contracts' interleaved {@link PromptOrder} drawn from {@code orderSeed} (null: level by
     * level), so a release gate reading the run round by round gets whole rounds first.
     */
    public static ComposedRun of(String runId, String modelId, StressPlan plan, GenerationSettings generation, Long orderSeed) {
        ComposedRun run = of(runId, modelId, plan, generation);
        if (orderSeed == null) {
            return run;
        }
        Map<PromptOrder.Key, PromptEvent> byKey = new HashMap<>();
        run.prompts().forEach(p -> byKey.put(new PromptOrder.Key(p.level(), p.groupIndex(), p.sample()), p));
        List<PromptEvent> ordered = PromptOrder.interleaved(plan.levels(), plan.questions().size(), plan.samples(), orderSeed)
                .stream().map(byKey::get).toList();
        return new ComposedRun(runId, modelId, plan, ordered);
    }

    /** The plan's items as prompt events of run {@code runId}; generation null means the paper's settings. */
    public static ComposedRun of(String runId, String modelId, StressPlan plan, GenerationSettings generation) {
        GenerationSettings settings = generation == null ? GenerationSettings.PAPER_DEFAULTS : generation;
        String benchmark = plan.benchmark().name();
        List<PromptEvent> prompts = new ArrayList<>(plan.size());
        for (StressPlan.Item item : plan.items()) {
            StressPrompt p = item.prompt();
            List<ChatMessage> messages = p.system() == null || p.system().isEmpty()
                    ? List.of(ChatMessage.user(p.user()))
                    : List.of(ChatMessage.system(p.system()), ChatMessage.user(p.user()));
            prompts.add(new PromptEvent(PromptEvent.SCHEMA_VERSION, runId,
                    promptId(runId, benchmark, item.level(), item.index(), item.sample()), modelId, benchmark,
                    item.level(), item.index(), item.sample(),
                    p.questions().stream().map(Question::id).toList(), p.questions().stream().map(Question::gold).toList(),
                    plan.benchmark().kind(), messages, settings, tags(p.questions(), Question::subject),
                    tags(p.questions(), Question::difficultyLevel)));
        }
        return new ComposedRun(runId, modelId, plan, prompts);
    }

    /** One tag per question in prompt order; null when no question of the prompt has it (the benchmark has none). */
    private static <T> List<T> tags(List<Question> questions, Function<Question, T> tag) {
        List<T> out = new ArrayList<>(questions.size());
        questions.forEach(q -> out.add(tag.apply(q)));
        return out.stream().allMatch(Objects::isNull) ? null : Collections.unmodifiableList(out);
    }

    /** Deterministic, so a re-published prompt is recognised as the same one downstream (whatever the question order). */
    public static String promptId(String runId, String benchmark, int level, int index, int sample) {
        return runId + "/" + benchmark + "/L" + level + "/G" + index + "/S" + sample;
    }
}
