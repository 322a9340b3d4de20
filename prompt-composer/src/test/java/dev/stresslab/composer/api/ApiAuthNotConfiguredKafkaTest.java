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

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A service started without a token (and without auth disabled) refuses every state-changing request, saying why. */
@QuarkusTest
@TestProfile(ApiAuthNotConfiguredKafkaTest.NoToken.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(UpstreamServicesStub.class)
class ApiAuthNotConfiguredKafkaTest extends KafkaTestSupport {

    public static class NoToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a blank token (say, an empty Secret) is no token: otherwise "Bearer " + spaces would be accepted
            return Map.of("stresslab.api.token", "   ", "stresslab.api.auth", "required");
        }
    }

    @Test
    void stateChangingRequestsAreRefusedWhileReadsWork() {
        long before = kafka.endOffsetSum(Topics.PROMPTS);
        String expected = "API auth is not configured: set stresslab.api.token (env STRESSLAB_API_TOKEN) on this service, "
                + "or stresslab.api.auth=disabled for a local demo";
        given().contentType(ContentType.JSON).body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"levels\":[1],\"limit\":2}")
                .post("/runs").then().statusCode(503).contentType(ContentType.JSON)
                .body("status", equalTo(503)).body("error", equalTo(expected));
        // any token is refused too: there is nothing to compare it with
        given().contentType(ContentType.JSON).header("Authorization", "Bearer anything").body("{}")
                .post("/runs").then().statusCode(503).body("error", equalTo(expected));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer    ").body("{}")
                .post("/runs").then().statusCode(503).body("error", equalTo(expected));
        given().get("/q/health/ready").then().statusCode(200);
        assertEquals(before, kafka.endOffsetSum(Topics.PROMPTS), "nothing is published");
    }
}
