package dev.stresslab.gateway.client;

import com.fasterxml.jackson.core.JacksonException;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.Failure;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.Usage;
import dev.stresslab.gateway.config.GatewayConfig;
import dev.stresslab.gateway.domain.Backoff;
import dev.stresslab.gateway.domain.CircuitBreaker;
import dev.stresslab.gateway.domain.ConcurrencyLimiter;
import dev.stresslab.gateway.domain.FailureKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * Calls the model for one prompt, non-blocking: waits for a permit of the endpoint, asks the endpoint's circuit
 * breaker, calls (streaming or not), retries retryable failures with backoff, and always ends with a
 * CompletionEvent — a success, or a failure with its reason — never an exception.
 * <p>
 * While an endpoint's breaker is open, an attempt is refused at once (no call, the permit is handed straight back)
 * and counts as an attempt; the next one waits for the breaker's remaining cooldown (capped by max-backoff). So a
 * dead endpoint turns its prompts into failures within about {@code max-attempts × cooldown} instead of hammering
 * the server, and its prompts never wait on, or take permits of, another endpoint.
 */
@ApplicationScoped
public class ModelCaller {
    private static final Logger LOG = Logger.getLogger(ModelCaller.class);

    private final ModelEndpoints endpoints;
    private final dev.stresslab.gateway.messaging.CancelledRuns cancelledRuns;
    /** A streamed answer longer than this (in chars) could not be published, so its stream is cut off there. */
    private final long maxStreamedChars;

    public ModelCaller(ModelEndpoints endpoints, GatewayConfig config, dev.stresslab.gateway.messaging.CancelledRuns cancelledRuns) {
        this.endpoints = endpoints;
        this.cancelledRuns = cancelledRuns;
        this.maxStreamedChars = config.maxCompletionBytes();
    }

    /** A call that failed, classified. */
    record CallFailure(FailureKind kind, String message, Integer status, Optional<Duration> retryAfter) {
    }

    /** What one attempt came to. */
    private sealed interface Outcome {
    }

    private record Answered(StreamingClient.Answer answer, long callStart, boolean probe) implements Outcome {
    }

    private record Failed(CallFailure failure, long callStart, boolean probe) implements Outcome {
    }

    private record Refused(CircuitBreaker.Permission permission) implements Outcome {
    }

    /** The run was cancelled while the prompt waited for its permit: not called. */
    private record Cancelled(String reason) implements Outcome {
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
        endpoint.prompts().incrementAndGet();
        return attempt(prompt, endpoint, backoff, 1, started, null)
                .invoke(c -> {
                    if (c.failure() == null || !c.failure().cancelled()) {
                        (c.failed() ? endpoint.meters().promptFailed : endpoint.meters().promptOk)
                                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    }
                })
                .onTermination().invoke(() -> endpoint.prompts().decrementAndGet());
    }

