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
import java.util.Set;
import java.util.function.Consumer;

/** Talks to the release gate over HTTP: starts and follows evaluations, promotes baselines. */
final class GateClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL = Set.of("DECIDED", "ERROR", "REFUSED");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateUrl;
    private final String token;

    /** {@code token}: the platform's bearer token for state-changing requests, or null (a local demo stack). */
    GateClient(String gateUrl, String token) {
        this.gateUrl = gateUrl.endsWith("/") ? gateUrl.substring(0, gateUrl.length() - 1) : gateUrl;
        this.token = token == null || token.isBlank() ? null : token;
    }

    String url() {
        return gateUrl;
    }

    /** POST /evaluations: the suite on the endpoint now; the answer names the evaluation (or why it did not start). */
    JsonNode start(String suite, String endpoint, String family, String baselineRunId) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("suite", suite).put("endpointId", endpoint);
        if (family != null) {
            body.put("family", family);
        }
        if (baselineRunId != null) {
            body.put("baselineRunId", baselineRunId);
        }
        return send("POST", "/evaluations", body.toString());
    }

    JsonNode promote(String evaluationId) throws IOException, InterruptedException {
        return send("POST", "/evaluations/" + evaluationId + "/promote", "");
    }

    JsonNode evaluation(String evaluationId) throws IOException, InterruptedException {
        return send("GET", "/evaluations/" + evaluationId, null);
    }

    JsonNode evaluations(String endpoint) throws IOException, InterruptedException {
        return send("GET", "/evaluations?endpoint=" + endpoint, null);
    }

    JsonNode progress(String evaluationId) throws IOException, InterruptedException {
        return send("GET", "/evaluations/" + evaluationId + "/progress", null);
    }

    /** Polls until the evaluation is decided, failed or refused; {@code progress} sees every poll's progress. */
    JsonNode awaitFinal(String evaluationId, Duration timeout, Consumer<JsonNode> progress) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode p = progress(evaluationId);
                progress.accept(p);
                if (FINAL.contains(p.path("status").asText())) {
                    return evaluation(evaluationId);
                }
            } catch (GateError refused) {
                throw refused;
            } catch (IOException busy) {
                // a slow answer while the stack is busy is not a failed evaluation
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("evaluation " + evaluationId + " was not decided within " + timeout.toMinutes() + " min");
    }

    private JsonNode send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateUrl + path)).timeout(Duration.ofMinutes(2));
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (token != null && !"GET".equals(method)) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        if (r.statusCode() >= 400) {
            throw new GateError(r.statusCode(), body.path("error").asText(r.body()));
        }
        return body;
    }

    /** The gate refused a request; the message is its JSON error. */
    static final class GateError extends IOException {
        final int status;

        GateError(int status, String message) {
            super("HTTP " + status + ": " + message);
            this.status = status;
        }
    }
}
