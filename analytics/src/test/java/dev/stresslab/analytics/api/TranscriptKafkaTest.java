package dev.stresslab.analytics.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.analytics.domain.TranscriptRetention;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.Failure;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Transcript;
import dev.stresslab.contracts.TranscriptSpan;
import dev.stresslab.contracts.Usage;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import dev.stresslab.testkit.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transcripts through the real broker into the real PostgreSQL: stored gzip'd with the scores, idempotent, the
 * prompt's text from stress.prompts, the viewer's JSON and its text pieces, the filtered list with its keyset pages,
 * the JSONL export with transcripts, and retention enforced by the scheduler (%test: 30 days, checked every second).
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class TranscriptKafkaTest extends KafkaTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    /** Level 2: prompt "a" right then omitted (truncated), "b" label-mismatch from the summary, "c" failed. */
    @Test
    void transcriptsAreStoredWithTheScoresAndServedToTheViewerAndTheList() throws Exception {
        String runId = "run-tr-" + UUID.randomUUID().toString().substring(0, 8);
        // prompt ids hold slashes, like the composer's (run/benchmark/L2/G0/S0)
        kafka.send(Topics.RUNS, runId, new RunEvent(1, RunEvent.Type.COMPOSED, runId, "sim-tr", "gsm8k", List.of(2),
                3, 1, 3, Instant.now()));
        String content = "<think>" + "Q1: thinking about apples. ".repeat(4000) + "</think>Q1: \\boxed{7}";
        Transcript a = new Transcript(content, null, List.of(
                new TranscriptSpan(TranscriptSpan.Kind.REST_BOX, TranscriptSpan.Source.CONTENT, content.length() - 9,
                        content.length(), 1),
                new TranscriptSpan(TranscriptSpan.Kind.REASONING_CUT, TranscriptSpan.Source.CONTENT, 7,
                        content.length() - 21, 1)), false, false);
        Transcript b = new Transcript("\\boxed{5}\nFinal answers: Q2 \\boxed{5}", "Q1: hm. Q2: hm.", List.of(
                new TranscriptSpan(TranscriptSpan.Kind.LABEL_ANSWER, TranscriptSpan.Source.CONTENT, 0, 9, 2),
                new TranscriptSpan(TranscriptSpan.Kind.REASONING_CUT, TranscriptSpan.Source.REASONING, 0, 8, 1)), false, false);
        kafka.send(Topics.PROMPTS, runId, new PromptEvent(1, runId, runId + "/L2/a", "sim-tr", "gsm8k", 2, 0, 0,
                List.of("q1", "q2"), List.of("7", "8"), AnswerKind.MATH,
                List.of(new ChatMessage("user", "Q1: How many apples?\nQ2: How many pears?")), null));
        ScoreEvent scoreA = score(runId, "a", false, true, a, verdict(1, "7", "7", true, false, List.of()),
                verdict(2, "8", null, false, true, List.of("omitted")));
        kafka.send(Topics.SCORES, runId, scoreA);
        kafka.send(Topics.SCORES, runId, score(runId, "b", false, false, b,
                verdict(1, "5", "5", true, false, List.of("label-mismatch", "from-summary")),
                verdict(2, "4", "9", false, false, List.of("answer-from-summary"))));
        kafka.send(Topics.SCORES, runId, score(runId, "c", true, false, null,
                verdict(1, "1", null, false, false, List.of("model-call-failed")),
                verdict(2, "2", null, false, false, List.of("model-call-failed"))));
        kafka.send(Topics.SCORES, runId, scoreA); // a redelivery stores nothing twice
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + runId).then()
                .statusCode(200).body("status", equalTo("COMPLETE")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().accept("application/json")
                .get("/runs/" + runId + "/prompts/" + runId + "/L2/a").then().statusCode(200)
                .body("prompt[0].content", equalTo("Q1: How many apples?\nQ2: How many pears?")));

        // stored once, gzip'd, and what it unpacks to is what was published
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select prompt_id, content_chars, stored_bytes, body from prompt_transcript where run_id = ? order by prompt_id")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(runId + "/L2/a", rs.getString(1));
                assertEquals(content.length(), rs.getInt(2));
                assertTrue(rs.getInt(3) < content.length() / 20, "compressed: " + rs.getInt(3) + " bytes");
                try (var in = new GZIPInputStream(new ByteArrayInputStream(rs.getBytes(4)))) {
                    assertEquals(a, JSON.readValue(in, Transcript.class));
                }
                assertTrue(rs.next());
                assertEquals(runId + "/L2/b", rs.getString(1));
                assertTrue(!rs.next(), "a failed call has no transcript, a redelivery no second row");
            }
        }

        // the viewer's JSON: verdicts, outline, no text; the text comes in pieces that add up to the content
        JsonNode view = JSON.readTree(given().accept("application/json").get("/runs/" + runId + "/prompts/" + runId + "/L2/a")
                .then().statusCode(200).extract().asString());
        assertEquals("omitted", view.at("/positions/1/flags/0").asText());
        // each position beside its question as the prompt put it (PromptQuestions: the inverse of REST's template)
        assertEquals("How many apples?", view.at("/positions/0/questionText").asText());
        assertEquals("How many pears?", view.at("/positions/1/questionText").asText());
        assertEquals(content.length(), view.at("/transcript/contentChars").asInt());
        assertEquals("REST_BOX", view.at("/transcript/spans/0/kind").asText());
        StringBuilder pieces = new StringBuilder();
        for (int from = 0; from < content.length(); ) {
            JsonNode piece = JSON.readTree(given().get("/runs/" + runId + "/prompts/" + runId + "/L2/a/text?from=" + from
                    + "&length=40000").then().statusCode(200).extract().asString());
            pieces.append(piece.path("text").asText());
            from = piece.path("to").asInt();
        }
        assertEquals(content, pieces.toString());
        assertEquals("Q1: hm. ", JSON.readTree(given().get("/runs/" + runId + "/prompts/" + runId
                + "/L2/b/text?source=reasoning&from=0&length=8").asString()).path("text").asText());
        given().accept("application/json").get("/runs/" + runId + "/prompts/" + runId + "/L2/c").then().statusCode(200)
                .body("transcript", equalTo(null)).body("outcome", equalTo("FAILED"));
        given().get("/runs/" + runId + "/prompts/nope").then().statusCode(404);
        given().get("/runs/no-such-run/prompts").then().statusCode(404);
        given().accept("text/html").get("/runs/" + runId + "/prompts/" + runId + "/L2/a").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("text/html"));

        // the filtered list
        assertEquals(List.of(runId + "/L2/a"), ids(runId, "filter=omitted"));
        assertEquals(List.of(runId + "/L2/a"), ids(runId, "filter=truncated"));
        assertEquals(List.of(runId + "/L2/b"), ids(runId, "filter=wrong"));
        assertEquals(List.of(runId + "/L2/b"), ids(runId, "filter=label-mismatch&position=1"));
        assertEquals(List.of(), ids(runId, "filter=label-mismatch&position=2"));
        assertEquals(List.of(runId + "/L2/b"), ids(runId, "filter=from-summary"), "answer-from-summary is another flag");
        assertEquals(List.of(runId + "/L2/c"), ids(runId, "filter=failed"));
        assertEquals(List.of(runId + "/L2/b"), ids(runId, "flag=answer-from-summary"));
        assertEquals(List.of(runId + "/L2/a", runId + "/L2/b", runId + "/L2/c"), ids(runId, "level=2&position=2"));
        assertEquals(List.of(), ids(runId, "level=3"));
        given().get("/runs/" + runId + "/prompts?filter=bogus").then().statusCode(400);
        // keyset pages of one
        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = JSON.readTree(given().accept("application/json").get("/runs/" + runId + "/prompts?limit=1"
                    + (after == null ? "" : "&after=" + after)).asString());
            page.path("prompts").forEach(p -> paged.add(p.path("promptId").asText()));
            after = page.path("next").isNull() ? null : page.path("next").asText();
        } while (after != null);
        assertEquals(List.of(runId + "/L2/a", runId + "/L2/b", runId + "/L2/c"), paged);

        // the export on request
        String jsonl = given().get("/runs/" + runId + "/results.jsonl?transcripts=true").then().statusCode(200)
                .extract().asString();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            rows.add(JSON.readTree(line));
        }
        assertEquals(6, rows.size());
        JsonNode first = rows.stream().filter(r -> r.path("promptId").asText().endsWith("/a") && r.path("position").asInt() == 1)
                .findFirst().orElseThrow();
        assertEquals(a, JSON.treeToValue(first.path("transcript"), Transcript.class));
        assertEquals(2, rows.stream().filter(r -> r.has("transcript")).count(), "on each stored prompt's first row");
        assertTrue(given().get("/runs/" + runId + "/results.jsonl").asString().indexOf("transcript") < 0);
    }

    @Test
    void theSchedulerDeletesTranscriptsOlderThanTheRetention() throws Exception {
        String runId = "run-ret-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into prompt_transcript values (?, ?, 1, 0, 1, now() - make_interval(days => ?), '\\x00'::bytea)")) {
            for (Object[] row : new Object[][]{{"-old", 31}, {"-recent", 29}}) {
                ps.setString(1, runId + row[0]);
                ps.setString(2, runId);
                ps.setInt(3, (Integer) row[1]);
                ps.executeUpdate();
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> stored(runId).equals(List.of(runId + "-recent")));
        Thread.sleep(2_500); // two more checks: the recent one stays
        assertEquals(List.of(runId + "-recent"), stored(runId));
    }

    @Test
    void retentionIsForeverOrDays() {
        assertNull(TranscriptRetention.parse("forever").keep());
        assertEquals(Duration.ofDays(30), TranscriptRetention.parse("30").keep());
        assertEquals(Duration.ofDays(7), TranscriptRetention.parse(" 7d ").keep());
        assertThrows(IllegalArgumentException.class, () -> TranscriptRetention.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> TranscriptRetention.parse("a week"));
    }

    private List<String> stored(String runId) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select prompt_id from prompt_transcript where run_id = ? order by prompt_id")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static List<String> ids(String runId, String query) throws Exception {
        JsonNode page = JSON.readTree(given().get("/runs/" + runId + "/prompts?" + query).then().statusCode(200)
                .extract().asString());
        List<String> ids = new ArrayList<>();
        page.path("prompts").forEach(p -> ids.add(p.path("promptId").asText()));
        return ids;
    }

    private static QuestionVerdict verdict(int position, String gold, String extracted, boolean correct, boolean omitted,
                                           List<String> flags) {
        return new QuestionVerdict(position, "q" + position, gold, extracted, correct, omitted, 100, flags, 5, null);
    }

    private static ScoreEvent score(String runId, String name, boolean failed, boolean truncated, Transcript t,
                                    QuestionVerdict... verdicts) {
        return new ScoreEvent(ScoreEvent.SCHEMA_VERSION, runId, runId + "/L2/" + name, "sim-tr", "gsm8k", 2, name.charAt(0) - 'a',
                0, failed ? ScoreEvent.Outcome.FAILED : ScoreEvent.Outcome.SCORED,
                failed ? new Failure("HTTP_500", "boom", 500) : null, failed ? null : "stop", truncated,
                new Usage(10, 1000, 800), 50, List.of(verdicts), 20, t);
    }
}
