package dev.stresslab.scorer.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.AnswerKind;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the grader over every case of grading/corpus.jsonl. */
class GradingCorpusTest {
    record Case(int line, String prediction, String gold, AnswerKind kind, boolean equal, String reason) {
    }

    static List<Case> corpus() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                GradingCorpusTest.class.getResourceAsStream("/grading/corpus.jsonl")), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode o = json.readTree(line);
                cases.add(new Case(n, o.get("prediction").asText(), o.get("gold").asText(),
                        AnswerKind.fromJson(o.get("kind").asText()), o.get("equal").asBoolean(), o.get("reason").asText()));
            }
        }
        return cases;
    }

    @Test
    void everyCorpusCaseIsGradedAsLabelled() throws Exception {
        List<Case> cases = corpus();
        assertTrue(cases.size() >= 300, "corpus has " + cases.size() + " cases");
        AnswerGrader grader = new AnswerGrader();
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            AnswerGrader.Verdict v = grader.grade(c.prediction(), c.gold(), c.kind());
            if (v.equal() != c.equal()) {
                failures.add("line " + c.line() + " [" + c.reason() + "] " + c.prediction() + " vs " + c.gold()
                        + ": expected " + c.equal() + " got " + v.equal() + " via " + v.path());
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + cases.size() + " cases fail");
    }

    @Test
    void corpusHasRightWrongAndTrickyCases() throws Exception {
        List<Case> cases = corpus();
        long equal = cases.stream().filter(Case::equal).count();
        assertTrue(equal > 100 && cases.size() - equal > 100, equal + " equal cases");
        assertTrue(cases.stream().noneMatch(c -> c.reason().isBlank()));
    }

    @Test
    void gradingIsThreadSafeAndDeterministic() throws Exception {
        List<Case> cases = corpus();
        AnswerGrader grader = new AnswerGrader();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Boolean>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<Boolean> out = new ArrayList<>();
                    for (Case c : cases) {
                        out.add(grader.equal(c.prediction(), c.gold(), c.kind()));
                    }
                    return out;
                }));
            }
            List<Boolean> first = results.get(0).get();
            for (Future<List<Boolean>> f : results) {
                assertEquals(first, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
