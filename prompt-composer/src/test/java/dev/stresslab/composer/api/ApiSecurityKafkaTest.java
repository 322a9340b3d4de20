package dev.stresslab.composer.api;

import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static dev.stresslab.composer.api.RunResourceKafkaTest.authorized;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The composer's API on a real broker, attacked: no token or a wrong one, request fields that name a URL, a path or
 * a header, bodies that are not JSON or too large. Every refusal is a JSON error saying what is wrong, and publishes
 * nothing to stress.prompts or stress.runs.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(UpstreamServicesStub.class)
class ApiSecurityKafkaTest extends KafkaTestSupport {
    private static final String VALID_RUN = "{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"levels\":[1],\"limit\":2}";

    private long promptsBefore;
    private long runsBefore;

    @BeforeEach
    void rememberTopicEnds() {
        promptsBefore = kafka.endOffsetSum(Topics.PROMPTS);
        runsBefore = kafka.endOffsetSum(Topics.RUNS);
    }

    @AfterEach
    void nothingWasPublished() {
        assertEquals(promptsBefore, kafka.endOffsetSum(Topics.PROMPTS), "a refused request publishes no prompt");
        assertEquals(runsBefore, kafka.endOffsetSum(Topics.RUNS), "a refused request publishes no run event");
    }

    @Test
    void aRunWithoutTheTokenIsRefused() {
        given().contentType(ContentType.JSON).body(VALID_RUN).post("/runs").then().statusCode(401)
                .contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Bearer realm=\"stress-lab\"")
                .body("status", equalTo(401))
                .body("error", equalTo("missing bearer token: send 'Authorization: Bearer <token>' with state-changing requests"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong-token").body(VALID_RUN)
                .post("/runs").then().statusCode(401).body("error", equalTo("invalid bearer token"));
        given().contentType(ContentType.JSON).header("Authorization", "Basic dXNlcjpwYXNz").body(VALID_RUN)
                .post("/runs").then().statusCode(401).body("error", equalTo("the Authorization header must be 'Bearer <token>'"));
        // the token is checked before the body is read: an anonymous caller learns nothing about the payload
        given().contentType(ContentType.JSON).body("{not json").post("/runs").then().statusCode(401);
    }

    @Test
    void aNewStateChangingEndpointIsClosedWithoutOptingIn() {
        // StateChangingProbeResource (test sources) carries no security annotation at all
        given().delete("/probe/suites/nightly").then().statusCode(401).body("status", equalTo(401));
        given().contentType(ContentType.JSON).body("{}").put("/probe/suites/nightly").then().statusCode(401);
        authorized().delete("/probe/suites/nightly").then().statusCode(200).body("deleted", equalTo("nightly"));
        given().get("/probe/suites/nightly").then().statusCode(200).body("suite", equalTo("nightly"));
    }

    @Test
    void anUnexpectedFailureAnswersAJson500WithoutItsDetails() {
        String body = authorized().post("/probe/suites/nightly/fail").then().statusCode(500).contentType(ContentType.JSON)
                .body("status", equalTo(500))
                .body("error", matchesPattern("internal error \\(id [0-9a-f-]{36}\\); the service log has the details"))
                .extract().asString();
        assertFalse(body.contains("hunter2") || body.contains("IllegalStateException"), body);

        // a downstream call's failure that escapes is not passed on as if it were this service's answer
        String downstream = authorized().post("/probe/suites/nightly/fail-downstream").then().statusCode(500)
                .contentType(ContentType.JSON).body("status", equalTo(500))
                .body("error", matchesPattern("internal error \\(id [0-9a-f-]{36}\\); the service log has the details"))
                .extract().asString();
        assertFalse(downstream.contains("sk-downstream"), downstream);
    }

    @Test
    void readOnlyEndpointsStayOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void fieldsThatNameAPathAreRefusedNamingTheField() {
        refused("{\"benchmark\":\"../../etc/passwd\",\"modelId\":\"sim-budgeter\"}", "benchmark",
                "'benchmark' must be a benchmark name from the catalog or composer.user-benchmarks, not a file path");
        refused("{\"benchmark\":\"/etc/passwd\",\"modelId\":\"sim-budgeter\"}", "benchmark",
                "'benchmark' must be a benchmark name from the catalog or composer.user-benchmarks, not a file path");
        refused("{\"benchmark\":\"gsm8k\\\\..\\\\secrets\",\"modelId\":\"sim-budgeter\"}", "benchmark",
                "'benchmark' must be a benchmark name from the catalog or composer.user-benchmarks, not a file path");
        refused("{\"benchmark\":\"~/datasets/gsm8k.jsonl\",\"modelId\":\"sim-budgeter\"}", "benchmark",
                "'benchmark' must be a benchmark name from the catalog or composer.user-benchmarks, not a file path");
        refused("{\"benchmark\":\"C:gsm8k.jsonl\",\"modelId\":\"sim-budgeter\"}", "benchmark",
                "'benchmark' must be a benchmark name from the catalog or composer.user-benchmarks, not a file path");
        refused("{\"benchmark\":\"gsm8k\",\"modelId\":\"../sim-budgeter\"}", "modelId",
                "'modelId' must be the id of an endpoint registered in the gateway, not a file path");
    }

    @Test
    void fieldsThatNameAUrlAreRefusedNamingTheField() {
        refused("{\"benchmark\":\"file:///etc/passwd\",\"modelId\":\"sim-budgeter\"}", "benchmark",
                "'benchmark' must be a benchmark name from the catalog or composer.user-benchmarks, not a URL");
        refused("{\"benchmark\":\"https://evil.example/gsm8k.jsonl\",\"modelId\":\"sim-budgeter\"}", "benchmark",
                "'benchmark' must be a benchmark name from the catalog or composer.user-benchmarks, not a URL");
        refused("{\"benchmark\":\"gsm8k\",\"modelId\":\"http://169.254.169.254/latest/meta-data\"}", "modelId",
                "'modelId' must be the id of an endpoint registered in the gateway, not a URL");
        refused("{\"benchmark\":\"gsm8k\",\"modelId\":\"//evil.example\"}", "modelId",
                "'modelId' must be the id of an endpoint registered in the gateway, not a URL");
    }

    @Test
    void fieldsThatCarryAHeaderAreRefusedNamingTheField() {
        refused("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\\r\\nX-Api-Key: stolen\"}", "modelId",
                "'modelId' must not contain line breaks or control characters");
        refused("{\"benchmark\":\"gsm8k\\nX-Forwarded-For: 10.0.0.1\",\"modelId\":\"sim-budgeter\"}", "benchmark",
                "'benchmark' must not contain line breaks or control characters");
        refused("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"questionIds\":[\"gsm8k-0\",\"gsm8k-1\\r\\nHost: evil\"]}",
                "questionIds[1]", "'questionIds[1]' must not contain line breaks or control characters");
    }

    @Test
    void fieldsTheApiDoesNotKnowAreRefusedNotIgnored() {
        // a URL, headers or a file cannot be smuggled in beside the known fields either
        refused("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"baseUrl\":\"http://evil.example\"}", "baseUrl",
                "unknown field 'baseUrl'");
        refused("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"headers\":{\"Authorization\":\"Bearer x\"}}", "headers",
                "unknown field 'headers'");
        refused("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"generation\":{\"maxTokens\":10,\"apiKeyFile\":\"/etc/key\"}}",
                "generation.apiKeyFile", "unknown field 'apiKeyFile'");
    }

    @Test
    void malformedBodiesGetAJsonErrorSayingWhatIsWrong() {
        authorized().body("{not json").post("/runs").then().statusCode(400).contentType(ContentType.JSON)
                .body("status", equalTo(400))
                .body("error", containsString("malformed JSON body"))
                .body("error", containsString("line 1, column 2"));
        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"levels\":\"three\"}").post("/runs")
                .then().statusCode(400).body("field", equalTo("levels")).body("error", containsString("field 'levels' has the wrong type"));
        authorized().body("").post("/runs").then().statusCode(400).body("status", equalTo(400))
                .body("error", containsString("'benchmark' is required"));
    }

