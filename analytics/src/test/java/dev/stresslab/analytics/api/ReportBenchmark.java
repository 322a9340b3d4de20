package dev.stresslab.analytics.api;

import dev.stresslab.analytics.service.RunningAnalyses;
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
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Not a timed test: a benchmark of the report queries on a 100,000-slot run in the real PostgreSQL, through HTTP.
 * Runs only with {@code mvn -pl analytics test -Dtest=ReportBenchmark -Dbench=true}; prints a table of medians.
 * The run is MATH500-shaped: 4,000 questions, levels 1, 3, 5, 7, 9 -> 20,000 prompts, 4,000 × 25 = 100,000 slots,
 * generated inside PostgreSQL (generate_series), then ANALYZEd as autovacuum would.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ReportBenchmark {
    static final int QUESTIONS = 4000;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 20);
    /** Comma-separated substrings of endpoint names to time (all when unset), e.g. -Dbench.only=report,analysis. */
    static final String ONLY = System.getProperty("bench.only", "");

    @Inject
    DataSource dataSource;

    @Inject
    RunningAnalyses running;

    @Inject
    ReportCaches caches;

    @Test
    void reportQueriesOnAHundredThousandSlots() throws Exception {
        String run = "bench-" + System.nanoTime();
        long t0 = System.nanoTime();
        // the timed run is still running (5,000 of its prompts not yet scored), so results can arrive during the
        // timing; the two others are complete, for /compare and the model table
        long slots = insert(run, "bench-model", 5 * QUESTIONS + 5000);
        String other = run + "-b";
        insert(other, "bench-model-b", 5 * QUESTIONS);
        insert(run + "-c", "bench-model", 5 * QUESTIONS);
        System.out.printf("%ninserted 3 runs of %,d question results each in %.1f s (then ANALYZE)%n", slots,
                (System.nanoTime() - t0) / 1e9);
        assertEquals(100_000, slots);

        HttpClient http = HttpClient.newHttpClient();
        String root = "http://127.0.0.1:" + RestAssured.port;
        // "while results arrive": one more prompt result is stored before each request (one every 100 ms), and the
        // reader gets the run's newest computation (ReportService; the refresher recomputes it in the background);
        // "exact after a new result": the same with exact=true, so nothing computed for the previous version of the
        // run can be reused: the analysis held for the running run (RunningAnalyses) folds in the new result and is
        // finished again; "slots not held, no checkpoint": the same after RunningAnalyses forgot the run and its
        // checkpoint was deleted (a run below analytics.reports.checkpoint-min-slots on a replica that did not hold it),
        // so the computation reads and folds in every slot; "from a checkpoint": forgotten, as on another replica or
        // after a restart, while the checkpoint the holding replica wrote is stored (written once before the row: it
        // falls behind by one result per request, or starts 1,000 prompts behind), so the computation reads the
        // checkpoint and folds in the prompts stored since
        String[][] endpoints = {
                // first, while nobody watches the run, so no background refresh competes with these
                // a complete run after a restart: nothing cached, its values read back from settled_computation
                {"GET /runs/{id} of a complete run, caches empty", "/runs/" + other, "restart"},
                {"GET /runs/{id}/analysis of a complete run, caches empty", "/runs/" + other + "/analysis", "restart"},
                {"GET /runs/{id}/report.html of a complete run, caches empty", "/runs/" + other + "/report.html", "restart"},
                {"GET /runs/{id}/analysis?exact=true, not held, no checkpoint", "/runs/" + run + "/analysis?exact=true", "cold"},
                {"GET /runs/{id}?exact=true, not held, no checkpoint", "/runs/" + run + "?exact=true", "cold"},
                {"GET /runs/{id}/analysis?exact=true, from a checkpoint", "/runs/" + run + "/analysis?exact=true", "checkpoint"},
                {"GET /runs/{id}?exact=true, from a checkpoint", "/runs/" + run + "?exact=true", "checkpoint"},
                {"GET /runs/{id}/report.html?exact=true, from a checkpoint", "/runs/" + run + "/report.html?exact=true", "checkpoint"},
                {"GET /runs/{id}/analysis?exact=true, checkpoint 1,000 prompts behind", "/runs/" + run + "/analysis?exact=true", "behind"},
                {"GET /runs/{id}?exact=true after a new result", "/runs/" + run + "?exact=true", "fresh"},
                {"GET /runs/{id}/analysis?exact=true after a new result", "/runs/" + run + "/analysis?exact=true", "fresh"},
                {"GET /runs/{id}/report.html?exact=true after a new result", "/runs/" + run + "/report.html?exact=true", "fresh"},
                {"GET /runs/{id} (report) while results arrive", "/runs/" + run, "arrive"},
                {"GET /runs/{id}/analysis while results arrive", "/runs/" + run + "/analysis", "arrive"},
                {"GET /runs/{id}/report.html while results arrive", "/runs/" + run + "/report.html", "arrive"},
                {"GET /runs/{id} (report)", "/runs/" + run},
                {"GET /runs/{id}/analysis", "/runs/" + run + "/analysis"},
                {"GET /runs/{id}/report.html", "/runs/" + run + "/report.html"},
                {"GET /runs/{id}/results.csv", "/runs/" + run + "/results.csv"},
                {"GET /runs/{id}/results.jsonl", "/runs/" + run + "/results.jsonl"},
                {"GET /compare (slot)", "/compare?base=" + run + "&candidate=" + other},
                {"GET /compare (question)", "/compare?match=question&base=" + run + "&candidate=" + other},
                {"GET /models/summary", "/models/summary"},
        };
        int added = 0;
        System.out.printf("%n%-52s %9s %9s %9s %9s %12s  %s%n", "endpoint (" + ROUNDS + " rounds after 2 warm-ups)",
                "p50 ms", "p95 ms", "min ms", "max ms", "bytes", "lag behind the stored results (max)");
        for (String[] e : endpoints) {
            if (!ONLY.isBlank() && Arrays.stream(ONLY.split(",")).noneMatch(o -> e[0].contains(o.trim()))) {
                continue;
            }
            long bytes = 0;
            long maxLagResults = -1; // -1: the response does not say (the HTML page)
            long maxAge = 0;
            double[] ms = new double[ROUNDS];
            if (e.length > 2 && (e[2].equals("checkpoint") || e[2].equals("behind"))) {
                writeCheckpoint(http, root, run);
                if (e[2].equals("behind")) {
                    added += addResults(run, added, 1000);
                }
            }
            for (int i = -2; i < ROUNDS; i++) {
                if (e.length > 2 && !e[2].equals("restart")) {
                    addResult(run, added++);
                }
                if (e.length > 2 && e[2].equals("arrive")) {
                    Thread.sleep(100);
                }
                if (e.length > 2 && (e[2].equals("cold") || e[2].equals("checkpoint") || e[2].equals("behind"))) {
                    running.forget(run);
                }
                if (e.length > 2 && e[2].equals("cold")) {
                    execute("delete from analysis_checkpoint where run_id = '" + run + "'");
                }
                if (e.length > 2 && e[2].equals("restart")) {
                    caches.forgetAll();
                }
                long start = System.nanoTime();
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(root + e[1])).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                double took = (System.nanoTime() - start) / 1e6;
                assertEquals(200, r.statusCode(), e[1]);
                bytes = r.body().length;
                if (i >= 0) {
                    ms[i] = took;
                    var covered = r.headers().firstValueAsLong("X-Results-Covered");
                    var stored = r.headers().firstValueAsLong("X-Results-Stored");
                    if (covered.isPresent() && stored.isPresent()) {
                        maxLagResults = Math.max(Math.max(0, maxLagResults), stored.getAsLong() - covered.getAsLong());
                    }
                    maxAge = Math.max(maxAge, r.headers().firstValueAsLong("Age").orElse(0));
                }
            }
            Arrays.sort(ms);
            System.out.printf("%-52s %9.1f %9.1f %9.1f %9.1f %,12d  %s%n", e[0], percentile(ms, 50), percentile(ms, 95),
                    ms[0], ms[ROUNDS - 1], bytes, e.length > 2 && e[2].equals("arrive") && maxLagResults >= 0
                            ? maxLagResults + " results, Age " + maxAge + " s" : "");
        }
        System.out.println();
    }

    /**
     * Writes the run's checkpoint as the replica holding it does, five times (each from a fresh full read), and prints
     * what writing it took and its size.
     */
    private void writeCheckpoint(HttpClient http, String root, String run) throws Exception {
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            running.forget(run);
            execute("delete from analysis_checkpoint where run_id = '" + run + "'");
            http.send(HttpRequest.newBuilder(URI.create(root + "/runs/" + run + "?exact=true")).build(),
                    HttpResponse.BodyHandlers.discarding());
            long start = System.nanoTime();
            running.checkpoint();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        // a call that found it written by the refresher's pass a moment before took no time: not counted
        ms = Arrays.stream(ms).filter(v -> v > 1).sorted().toArray();
        // when the refresher's pass wrote it first, its transaction may still be committing
        for (long deadline = System.nanoTime() + 10_000_000_000L; ; Thread.sleep(50)) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("select prompts, length(body) from analysis_checkpoint where run_id = '" + run + "'")) {
                if (rs.next()) {
                    System.out.printf("%-52s %9s %9s %9s %9s %,12d  %,d prompts%n",
                            "  (writing its checkpoint: " + ms.length + " of 5 timed)",
                            ms.length == 0 ? "-" : "%.1f".formatted(percentile(ms, 50)), "",
                            ms.length == 0 ? "-" : "%.1f".formatted(ms[0]),
                            ms.length == 0 ? "-" : "%.1f".formatted(ms[ms.length - 1]), rs.getLong(2), rs.getLong(1));
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no checkpoint written");
            }
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** {@code n} more scored level-1 prompts of the run at once; returns n. */
    private int addResults(String run, int from, int n) throws Exception {
        for (int i = from; i < from + n; i++) {
            addResult(run, i);
        }
        return n;
    }

    /** One more scored level-1 prompt of the run, with its slot. */
    private void addResult(String run, int i) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String prompt = run + "/math500/L1/G" + (100_000 + i) + "/S0";
            s.executeUpdate("""
                    insert into prompt_result values ('%1$s', '%2$s', 'bench-model', 'math500', 1, %3$d, 0, 'SCORED',
                           null, null, 'stop', false, 200, 3900, 3300, 1000, now())""".formatted(prompt, run, 100_000 + i));
            s.executeUpdate("""
                    insert into question_result (prompt_id, position, run_id, stress_level, sample, question_id, gold,
                        extracted, correct, omitted, reasoning_tokens, error_category, subject, difficulty_level)
                    values ('%1$s', 1, '%2$s', 1, 0, 'q%3$d', '42', '42', true, false, 2500, 'CORRECT', 'Algebra',
                            %4$d)""".formatted(prompt, run, i % QUESTIONS, 1 + i % 5));
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** 20,000 prompts and 100,000 slots in REST's grouping; accuracy falls with the level; tokens vary by slot. */
    long insert(String run, String model, int promptCount) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    insert into run values ('%1$s', '%2$s', 'math500', '1,3,5,7,9', %3$d, 1, %4$d, now())"""
                    .formatted(run, model, QUESTIONS, promptCount));
            s.executeUpdate("""
                    insert into prompt_result
                    select '%1$s/math500/L' || l || '/G' || g || '/S0', '%1$s', '%2$s', 'math500', l, g, 0,
                           case when g %% 97 = 0 then 'FAILED' else 'SCORED' end,
                           case when g %% 97 = 0 then 'SERVER_ERROR' end, null, 'stop', g %% 20 = 0,
                           200 * l, 3000 + 900 * l, 2500 + 800 * l, 1000, now()
                    from unnest(array[1, 3, 5, 7, 9]) l, generate_series(0, %3$d - 1) g""".formatted(run, model, QUESTIONS));
            // MATH500's tags as the loader stores them (seven subjects, difficulty 1-5), so the analysis draws the
            // subject and level breakdown as it does for a real MATH500 run; an error category on every slot
            int n = s.executeUpdate("""
                    insert into question_result (prompt_id, position, run_id, stress_level, sample, question_id, gold,
                        extracted, correct, omitted, reasoning_tokens, flags, error_category, subject, difficulty_level)
                    select '%1$s/math500/L' || l || '/G' || g || '/S0', p, '%1$s', l, 0, 'q' || qn, '42', '42', ok,
                           p = l and g %% 50 = 0, case when g %% 97 = 0 then null else 2500 / l + (g * 31 + p * 17) %% 500 end,
                           null, case when ok then 'CORRECT' else 'REASONING_ERROR' end,
                           (array['Algebra', 'Counting & Probability', 'Geometry', 'Intermediate Algebra', 'Number Theory',
                                  'Prealgebra', 'Precalculus'])[1 + qn %% 7], 1 + qn %% 5
                    from unnest(array[1, 3, 5, 7, 9]) l, generate_series(0, %2$d - 1) g, generate_series(1, l) p,
                         lateral (select case when p = l then g else (g + p) %% %2$d end as qn) q,
                         lateral (select g %% 97 <> 0
                                  and ((g * 7919 + p * 104729 + l * 31 + length('%1$s')) %% 100) < 96 - 4 * l as ok) v"""
                    .formatted(run, QUESTIONS));
            s.execute("analyze run; analyze prompt_result; analyze question_result");
            return n;
        }
    }
}
