package dev.stresslab.scorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Usage;
import dev.stresslab.scorer.domain.PromptScorer;
import dev.stresslab.scorer.grading.CorpusPair;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./stress-lab grade} and the service's scorer give the same verdict on every boxed pair of the corpus. */
class GradeCommandMatchesScorerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void gradeCommandAndScorerAgreeOnEveryBoxedCorpusPair() throws Exception {
        List<CorpusPair> pairs;
        try (InputStream in = getClass().getResourceAsStream("/grading/differential-corpus.jsonl.gz")) {
            pairs = GradeDiff.read(new GZIPInputStream(in)).stream()
                    .filter(p -> !p.text() && !p.prediction().contains("\\boxed")).toList();
        }
        assertTrue(pairs.size() > 10_000, pairs.size() + " pairs");
        StringBuilder input = new StringBuilder();
        for (CorpusPair p : pairs) {
            input.append(JSON.writeValueAsString(java.util.Map.of("prediction", p.prediction(), "gold", p.gold())))
                    .append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ScorerCommands.run("grade", new String[0],
                new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(pairs.size(), lines.length);
        PromptScorer scorer = PromptScorer.createDefault();
        int differ = 0;
        StringBuilder examples = new StringBuilder();
        for (int i = 0; i < pairs.size(); i++) {
            CorpusPair p = pairs.get(i);
            JsonNode graded = JSON.readTree(lines[i]);
            ScoreEvent e = scorer.score(new CompletionEvent(1, "run", "p" + i, "m", "math500", 1, 0, 0, List.of("q"),
                    List.of(p.gold()), AnswerKind.MATH, "The answer is \\boxed{" + p.prediction() + "}.", null, "stop",
                    Usage.UNKNOWN, 10, null, 1, null));
            boolean scorerVerdict = e.questions().get(0).correct();
            if (graded.get("equal").asBoolean() != scorerVerdict) {
                differ++;
                if (examples.length() < 2000) {
                    examples.append(p.gold()).append(" vs ").append(p.prediction()).append("; ");
                }
            }
        }
        assertEquals(0, differ, "grade and the scorer differ on: " + examples);
    }
}
