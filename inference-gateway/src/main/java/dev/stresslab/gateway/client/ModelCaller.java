package dev.stresslab.gateway.client;

import com.fasterxml.jackson.core.JacksonException;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.Failure;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.Usage;
import dev.stresslab.gateway.config.GatewayConfig;
import dev.stresslab.gateway.domain.Backoff;
import dev.stresslab.gateway.domain.FailureKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Calls the model for one prompt, non-blocking: waits for a permit of the endpoint, retries retryable failures with
 * backoff, and always ends with a CompletionEvent — a success, or a failure with its reason — never an exception.
 */
@ApplicationScoped
public class ModelCaller {
    private static final Logger LOG = Logger.getLogger(ModelCaller.class);

    private final ModelEndpoints endpoints;
    private final MeterRegistry registry;

    public ModelCaller(ModelEndpoints endpoints, MeterRegistry registry) {
        this.endpoints = endpoints;
        this.registry = registry;
    }

    /** A call that failed, classified. */
    record CallFailure(FailureKind kind, String message, Integer status, Optional<Duration> retryAfter) {
    }

    public Uni<CompletionEvent> complete(PromptEvent prompt) {
        Optional<ModelEndpoints.Endpoint> found = endpoints.find(prompt.modelId());
        if (found.isEmpty()) {
            return Uni.createFrom().item(CompletionEvent.failure(prompt, new Failure(FailureKind.UNKNOWN_ENDPOINT.name(),
                    "model endpoint '" + prompt.modelId() + "' is not registered in this gateway", null), 0, 0));
        }
        ModelEndpoints.Endpoint endpoint = found.get();
        Backoff backoff = new Backoff(endpoint.config().initialBackoff(), endpoint.config().maxBackoff(), RandomGenerator.getDefault());
        long started = System.nanoTime();
        return attempt(prompt, endpoint, backoff, 1, started);
    }

    private Uni<CompletionEvent> attempt(PromptEvent prompt, ModelEndpoints.Endpoint endpoint, Backoff backoff,
                                         int attempt, long started) {
        GatewayConfig.Endpoint cfg = endpoint.config();
        return Uni.createFrom().completionStage(endpoint.limiter()::acquire)
                .chain(permit -> {
                    long callStart = System.nanoTime();
                    return send(endpoint, prompt)
                            .ifNoItem().after(cfg.timeout()).failWith(TimeoutException::new)
                            .onTermination().invoke(endpoint.limiter()::release)
                            .invoke(r -> timer(endpoint.id(), "ok").record(Duration.ofNanos(System.nanoTime() - callStart)));
                })
                .map(response -> toCompletion(prompt, response, attempt, started))
                .onFailure().recoverWithUni(error -> {
                    CallFailure failure = classify(error);
                    registry.counter("stresslab.gateway.call.failures", "endpoint", endpoint.id(), "kind", failure.kind().name()).increment();
                    if (failure.kind().retryable() && attempt < cfg.maxAttempts()) {
                        Duration delay = backoff.delayAfter(attempt, failure.retryAfter());
                        registry.counter("stresslab.gateway.call.retries", "endpoint", endpoint.id()).increment();
                        LOG.debugf("prompt %s attempt %d failed (%s); retrying in %d ms", prompt.promptId(), attempt,
                                failure.kind(), delay.toMillis());
                        return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                                .chain(() -> attempt(prompt, endpoint, backoff, attempt + 1, started));
                    }
                    return Uni.createFrom().item(CompletionEvent.failure(prompt,
                            new Failure(failure.kind().name(), failure.message(), failure.status()),
                            elapsedMs(started), attempt));
                });
    }

    private Uni<ChatCompletionResponse> send(ModelEndpoints.Endpoint endpoint, PromptEvent prompt) {
        GatewayConfig.Endpoint cfg = endpoint.config();
        var g = prompt.generation();
        if (cfg.api() == GatewayConfig.Api.completions) {
            // The completions API takes raw text: the server applies no chat template, so none is applied here.
            String text = prompt.messages().stream().map(ChatMessage::content).collect(Collectors.joining("\n\n"));
            return endpoint.client().completions(endpoint.authorization(), new ChatCompletionRequest(cfg.model(), null,
                    text, g.maxTokens(), g.temperature(), g.topP(), g.seed()));
        }
        return endpoint.client().chat(endpoint.authorization(), new ChatCompletionRequest(cfg.model(), prompt.messages(),
                null, g.maxTokens(), g.temperature(), g.topP(), g.seed()));
    }

    private Timer timer(String endpointId, String outcome) {
        return Timer.builder("stresslab.gateway.call.latency").tag("endpoint", endpointId).tag("outcome", outcome)
                .publishPercentileHistogram().register(registry);
    }

    static CompletionEvent toCompletion(PromptEvent prompt, ChatCompletionResponse response, int attempt, long started) {
        if (response == null || response.choices() == null || response.choices().isEmpty()) {
            return CompletionEvent.failure(prompt, new Failure(FailureKind.BAD_RESPONSE.name(),
                    "the model server answered without choices", null), elapsedMs(started), attempt);
        }
        ChatCompletionResponse.Choice choice = response.choices().get(0);
        String content;
        String reasoning = null;
        if (choice.message() != null) {
            content = choice.message().content();
            reasoning = choice.message().reasoningContent() != null ? choice.message().reasoningContent() : choice.message().reasoning();
        } else {
            content = choice.text();
        }
        ChatCompletionResponse.Usage u = response.usage();
        Usage usage = u == null ? Usage.UNKNOWN : new Usage(u.promptTokens(), u.completionTokens(),
                u.completionTokensDetails() == null ? null : u.completionTokensDetails().reasoningTokens());
        return CompletionEvent.success(prompt, content == null ? "" : content, reasoning, choice.finishReason(), usage,
                elapsedMs(started), attempt);
    }

    static CallFailure classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            // checked first: the REST client reports an unreadable 200 body as a WebApplicationException too
            if (t instanceof JacksonException) {
                return new CallFailure(FailureKind.BAD_RESPONSE, "model server sent a body that is not valid JSON", null, Optional.empty());
            }
        }
        if (error instanceof WebApplicationException wae && wae.getResponse() != null) {
            int status = wae.getResponse().getStatus();
            return new CallFailure(FailureKind.ofHttpStatus(status), "model server answered HTTP " + status, status,
                    Backoff.parseRetryAfter(wae.getResponse().getHeaderString("Retry-After")));
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return new CallFailure(FailureKind.TIMEOUT, "model server did not answer in time", null, Optional.empty());
            }
        }
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new CallFailure(FailureKind.CONNECTION, "connection to the model server failed: " + root.getClass().getSimpleName(),
                null, Optional.empty());
    }

    private static long elapsedMs(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
