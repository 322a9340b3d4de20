package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.stresslab.gateway.messaging.TestSupport.prompt;
import static dev.stresslab.gateway.messaging.TestSupport.requestsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API key of endpoint stub-secured (from the environment variable STUB_API_KEY, set by surefire) reaches the
 * model server, and nothing else: not the completion, not the dead letter (even when the server echoes the key in
 * its error), not /endpoints, not /q/health, not the API's JSON error answers (404, 405, 413, even to a request that
 * carries the key), not /q/metrics, not the log (DEBUG, written to target/gateway-test.log).
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeModelServerResource.class)
class ApiKeyLeakKafkaTest extends KafkaTestSupport {

    @Test
    void theKeyIsSentToTheServerAndAppearsNowhereElse() throws Exception {
        String key = System.getenv("STUB_API_KEY");
        assertNotNull(key, "surefire sets STUB_API_KEY");
        String runId = "run-" + UUID.randomUUID();
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "stub-secured", 0, "FINE"));
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "stub-secured", 1, "REFLECT-KEY"));
        List<ConsumerRecord<String, JsonNode>> completions = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 2,
                Duration.ofSeconds(30));
        assertEquals(2, completions.size());
        List<ConsumerRecord<String, JsonNode>> dead = kafka.await(Topics.DLQ, r -> runId.equals(r.key()), 1, Duration.ofSeconds(20));
        assertEquals(1, dead.size());
        assertEquals("CLIENT_ERROR", dead.get(0).value().path("failure").path("kind").asText());

        assertTrue(requestsOf("stub-secured").stream().anyMatch(r -> r.contains("Bearer " + key)), "the server got the key");

        for (ConsumerRecord<String, JsonNode> r : completions) {
            assertFalse(r.value().toString().contains(key), "completion: " + r.value());
        }
        assertFalse(dead.get(0).value().toString().contains(key), "dead letter: " + dead.get(0).value());
        String endpoints = given().get("/endpoints").then().statusCode(200).extract().asString();
        assertTrue(endpoints.contains("stub-secured"));
        assertFalse(endpoints.contains(key), endpoints);
        assertFalse(given().get("/q/health").then().extract().asString().contains(key), "health");

        // the API's refusals are JSON errors that name neither the key nor a header, even when the caller sends the
        // key itself by mistake (it must not come back, nor reach the log)
        assertJsonError(given().get("/no-such-path"), 404, "no such resource: GET /no-such-path", key);
        // POST /endpoints registers endpoints (the release gate's deployments) and needs the API token
        assertJsonError(given().contentType(ContentType.JSON).body("{}").post("/endpoints"), 401,
                "missing bearer token: send 'Authorization: Bearer <token>' with state-changing requests", key);
        assertJsonError(given().header("Authorization", "Bearer " + key).delete("/endpoints"), 405,
                "method DELETE is not allowed on /endpoints", key);
        assertJsonError(given().contentType(ContentType.JSON).header("X-Api-Key", key)
                .header("Expect", "100-continue").body("x".repeat(1024 * 1024 + 1)) // wait for the 413, see the composer's test
                .post("/endpoints"), 413, "request body too large: the limit is 1048576 bytes (quarkus.http.limits.max-body-size)", key);
        // metrics are read after the errors, so their status and uri tags are in it
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("status=\"404\""), "the metrics count the refusals");
        assertFalse(metrics.contains(key), "metrics");

        Path log = Path.of("target/gateway-test.log");
        assertTrue(Files.exists(log), "the test profile logs to " + log.toAbsolutePath());
        String logged = Files.readString(log);
        assertTrue(logged.contains("stub-secured"), "the log covers this endpoint");
        assertFalse(logged.contains(key), "the key is in the log");
        assertFalse(logged.contains(key.substring(0, 12)), "part of the key is in the log");
    }

    private static void assertJsonError(Response response, int status, String error, String key) {
        String body = response.then().statusCode(status).contentType(ContentType.JSON)
                .body("status", equalTo(status)).body("error", equalTo(error)).extract().asString();
        assertFalse(body.contains(key) || body.contains(key.substring(0, 12)), "error body: " + body);
        assertFalse(response.headers().toString().contains(key), "error headers: " + response.headers());
    }
}
