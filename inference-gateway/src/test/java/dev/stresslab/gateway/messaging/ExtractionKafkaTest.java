package dev.stresslab.gateway.messaging;

import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /extractions} (the scorer's LLM extractor) against a scripted model server over real HTTP: it is the
 * endpoint's own call path, so a failing endpoint is retried by the gateway (its max-attempts) and then answers 502,
 * an unknown one 404. (The stub's RATE-LIMIT-ONCE counter is shared with PromptProcessorKafkaTest, so not used here.)
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeModelServerResource.class)
class ExtractionKafkaTest extends KafkaTestSupport {
    private static final String TOKEN = "Bearer gateway-test-token-51e0";

    private static Map<String, Object> body(String endpoint, String prompt) {
        return Map.of("endpoint", endpoint, "prompt", prompt, "temperature", 0.001, "maxTokens", 128);
    }

    @Test
    void callsTheEndpointThroughItsRetriesAndSaysWhyWhenItCannot() {
        given().contentType(ContentType.JSON).header("Authorization", TOKEN)
                .body(body("stub", "EXTRACT-ME")).post("/extractions")
                .then().statusCode(200).body("content", equalTo("Q1: \\boxed{42}")).body("attempts", equalTo(1));
        // REST's settings reach the model server: temperature 0.001, at most 128 tokens, the prompt as one user message
        String sent = TestSupport.requestsOf("stub").stream().filter(r -> r.contains("EXTRACT-ME")).findFirst().orElseThrow();
        assertTrue(sent.contains("\"temperature\":0.001") && sent.contains("\"max_tokens\":128")
                && sent.contains("\"messages\":[{\"role\":\"user\",\"content\":\"EXTRACT-ME\"}]"), sent);

        given().contentType(ContentType.JSON).header("Authorization", TOKEN)
                .body(body("stub", "ALWAYS-500")).post("/extractions")
                .then().statusCode(502).body("error", containsString("SERVER_ERROR after 3 attempt(s)")); // the stub's max-attempts
        given().contentType(ContentType.JSON).header("Authorization", TOKEN)
                .body(body("nowhere", "x")).post("/extractions").then().statusCode(404);
        given().contentType(ContentType.JSON).header("Authorization", TOKEN)
                .body(Map.of("endpoint", "stub")).post("/extractions").then().statusCode(400);
        given().contentType(ContentType.JSON).body(body("stub", "x")).post("/extractions").then().statusCode(401);
    }
}
