package dev.stresslab.simulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.simulator.config.SimulatorConfig;
import dev.stresslab.simulator.config.SimulatorRuntime;
import dev.stresslab.simulator.domain.CapacityGate;
import dev.stresslab.simulator.domain.ExtractorAnswers;
import dev.stresslab.simulator.domain.Fault;
import dev.stresslab.simulator.domain.FinishReason;
import dev.stresslab.simulator.domain.OutputStyle;
import dev.stresslab.simulator.domain.Seeds;
import dev.stresslab.simulator.domain.SimulatedCompletion;
import dev.stresslab.simulator.domain.TextChunker;
import dev.stresslab.simulator.domain.TokenEstimate;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}, as plain Vert.x routes so that faults can act on
 * the connection itself (drop it, keep it silent) and streaming writes exact SSE frames. Everything runs on the event
 * loop: latency and hangs are Vert.x timers, never sleeping threads.
 */
@ApplicationScoped
public class CompletionRoutes {
    private static final Logger LOG = Logger.getLogger(CompletionRoutes.class);
    static final String FAULT_HEADER = "X-Sim-Fault";
    static final String LATENCY_HEADER = "X-Sim-Latency-Ms";
    static final String STYLE_HEADER = "X-Sim-Style";
    private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private final SimulatorRuntime runtime;
    private final SimulatorMetrics metrics;
    private final Vertx vertx;

    public CompletionRoutes(SimulatorRuntime runtime, SimulatorMetrics metrics, Vertx vertx) {
        this.runtime = runtime;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.post("/v1/chat/completions").handler(body).handler(rc -> handle(rc, Endpoint.CHAT));
        router.post("/v1/completions").handler(body).handler(rc -> handle(rc, Endpoint.COMPLETIONS));
    }

    private void handle(RoutingContext rc, Endpoint endpoint) {
        String modelLabel = "unknown";
        try {
            JsonNode json = parseJson(rc.body().asString());
            CompletionRequest req = CompletionRequest.parse(endpoint, json, id -> runtime.profile(id).orElse(null));
            modelLabel = req.model();
            Fault fault = decideFault(rc.request().getHeader(FAULT_HEADER));
            OutputStyle style = style(req, rc.request().getHeader(STYLE_HEADER));
            if (fault == Fault.RATE_LIMITED) {
                // Rate limiters answer at once, before any work.
                respondFault(rc, req, endpoint, fault);
                return;
            }
            List<SimulatedCompletion> choices = simulate(req, style);
            long delay = delayMs(rc.request().getHeader(LATENCY_HEADER), choices);
            Runnable action = fault == Fault.NONE
                    ? () -> respond(rc, req, endpoint, style, choices)
                    : () -> respondFault(rc, req, endpoint, fault);
            Runnable work = () -> {
                if (fault == Fault.HANG) {
                    metrics.request(req.model(), endpoint, fault.label());
                    long hang = runtime.config().faults().hangMs();
                    vertx.setTimer(Math.max(1, hang), id -> closeConnection(rc));
                } else if (delay > 0) {
                    vertx.setTimer(delay, id -> action.run());
                } else {
                    action.run();
                }
            };
            if (runtime.capacity().capacity() > 0) {
                withinCapacity(rc, req, endpoint, work);
            } else {
                work.run();
            }
        } catch (ApiError e) {
            metrics.request(modelLabel, endpoint, "bad_request");
            sendError(rc, e);
        } catch (RuntimeException e) {
            LOG.error("simulator failure", e);
            metrics.request(modelLabel, endpoint, "internal_error");
            sendError(rc, new ApiError(500, "simulator failure: " + e.getMessage(), "server_error", null, "internal_error"));
        }
    }

    /**
     * Runs {@code work} in one of the server's {@code capacity.max-concurrent} slots, held until the response ends or
     * the connection closes. Beyond the capacity: 429 at once, or queued (the latency starts when the slot is taken).
     */
    private void withinCapacity(RoutingContext rc, CompletionRequest req, Endpoint endpoint, Runnable work) {
        CapacityGate gate = runtime.capacity();
        AtomicBoolean holding = new AtomicBoolean(); // a queued request that the client gives up must not free a slot
        Runnable leave = () -> {
            if (holding.compareAndSet(true, false)) {
                gate.leave();
            }
        };
        rc.addEndHandler(ignored -> leave.run()); // on the response's end and on a closed connection
        Context context = vertx.getOrCreateContext();
        Runnable start = () -> {
            holding.set(true);
            if (rc.response().closed()) {
                leave.run();
            } else {
                work.run();
            }
        };
        // a queued request is started by whichever request frees the slot, on its own thread: back to this request's
        CapacityGate.Admission admission = gate.admit(() -> {
            if (Vertx.currentContext() == context) {
                start.run();
            } else {
                context.runOnContext(v -> start.run());
            }
        });
        if (admission == CapacityGate.Admission.REJECTED) {
            metrics.request(req.model(), endpoint, "over_capacity");
            int retryAfter = runtime.config().faults().retryAfterSeconds();
            rc.response().putHeader("Retry-After", Integer.toString(retryAfter));
            sendError(rc, new ApiError(429, "The server is at capacity (" + gate.capacity() + " concurrent requests, "
                    + "simulated). Please try again in " + retryAfter + "s.", "rate_limit_error", null, "capacity_exceeded"));
        }
    }

