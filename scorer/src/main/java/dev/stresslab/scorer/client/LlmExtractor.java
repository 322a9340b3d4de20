package dev.stresslab.scorer.client;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.scorer.config.LlmExtractConfig;
import dev.stresslab.scorer.domain.RestAnswerSplitter;
import dev.stresslab.scorer.extract.LlmExtractPrompt;
import dev.stresslab.scorer.extract.LlmReading;
import dev.stresslab.scorer.grading.AnswerGrader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * REST's GPQA grading: an LLM reads each output's answers ({@link LlmExtractPrompt}, temperature 0.001, 128 tokens),
 * called through the gateway's {@code POST /extractions}, so any registered endpoint can extract with the gateway's
 * permits, breaker and retries, and the scorer holds no model URL or key. Non-blocking: {@link #extract} returns a
 * Uni on the REST client's event loop. Bounded in flight and retried with SmallRye Fault Tolerance
 * ({@code @Bulkhead}, {@code @Retry}; tune with {@code dev.stresslab.scorer.client.LlmExtractor/call/Bulkhead/value}
 * etc.); counted in {@code stresslab.scorer.llm.extractions{benchmark, outcome}}. A failed extraction leaves the
 * rule-based reading as the headline, flagged {@code llm-extract-failed}.
 */
@ApplicationScoped
public class LlmExtractor {
    private static final Logger LOG = Logger.getLogger(LlmExtractor.class);

    private final LlmExtractConfig config;
    private final GatewayExtractionClient client;
    private final String authorization;
    private final MeterRegistry registry;
    private final AnswerGrader grader = new AnswerGrader();

    public LlmExtractor(LlmExtractConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.client = config.gatewayUrl().filter(u -> !u.isBlank())
                .map(url -> QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                        .readTimeout(config.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                        .build(GatewayExtractionClient.class))
                .orElse(null);
        this.authorization = config.gatewayToken().map(String::strip).filter(t -> !t.isEmpty())
                .map(t -> "Bearer " + t).orElse(null);
        if (client == null && !config.benchmarks().isEmpty()) {
            LOG.warnf("scorer.llm-extract names endpoints for %s but no scorer.llm-extract.gateway-url: grading by rule only",
                    config.benchmarks().keySet());
        }
    }

    /** The endpoint that extracts this completion's answers, when one is configured and it is multiple choice. */
    public Optional<String> endpointFor(CompletionEvent c) {
        if (client == null || c.failed() || c.answerKind() != AnswerKind.CHOICE) {
            return Optional.empty();
        }
        return Optional.ofNullable(config.benchmarks().get(c.benchmark())).map(LlmExtractConfig.Benchmark::endpoint);
    }

    /**
     * The score with the LLM's reading as its headline, or the rule-based score flagged {@code llm-extract-failed}
     * when the call fails after its retries (or the completion carries no prompt text to quote). Never fails.
     */
    public Uni<ScoreEvent> read(CompletionEvent c, ScoreEvent ruleBased, String endpoint) {
        if (c.prompt() == null || ruleBased.outcome() != ScoreEvent.Outcome.SCORED) {
            count(c.benchmark(), "failed");
            return Uni.createFrom().item(LlmReading.failed(ruleBased));
        }
        String prompt = LlmExtractPrompt.build(LlmExtractPrompt.questionsBlock(c.prompt()),
                RestAnswerSplitter.stripReasoning(c.content()));
        return self().call(endpoint, prompt)
                .map(reply -> {
                    count(c.benchmark(), "ok");
                    return LlmReading.apply(ruleBased, reply, grader);
                })
                .onFailure().recoverWithItem(e -> {
                    count(c.benchmark(), "failed");
                    LOG.warnf("LLM extraction of prompt %s on '%s' failed (%s); keeping the rule-based reading",
                            c.promptId(), endpoint, e.getClass().getSimpleName());
                    return LlmReading.failed(ruleBased);
                });
    }

    /** One extraction call: at most 8 in flight (more wait in a queue of 2,000), 3 attempts in all. */
    @Bulkhead(value = 8, waitingTaskQueue = 2000)
    @Retry(maxRetries = 2, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 200)
    public Uni<String> call(String endpoint, String prompt) {
        return client.extract(authorization, new GatewayExtractionClient.ExtractionRequest(endpoint, prompt,
                        LlmExtractPrompt.TEMPERATURE, LlmExtractPrompt.MAX_TOKENS))
                .ifNoItem().after(config.timeout().plus(Duration.ofSeconds(5))).fail()
                .map(r -> r.content() == null ? "" : r.content());
    }

    /** This bean through its CDI proxy, so that calls from {@link #read} pass the fault-tolerance interceptors. */
    private LlmExtractor self() {
        return io.quarkus.arc.Arc.container().instance(LlmExtractor.class).get();
    }

    private void count(String benchmark, String outcome) {
        Counter.builder("stresslab.scorer.llm.extractions").tag("benchmark", benchmark).tag("outcome", outcome)
                .register(registry).increment();
    }
}