    /** Waits (on a timer, no thread) for this request's slot under the endpoint's requests-per-second, if any. */
    private static Uni<Void> rateLimited(ModelEndpoints.Endpoint endpoint) {
        if (endpoint.rate() == null) {
            return Uni.createFrom().voidItem();
        }
        long waitNanos = endpoint.rate().reserve(System.nanoTime());
        return waitNanos == 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(waitNanos));
    }

    private Uni<CompletionEvent> attempt(PromptEvent prompt, ModelEndpoints.Endpoint endpoint, Backoff backoff,
                                         int attempt, long started, CallFailure lastCallFailure) {
        GatewayConfig.Endpoint cfg = endpoint.config();
        return rateLimited(endpoint)
                .chain(() -> Uni.createFrom().completionStage(endpoint.limiter()::acquire))
                .chain(permit -> {
                    // checked with the permit in hand: a prompt that queued for the endpoint while its run was
                    // cancelled (the release gate's early stop) is not called
                    Optional<String> cancelled = cancelledRuns.reason(prompt.runId());
                    if (cancelled.isPresent()) {
                        long now = System.nanoTime();
                        endpoint.limiter().release(ConcurrencyLimiter.Signal.IGNORE, now, now);
                        return Uni.createFrom().<Outcome>item(new Cancelled(cancelled.get()));
                    }
                    CircuitBreaker.Permission allowed = endpoint.breaker().tryAcquire();
                    if (!allowed.allowed()) {
                        long now = System.nanoTime();
                        endpoint.limiter().release(ConcurrencyLimiter.Signal.IGNORE, now, now);
                        return Uni.createFrom().<Outcome>item(new Refused(allowed));
                    }
                    long callStart = System.nanoTime();
                    return send(endpoint, prompt)
                            .ifNoItem().after(cfg.timeout()).failWith(TimeoutException::new)
                            .<Outcome>map(answer -> new Answered(answer, callStart, allowed.probe()))
                            .onFailure().recoverWithItem(error -> new Failed(classify(error), callStart, allowed.probe()))
                            // the permit goes back with what the call says about the endpoint's capacity
                            .invoke(outcome -> endpoint.limiter().release(signal(outcome), callStart, System.nanoTime()))
                            .onCancellation().invoke(() -> endpoint.limiter().release(ConcurrencyLimiter.Signal.IGNORE,
                                    callStart, System.nanoTime()));
                })
                .chain(outcome -> {
                    if (outcome instanceof Cancelled c) {
                        return Uni.createFrom().item(CompletionEvent.failure(prompt, new Failure(Failure.CANCELLED,
                                "not called: " + c.reason(), null), elapsedMs(started), attempt - 1));
                    }
                    if (outcome instanceof Answered a) {
                        endpoint.breaker().onSuccess(a.probe());
                        endpoint.meters().callOk.record(System.nanoTime() - a.callStart(), TimeUnit.NANOSECONDS);
                        CompletionEvent completion = toCompletion(prompt, a.answer().response(), attempt, started);
                        if (a.answer().firstTokenNanos() >= 0 && !completion.failed()) {
                            long firstToken = a.answer().firstTokenNanos() - a.callStart();
                            endpoint.meters().timeToFirstToken.record(firstToken, TimeUnit.NANOSECONDS);
                            completion = completion.withTimeToFirstToken(TimeUnit.NANOSECONDS.toMillis(firstToken));
                        }
                        return Uni.createFrom().item(completion);
                    }
                    CallFailure failure;
                    Optional<Duration> wait;
                    if (outcome instanceof Failed f) {
                        failure = f.failure();
                        if (failure.kind().endpointDown()) {
                            endpoint.breaker().onFailure(failure.kind(), f.probe());
                        } else {
                            endpoint.breaker().onNeutral(f.probe());
                        }
                        endpoint.meters().callFailed.record(System.nanoTime() - f.callStart(), TimeUnit.NANOSECONDS);
                        endpoint.meters().failures(failure.kind()).increment();
                        wait = failure.retryAfter();
                    } else {
                        Refused r = (Refused) outcome;
                        endpoint.meters().circuitRefusals.increment();
                        failure = circuitOpen(endpoint, lastCallFailure);
                        wait = Optional.of(r.permission().retryIn());
                    }
                    CallFailure lastCall = outcome instanceof Failed f ? f.failure() : lastCallFailure;
                    if (failure.kind().retryable() && attempt < cfg.maxAttempts()) {
                        Duration delay = backoff.delayAfter(attempt, wait);
                        endpoint.meters().retries.increment();
                        LOG.debugf("prompt %s attempt %d on '%s' failed (%s); retrying in %d ms", prompt.promptId(), attempt,
                                endpoint.id(), outcome instanceof Refused ? "circuit open" : failure.kind(), delay.toMillis());
                        return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                                .chain(() -> attempt(prompt, endpoint, backoff, attempt + 1, started, lastCall));
                    }
                    return Uni.createFrom().item(CompletionEvent.failure(prompt,
                            new Failure(failure.kind().name(), failure.message(), failure.status()),
                            elapsedMs(started), attempt));
                });
    }

    /** 429, 503 and timeouts say "too many requests"; other failures (a bad request, a reset) say nothing about it. */
    private static ConcurrencyLimiter.Signal signal(Outcome outcome) {
        if (outcome instanceof Answered) {
            return ConcurrencyLimiter.Signal.SUCCESS;
        }
        CallFailure f = ((Failed) outcome).failure();
        boolean overloaded = f.kind() == FailureKind.RATE_LIMITED || f.kind() == FailureKind.TIMEOUT
                || Integer.valueOf(503).equals(f.status());
        return overloaded ? ConcurrencyLimiter.Signal.OVERLOAD : ConcurrencyLimiter.Signal.IGNORE;
    }

    /**
     * The failure reported when the breaker refuses: what this prompt last saw, or else what made the breaker open,
     * so a dead endpoint's prompts still say CONNECTION or TIMEOUT (the kind is what the endpoint does).
     */
    private static CallFailure circuitOpen(ModelEndpoints.Endpoint endpoint, CallFailure lastCallFailure) {
        if (lastCallFailure != null) {
            return new CallFailure(lastCallFailure.kind(), lastCallFailure.message() + "; then the circuit breaker opened",
                    lastCallFailure.status(), Optional.empty());
        }
        FailureKind last = endpoint.breaker().lastFailure();
        return new CallFailure(last == null ? FailureKind.SERVER_ERROR : last,
                "not called: the circuit breaker of endpoint '" + endpoint.id() + "' is open after "
                        + endpoint.breaker().threshold() + " consecutive failures (last: " + last + ")", null, Optional.empty());
    }

    private Uni<StreamingClient.Answer> send(ModelEndpoints.Endpoint endpoint, PromptEvent prompt) {
        GatewayConfig.Endpoint cfg = endpoint.config();
        Map<String, Object> body = RequestBodies.build(cfg, endpoint.extraParams(), prompt);
        boolean completions = cfg.api() == GatewayConfig.Api.completions;
        if (endpoint.streaming() != null) {
            return endpoint.streaming().post(completions ? "/v1/completions" : "/v1/chat/completions", endpoint.authorization(), body,
                    maxStreamedChars);
        }
        Uni<ChatCompletionResponse> response = completions
                ? endpoint.client().completions(endpoint.authorization(), body)
                : endpoint.client().chat(endpoint.authorization(), body);
        return response.map(r -> new StreamingClient.Answer(r, -1));
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
            if (t instanceof HttpStatusException h) {
                return new CallFailure(FailureKind.ofHttpStatus(h.status()), h.getMessage(), h.status(),
                        Backoff.parseRetryAfter(h.retryAfter()));
            }
            if (t instanceof StreamAccumulator.OutputTooLargeException o) {
                return new CallFailure(FailureKind.OUTPUT_TOO_LARGE, o.getMessage(), null, Optional.empty());
            }
            if (t instanceof StreamAccumulator.BadStreamException b) {
                return new CallFailure(FailureKind.BAD_RESPONSE, b.getMessage(), null, Optional.empty());
            }
            // checked before the status: the REST client reports an unreadable 200 body as a WebApplicationException too
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
