package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Talks to the running services over HTTP: creates a run on the composer, follows it on analytics. */
final class StressRunClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String composerUrl;
    private final String analyticsUrl;

    StressRunClient(String composerUrl, String analyticsUrl) {
        this.composerUrl = composerUrl;
        this.analyticsUrl = analyticsUrl;
    }

    /** The composer's answer: status code and JSON body (the run on 201, {"error": ...} otherwise). */
    record Response(int status, JsonNode body) {
    }

    Response createRun(String benchmark, String modelId, List<Integer> levels, int limit, int samples, Integer maxTokens)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("benchmark", benchmark).put("modelId", modelId).put("limit", limit)
                .put("samples", samples);
        levels.forEach(body.putArray("levels")::add);
        if (maxTokens != null) {
            body.putObject("generation").put("temperature", 0.6).put("topP", 0.95).put("maxTokens", maxTokens);
        }
        return post(composerUrl + "/runs", body.toString());
    }

    Response post(String url, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

    JsonNode report(String runId) throws IOException, InterruptedException {
        return report(runId, false);
    }

    /**
     * @param exact computed for the results stored now; otherwise a large running run's report may be its newest
     *              computation, a second or two behind (docs/reports.md, "Freshness")
     */
    JsonNode report(String runId, boolean exact) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(analyticsUrl + "/runs/" + runId
                        + (exact ? "?exact=true" : "")))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    /**
     * The prompt viewer's page of the run's first prompt with a wrong answer (or its first prompt when none is
     * wrong), or null when analytics lists none (docs/reports.md, "Prompt viewer").
     */
    String viewerUrl(String runId) throws IOException, InterruptedException {
        for (String filter : List.of("?filter=wrong&limit=1", "?limit=1")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(analyticsUrl + "/runs/" + runId + "/prompts"
                    + filter)).header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode first = r.statusCode() == 200 ? JSON.readTree(r.body()).path("prompts").path(0) : null;
            if (first != null && first.has("promptId")) {
                return analyticsUrl + "/runs/" + runId + "/prompts/" + first.path("promptId").asText();
            }
        }
        return null;
    }

    /** Polls the report until the run is COMPLETE or ABORTED (both terminal); {@code progress} sees each new state. */
    JsonNode awaitComplete(String runId, Duration timeout, Consumer<JsonNode> progress) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonNode report;
            try {
                report = report(runId);
            } catch (IOException slowOrBusy) {
                // analytics may answer slowly while it ingests a burst; a missed poll is not a failed run
                Thread.sleep(500);
                continue;
            }
            if (report != null) {
                String state = report.path("status").asText() + report.path("completed").asLong();
                if (!state.equals(last)) {
                    progress.accept(report);
                    last = state;
                }
                if ("COMPLETE".equals(report.path("status").asText()) || "ABORTED".equals(report.path("status").asText())) {
                    return report;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("run " + runId + " did not complete within " + timeout.toSeconds() + " s; last: " + report(runId));
    }
}
