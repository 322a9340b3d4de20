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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The production shape: a Kafka broker process, a PostgreSQL server, the simulator and the four packaged services
 * as separate processes. Runs small stress runs and checks that every composed prompt is scored or accounted for
 * exactly once, and that the report's totals equal the composed count.
 */
class PipelineEndToEndIT {
    private static Stack stack;
    private static StressRunClient client;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStacks.start("e2e-stack", 18300, true, Map.of("analytics", List.of("-Danalytics.gauges.refresh=PT1S"),
                // GPQA as REST grades it: the simulator's extractor reads the answers, through the gateway
                "scorer", List.of("-Dscorer.llm-extract.gpqa-diamond.endpoint=sim-extractor")), 1);
        client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyPromptIsScoredExactlyOnceAndTheReportAddsUp() throws Exception {
        StressRunClient.Response created = client.createRun("gsm8k", "sim-budgeter", List.of(1, 3), 12, 1, null);
        assertEquals(201, created.status(), created.body().toString());
        String runId = created.body().path("runId").asText();
        int composed = created.body().path("promptCount").asInt();
        assertEquals(24, composed);

        JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(5), r -> { });
        assertEquals("COMPLETE", report.path("status").asText());
        assertEquals(composed, report.path("composed").asInt());
        assertEquals(composed, report.path("completed").asInt());
        assertEquals(composed, report.path("scored").asInt() + report.path("failed").asInt());
        long promptsInLevels = 0;
        for (JsonNode level : report.path("levels")) {
            promptsInLevels += level.path("prompts").asLong();
            assertEquals(level.path("prompts").asLong() * level.path("level").asLong(), level.path("slots").asLong());
            assertTrue(level.path("accuracy").asDouble() >= 0 && level.path("accuracy").asDouble() <= 100);
        }
        assertEquals(composed, promptsInLevels);

