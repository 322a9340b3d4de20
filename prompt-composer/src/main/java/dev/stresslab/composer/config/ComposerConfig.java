package dev.stresslab.composer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
