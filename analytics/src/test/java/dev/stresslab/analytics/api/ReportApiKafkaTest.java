package dev.stresslab.analytics.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestClient;
import dev.stresslab.testkit.KafkaTestSupport;
import dev.stresslab.testkit.PostgresResource;
import dev.stresslab.analytics.persistence.RunVersion;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.test.common.WithTestResource;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
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
    @Inject
    @CacheName("run-analysis")
    Cache analyses;

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
    void aComputedReportIsRecomputedWhenAResultArrives() {
        // Reports are kept per run version (ReportService): one more stored result must show at once.
        String model = "sim-cache-" + UUID.randomUUID().toString().substring(0, 6);
        String run = ReportFixture.publish(kafka, model, false);
        // ingestion completed the run, so its analysis was computed without being asked for (ReportService.precompute)
        await().atMost(Duration.ofSeconds(30)).until(() -> analyses.as(CaffeineCache.class).keySet().stream()
                .anyMatch(k -> k instanceof RunVersion v && v.runId().equals(run) && v.complete()));
        given().get("/runs/" + run).then().statusCode(200).body("levels[0].accuracy", equalTo(75.0f));
        given().get("/runs/" + run + "/analysis").then().statusCode(200)
                .body("positions.find { it.level == 1 }.slots", equalTo(4));
        given().get("/runs/" + run + "/report.html").then().statusCode(200);
        // a fifth level-1 prompt, right: 4 / 5 = 80 %
        kafka.send(dev.stresslab.contracts.Topics.SCORES, run, ReportFixture.score(run, model, 1, 4, new int[]{4},
                p -> true, p -> 600, false, -1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + run).then().statusCode(200)
                .body("completed", equalTo(9)).body("levels[0].accuracy", equalTo(80.0f)));
        given().get("/runs/" + run + "/analysis").then().statusCode(200)
                .body("positions.find { it.level == 1 }.slots", equalTo(5))
                .body("levels.find { it.level == 1 }.accuracy", equalTo(80.0f));
        given().get("/runs/" + run + "/report.html").then().statusCode(200).body(containsString("\"accuracy\":80.0"));
    }

    @Test
    void aRunningRunIsServedItsNewestComputationAndTheRefresherKeepsItUp() {
        // ReportService's freshness rule (docs/reports.md, "Freshness"); in tests max-staleness is 5 min, so a reader
        // never recomputes a stale value itself: only the refresher (every 0.2 s) or exact=true bring it up
        String model = "sim-fresh-" + UUID.randomUUID().toString().substring(0, 6);
        String run = "run-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(dev.stresslab.contracts.Topics.RUNS, run, new dev.stresslab.contracts.RunEvent(1,
                dev.stresslab.contracts.RunEvent.Type.COMPOSED, run, model, "gsm8k", List.of(1, 3),
                ReportFixture.QUESTIONS, 1, 2 * ReportFixture.QUESTIONS, java.time.Instant.now()));
        for (int i = 0; i < 3; i++) {
            sendLevel1(run, model, i);
        }
        List<String> seen = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> served(run, "", seen).equals("3/3"));
        sendLevel1(run, model, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> served(run, "", seen).endsWith("/4"));
        // caught up without a reader computing it: the refresher recomputed the watched run
        await().atMost(Duration.ofSeconds(5)).until(() -> served(run, "", seen).equals("4/4"));
        given().get("/runs/" + run + "/analysis").then().statusCode(200).header("X-Results-Covered", "4")
                .body("positions.find { it.level == 1 }.slots", equalTo(4));

        // exact=true: computed for what is stored now, even while it runs
        kafka.send(dev.stresslab.contracts.Topics.SCORES, run, ReportFixture.score(run, model, 3, 0, new int[]{1, 2, 0},
                p -> true, p -> 100, false, -1));
        await().atMost(Duration.ofSeconds(30)).until(() -> served(run, "?exact=true", seen).equals("5/5"));
        given().get("/runs/" + run + "/analysis?exact=true").then().statusCode(200)
                .header("X-Results-Covered", "5").header("Age", nullValue())
                .body("positions.findAll { it.level == 3 }.size()", equalTo(3));

        // settled: always exact, whatever was computed before
        for (int i = 1; i < ReportFixture.QUESTIONS; i++) {
            kafka.send(dev.stresslab.contracts.Topics.SCORES, run, ReportFixture.score(run, model, 3, i,
                    new int[]{(i + 1) % 4, (i + 2) % 4, i}, p -> true, p -> 100, false, -1));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + run).then().statusCode(200)
                .body("status", equalTo("COMPLETE")));
        given().get("/runs/" + run).then().header("X-Results-Covered", "8").header("X-Results-Stored", "8")
                .header("Age", nullValue()).body("completed", equalTo(8));
        // every response on the way was consistent: never ahead of what was stored, its body at least the results
        // it covers, and an Age exactly when it lagged
        assertTrue(seen.stream().allMatch(s -> s.endsWith("ok")), String.join(", ", seen));
    }

    private void sendLevel1(String run, String model, int index) {
        kafka.send(dev.stresslab.contracts.Topics.SCORES, run, ReportFixture.score(run, model, 1, index, new int[]{index},
                p -> true, p -> 500, false, -1));
    }

    /** Reads the report; returns "covered/stored" and notes "covered/stored ok|BAD" of the response in {@code seen}. */
    private static String served(String run, String query, List<String> seen) {
        var r = given().get("/runs/" + run + query).then().statusCode(200).extract();
        long covered = Long.parseLong(r.header("X-Results-Covered"));
        long stored = Long.parseLong(r.header("X-Results-Stored"));
        long completed = ((Number) r.path("completed")).longValue();
        // a computation reads the database after the version, so its body may hold a result more, never fewer
        boolean ok = covered <= stored && completed >= covered && (r.header("Age") != null) == (covered != stored);
        seen.add(covered + "/" + stored + (ok ? " ok" : " BAD"));
        return covered + "/" + stored;
    }

    @Test
    void runsWithOtherSettingsAreComparedButNotComparable() {
        // The settings key comes from the PUBLISHING event's spec; the seed does not count, the temperature does.
        String model = "sim-settings-" + UUID.randomUUID().toString().substring(0, 6);
        String a = ReportFixture.publish(kafka, model, false, new GenerationSettings(0.6, 0.95, 4096, 1L));
        String b = ReportFixture.publish(kafka, model, true, new GenerationSettings(0.6, 0.95, 4096, 2L));
        String hot = ReportFixture.publish(kafka, model, true, new GenerationSettings(1.0, 0.95, 4096, 1L));
        given().queryParam("base", a).queryParam("candidate", b).get("/compare").then().statusCode(200)
                .body("comparable", equalTo(true)).body("reason", nullValue())
                .body("headline.single.difference", equalTo(25.0f));
        given().queryParam("base", a).queryParam("candidate", hot).get("/compare").then().statusCode(200)
                .body("comparable", equalTo(false))
                .body("reason", containsString("different settings: temperature=0.6;"))
                .body("headline.single.difference", equalTo(25.0f));
        // The model table keeps the two settings apart: the newest group (temperature 1.0) is the current one.
        given().get("/models/summary").then().statusCode(200)
                .body("rows.findAll { it.modelId == '" + model + "' }.size()", equalTo(2))
                .body("rows.find { it.modelId == '" + model + "' && it.current }.runIds", equalTo(List.of(hot)))
                .body("rows.find { it.modelId == '" + model + "' && !it.current }.runs", equalTo(2))
                .body("rows.find { it.modelId == '" + model + "' && !it.current }.single.value", equalTo(87.5f));
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
        // Headline (REST's Tables 1-2): Single 75, Stress 66.67 (one stressed level), drop 8.33, retention 88.89.
        // Level 1's slots are alone in their outputs: se = sd / √n = 0.5 / 2 = 25 points; t(0.975, 3) = 3.1824.
        // Level 3's residuals cancel within every question and every output (the fixture is perfectly balanced), so
        // the slots' own variance is the floor: 12/11 · (8 · (1/36)² + 4 · (1/18)²) -> se 14.21 points.
        given().get("/runs/" + base).then().statusCode(200)
                .body("headline.single.value", equalTo(75.0f))
                .body("headline.single.standardError", equalTo(25.0f))
                .body("headline.single.ciLow", equalTo(0.0f)) // 75 − 79.56, clipped at 0
                .body("headline.stress.value", equalTo(66.67f))
                .body("headline.stress.standardError", equalTo(14.21f))
                .body("headline.drop.value", equalTo(8.33f))
                .body("headline.retention.value", equalTo(88.89f))
                .body("headline.stressLevels", equalTo(List.of(3)))
                .body("headline.questions", equalTo(4))
                .body("levels[1].ciLow", equalTo(21.43f)) // 66.667 − 3.1824 · 14.213
                .body("levels[1].ciHigh", equalTo(100.0f));
        // Analysis. Adaptive effort at level 3: first-position slots of prompts 1-3 (prompt 0 was truncated):
        // q2 310 vs 520 alone, q3 320 vs 530, q0 330 vs 500 -> −210, −210, −170: mean −196.67; 320 / 516.67 = 61.94 %.
        // Over-thinking at level 3 (same question, truncated prompt 0 left out): q1 110 wrong vs 230 right, q2 120
        // vs 310, q3 130 vs mean(320, 210) -> −120, −190, −135: mean −148.33. Boxes: position 1 of level 3 holds
        // 300..330 (no outliers, so the Tukey whiskers are the extremes).
        given().get("/runs/" + base + "/analysis").then().statusCode(200)
                .body("adaptiveEffort[0].level", equalTo(3))
                .body("adaptiveEffort[0].questions", equalTo(3))
                .body("adaptiveEffort[0].difference", equalTo(-196.6667f))
                .body("adaptiveEffort[0].meanAlone", equalTo(516.6667f))
                .body("adaptiveEffort[0].ratio", equalTo(61.9355f))
                .body("adaptiveEffort[0].excludedTruncated", equalTo(1))
                .body("adaptiveEffort[0].unpairedQuestions", equalTo(1))
                .body("overthinking[1].questions", equalTo(3))
                .body("overthinking[1].difference", equalTo(-148.3333f))
                .body("levels[1].errorCategories.CORRECT", equalTo(8))
                .body("levels[1].errorCategories.REASONING_ERROR", equalTo(3))
                .body("levels[1].errorCategories.OUTPUT_TRUNCATION", equalTo(1))
                .body("levels[1].errorCategories.UNCLASSIFIED", equalTo(0))
                .body("levels[1].flags.omitted", equalTo(1))
                .body("levels[1].flags.reference-grader-differs", equalTo(1))
                .body("levels[1].labelAwareAccuracy", equalTo(66.6667f))
                .body("tokenBoxes.size()", equalTo(4))
                .body("tokenBoxes[1].level", equalTo(3)).body("tokenBoxes[1].position", equalTo(1))
                .body("tokenBoxes[1].whiskerLow", equalTo(300.0f)).body("tokenBoxes[1].q1", equalTo(307.5f))
                .body("tokenBoxes[1].median", equalTo(315.0f)).body("tokenBoxes[1].q3", equalTo(322.5f))
                .body("tokenBoxes[1].whiskerHigh", equalTo(330.0f)).body("tokenBoxes[1].outliers", equalTo(0));

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
        assertEquals(20, omitted.get("answerTokens").asInt());
        assertEquals("OUTPUT_TRUNCATION", omitted.get("errorCategory").asText());
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
                .body("result.levels[1].level", equalTo(3)).body("result.levels[1].candidateBetter", equalTo(4))
                // the release gate's contract: paired, clustered, in points. Single: differences 0, 0, 0, 1 over
                // 4 questions -> 25 points, se 25, t(3) = 1 -> p = 0.391.
                .body("comparable", equalTo(true))
                .body("headline.single.base", equalTo(75.0f)).body("headline.single.candidate", equalTo(100.0f))
                .body("headline.single.difference", equalTo(25.0f)).body("headline.single.pValue", equalTo(0.391002f))
                .body("headline.single.questions", equalTo(4))
                .body("headline.stress.difference", equalTo(33.33f))
                .body("headline.drop.difference", equalTo(-8.33f))
                // per level, for the gate's per-level checks: level 1 is Single, level 3 (the only stressed) is Stress
                .body("headline.level-1.difference", equalTo(25.0f))
                .body("headline.level-3.difference", equalTo(33.33f));
        given().queryParam("base", base).queryParam("candidate", candidate).queryParam("match", "question")
                .get("/compare").then().statusCode(200)
                .body("result.matching", equalTo("QUESTION")).body("result.overall.units", equalTo(8));
        given().queryParam("base", base).get("/compare").then().statusCode(400)
                .body("error", equalTo("give both ?base=<runId>&candidate=<runId>")).body("status", equalTo(400));
        given().queryParam("base", base).queryParam("candidate", "nope").get("/compare").then().statusCode(404)
                .body("error", equalTo("no run 'nope'"));

        // Model table: one row per (model, benchmark) and comparable complete runs, one cell per level.
        given().get("/models/summary").then().statusCode(200)
                .body("rows.find { it.modelId == '" + model + "' }.runs", equalTo(1))
                .body("rows.find { it.modelId == '" + model + "' }.stress.value", equalTo(66.67f))
                .body("rows.find { it.modelId == '" + model + "' }.stress.standardError", equalTo(14.21f))
                .body("rows.find { it.modelId == '" + model + "' }.drop.value", equalTo(8.33f))
                .body("rows.find { it.modelId == '" + otherModel + "' }.levels[1].accuracy", equalTo(100.0f))
                .body("rows.find { it.modelId == '" + otherModel + "' }.levels[1].dropFromLevel1", equalTo(0.0f))
                .body("rows.find { it.modelId == '" + model + "' }.levels[0].level", equalTo(1))
                .body("rows.find { it.modelId == 'never' }", nullValue());

        // The gauges the dashboard reads (refreshed every 0.5 s in %test).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("stresslab_stress_score{benchmark=\"gsm8k\",model=\"" + model + "\"} 66.67"), metrics);
            assertTrue(metrics.contains("stresslab_single_accuracy{benchmark=\"gsm8k\",model=\"" + model + "\"} 75.0"));
            assertTrue(metrics.contains("stresslab_stress_drop{benchmark=\"gsm8k\",model=\"" + model + "\"} 8.33"));
            assertTrue(metrics.contains("stresslab_rest_accuracy_percent{benchmark=\"gsm8k\",model=\"" + model
                    + "\",stress_level=\"3\"} 66.67"));
        });

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

    /**
     * MATH500's subject and level and the label-aware reading, from score events through PostgreSQL to the analysis
     * ({@link ReportFixture#publishTagged}: the hand-computed fixture of QuestionTagBreakdownTest, with two slots the
     * label-aware reading flips).
     */
    @Test
    void math500BySubjectAndLevelAndTheLabelAwareReadingFromStoredVerdicts() {
        String runId = ReportFixture.publishTagged(kafka, "sim-tags");
        given().get("/runs/" + runId + "/analysis").then().statusCode(200)
                .body("questionTags.untaggedSlots", equalTo(1))
                .body("questionTags.subjects.tag", equalTo(List.of("Algebra", "Geometry")))
                .body("questionTags.subjects[0].questions", equalTo(2))
                .body("questionTags.subjects[0].levels[1].level", equalTo(3))
                .body("questionTags.subjects[0].levels[1].slots", equalTo(4))
                .body("questionTags.subjects[0].levels[1].accuracy.value", equalTo(50.0f))
                .body("questionTags.subjects[0].levels[1].accuracy.standardError", equalTo(40.82f))
                .body("questionTags.subjects[0].stress.value", equalTo(50.0f))
                .body("questionTags.subjects[1].levels[0].accuracy.value", equalTo(0.0f))
                .body("questionTags.difficultyLevels.tag", equalTo(List.of("1", "5")))
                .body("questionTags.difficultyLevels[1].levels[1].accuracy.value", equalTo(25.0f))
                .body("questionTags.difficultyLevels[1].levels[1].accuracy.standardError", equalTo(25.0f))
                // label-aware: Single 4 / 4 = 100 against 3 / 4; Stress 2 / 6 = 33.33 against 3 / 6; 8 of 10 agree
                .body("labelAware.positional.single.value", equalTo(75.0f))
                .body("labelAware.labelAware.single.value", equalTo(100.0f))
                .body("labelAware.positional.stress.value", equalTo(50.0f))
                .body("labelAware.labelAware.stress.value", equalTo(33.33f))
                .body("labelAware.singleDifference", equalTo(25.0f))
                .body("labelAware.stressDifference", equalTo(-16.67f))
                .body("labelAware.agreement", equalTo(80.0f))
                .body("labelAware.labelAwareOnly", equalTo(1))
                .body("labelAware.positionalOnly", equalTo(1));
        // the export carries each slot's tags: every tagged row names its subject and level, the untagged one none
        String jsonl = given().get("/runs/" + runId + "/results.jsonl").then().statusCode(200).extract().asString();
        List<String> lines = jsonl.lines().toList();
        assertEquals(10, lines.size(), jsonl);
        assertEquals(1, lines.stream().filter(l -> l.contains("\"subject\":null,\"difficultyLevel\":null")).count(), jsonl);
        assertEquals(6, lines.stream().filter(l -> l.contains("\"subject\":\"Algebra\",\"difficultyLevel\":")).count(), jsonl);
        // the page embeds both (the script draws them; ReportPageBrowserTest checks the drawing of the other parts)
        given().get("/runs/" + runId + "/report.html").then().statusCode(200)
                .body(containsString("\"subjects\":[{\"tag\":\"Algebra\""))
                .body(containsString("\"agreement\":80.0"));
        // a benchmark without tags has no breakdown
        String gsm = ReportFixture.publish(kafka, "sim-untagged", false);
        given().get("/runs/" + gsm + "/analysis").then().statusCode(200).body("questionTags", nullValue())
                .body("labelAware.agreement", equalTo(100.0f));
    }
}
