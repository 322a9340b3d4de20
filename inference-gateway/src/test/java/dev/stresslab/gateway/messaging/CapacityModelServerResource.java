package dev.stresslab.gateway.messaging;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model server with a capacity, over real HTTP, for the adaptive endpoint {@code stub-adaptive}: it answers at most
 * {@link #CAPACITY} requests at once, each after {@link #LATENCY_MS}; a request beyond that gets 429 with a short
 * Retry-After, as a provider's concurrency limit does. {@code /_stats} reports the peak concurrency it served and
 * how many requests it refused (over HTTP: the test may run in another class loader).
 */
public class CapacityModelServerResource implements QuarkusTestResourceLifecycleManager {
    static final int CAPACITY = 6;
    /*
     * Long beside the scheduling noise of a loaded 2-core CI machine: slow start's overshoot is bounded only if a
     * 429 (answered at once) reaches the limiter before the successes of the same round (answered after this). At
     * 50 ms a 429 delayed by the load arrived after a round of successes and the limit overshot to 3C.
     */
    static final int LATENCY_MS = 150;

    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private HttpServer server;
    private ExecutorService threads;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        threads = Executors.newFixedThreadPool(64); // well above what the gateway may send (max-in-flight 48)
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        String p = "gateway.endpoints.stub-adaptive.";
        return Map.ofEntries(
                Map.entry(p + "base-url", "http://127.0.0.1:" + server.getAddress().getPort()),
                Map.entry(p + "model", "stub-model"),
                Map.entry(p + "concurrency-mode", "adaptive"),
                Map.entry(p + "min-in-flight", "1"),
                Map.entry(p + "initial-in-flight", "1"),
                Map.entry(p + "max-in-flight", "48"),
                Map.entry(p + "max-attempts", "50"),
                Map.entry(p + "initial-backoff", "PT0.02S"),
                Map.entry(p + "max-backoff", "PT0.2S"),
                Map.entry(p + "timeout", "PT5S"));
    }

    private void handle(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        if (ex.getRequestURI().getPath().equals("/_stats")) {
            send(ex, 200, "{\"peak\":" + peak.get() + ",\"served\":" + served.get() + ",\"refused\":" + refused.get() + "}", null);
            return;
        }
        int now = active.incrementAndGet();
        try {
            if (now > CAPACITY) {
                refused.incrementAndGet();
                send(ex, 429, "{\"error\":{\"message\":\"at capacity\"}}", "0.05");
                return;
            }
            peak.accumulateAndGet(now, Math::max);
            Thread.sleep(LATENCY_MS);
            served.incrementAndGet();
            send(ex, 200, """
                    {"id":"c1","object":"chat.completion","model":"stub-model","choices":[{"index":0,"finish_reason":"stop",
                     "message":{"role":"assistant","content":"Q1: \\\\boxed{42}"}}],
                     "usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42}}""", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            active.decrementAndGet();
        }
    }

    private static void send(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        ex.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