    @Test
    void wrongContentTypeMethodAndPathGetJsonErrors() {
        authorized().contentType(ContentType.TEXT).body(VALID_RUN).post("/runs").then().statusCode(415)
                .contentType(ContentType.JSON).body("status", equalTo(415))
                .body("error", equalTo("content type 'text/plain;charset=ISO-8859-1' is not supported by POST /runs; send application/json"));
        given().get("/runs").then().statusCode(405).contentType(ContentType.JSON)
                .body("status", equalTo(405)).body("error", equalTo("method GET is not allowed on /runs"));
        given().get("/no/such/path").then().statusCode(404).contentType(ContentType.JSON)
                .body("status", equalTo(404)).body("error", equalTo("no such resource: GET /no/such/path"));
        given().get("/q/no-such-thing").then().statusCode(404).contentType(ContentType.JSON)
                .body("status", equalTo(404)).body("error", containsString("/q/no-such-thing"));
    }

    @Test
    void aBodyOverTheLimitGets413() {
        String padding = "x".repeat(1024 * 1024 + 1);
        String huge = "{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"systemPrompt\":\"" + padding + "\"}";
        // "Expect: 100-continue", as curl sends with large bodies: the client waits for the go-ahead, so it reads the early
        // 413 instead of racing the server, which closes the connection rather than read a body it refuses
        authorized().header("Expect", "100-continue").body(huge).post("/runs").then().statusCode(413).contentType(ContentType.JSON)
                .body("status", equalTo(413))
                .body("error", equalTo("request body too large: the limit is 1048576 bytes (quarkus.http.limits.max-body-size)"));
        // without a Content-Length (chunked), the limit is enforced while reading; the body ends just past the limit
        authorized().body(new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))).post("/runs")
                .then().statusCode(413).contentType(ContentType.JSON).body("status", equalTo(413))
                .body("error", containsString("request body too large"));
    }

    private static void refused(String body, String field, String error) {
        authorized().body(body).post("/runs").then().statusCode(400).contentType(ContentType.JSON)
                .body("status", equalTo(400)).body("field", equalTo(field)).body("error", equalTo(error))
                .body("runId", nullValue());
    }
}