    private static JsonNode parseJson(String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest("The request body is empty; a JSON object is required.", null, "invalid_json");
        }
        try {
            return OpenAiJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("The request body is not valid JSON: " + e.getOriginalMessage(), null, "invalid_json");
        }
    }

    private Fault decideFault(String header) {
        Fault fromHeader = null;
        if (header != null && !header.isBlank()) {
            fromHeader = Fault.parseHeader(header).orElseThrow(() -> ApiError.badRequest(
                    "Unknown " + FAULT_HEADER + " value '" + header + "'; use 429, 500, 503, malformed, hang, drop or none.",
                    FAULT_HEADER, "invalid_value"));
        }
        // Random faults must not be reproducible per prompt, or a retried request would fail forever.
        return runtime.faultRates().decide(fromHeader, ThreadLocalRandom.current().nextDouble());
    }

    private static OutputStyle style(CompletionRequest req, String header) {
        OutputStyle style = req.profile().style();
        if (header != null && !header.isBlank()) {
            try {
                style = OutputStyle.parse(header);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("Unknown " + STYLE_HEADER + " value '" + header
                        + "'; use reasoning-content, think-tags, think-close-only or hidden.", STYLE_HEADER, "invalid_value");
            }
        }
        if (req.endpoint() == Endpoint.COMPLETIONS && style == OutputStyle.REASONING_CONTENT) {
            // A raw completion has no separate reasoning field: the text carries the think block, and when the prompt
            // (a chat template) already opened <think>, only the closing tag appears.
            style = req.questionText().stripTrailing().endsWith("<think>") ? OutputStyle.THINK_CLOSE_ONLY : OutputStyle.THINK_TAGS;
        }
        return style;
    }

    private List<SimulatedCompletion> simulate(CompletionRequest req, OutputStyle style) {
        long seed = Seeds.requestSeed(req.seed(), req.seedText(), req.model(), req.temperature());
        List<SimulatedCompletion> out = new ArrayList<>(req.n());
        SimulatorConfig.ModelConfig model = runtime.config().models().get(req.model());
        boolean extractor = model != null && "extractor".equals(model.role());
        for (int i = 0; i < req.n(); i++) {
            out.add(extractor ? extraction(req.questionText())
                    : runtime.simulator().simulate(req.profile(), style, req.questionText(), seed, i, req.maxTokens()));
        }
        return out;
    }

    /** An extractor profile's answer: no reasoning, the extraction as content. */
    private static SimulatedCompletion extraction(String prompt) {
        String reply = ExtractorAnswers.reply(prompt);
        return new SimulatedCompletion(null, reply, FinishReason.STOP, 0, Math.max(1, TokenEstimate.of(reply)), List.of(), 0);
    }

    private long delayMs(String header, List<SimulatedCompletion> choices) {
        SimulatorConfig.Latency l = runtime.config().latency();
        double base;
        if (header != null && !header.isBlank()) {
            try {
                base = Long.parseLong(header.strip());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest(LATENCY_HEADER + " must be an integer number of milliseconds", LATENCY_HEADER, "invalid_value");
            }
        } else {
            base = l.meanMs();
            if (l.jitterMs() > 0) {
                base += ThreadLocalRandom.current().nextDouble(-l.jitterMs(), l.jitterMs());
            }
        }
        int tokens = choices.stream().mapToInt(SimulatedCompletion::completionTokens).max().orElse(0);
        base += l.msPer1kTokens() * tokens / 1000.0;
        return Math.max(0, Math.round(base));
    }

    // ---------------------------------------------------------------- normal answers

    private void respond(RoutingContext rc, CompletionRequest req, Endpoint endpoint, OutputStyle style,
                         List<SimulatedCompletion> choices) {
        if (rc.response().closed()) {
            metrics.request(req.model(), endpoint, "client_gone");
            return;
        }
        boolean cut = choices.stream().anyMatch(c -> c.finishReason() == FinishReason.LENGTH);
        metrics.request(req.model(), endpoint, cut ? "length" : "ok");
        choices.forEach(c -> metrics.completionTokens(req.model(), c.completionTokens()));
        String id = (endpoint == Endpoint.CHAT ? "chatcmpl-" : "cmpl-") + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        long created = System.currentTimeMillis() / 1000;
        boolean reasoningField = endpoint == Endpoint.CHAT && style == OutputStyle.REASONING_CONTENT;
        if (!req.stream()) {
            ObjectNode body = OpenAiJson.response(endpoint, id, created, req, choices, reasoningField);
            rc.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body.toString());
            return;
        }
        List<String> events = new ArrayList<>();
        int size = runtime.config().output().streamChunkChars();
        for (int i = 0; i < choices.size(); i++) {
            SimulatedCompletion c = choices.get(i);
            if (endpoint == Endpoint.CHAT) {
                ObjectNode first = OpenAiJson.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
                events.add(OpenAiJson.chunk(endpoint, id, created, req.model(), i, null, first, null).toString());
                for (String piece : TextChunker.split(c.reasoning(), size)) {
                    ObjectNode d = OpenAiJson.MAPPER.createObjectNode().put("reasoning_content", piece);
                    events.add(OpenAiJson.chunk(endpoint, id, created, req.model(), i, null, d, null).toString());
                }
                for (String piece : TextChunker.split(c.content(), size)) {
                    ObjectNode d = OpenAiJson.MAPPER.createObjectNode().put("content", piece);
                    events.add(OpenAiJson.chunk(endpoint, id, created, req.model(), i, null, d, null).toString());
                }
            } else {
                for (String piece : TextChunker.split(c.content(), size)) {
                    events.add(OpenAiJson.chunk(endpoint, id, created, req.model(), i, null, null, piece).toString());
                }
            }
            events.add(OpenAiJson.chunk(endpoint, id, created, req.model(), i, c.finishReason().wire(), null, "").toString());
        }
        if (req.includeUsage()) {
            events.add(OpenAiJson.usageChunk(endpoint, id, created, req, choices).toString());
        }
        events.add("[DONE]");
        startStream(rc.response());
        writeEvents(rc.response(), events, 0, runtime.config().latency().streamChunkMs());
    }

    private static void startStream(HttpServerResponse response) {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache");
    }

    /** Writes SSE events; with a chunk interval, one per timer tick (non-blocking), else all at once. */
    private void writeEvents(HttpServerResponse response, List<String> events, int from, long intervalMs) {
        if (response.closed()) {
            return;
        }
        if (intervalMs <= 0) {
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < events.size(); i++) {
                sb.append("data: ").append(events.get(i)).append("\n\n");
            }
            response.end(sb.toString());
            return;
        }
        response.write("data: " + events.get(from) + "\n\n");
        if (from + 1 >= events.size()) {
            response.end();
        } else {
            vertx.setTimer(intervalMs, id -> writeEvents(response, events, from + 1, intervalMs));
        }
    }

    // ---------------------------------------------------------------- faults

    private void respondFault(RoutingContext rc, CompletionRequest req, Endpoint endpoint, Fault fault) {
        metrics.request(req.model(), endpoint, fault.label());
        HttpServerResponse response = rc.response();
        if (response.closed()) {
            return;
        }
        switch (fault) {
            case RATE_LIMITED -> {
                int retryAfter = runtime.config().faults().retryAfterSeconds();
                response.putHeader("Retry-After", Integer.toString(retryAfter));
                sendError(rc, new ApiError(429, "Rate limit reached for " + req.model() + " (simulated). Please try again in "
                        + retryAfter + "s.", "rate_limit_error", null, "rate_limit_exceeded"));
            }
            case SERVER_ERROR -> sendError(rc, new ApiError(500, "The server had an error while processing your request "
                    + "(simulated).", "server_error", null, "internal_error"));
            case UNAVAILABLE -> sendError(rc, new ApiError(503, "The server is overloaded or not ready yet (simulated).",
                    "server_error", null, "service_unavailable"));
            case MALFORMED -> {
                String broken = "{\"id\":\"chatcmpl-malformed\",\"object\":\"" + (endpoint == Endpoint.CHAT ? "chat.completion" : "text_completion")
                        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The answer is \\\\boxed{4";
                if (req.stream()) {
                    startStream(response);
                    response.end("data: " + broken + "\n\ndata: [DONE]\n\n");
                } else {
                    response.setStatusCode(200).putHeader("Content-Type", "application/json").end(broken);
                }
            }
            case DROP -> closeConnection(rc);
            default -> throw new IllegalStateException("not a response fault: " + fault);
        }
    }

    private static void closeConnection(RoutingContext rc) {
        if (!rc.response().closed()) {
            rc.request().connection().close();
        }
    }

    private static void sendError(RoutingContext rc, ApiError e) {
        if (rc.response().closed() || rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json")
                .end(OpenAiJson.error(e).toString());
    }
}
