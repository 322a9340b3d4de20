package dev.stresslab.gateway.messaging;

import dev.stresslab.testkit.StubHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripted OpenAI-compatible servers over real HTTP. The testkit stub serves endpoint {@code stub}; what it does
 * depends on a word in the prompt: RATE-LIMIT-ONCE (429 with Retry-After, then success), ALWAYS-500, GARBAGE (200
 * with a non-JSON body), HANG (answers after the gateway's timeout); anything else succeeds with reasoning_content
 * and usage. Under {@code /cb} it serves endpoint {@code stub-cb}: DOWN answers 503. {@link ScriptedModelServer}
 * serves the secured ({@code stub-secured}) and streaming ({@code stub-stream}) endpoints.
 */
public class FakeModelServerResource implements QuarkusTestResourceLifecycleManager {
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private StubHttpServer stub;
    private ScriptedModelServer scripted;

    @Override
    public Map<String, String> start() {
        stub = new StubHttpServer().on("/v1/chat/completions", body -> {
            if (body.contains("HUGE-")) {
                return huge(body.contains("HUGE-13MB") ? 13_000_000 : 3_000_000);
            }
            String marker = body.contains("RATE-LIMIT-ONCE") ? "RATE-LIMIT-ONCE" : body.contains("ALWAYS-500") ? "ALWAYS-500"
                    : body.contains("GARBAGE") ? "GARBAGE" : body.contains("HANG") ? "HANG" : "OK";
            int call = CALLS.computeIfAbsent(marker, k -> new AtomicInteger()).incrementAndGet();
            return switch (marker) {
                case "RATE-LIMIT-ONCE" -> call == 1
                        ? new StubHttpServer.Reply(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "0.2"))
                        : ok();
                case "ALWAYS-500" -> StubHttpServer.Reply.json(500, "{\"error\":{\"message\":\"boom\"}}");
                case "GARBAGE" -> StubHttpServer.Reply.json(200, "<html>not json");
                case "HANG" -> {
                    sleep(2500);
                    yield ok();
                }
                default -> ok();
            };
        }).on("/cb/v1/chat/completions", body -> body.contains("DOWN")
                ? StubHttpServer.Reply.json(503, "{\"error\":{\"message\":\"overloaded\"}}")
                : ok());
        // what the stub received, for tests (read over HTTP: the test may run in another class loader)
        StubHttpServer server = stub;
        stub.on("/_requests", ignored -> StubHttpServer.Reply.json(200, ScriptedModelServer.toJson(
                server.requests().stream().filter(r -> !r.startsWith("/_requests")).toList())));
        scripted = new ScriptedModelServer();
        return Map.of("gateway.endpoints.stub.base-url", stub.url(),
                "gateway.endpoints.stub-rated.base-url", stub.url(),
                "gateway.endpoints.stub-big.base-url", stub.url(),
                "gateway.endpoints.stub-cb.base-url", stub.url() + "/cb",
                "gateway.endpoints.stub-secured.base-url", scripted.url() + "/secured",
                "gateway.endpoints.stub-stream.base-url", scripted.url() + "/stream");
    }

    /** A long-thinking model's answer: {@code chars} of reasoning (with lines, quotes and non-ASCII), then the box. */
    private static StubHttpServer.Reply huge(int chars) {
        StringBuilder reasoning = new StringBuilder(chars + 64);
        String line = "Let me check \"step\" again: 6 × 7 = 42, so the answer is 42.\n";
        while (reasoning.length() < chars) {
            reasoning.append(line);
        }
        reasoning.setLength(chars);
        return StubHttpServer.Reply.json(200, "{\"id\":\"h1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"Q1: \\\\boxed{42}\","
                + "\"reasoning_content\":" + ScriptedModelServer.toJson(List.of(reasoning.toString())).replaceAll("^\\[|\\]$", "")
                + "}}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + chars / 4 + "}}");
    }

    private static StubHttpServer.Reply ok() {
        return StubHttpServer.Reply.json(200, """
                {"id":"c1","object":"chat.completion","model":"stub-model","choices":[{"index":0,"finish_reason":"stop",
                 "message":{"role":"assistant","content":"Q1: \\\\boxed{42}","reasoning_content":"think think"}}],
                 "usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42,"completion_tokens_details":{"reasoning_tokens":20}}}""");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
        if (scripted != null) {
            scripted.close();
        }
    }
}
