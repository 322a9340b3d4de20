package dev.stresslab.gateway.api;

import dev.stresslab.api.ApiError;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.gateway.client.ModelCaller;
import dev.stresslab.gateway.client.ModelEndpoints;
import dev.stresslab.gateway.domain.FailureKind;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/**
 * {@code POST /extractions}: one synchronous call of a registered endpoint for the scorer's LLM answer extractor
 * (REST's GPQA grading, docs/grading.md "LLM extractor"). It goes through the same {@link ModelCaller} as a stress
 * prompt, so the extractor gets the endpoint's permits, rate limit, circuit breaker, retries, timeout and metrics,
 * and the scorer needs no URL or key of any model server. Non-blocking (a Uni). Bearer token as every POST.
 */
@Path("/extractions")
public class ExtractionResource {
    /** The largest extraction prompt accepted (REST's prompt is ~8 KB plus the questions and the output). */
    static final int MAX_PROMPT_CHARS = 4_000_000;

    /** Request body: the endpoint id, the prompt (one user message), temperature and max tokens. */
    public record ExtractionRequest(String endpoint, String prompt, Double temperature, Integer maxTokens) {
    }

    /** 200 body: the model's answer text, its finish reason and the attempts it took. */
    public record ExtractionResponse(String content, String finishReason, int attempts) {
    }

    private final ModelCaller caller;
    private final ModelEndpoints endpoints;

    public ExtractionResource(ModelCaller caller, ModelEndpoints endpoints) {
        this.caller = caller;
        this.endpoints = endpoints;
    }

    /** 200 with the answer; 400 for a bad body; 404 for an endpoint not registered; 502 when the call failed. */
    @POST
    public Uni<Response> extract(ExtractionRequest request) {
        if (request == null || request.endpoint() == null || request.prompt() == null || request.maxTokens() == null
                || request.temperature() == null) {
            return Uni.createFrom().item(ApiError.response(400,
                    "give {\"endpoint\", \"prompt\", \"temperature\", \"maxTokens\"}"));
        }
        if (request.prompt().length() > MAX_PROMPT_CHARS || request.maxTokens() < 1) {
            return Uni.createFrom().item(ApiError.response(400, "prompt over " + MAX_PROMPT_CHARS
                    + " characters, or maxTokens below 1"));
        }
        if (endpoints.find(request.endpoint()).isEmpty()) {
            return Uni.createFrom().item(ApiError.response(404, "model endpoint '" + request.endpoint()
                    + "' is not registered in this gateway"));
        }
        PromptEvent prompt = new PromptEvent(PromptEvent.SCHEMA_VERSION, "extraction",
                "extraction-" + UUID.randomUUID(), request.endpoint(), "llm-extract", 1, 0, 0, List.of(), List.of(),
                AnswerKind.MATH, List.of(new ChatMessage("user", request.prompt())),
                new GenerationSettings(request.temperature(), 1.0, request.maxTokens(), null));
        return caller.complete(prompt).map(ExtractionResource::response);
    }

    static Response response(CompletionEvent c) {
        if (c.failed()) {
            int status = FailureKind.UNKNOWN_ENDPOINT.name().equals(c.failure().kind()) ? 404 : 502;
            return ApiError.response(status, "extraction call failed: " + c.failure().kind() + " after "
                    + c.attempts() + " attempt(s)");
        }
        return Response.ok(new ExtractionResponse(c.content(), c.finishReason(), c.attempts())).build();
    }
}
