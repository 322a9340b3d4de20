package dev.stresslab.analytics.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestClient;
import dev.stresslab.testkit.KafkaTestSupport;
import dev.stresslab.testkit.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's added metrics, the exports, the comparison and the model table over HTTP, on Kafka + PostgreSQL. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class ReportApiKafkaTest extends KafkaTestSupport {

    @Test
    void everyRefusalIsAJsonErrorSayingWhatIsWrong() {
        // the HTML page's 404 too: an error is data for the caller, not a page
        given().get("/runs/run-that-never-was/report.html").then().statusCode(404).contentType(ContentType.JSON)
                .body("status", equalTo(404)).body("error", equalTo("no run 'run-that-never-was'"));
        given().get("/reports/latest").then().statusCode(404).contentType(ContentType.JSON)
                .body("status", equalTo(404)).body("error", equalTo("no such resource: GET /reports/latest"));
        // no state-changing endpoint yet: a write is a 405, not a 401 that would suggest one exists
        given().contentType(ContentType.JSON).body("{}").post("/runs/run-x").then().statusCode(405).contentType(ContentType.JSON)
                .body("status", equalTo(405)).body("error", equalTo("method POST is not allowed on /runs/run-x"));
        given().contentType(ContentType.JSON).header("Expect", "100-continue") // reads the early 413 (no race with the close)
                .body("x".repeat(1024 * 1024 + 1)).post("/runs/run-x").then().statusCode(413)
                .contentType(ContentType.JSON).body("status", equalTo(413))
                .body("error", equalTo("request body too large: the limit is 1048576 bytes (quarkus.http.limits.max-body-size)"));
        // the report page's chart library is still served (a static resource, before the catch-all 404)
        given().get(HtmlPage.ECHARTS).then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void reportExportsCompareAndModelTable() throws Exception {
        String model = "sim-priced"; // priced in %test: 1.0 prompt / 2.0 completion per 1M tokens
        String base = ReportFixture.publish(kafka, model, false);

        // Report: 8 prompts × (10 prompt, 1000 completion) tokens -> (80 · 1 + 8000 · 2) / 1e6 = 0.01608.
        given().get("/runs/" + base).then().statusCode(200)
                .body("levels[0].accuracy", equalTo(75.0f))
                .body("levels[1].accuracy", equalTo(66.67f))
                .body("levels[1].dropFromLevel1", equalTo(8.33f))
                .body("levels[1].omissionRate", equalTo(8.33f))
                .body("levels[1].truncationRate", equalTo(25.0f))
                .body("levels[0].truncationRate", equalTo(0.0f))
                .body("levels[1].meanCompletionTokens", equalTo(1000.0f))
                .body("usage.promptTokens", equalTo(80)).body("usage.completionTokens", equalTo(8000))
                .body("usage.reasoningTokens", equalTo(6400))
                .body("usage.cost", equalTo(0.01608f))
                .body("levels[1].cost", equalTo(0.00804f));
        // Level 3 over-thinking: right slots are positions 1 and 2 (300 + 10i and 200 + 10i: mean 265);
        // wrong ones position 3 (100 + 10i, mean 115). Boxes: position 1 of level 3 holds 300..330.
        given().get("/runs/" + base + "/analysis").then().statusCode(200)
                .body("levels[1].meanTokensCorrect", equalTo(265.0f))
                .body("levels[1].meanTokensWrong", equalTo(115.0f))
                .body("levels[0].meanTokensWrong", equalTo(530.0f))
                .body("tokenBoxes.size()", equalTo(4))
                .body("tokenBoxes[1].level", equalTo(3)).body("tokenBoxes[1].position", equalTo(1))
                .body("tokenBoxes[1].min", equalTo(300.0f)).body("tokenBoxes[1].q1", equalTo(307.5f))
                .body("tokenBoxes[1].median", equalTo(315.0f)).body("tokenBoxes[1].q3", equalTo(322.5f))
                .body("tokenBoxes[1].max", equalTo(330.0f));

        // CSV: a header and 16 rows in (level, group, sample, position) order; the comma in "8, or 9" is quoted.
        String csv = given().get("/runs/" + base + "/results.csv").then().statusCode(200)
                .header("Content-Type", containsString("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals(RunReportResource.CSV_HEADER, lines.get(0));
        assertEquals(17, lines.size());
        assertEquals(base + "/gsm8k/L1/G0/S0,q0,1,1,0,7,7,true,false,500,,false,", lines.get(1));
        assertEquals(base + "/gsm8k/L1/G3/S0,q3,1,1,0,7,\"8, or 9\",false,false,530,,false,", lines.get(4));
        assertEquals(base + "/gsm8k/L3/G0/S0,q0,3,3,0,7,,false,true,100,\"omitted,from-truncated-reasoning\",true,",
                lines.get(7));

        // JSONL: the same 16 rows, flags as arrays.
        String jsonl = given().get("/runs/" + base + "/results.jsonl").then().statusCode(200).extract().asString();
        List<JsonNode> rows = jsonl.lines().map(l -> {
            try {
                return KafkaTestClient.JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(16, rows.size());
        JsonNode omitted = rows.get(6);
        assertEquals("q0", omitted.get("questionId").asText());
        assertTrue(omitted.get("omitted").asBoolean());
        assertTrue(omitted.get("truncated").asBoolean());
        assertTrue(omitted.get("extracted").isNull());
        assertEquals("from-truncated-reasoning", omitted.get("flags").get(1).asText());
        assertEquals(100, omitted.get("reasoningTokens").asInt());
        given().get("/runs/run-that-never-was/results.csv").then().statusCode(404)
                .contentType(ContentType.JSON).body("error", equalTo("no run 'run-that-never-was'")).body("status", equalTo(404));

        // Compare with an all-right run: discordant 1 (level 1, q3) + 4 (level 3, position 3) all for the candidate,
        // none for the base -> p = 2 / 2^5 = 0.0625: no significant difference at 95 %.
        String otherModel = "sim-b-" + UUID.randomUUID().toString().substring(0, 6);
        String candidate = ReportFixture.publish(kafka, otherModel, true);
        given().queryParam("base", base).queryParam("candidate", candidate).get("/compare").then().statusCode(200)
                .body("result.overall.units", equalTo(16))
                .body("result.overall.candidateBetter", equalTo(5)).body("result.overall.baseBetter", equalTo(0))
                .body("result.overall.pValue", equalTo(0.0625f))
                .body("result.overall.difference", equalTo(31.25f))
                .body("result.overall.verdict", equalTo("no significant difference"))
                .body("result.levels[1].level", equalTo(3)).body("result.levels[1].candidateBetter", equalTo(4));
        given().queryParam("base", base).queryParam("candidate", candidate).queryParam("match", "question")
                .get("/compare").then().statusCode(200)
                .body("result.matching", equalTo("QUESTION")).body("result.overall.units", equalTo(8));
        given().queryParam("base", base).get("/compare").then().statusCode(400)
                .body("error", equalTo("give both ?base=<runId>&candidate=<runId>")).body("status", equalTo(400));
        given().queryParam("base", base).queryParam("candidate", "nope").get("/compare").then().statusCode(404)
                .body("error", equalTo("no run 'nope'"));

        // Model table: one row per (model, benchmark), one cell per level.
        given().get("/models/summary").then().statusCode(200)
                .body("rows.find { it.modelId == '" + otherModel + "' }.levels[1].accuracy", equalTo(100.0f))
                .body("rows.find { it.modelId == '" + otherModel + "' }.levels[1].dropFromLevel1", equalTo(0.0f))
                .body("rows.find { it.modelId == '" + model + "' }.levels[0].level", equalTo(1))
                .body("rows.find { it.modelId == 'never' }", nullValue());

        // ECharts is served from its webjar; the pages embed the numbers.
        given().get("/webjars/echarts/5.3.1/dist/echarts.min.js").then().statusCode(200);
        given().get("/runs/" + base + "/report.html").then().statusCode(200)
                .header("Content-Type", containsString("text/html"))
                .body(containsString("/webjars/echarts/5.3.1/dist/echarts.min.js"))
                .body(containsString("\"accuracy\":66.67"));
        given().queryParam("base", base).queryParam("candidate", candidate).get("/compare.html").then().statusCode(200)
                .body(containsString("\"pValue\":0.0625"));
        given().get("/models/summary.html").then().statusCode(200).body(containsString(otherModel));
    }
}
