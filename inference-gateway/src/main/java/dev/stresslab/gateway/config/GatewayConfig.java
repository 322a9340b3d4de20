package dev.stresslab.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
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

    /**
     * When set, this replica only works on prompts for these endpoint ids and acknowledges all others without
     * touching them: run one consumer group per set of endpoints to isolate them completely (docs/gateway.md).
     */
    Optional<List<String>> serveEndpoints();

    Idempotency idempotency();

    /** Endpoints registered at run time (POST /endpoints, the release gate's deployments); docs/gateway.md. */
    Registration registration();

    interface Registration {
        /**
         * Host patterns a registered base URL must match (contracts' EndpointUrlAllowList: {@code *.models.internal},
         * {@code 127.0.0.1:*}); unset: POST /endpoints refuses every URL.
         */
        Optional<List<String>> allowedBaseUrls();

        /**
         * A configured endpoint whose settings (limits, timeouts, retries, breaker) registered endpoints copy; unset:
         * the first configured endpoint. API keys are never copied: a registered endpoint is called without one.
         */
        Optional<String> template();
    }

    /**
     * The largest completion event published, in bytes of JSON. A larger answer is recorded as a failed completion
     * (OUTPUT_TOO_LARGE) instead, so no record ever meets Kafka's size limit (contracts' Topics.MAX_RECORD_BYTES,
     * 16 MiB, above this cap by the room JSON escaping needs). 12 MiB holds any realistic reasoning output
     * (128k tokens are well under 1 MB of text).
     */
    @WithDefault("12582912")
    int maxCompletionBytes();

    interface Idempotency {
        /** Skip prompts whose completion is already on stress.completions (read at start and tailed). */
        @WithDefault("true")
        boolean enabled();

        /** How far back stress.completions is read at start, and how long an idle run's ids are kept. */
        @WithDefault("P7D")
        Duration retention();

        /** At most this many runs are remembered (least recently touched are forgotten first). */
        @WithDefault("10000")
        int maxRuns();

        /**
         * At most this many prompt ids are remembered in all (about 100 bytes of heap each; least recently touched
         * runs are forgotten first). The default, about 100 MB, fits the services' -Xmx384m.
         */
        @WithDefault("1000000")
        long maxPrompts();
    }

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

        /**
         * {@code fixed}: {@code max-in-flight} requests at most. {@code adaptive}: the limit is found from the
         * endpoint's answers (AIMD, docs/gateway.md), between {@code min-in-flight} and {@code max-in-flight}.
         */
        @WithDefault("fixed")
        ConcurrencyMode concurrencyMode();

        /** The fixed limit, or the adaptive limit's upper bound (also the size of the connection pool). */
        @WithDefault("16")
        int maxInFlight();

        /** Adaptive mode: the limit never goes below this. */
        @WithDefault("1")
        int minInFlight();

        /** Adaptive mode: the limit to start from (default: min-in-flight; slow start doubles it per round). */
        Optional<Integer> initialInFlight();

        /** Adaptive mode: on 429, 503 or a timeout the limit is multiplied by this (at least 1 less). */
        @WithDefault("0.9")
        double adaptiveBackoffRatio();

        /**
         * Adaptive mode: a round whose mean latency is above this many times the lowest round mean seen counts as
         * an overload (a server that queues instead of refusing); 0 turns the latency signal off.
         */
        @WithDefault("2.0")
        double adaptiveLatencyRatio();

        /** Requests per second this endpoint may receive (a provider's rate limit); unset = no limit. */
        Optional<Double> requestsPerSecond();

        /** Requests that may start at once after a quiet period, within requests-per-second. */
        @WithDefault("1")
        int requestsBurst();

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

        /** Stream the answer (SSE) with {@code stream_options.include_usage}; measures time to first token. */
        @WithDefault("false")
        boolean stream();

        /** Send the token limit as {@code max_completion_tokens} (OpenAI reasoning models) instead of {@code max_tokens}. */
        @WithDefault("false")
        boolean maxCompletionTokens();

        /**
         * Extra request fields, {@code <name>=<JSON value>} (a value that is not valid JSON is sent as a string),
         * e.g. {@code extra-params.chat_template_kwargs={"enable_thinking":true}}. They override the generated
         * sampling fields; {@code model}, {@code messages}, {@code prompt}, {@code stream} and
         * {@code stream_options} stay the gateway's.
         */
        Map<String, String> extraParams();

        /** Consecutive "endpoint down" failures (5xx, timeout, connection) that open the circuit breaker. */
        @WithDefault("5")
        int circuitFailureThreshold();

        /** How long an open breaker refuses calls before it lets one probe through. */
        @WithDefault("PT10S")
        Duration circuitCooldown();
    }

    enum Api { chat, completions }

    enum ConcurrencyMode { fixed, adaptive }
}
