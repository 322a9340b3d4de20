package dev.stresslab.gate.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The composer, analytics and gateway over real HTTP, as far as the gate uses them: POST /runs creates a run that stays
 * RUNNING until a test completes it; GET /compare answers what the test scripted (analytics' headline shape, issue
 * 11); POST /endpoints accepts registrations. Every request is recorded with its query and Authorization header.
 */
public class PeerServicesStub implements QuarkusTestResourceLifecycleManager {
    public record Request(String method, String path, String query, String authorization, String body) {
    }

    static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();
    static final Map<String, String> RUN_STATUS = new ConcurrentHashMap<>();
    static volatile String compareAnswer = "{}";
    /** A run's report as the test scripts it (status, completed, cancelled); else RUN_STATUS with 30 of 30 completed. */
    static final Map<String, String> RUN_REPORT = new ConcurrentHashMap<>();
    /** A run's per-prompt outcomes (analytics' /runs/{id}/prompt-outcomes), as the test scripts them. */
    static final Map<String, String> PROMPT_OUTCOMES = new ConcurrentHashMap<>();
    private static final Pattern LEVELS = Pattern.compile("\"levels\":\\[([0-9,]+)]");
    private static final Pattern LIMIT = Pattern.compile("\"limit\":([0-9]+)");
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Pattern MODEL = Pattern.compile("\"modelId\":\"([^\"]+)\"");
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.composer.url", url, "quarkus.rest-client.analytics.url", url,
                "quarkus.rest-client.gateway.url", url);
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = x.getRequestURI().getPath();
        REQUESTS.add(new Request(x.getRequestMethod(), path, x.getRequestURI().getQuery(),
                x.getRequestHeaders().getFirst("Authorization"), body));
        int status = 200;
        String answer;
        if (path.equals("/runs") && x.getRequestMethod().equals("POST")) {
            Matcher m = MODEL.matcher(body);
            String runId = "run-" + (m.find() ? m.group(1) : "x") + "-" + RUNS.incrementAndGet();
            RUN_STATUS.put(runId, "RUNNING");
            status = 201;
            Matcher levels = LEVELS.matcher(body);
            Matcher limit = LIMIT.matcher(body);
            if (body.contains("\"promptOrder\":\"interleaved\"") && levels.find() && limit.find()) {
                // what the composer plans: every level over the first `limit` questions
                int n = Integer.parseInt(limit.group(1));
                int count = levels.group(1).split(",").length;
                answer = "{\"runId\":\"" + runId + "\",\"levels\":[" + levels.group(1) + "],\"promptCount\":" + n * count
                        + ",\"questionCount\":" + n + ",\"samples\":1}";
            } else {
                answer = "{\"runId\":\"" + runId + "\",\"promptCount\":30,\"questionCount\":20,\"samples\":1}";
            }
        } else if (path.startsWith("/runs/") && path.endsWith("/prompt-outcomes")
                && PROMPT_OUTCOMES.containsKey(path.substring(6, path.length() - "/prompt-outcomes".length()))) {
            answer = PROMPT_OUTCOMES.get(path.substring(6, path.length() - "/prompt-outcomes".length()));
        } else if (path.startsWith("/runs/") && RUN_REPORT.containsKey(path.substring(6))) {
            answer = RUN_REPORT.get(path.substring(6));
        } else if (path.startsWith("/runs/") && RUN_STATUS.containsKey(path.substring(6))) {
            String runId = path.substring(6);
            answer = "{\"runId\":\"" + runId + "\",\"status\":\"" + RUN_STATUS.get(runId) + "\",\"composed\":30,\"completed\":30}";
        } else if (path.equals("/compare")) {
            answer = compareAnswer;
        } else if (path.equals("/endpoints") && x.getRequestMethod().equals("POST")) {
            status = 204;
            answer = "";
        } else {
            status = 404;
            answer = "{\"error\":\"no such path\",\"status\":404}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
        x.close();
    }

    /** Run creations the composer received for this endpoint (model id). */
    static List<Request> runsCreatedFor(String endpointId) {
        return REQUESTS.stream().filter(r -> r.path().equals("/runs") && r.method().equals("POST")
                && r.body().contains("\"modelId\":\"" + endpointId + "\"")).toList();
    }

    /** Analytics' /compare answer with the given stress-score headline (points, candidate - base). */
    static String headline(double difference, double ciLow, double ciHigh) {
        String d = "{\"base\":90.0,\"candidate\":" + (90.0 + difference) + ",\"difference\":" + difference + ",\"ciLow\":"
                + ciLow + ",\"ciHigh\":" + ciHigh + ",\"pValue\":0.01,\"questions\":20}";
        return "{\"comparable\":true,\"headline\":{\"single\":" + d + ",\"stress\":" + d + ",\"drop\":" + d + "}}";
    }

    /** The same with per-level differences: {@code level-1} and {@code level-3} as given (points). */
    static String headlineWithLevels(double difference, double ciLow, double ciHigh, double level3, double level3Low, double level3High) {
        String d = "{\"base\":90.0,\"candidate\":" + (90.0 + difference) + ",\"difference\":" + difference + ",\"ciLow\":"
                + ciLow + ",\"ciHigh\":" + ciHigh + ",\"pValue\":0.01,\"questions\":5}";
        String l3 = "{\"base\":90.0,\"candidate\":" + (90.0 + level3) + ",\"difference\":" + level3 + ",\"ciLow\":"
                + level3Low + ",\"ciHigh\":" + level3High + ",\"pValue\":0.01,\"questions\":5}";
        return "{\"comparable\":true,\"headline\":{\"single\":" + d + ",\"stress\":" + d + ",\"drop\":" + d
                + ",\"level-1\":" + d + ",\"level-3\":" + l3 + "}}";
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
