package dev.stresslab.composer.api;

import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * stresslab.api.auth=disabled, as the launcher's local demo starts the services: a run needs no token. Field checks
 * still apply.
 */
@QuarkusTest
@TestProfile(ApiAuthDisabledKafkaTest.AuthDisabled.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(UpstreamServicesStub.class)
class ApiAuthDisabledKafkaTest extends KafkaTestSupport {

    public static class AuthDisabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stresslab.api.token", "", "stresslab.api.auth", "disabled");
        }
    }

    @Test
    void aRunNeedsNoTokenButFieldsAreStillChecked() {
        String runId = given().contentType(ContentType.JSON)
                .body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"levels\":[1],\"limit\":2}")
                .post("/runs").then().statusCode(201).extract().path("runId");
        assertEquals(2, kafka.await(Topics.PROMPTS, r -> runId.equals(r.key()), 2, Duration.ofSeconds(20)).size());

        given().contentType(ContentType.JSON).body("{\"benchmark\":\"../gsm8k\",\"modelId\":\"sim-budgeter\"}")
                .post("/runs").then().statusCode(400).body("field", equalTo("benchmark"));
    }
}
