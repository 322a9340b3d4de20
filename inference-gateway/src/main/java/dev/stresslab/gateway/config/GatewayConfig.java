package dev.stresslab.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The model-endpoint registry. Each endpoint is declared under {@code gateway.endpoints.<id>.*}; runs may only name
 * these ids, never a URL. API keys are referenced (an environment variable or a file), never written here.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Map<String, Endpoint> endpoints();

    /** Prompts processed concurrently by this replica (the sum of what the endpoints may take). */
    @WithDefault("256")
    int maxConcurrentPrompts();

    interface Endpoint {
        /** e.g. http://localhost:8000 (vLLM) — the /v1/... paths are appended. */
        String baseUrl();

        /** Model name sent in the request's {@code model} field. */
        String model();

        /** Name of the environment variable that holds the API key. */
        Optional<String> apiKeyEnv();

        /** Path of a file (e.g. a mounted secret) that holds the API key. */
        Optional<String> apiKeyFile();

        @WithDefault("chat")
        Api api();

        @WithDefault("16")
        int maxInFlight();

        @WithDefault("PT10M")
        Duration timeout();

        @WithDefault("PT5S")
        Duration connectTimeout();

        /** Attempts per prompt, the first included, before the prompt is recorded as failed. */
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("PT1S")
        Duration initialBackoff();

        @WithDefault("PT60S")
        Duration maxBackoff();
    }

    enum Api { chat, completions }
}
