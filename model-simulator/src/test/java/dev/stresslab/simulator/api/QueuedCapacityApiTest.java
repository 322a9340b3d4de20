package dev.stresslab.simulator.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** capacity.max-concurrent = 2, overflow = queue: a third concurrent request waits for a slot instead of a 429. */
@QuarkusTest
@TestProfile(QueuedCapacityApiTest.TwoSlotsQueue.class)
class QueuedCapacityApiTest {

    public static class TwoSlotsQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.capacity.max-concurrent", "2", "simulator.capacity.overflow", "queue");
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URI chatUri;

    @Test
    void aRequestBeyondTheCapacityIsAnsweredAfterASlotFrees() {
        long start = System.nanoTime();
        List<HttpResponse<String>> answers = CapacityApiTest.concurrently(chatUri, 3, 700);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of(200, 200, 200), answers.stream().map(HttpResponse::statusCode).toList());
        // two rounds of 700 ms: the third request's latency starts only when it gets a slot
        assertTrue(elapsedMs >= 1400, "the third request queued for a slot: " + elapsedMs + " ms");
    }
}
