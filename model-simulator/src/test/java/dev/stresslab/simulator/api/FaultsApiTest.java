package dev.stresslab.simulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class FaultsApiTest {
    static final String BODY = SimApi.chat("sim-budgeter", "Q1: What is 2+2?\n\n\nAnswer the above questions.").toString();

    @TestHTTPResource("/v1/chat/completions")
    URI chatUri;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    HttpRequest.Builder post(String fault) {
        HttpRequest.Builder b = HttpRequest.newBuilder(chatUri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY));
        return fault == null ? b : b.header("X-Sim-Fault", fault);
    }

    @Test
    void rateLimitedWithRetryAfter() {
        given().contentType(ContentType.JSON).header("X-Sim-Fault", "429").body(BODY).post("/v1/chat/completions")
                .then().statusCode(429).header("Retry-After", "2")
                .body("error.type", equalTo("rate_limit_error")).body("error.code", equalTo("rate_limit_exceeded"));
    }

    @Test
    void serverErrors() {
        given().contentType(ContentType.JSON).header("X-Sim-Fault", "500").body(BODY).post("/v1/chat/completions")
                .then().statusCode(500).body("error.type", equalTo("server_error"));
        given().contentType(ContentType.JSON).header("X-Sim-Fault", "503").body(BODY).post("/v1/completions")
                .then().statusCode(400); // /v1/completions needs "prompt": validation comes first
        given().contentType(ContentType.JSON).header("X-Sim-Fault", "503").body(BODY).post("/v1/chat/completions")
                .then().statusCode(503).body("error.code", equalTo("service_unavailable"));
    }

    @Test
    void malformedJsonWithStatus200() {
        String body = given().contentType(ContentType.JSON).header("X-Sim-Fault", "malformed").body(BODY)
                .post("/v1/chat/completions").then().statusCode(200).contentType(containsString("application/json"))
                .extract().asString();
        assertThrows(JsonProcessingException.class, () -> SimApi.JSON.readTree(body));
        String streamBody = SimApi.chat("sim-budgeter", "What is 2+2?").put("stream", true).toString();
        String sse = given().contentType(ContentType.JSON).header("X-Sim-Fault", "malformed").body(streamBody)
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        assertThrows(AssertionError.class, () -> SimApi.events(sse));
    }

    @Test
    void hangNeverAnswersWithinTheClientTimeout() {
        long start = System.nanoTime();
        assertThrows(HttpTimeoutException.class,
                () -> http.send(post("hang").timeout(Duration.ofMillis(800)).build(), HttpResponse.BodyHandlers.ofString()));
        assertTrue(System.nanoTime() - start < 2_500_000_000L);
        // The server stays responsive meanwhile.
        given().contentType(ContentType.JSON).body(BODY).post("/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void dropClosesTheConnectionWithoutAResponse() {
        assertThrows(IOException.class,
                () -> http.send(post("drop").timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        given().contentType(ContentType.JSON).header("X-Sim-Fault", "none").body(BODY).post("/v1/chat/completions")
                .then().statusCode(200);
    }

    @Test
    void latencyIsNonBlocking() throws Exception {
        // 64 concurrent requests of 1 s each finish in about 1 s, not 64 s / (worker threads).
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            all.add(http.sendAsync(post(null).header("X-Sim-Latency-Ms", "1000").timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertEquals(200, f.get().statusCode());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 0.95 && seconds < 6, "64 concurrent 1 s requests took " + seconds + " s");
    }
}