        // The same prompt ids at every stage, read from the topics and the database; with no fault, no record twice
        // (the database's primary key would hide a duplicate, the topics do not).
        RunLedger ledger = RunLedger.read(stack, client, runId);
        ledger.assertEveryPromptAccountedFor(composed);
        assertEquals(0, RunLedger.duplicates(ledger.prompts()), "prompt records published twice");
        assertEquals(0, RunLedger.duplicates(ledger.completions()), "completions written twice");
        assertEquals(0, RunLedger.duplicates(ledger.scores()), "scores written twice");
        assertEquals(12 * 1 + 12 * 3, countQuestions(runId));
    }

    @Test
    void gpqaIsReadByTheLlmExtractorThroughTheGatewayAndBothReadingsAreStored() throws Exception {
        StressRunClient.Response created = client.createRun("gpqa-diamond", "sim-budgeter", List.of(3), 6, 1, null);
        assertEquals(201, created.status(), created.body().toString());
        String runId = created.body().path("runId").asText();
        JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(5), r -> { });
        assertEquals("COMPLETE", report.path("status").asText());
        assertEquals(6, report.path("scored").asInt());

        // every slot was read by the extractor (scorer -> gateway POST /extractions -> simulator's sim-extractor)
        HttpResponse<String> analysis = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.analyticsUrl() + "/runs/" + runId + "/analysis")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, analysis.statusCode(), analysis.body());
        JsonNode llm = new ObjectMapper().readTree(analysis.body()).path("llmExtraction");
        assertEquals(18, llm.path("slots").asInt(), llm.toString());
        assertEquals(0, llm.path("failed").asInt(), llm.toString());
        assertTrue(llm.path("agree").asInt() >= 1 && llm.path("agreement").asDouble() <= 100, llm.toString());
        try (Connection db = database();
             ResultSet rs = db.createStatement().executeQuery("select count(*), count(rule_correct), "
                     + "count(*) filter (where flags like '%llm-extracted%') from question_result where run_id = '" + runId + "'")) {
            assertTrue(rs.next());
            assertEquals(18, rs.getInt(1));
            assertEquals(18, rs.getInt(2), "the rule-based reading is stored beside the LLM's");
            assertEquals(18, rs.getInt(3));
        }
    }

    @Test
    void aDeadModelEndpointFailsEveryPromptButTheRunStillCompletes() throws Exception {
        StressRunClient.Response created = client.createRun("gsm8k", "dead", List.of(2), 5, 1, null);
        assertEquals(201, created.status(), created.body().toString());
        String runId = created.body().path("runId").asText();

        JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(5), r -> { });
        assertEquals(5, report.path("composed").asInt());
        assertEquals(5, report.path("failed").asInt());
        assertEquals(0, report.path("scored").asInt());
        assertEquals(0.0, report.path("levels").get(0).path("accuracy").asDouble());
        try (Connection db = database(); ResultSet rs = db.createStatement().executeQuery(
                "select failure_kind, count(*) from prompt_result where run_id = '" + runId + "' group by failure_kind")) {
            assertTrue(rs.next());
            assertEquals("CONNECTION", rs.getString(1));
            assertEquals(5, rs.getInt(2));
        }
    }

    @Test
    void badRunRequestsAreRefusedWithAClearMessage() throws Exception {
        StressRunClient.Response unknownBenchmark = client.createRun("gsm9k", "sim-budgeter", List.of(1), 3, 1, null);
        assertEquals(400, unknownBenchmark.status());
        assertTrue(unknownBenchmark.body().path("error").asText().contains("unknown benchmark 'gsm9k'"));

        StressRunClient.Response unknownModel = client.createRun("gsm8k", "gpt-nope", List.of(1), 3, 1, null);
        assertEquals(400, unknownModel.status());
        assertTrue(unknownModel.body().path("error").asText().contains("not registered"));

        StressRunClient.Response tooStressed = client.createRun("gsm8k", "sim-budgeter", List.of(4), 3, 1, null);
        assertEquals(400, tooStressed.status());
        assertTrue(tooStressed.body().path("error").asText().contains("larger than"));
    }

    @Test
    void prometheusScrapesEveryServiceLoadsTheAlertRulesAndAnswersEveryDashboardQuery() throws Exception {
        assumeTrue(Files.isExecutable(PrometheusProcess.BINARY), "Debian's prometheus is not installed (.ci/run installs it)");
        StressRunClient.Response created = client.createRun("gsm8k", "sim-overthinker", List.of(1, 2), 6, 1, null);
        assertEquals(201, created.status(), created.body().toString());
        client.awaitComplete(created.body().path("runId").asText(), Duration.ofMinutes(5), r -> { });
        Path home = stack.config().home();
        try (PrometheusProcess prometheus = new PrometheusProcess(stack, home.resolve("deploy/prometheus/alerts.yml"),
                home.resolve("launcher/target/e2e-prometheus"))) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && prometheus.query("up == 1").size() < 7) {
                Thread.sleep(500);
            }
            assertEquals(7, prometheus.query("up == 1").size(), "the simulator, the four services, the code runner and the release gate are scraped");
            for (String series : List.of("stresslab_prompts_composed_total", "stresslab_gateway_prompts_total",
                    "stresslab_gateway_call_latency_seconds_bucket", "stresslab_scorer_verdicts_total",
                    "stresslab_analytics_scores_total")) {
                JsonNode result = prometheus.query("sum(" + series + ")");
                assertEquals(1, result.size(), series + " is exposed");
                assertTrue(result.get(0).path("value").get(1).asDouble() > 0, series + " counted the run");
            }
            JsonNode pipelineRules = null;
            for (JsonNode group : prometheus.rules()) {
                pipelineRules = "stress-lab".equals(group.path("name").asText()) ? group : pipelineRules;
            }
            assertEquals(4, pipelineRules == null ? 0 : pipelineRules.path("rules").size(), "alert rules loaded");
            JsonNode accuracy = null;
            long until = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < until
                    && (accuracy = prometheus.query("stresslab_rest_accuracy_percent{model=\"sim-overthinker\"}")).size() < 2) {
                Thread.sleep(500);
            }
            assertEquals(2, accuracy.size(), "a REST accuracy gauge per stress level of the run's model");
            // every query of the Grafana dashboard and of the alert rules parses and finds series (DashboardQueries)
            List<DashboardQueries> queries = DashboardQueries.load(home);
            assertTrue(queries.stream().filter(q -> !q.parseOnly()).count() >= 20, "queries checked for series: " + queries);
            List<String> problems = DashboardQueries.problems(prometheus.url(), queries, Duration.ofSeconds(30));
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            // and the check can fail: a query that does not parse, one without series, an alert on a missing series
            assertEquals(3, DashboardQueries.problems(prometheus.url(), List.of(
                    new DashboardQueries("broken", "sum(rate(stresslab_prompts_composed_total[1m])", false),
                    new DashboardQueries("empty", "stresslab_rest_accuracy_percent{model=\"nobody\"}", false),
                    new DashboardQueries("alert", "stresslab_no_such_series_total > 0", true)), Duration.ZERO).size());
        }
    }

    /**
     * The paper's Fig. 8 experiment end to end: a reference run ranks the questions, then the same prompts run
     * hard-first and easy-first, each prompt ordered by the reference accuracy analytics exports, and analytics
     * compares the two orders paired by question. On MATH500, so the dataset's subject and level also travel from the
     * loader through every event to the analysis (App. F; docs/metrics.md).
     */
    @Test
    void questionOrderRunsFollowTheReferenceRunsAccuracyAndAreCompared() throws Exception {
        StressRunClient.Response reference = client.createRun("math500", "sim-overthinker", List.of(1, 3), 6, 1, null);
        assertEquals(201, reference.status(), reference.body().toString());
        String referenceId = reference.body().path("runId").asText();
        client.awaitComplete(referenceId, Duration.ofMinutes(5), r -> { });
        // the reference accuracy per question, computed here from analytics' own export
        Map<String, double[]> tally = new java.util.HashMap<>();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String export = get("/runs/" + referenceId + "/results.jsonl");
        for (String line : export.split("\n")) {
            JsonNode row = json.readTree(line);
            if (row.path("failure").isNull()) {
                double[] t = tally.computeIfAbsent(row.path("questionId").asText(), k -> new double[2]);
                t[0] += row.path("correct").asBoolean() ? 1 : 0;
                t[1]++;
            }
        }
        assertEquals(6, tally.size(), export);

        // App. F: every slot of the reference run carries its question's subject and level from the dataset file
        JsonNode dataset = json.readTree(stack.config().datasetsDir().resolve("math500/test_prm800k_500.json").toFile());
        Map<String, Integer> questionsBySubject = new java.util.TreeMap<>();
        for (int q = 0; q < 6; q++) {
            questionsBySubject.merge(dataset.path(String.valueOf(q)).path("subject").asText(), 1, Integer::sum);
        }
        JsonNode tags = json.readTree(get("/runs/" + referenceId + "/analysis")).path("questionTags");
        assertEquals(0, tags.path("untaggedSlots").asInt(), tags.toString());
        Map<String, Integer> seen = new java.util.TreeMap<>();
        for (JsonNode group : tags.path("subjects")) {
            seen.put(group.path("tag").asText(), group.path("questions").asInt());
            // each question once at level 1 and three times at level 3 (REST's cyclic grouping)
            assertEquals(group.path("questions").asInt(), group.path("levels").get(0).path("slots").asInt(), group.toString());
            assertEquals(3 * group.path("questions").asInt(), group.path("levels").get(1).path("slots").asInt(), group.toString());
        }
        assertEquals(questionsBySubject, seen, tags.toString());
        long levelSlots = 0;
        for (JsonNode group : tags.path("difficultyLevels")) {
            levelSlots += group.path("levels").get(0).path("slots").asLong() + group.path("levels").get(1).path("slots").asLong();
        }
        assertEquals(6 + 18, levelSlots, tags.toString());

        String hard = orderedRun("hard-first", referenceId);
        String easy = orderedRun("easy-first", referenceId);
        Map<String, Integer> prompts = new java.util.HashMap<>();
        for (var r : RunLedger.readAll(stack, "stress.prompts")) {
            JsonNode p = json.readTree(r.value());
            String runId = p.path("runId").asText();
            if (!runId.equals(hard) && !runId.equals(easy)) {
                continue;
            }
            prompts.merge(runId, 1, Integer::sum);
            double previous = runId.equals(hard) ? -1 : 2;
            for (JsonNode id : p.path("questionIds")) {
                double[] t = tally.get(id.asText());
                double accuracy = t[0] / t[1];
                assertTrue(runId.equals(hard) ? accuracy >= previous : accuracy <= previous,
                        (runId.equals(hard) ? "hardest" : "easiest") + " first in " + p.path("questionIds") + " (reference " + export + ")");
                previous = accuracy;
            }
            assertEquals(3, p.path("subjects").size(), "the prompt carries its questions' subjects: " + p);
        }
        assertEquals(Map.of(hard, 6, easy, 6), prompts);
        for (var r : RunLedger.readAll(stack, "stress.runs")) {
            JsonNode e = json.readTree(r.value());
            if (hard.equals(e.path("runId").asText()) && "PUBLISHING".equals(e.path("type").asText())) {
                e.path("spec").path("questionAccuracy").fields().forEachRemaining(a -> assertEquals(
                        tally.get(a.getKey())[0] / tally.get(a.getKey())[1], a.getValue().asDouble(), 1e-12, a.getKey()));
                assertEquals(6, e.path("spec").path("questionAccuracy").size());
            }
        }
        // the experiment's result: hard-first against easy-first on the same questions, paired and clustered
        JsonNode compare = json.readTree(get("/compare?base=" + easy + "&candidate=" + hard + "&match=question"));
        JsonNode stress = compare.path("headline").path("stress");
        assertTrue(compare.path("comparable").asBoolean(), compare.toString());
        assertEquals(6, stress.path("questions").asInt(), compare.toString());
        assertEquals(stress.path("candidate").asDouble() - stress.path("base").asDouble(), stress.path("difference").asDouble(), 0.011);
        assertTrue(stress.path("ciLow").asDouble() <= stress.path("difference").asDouble()
                && stress.path("difference").asDouble() <= stress.path("ciHigh").asDouble(), compare.toString());
        assertEquals(6, compare.path("result").path("overall").path("units").asInt(), compare.toString());
    }

    /** A run of the reference run's 6 questions at level 3 in the given question order; waits until it is complete. */
    private String orderedRun(String order, String referenceId) throws Exception {
        StressRunClient.Response created = client.post(stack.composerUrl() + "/runs", "{\"benchmark\":\"math500\","
                + "\"modelId\":\"sim-budgeter\",\"levels\":[3],\"limit\":6,\"questionOrder\":\"" + order
                + "\",\"difficultyFrom\":\"" + referenceId + "\"}");
        assertEquals(201, created.status(), created.body().toString());
        String runId = created.body().path("runId").asText();
        JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(5), r -> { });
        assertEquals(6, report.path("composed").asInt());
        assertEquals("COMPLETE", report.path("status").asText());
        return runId;
    }

    private String get(String path) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(stack.analyticsUrl() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    /**
     * Done-when of issue 13: on a real run, headless Chromium walks report -> filtered list -> viewer, and the spans
     * the viewer highlights and the verdicts it shows equal the transcript and the verdicts stored in PostgreSQL.
     * Screenshots of the three pages go to launcher/target/.
     */
    @Test
    void theBrowserWalksFromTheReportToAPromptAndShowsTheStoredSpansAndVerdicts() throws Exception {
        assumeTrue(HeadlessChromium.available(), "skipped: no headless browser at " + HeadlessChromium.CHROMIUM);
        StressRunClient.Response created = client.createRun("gsm8k", "sim-overthinker", List.of(3), 4, 1, null);
        assertEquals(201, created.status(), created.body().toString());
        String runId = created.body().path("runId").asText();
        client.awaitComplete(runId, Duration.ofMinutes(5), r -> { });
        String root = stack.analyticsUrl();

        String report = HeadlessChromium.dom(root + "/runs/" + runId + "/report.html", 5000);
        java.util.regex.Matcher cell = java.util.regex.Pattern.compile(
                "<a href=\"(/runs/" + runId + "/prompts\\?level=3&amp;position=1)\">").matcher(report);
        assertTrue(cell.find(), "the report links its (level 3, position 1) cell to the prompt list:\n" + report);
        String listUrl = root + cell.group(1).replace("&amp;", "&");

        String list = HeadlessChromium.dom(listUrl, 5000);
        java.util.regex.Matcher row = java.util.regex.Pattern.compile(
                "<a href=\"(/runs/" + runId + "/prompts/([^\"]+))\">").matcher(list);
        assertTrue(row.find(), "the list links a row to the viewer:\n" + list);
        assertTrue(list.contains("data-prompts=\"4\""), "four level-3 prompts listed");
        String promptId = java.net.URLDecoder.decode(row.group(2), java.nio.charset.StandardCharsets.UTF_8);
        String viewerUrl = root + row.group(1);

        String viewer = HeadlessChromium.dom(viewerUrl, 8000);
        assertTrue(viewer.contains("data-viewer-ready=\"true\""), "the viewer drew the whole transcript:\n" + viewer);
        // what the page highlighted: kind, position, source, start, end -> the text of the elements that show it
        Map<String, String> drawn = new java.util.TreeMap<>();
        java.util.regex.Matcher span = java.util.regex.Pattern.compile("<tr data-kind=\"([A-Z_]+)\" data-position=\"(\\d+)\">"
                + "<th>[A-Z_]+</th><td>\\d+</td><td>([a-z]+)</td><td>(\\d+)</td><td>(\\d+)</td><td>(.*?)</td></tr>",
                java.util.regex.Pattern.DOTALL).matcher(viewer);
        while (span.find()) {
            drawn.put(span.group(1) + " " + span.group(2) + " " + span.group(3) + " " + span.group(4) + " " + span.group(5),
                    unescape(span.group(6)));
        }
        // the transcript as stored, unpacked here
        Map<String, String> stored = new java.util.TreeMap<>();
        Map<Integer, String> storedVerdicts = new java.util.TreeMap<>();
        try (Connection db = database()) {
            var ps = db.prepareStatement("select body from prompt_transcript where prompt_id = ?");
            ps.setString(1, promptId);
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next(), "transcript of " + promptId + " stored");
            JsonNode t;
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(rs.getBytes(1)))) {
                t = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            }
            for (JsonNode s : t.path("spans")) {
                String source = s.path("source").asText().toLowerCase(java.util.Locale.ROOT);
                String text = t.path(source).asText();
                stored.put(s.path("kind").asText() + " " + s.path("position").asInt() + " " + source + " "
                        + s.path("start").asInt() + " " + s.path("end").asInt(),
                        text.substring(s.path("start").asInt(), s.path("end").asInt()));
            }
            ResultSet q = db.createStatement().executeQuery("select position, correct, omitted from question_result "
                    + "where prompt_id = '" + promptId.replace("'", "''") + "'");
            while (q.next()) {
                storedVerdicts.put(q.getInt(1), q.getBoolean(2) ? "correct" : q.getBoolean(3) ? "omitted" : "wrong");
            }
        }
        assertTrue(stored.keySet().stream().anyMatch(k -> k.startsWith("REST_BOX")), "REST boxes stored: " + stored);
        assertTrue(stored.keySet().stream().anyMatch(k -> k.startsWith("REASONING_CUT")), "attribution cuts stored: " + stored);
        assertEquals(stored, drawn, "the viewer highlights exactly the stored spans, over the stored text");
        Map<Integer, String> shown = new java.util.TreeMap<>();
        java.util.regex.Matcher verdict = java.util.regex.Pattern.compile(
                "<tr data-position=\"(\\d+)\" data-verdict=\"([a-z]+)\">").matcher(viewer);
        while (verdict.find()) {
            shown.put(Integer.parseInt(verdict.group(1)), verdict.group(2));
        }
        assertEquals(storedVerdicts, shown);
        assertEquals(3, shown.size());

        Path shots = Path.of("target").toAbsolutePath();
        for (String[] page : new String[][]{{root + "/runs/" + runId + "/report.html", "walk-1-report.png"},
                {listUrl, "walk-2-prompt-list.png"}, {viewerUrl, "walk-3-prompt-viewer.png"}}) {
            Path shot = HeadlessChromium.screenshot(page[0], shots.resolve(page[1]));
            assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);
        }
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", "\u00a0")
                .replace("&amp;", "&");
    }

    private long countQuestions(String runId) throws Exception {
        try (Connection db = database(); ResultSet rs = db.createStatement().executeQuery(
                "select count(*) from question_result where run_id = '" + runId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection database() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.config().postgresPort() + "/postgres",
                "postgres", "postgres");
    }
}
