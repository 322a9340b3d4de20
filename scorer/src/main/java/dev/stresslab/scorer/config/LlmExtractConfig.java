package dev.stresslab.scorer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The optional LLM answer extractor ({@code scorer.llm-extract.*}; docs/grading.md, "LLM extractor"), e.g.
 * {@code scorer.llm-extract.gpqa-diamond.endpoint=gemma-3-27b} and
 * {@code scorer.llm-extract.gateway-url=http://inference-gateway:8182}. Benchmarks with no endpoint are graded by rule
 * only.
 */
@ConfigMapping(prefix = "scorer.llm-extract")
public interface LlmExtractConfig {

    /** The gateway whose {@code POST /extractions} calls the endpoint; unset, no extraction is made. */
    Optional<String> gatewayUrl();

    /** Bearer token for the gateway's POST (its {@code stresslab.api.token}); never logged. */
    Optional<String> gatewayToken();

    /** Longest wait for one extraction call through the gateway (which retries the model itself). */
    @WithDefault("PT120S")
    Duration timeout();

    /** Per benchmark (the run's benchmark name): which registered endpoint extracts its answers. */
    @WithParentName
    Map<String, Benchmark> benchmarks();

    interface Benchmark {
        /** A gateway endpoint id (any registered endpoint, e.g. an SGLang server with gemma-3-27b-it). */
        String endpoint();
    }
}
