package dev.stresslab.composer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where benchmark files are read from. */
@ConfigMapping(prefix = "composer")
public interface ComposerConfig {

    /** A directory laid out like REST's data/ folder (gsm8k/test.jsonl, math500/..., gpqa/...). */
    @WithDefault("../shared/datasets")
    String datasetsDir();

    /** Per-benchmark file overrides, e.g. composer.files.gsm8k=/data/gsm8k-test.jsonl. */
    Map<String, String> files();

    /** Upper bound on prompts one run may compose (guards against a typo composing millions). */
    @WithDefault("200000")
    int maxPromptsPerRun();

    Optional<String> defaultSystemPrompt();

    /** Per-model system prompts, e.g. composer.system-prompts."nemotron-nano"=detailed thinking on. */
    Map<String, String> systemPrompts();

    /** REST's own rule: models whose id contains "nemotron" get "detailed thinking on" on AIME24/25 and AMC23. */
    @WithDefault("true")
    boolean restSystemPromptRule();

    /**
     * A user's own benchmark files (JSONL, JSON or Parquet), e.g.
     * composer.user-benchmarks.my-evals.file=/data/evals.jsonl, .question-field=prompt, .answer-field=solution,
     * .gold-transform=after-####, .kind=math, .levels=1,2,3.
     */
    Map<String, UserBenchmark> userBenchmarks();

    interface UserBenchmark {
        String file();

        @WithDefault("question")
        String questionField();

        @WithDefault("answer")
        String answerField();

        Optional<String> idField();

        @WithDefault("math")
        String kind();

        @WithDefault("none")
        String goldTransform();

        Optional<List<Integer>> levels();
    }
}
