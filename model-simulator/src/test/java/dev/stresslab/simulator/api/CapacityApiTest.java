package dev.stresslab.simulator.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** capacity.max-concurrent = 2, overflow = reject: the third concurrent request gets 429, a later one is served. */
@QuarkusTest
@TestProfile(CapacityApiTest.TwoSlotsReject.class)
class CapacityApiTest {

    public static class TwoSlotsReject implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.capacity.max-concurrent", "2", "simulator.capacity.overflow", "reject");
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URI chatUri;

    static List<HttpResponse<String>> concurrently(URI uri, int requests, long latencyMs) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, requests)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .header("X-Sim-Latency-Ms", Long.toString(latencyMs))
                        .POST(HttpRequest.BodyPublishers.ofString(FaultsApiTest.BODY)).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void requestsBeyondTheCapacityGet429AndTheSlotsFreeAgain() {
        List<HttpResponse<String>> first = concurrently(chatUri, 3, 1000);
        List<Integer> statuses = first.stream().map(HttpResponse::statusCode).sorted().toList();
        assertEquals(List.of(200, 200, 429), statuses);
        HttpResponse<String> refused = first.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertEquals("2", refused.headers().firstValue("Retry-After").orElse(null));
        assertTrue(refused.body().contains("capacity_exceeded"), refused.body());

        List<Integer> after = concurrently(chatUri, 2, 0).stream().map(HttpResponse::statusCode).toList();
        assertEquals(List.of(200, 200), after, "the slots were given back when the answers ended");
    }
}
