package dev.stresslab.analytics.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.analytics.persistence.GzipJson;
import dev.stresslab.contracts.Transcript;
import dev.stresslab.contracts.TranscriptSpan;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Not a timed test: the filtered prompt list on a 100,000-slot run and the prompt viewer on a 500 KB transcript, in
 * the real PostgreSQL, through HTTP, and the viewer in headless Chromium. Runs only with
 * {@code ./mvnw -B -pl analytics -am verify -Dtest=PromptListBenchmark -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none};
 * prints a table of medians (docs/reports.md, "Prompt viewer").
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PromptListBenchmark {
    static final int QUESTIONS = 4000;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 9);
    static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper mapper;

    @Test
    void promptListAtAHundredThousandSlotsAndTheViewerOnA500KbTranscript() throws Exception {
        String run = "plist-" + System.nanoTime();
        long t0 = System.nanoTime();
        long slots = insert(run);
        assertEquals(100_000, slots);
        System.out.printf("%ninserted %,d question results in %.1f s (then ANALYZE)%n", slots, (System.nanoTime() - t0) / 1e9);
        String viewed = run + "/math500/L9/G1/S0";
        int chars = storeTranscript(run, viewed);

        String root = "http://127.0.0.1:" + RestAssured.port;
        String list = "/runs/" + run + "/prompts";
        String[][] endpoints = {
                {"list, every prompt", list},
                {"list level 9", list + "?level=9"},
                {"list level 9 position 3", list + "?level=9&position=3"},
                {"list wrong", list + "?filter=wrong"},
                {"list level 5 pos 2 wrong", list + "?level=5&position=2&filter=wrong"},
                {"list omitted", list + "?filter=omitted"},
                {"list truncated", list + "?filter=truncated"},
                {"list label-mismatch", list + "?filter=label-mismatch"},
                {"list from-summary", list + "?filter=from-summary"},
                {"list failed", list + "?filter=failed"},
                {"list flag (no index)", list + "?flag=answer-from-summary"},
                {"list wrong, page after 10,000", list + "?filter=wrong&after=" + run + "/math500/L7"},
                {"viewer JSON (500 KB)", "/runs/" + run + "/prompts/" + viewed},
                {"viewer HTML (500 KB)", "/runs/" + run + "/prompts/" + viewed + "?format=html"},
                {"text piece 64 Ki chars", "/runs/" + run + "/prompts/" + viewed + "/text?source=reasoning&from=0"},
        };
        HttpClient http = HttpClient.newHttpClient();
        System.out.printf("%n%-34s %10s %10s %10s %12s%n", "endpoint (" + ROUNDS + " rounds after 2 warm-ups)",
                "median ms", "min ms", "max ms", "bytes");
        for (String[] e : endpoints) {
            long bytes = 0;
            double[] ms = new double[ROUNDS];
            for (int i = -2; i < ROUNDS; i++) {
                long start = System.nanoTime();
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(root + e[1]))
                        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
                double took = (System.nanoTime() - start) / 1e6;
                assertEquals(200, r.statusCode(), e[1]);
                bytes = r.body().length;
                if (i >= 0) {
                    ms[i] = took;
                }
            }
            Arrays.sort(ms);
            System.out.printf("%-34s %10.1f %10.1f %10.1f %,12d%n", e[0], ms[ROUNDS / 2], ms[0], ms[ROUNDS - 1], bytes);
        }
        if (Files.isExecutable(CHROMIUM)) {
            double[] first = new double[5];
            for (int i = 0; i < first.length; i++) {
                first[i] = firstPieceMs(root + "/runs/" + run + "/prompts/" + viewed);
            }
            Arrays.sort(first);
            System.out.printf("%nviewer in headless Chromium, %,d characters: first piece drawn %.0f ms after navigation "
                    + "start (median of %d; min %.0f, max %.0f)%n", chars, first[2], first.length, first[0], first[4]);
        }
        System.out.println();
    }

    /** 20,000 prompts and 100,000 slots in REST's grouping; flags and verdicts spread so every filter finds some. */
    private long insert(String run) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into run values ('%1$s', 'bench-model', 'math500', '1,3,5,7,9', %2$d, 1, %3$d, now())"
                    .formatted(run, QUESTIONS, 5 * QUESTIONS));
            s.executeUpdate("""
                    insert into prompt_result
                    select '%1$s/math500/L' || l || '/G' || g || '/S0', '%1$s', 'bench-model', 'math500', l, g, 0,
                           case when g %% 97 = 0 then 'FAILED' else 'SCORED' end,
                           case when g %% 97 = 0 then 'SERVER_ERROR' end, null, 'stop', g %% 20 = 0,
                           200 * l, 3000 + 900 * l, 2500 + 800 * l, 1000, now()
                    from unnest(array[1, 3, 5, 7, 9]) l, generate_series(0, %2$d - 1) g""".formatted(run, QUESTIONS));
            int n = s.executeUpdate("""
                    insert into question_result (prompt_id, position, run_id, stress_level, sample, question_id, gold,
                                                 extracted, correct, omitted, reasoning_tokens, flags)
                    select '%1$s/math500/L' || l || '/G' || g || '/S0', p, '%1$s', l, 0, 'q' || (g + p) %% %2$d, '42',
                           case when p = l and g %% 50 = 0 then null else '42' end,
                           g %% 97 <> 0 and not (p = l and g %% 50 = 0) and ((g * 7919 + p * 104729 + l * 31) %% 100) < 96 - 4 * l,
                           p = l and g %% 50 = 0, 2500 / l + (g * 31 + p * 17) %% 500,
                           case when (g + p) %% 37 = 0 then 'label-mismatch,from-summary'
                                when (g + p) %% 11 = 0 then 'answer-from-summary' end
                    from unnest(array[1, 3, 5, 7, 9]) l, generate_series(0, %2$d - 1) g, generate_series(1, l) p"""
                    .formatted(run, QUESTIONS));
            s.execute("analyze run; analyze prompt_result; analyze question_result");
            return n;
        }
    }

    /** A level-9 output of 500 KB: 450 KB of reasoning in 9 labelled parts with a recap, then nine boxed answers. */
    private int storeTranscript(String run, String promptId) {
        StringBuilder reasoning = new StringBuilder("Let me read all nine questions first.\n");
        List<TranscriptSpan> spans = new ArrayList<>();
        spans.add(new TranscriptSpan(TranscriptSpan.Kind.REASONING_CUT, TranscriptSpan.Source.REASONING, 0, reasoning.length(), 0));
        for (int q = 1; q <= 9; q++) {
            int start = reasoning.length();
            reasoning.append("Q").append(q).append(": ");
            while (reasoning.length() - start < 50_000) {
                reasoning.append("We compute step ").append(reasoning.length() % 997).append(" of question ").append(q)
                        .append(", so the value is \\(x_").append(q).append(" = ").append(reasoning.length() % 89).append("\\).\n");
            }
            spans.add(new TranscriptSpan(TranscriptSpan.Kind.REASONING_CUT, TranscriptSpan.Source.REASONING, start, reasoning.length(), q));
        }
        int recap = reasoning.length();
        reasoning.append("To summarize, the answers are listed below.");
        spans.add(new TranscriptSpan(TranscriptSpan.Kind.REASONING_CUT, TranscriptSpan.Source.REASONING, recap, reasoning.length(), 0));
        StringBuilder content = new StringBuilder();
        while (content.length() < 50_000) {
            content.append("Checking the work once more before answering. ");
        }
        for (int q = 1; q <= 9; q++) {
            content.append("\n**Q").append(q).append(":** ");
            int box = content.length();
            content.append("\\boxed{").append(q * 7).append('}');
            spans.add(new TranscriptSpan(TranscriptSpan.Kind.REST_BOX, TranscriptSpan.Source.CONTENT, box, content.length(), q));
            spans.add(new TranscriptSpan(TranscriptSpan.Kind.LABEL_ANSWER, TranscriptSpan.Source.CONTENT, box, content.length(), q));
        }
        Transcript t = new Transcript(content.toString(), reasoning.toString(), spans, false, false);
        // stored as ingestion stores it (GzipJson), for a prompt the insert above made
        try (Connection c = dataSource.getConnection(); var ps = c.prepareStatement(
                "insert into prompt_transcript values (?, ?, ?, ?, ?, now(), ?)")) {
            byte[] body = GzipJson.write(mapper, t);
            ps.setString(1, promptId);
            ps.setString(2, run);
            ps.setInt(3, t.content().length());
            ps.setInt(4, t.reasoning().length());
            ps.setInt(5, body.length);
            ps.setBytes(6, body);
            ps.executeUpdate();
            System.out.printf("transcript of %,d characters stored in %,d gzip bytes%n",
                    t.content().length() + t.reasoning().length(), body.length);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return t.content().length() + t.reasoning().length();
    }

    /**
     * When the viewer drew its first piece, in ms from navigation start, in real time: headless Chromium with the
     * DevTools protocol (virtual time, which --dump-dom needs to wait for fetches, would not count real time).
     */
    private static double firstPieceMs(String url) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            String ws = null;
            for (String line; ws == null && (line = lines.readLine()) != null; ) {
                int at = line.indexOf("ws://");
                if (line.startsWith("DevTools listening on") && at >= 0) {
                    ws = line.substring(at);
                }
            }
            assertTrue(ws != null, "chromium's DevTools address");
            String http = "http://" + URI.create(ws).getAuthority();
            HttpClient client = HttpClient.newHttpClient();
            String created = client.send(HttpRequest.newBuilder(URI.create(http + "/json/new?" + url))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
            String page = mapper().readTree(created).path("webSocketDebuggerUrl").asText();
            var replies = new java.util.concurrent.LinkedBlockingQueue<String>();
            var socket = client.newWebSocketBuilder().buildAsync(URI.create(page), new java.net.http.WebSocket.Listener() {
                final StringBuilder part = new StringBuilder();

                @Override
                public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
                    part.append(data);
                    if (last) {
                        replies.add(part.toString());
                        part.setLength(0);
                    }
                    w.request(1);
                    return null;
                }
            }).join();
            long deadline = System.nanoTime() + 30_000_000_000L;
            for (int id = 1; System.nanoTime() < deadline; id++) {
                socket.sendText("{\"id\":" + id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":"
                        + "\"document.body ? (document.body.dataset.firstPieceMs || '') : ''\",\"returnByValue\":true}}", true).join();
                String reply;
                do {
                    reply = replies.poll(10, TimeUnit.SECONDS);
                } while (reply != null && !reply.contains("\"id\":" + id + ","));
                String value = reply == null ? "" : mapper().readTree(reply).at("/result/result/value").asText();
                if (!value.isEmpty()) {
                    socket.abort();
                    return Double.parseDouble(value);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the viewer drew no piece in 30 s");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static com.fasterxml.jackson.databind.ObjectMapper mapper() {
        return new com.fasterxml.jackson.databind.ObjectMapper();
    }
}
