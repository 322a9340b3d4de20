package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * LiveCodeBench through the real pipeline: composer → gateway → simulator → scorer → code-runner (bubblewrap) →
 * analytics, as separate processes, on the fixture at levels 1-3. The report's code accuracy by level and by position
 * must equal what the executed slots in PostgreSQL say, every slot must carry its execution outcome, and every prompt
 * must be accounted for once.
 */
class LiveCodeBenchEndToEndIT {
    private static Stack stack;
    private static StressRunClient client;

    @BeforeAll
    static void startStack() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")),
                "bubblewrap is not installed (.ci/run installs it); code-runner refuses to run code without it");
        stack = TestStacks.start("lcb-e2e-stack", 18700, false, Map.of(), 1);
        client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void codeAnswersAreExecutedAndTheReportShowsAccuracyByLevelAndPosition() throws Exception {
        StressRunClient.Response created = client.createRun("livecodebench", "sim-budgeter", List.of(1, 2, 3), 10, 1, null);
        assertEquals(201, created.status(), created.body().toString());
        String runId = created.body().path("runId").asText();
        int composed = created.body().path("promptCount").asInt();
        assertEquals(30, composed);

        JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(8), r -> { });
        assertEquals("COMPLETE", report.path("status").asText());
        assertEquals(composed, report.path("scored").asInt(), "every code prompt scored: " + report);
        RunLedger ledger = RunLedger.read(stack, client, runId);
        ledger.assertEveryPromptAccountedFor(composed);
        assertEquals(0, RunLedger.duplicates(ledger.scores()), "scores written twice");

        Map<Integer, long[]> byLevel = new HashMap<>();   // level -> {slots, passed}
        Map<String, long[]> byPosition = new HashMap<>(); // "level/position" -> {slots, passed}
        long withOutcome = 0;
        long passed = 0;
        long failed = 0;
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.config().postgresPort()
                + "/postgres", "postgres", "postgres"); ResultSet rs = db.createStatement().executeQuery(
                "select stress_level, position, correct, flags from question_result where run_id = '" + runId + "'")) {
            while (rs.next()) {
                int level = rs.getInt(1);
                boolean correct = rs.getBoolean(3);
                String flags = rs.getString(4) == null ? "" : rs.getString(4);
                long[] l = byLevel.computeIfAbsent(level, k -> new long[2]);
                long[] p = byPosition.computeIfAbsent(level + "/" + rs.getInt(2), k -> new long[2]);
                l[0]++;
                p[0]++;
                if (correct) {
                    l[1]++;
                    p[1]++;
                    passed++;
                    assertTrue(flags.contains("exec-passed"), flags);
                } else {
                    failed++;
                    assertTrue(flags.matches(".*exec-(wrong-answer|runtime-error|time-limit|no-code).*"), flags);
                }
                withOutcome++;
            }
        }
        assertEquals(10 * 1 + 10 * 2 + 10 * 3, withOutcome, "one executed slot per position");
        assertTrue(passed > 0 && failed > 0, "the simulator's reference programs pass and its wrong ones fail: "
                + passed + " passed, " + failed + " failed");
        for (JsonNode level : report.path("levels")) {
            long[] l = byLevel.get(level.path("level").asInt());
            assertEquals(l[0], level.path("slots").asLong());
            assertEquals(l[1], level.path("correct").asLong());
            assertEquals(100.0 * l[1] / l[0], level.path("accuracy").asDouble(), 0.01);
        }
        JsonNode analysis = get(stack.analyticsUrl() + "/runs/" + runId + "/analysis");
        int positions = 0;
        for (JsonNode p : analysis.path("positions")) {
            long[] expected = byPosition.get(p.path("level").asInt() + "/" + p.path("position").asInt());
            assertEquals(expected[0], p.path("slots").asLong());
            assertEquals(expected[1], p.path("correct").asLong());
            positions++;
        }
        assertEquals(1 + 2 + 3, positions, "accuracy for every (level, position)");

        // every code prompt keeps its output: the viewer has its transcript, and each REST_BOX span (the python block
        // REST took for that position) is a fenced block in the stored text
        JsonNode list = get(stack.analyticsUrl() + "/runs/" + runId + "/prompts?limit=500&format=json");
        int viewed = 0;
        int boxes = 0;
        for (JsonNode row : list.path("prompts")) {
            String path = "/runs/" + runId + "/prompts/" + row.path("promptId").asText();
            JsonNode view = get(stack.analyticsUrl() + path + "?format=json");
            assertTrue(view.path("transcript").isObject(), "no transcript for code prompt " + row.path("promptId"));
            for (JsonNode span : view.path("transcript").path("spans")) {
                if (!span.path("kind").asText().equals("REST_BOX")) {
                    continue;
                }
                int from = span.path("start").asInt();
                String text = get(stack.analyticsUrl() + path + "/text?source=" + span.path("source").asText().toLowerCase()
                        + "&from=" + from + "&length=" + (span.path("end").asInt() - from)).path("text").asText();
                assertTrue(text.startsWith("```") && text.stripTrailing().endsWith("```"), "REST_BOX over " + text);
                boxes++;
            }
            viewed++;
        }
        assertEquals(composed, viewed, "every prompt listed and viewed");
        assertTrue(boxes > 0, "the outputs' python blocks are marked");
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }
}
