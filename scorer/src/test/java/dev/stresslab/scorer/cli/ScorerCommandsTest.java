package dev.stresslab.scorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScorerCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int code, List<JsonNode> lines, String err) {
    }

    private static Result run(String name, String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScorerCommands.run(name, args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        return new Result(code, lines, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void gradeWritesEachLineBackWithEqual() throws Exception {
        Result r = run("grade", """
                {"prediction": "\\\\dfrac{1}{2}", "gold": "0.5", "kind": "math", "id": 7}
                {"prediction": "(B)", "gold": "C", "kind": "choice"}
                """);
        assertEquals(0, r.code());
        assertEquals(2, r.lines().size());
        assertTrue(r.lines().get(0).get("equal").asBoolean());
        assertEquals(7, r.lines().get(0).get("id").asInt());
        assertEquals(false, r.lines().get(1).get("equal").asBoolean());
    }

    @Test
    void malformedLinesGetAnErrorLineNamingTheLine() throws Exception {
        Result r = run("grade", """
                {"prediction": "1", "gold": "1"}
                {not json
                
                {"prediction": "1"}
                [1, 2]
                {"prediction": "2", "gold": "2", "kind": "bogus"}
                {"prediction": "3", "gold": "3"}
                """);
        assertEquals(1, r.code());
        assertEquals(6, r.lines().size());
        assertTrue(r.lines().get(0).get("equal").asBoolean());
        assertEquals(2, r.lines().get(1).get("line").asInt());
        assertTrue(r.lines().get(1).get("error").asText().startsWith("malformed JSON"));
        assertEquals(4, r.lines().get(2).get("line").asInt());
        assertTrue(r.lines().get(2).get("error").asText().contains("gold"));
        assertEquals(5, r.lines().get(3).get("line").asInt());
        assertEquals(6, r.lines().get(4).get("line").asInt());
        assertTrue(r.lines().get(5).get("equal").asBoolean());
    }

    @Test
    void splitGivesBothReadingsAndDiagnostics() throws Exception {
        Result r = run("split", """
                {"output": "Q2: \\\\boxed{b}\\nQ1: \\\\boxed{a}", "level": 2}
                {"output": "<think>Q1 \\\\boxed{4}", "level": 2, "finishReason": "length"}
                {"output": "x", "level": 0}
                """);
        assertEquals(1, r.code());
        JsonNode first = r.lines().get(0);
        assertEquals("\\boxed{b}", first.get("rest").get(0).asText());
        assertEquals("a", first.get("labelAware").get(0).asText());
        assertTrue(first.get("flags").get(0).toString().contains("label-mismatch"));
        assertTrue(first.get("diagnostics").toString().contains("out-of-order"));
        assertEquals(2, first.get("answerTokens").size());
        JsonNode second = r.lines().get(1);
        assertEquals(2, second.get("reasoningTokens").size());
        assertTrue(second.get("reasoningTokens").get(0).asInt() > 0, second.toString());
        assertTrue(second.get("truncated").asBoolean());
        assertTrue(second.get("labelAware").get(0).isNull());
        assertEquals(3, r.lines().get(2).get("line").asInt());
    }

    @Test
    void benchGradingReportsThroughputAndAgreement() throws Exception {
        Result r = run("bench-grading", "", "--iterations", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode b = r.lines().get(0);
        assertTrue(b.get("answersPerSecond").asDouble() > 0);
        assertEquals(1.0, b.get("agreement").asDouble(), b.toString());
    }

    @Test
    void benchGradingReadsStdinCorpus() throws Exception {
        Result r = run("bench-grading", """
                {"prediction": "1", "gold": "1", "equal": true}
                {"prediction": "1", "gold": "2", "equal": true}
                """, "--stdin", "--iterations", "1", "--threads", "2");
        JsonNode b = r.lines().get(0);
        assertEquals(2, b.get("cases").asInt());
        assertEquals(0.5, b.get("agreement").asDouble());
    }

    @Test
    void benchGradingHostileReportsTheWorstPerOutputTime() throws Exception {
        Result r = run("bench-grading", "", "--hostile", "--case", "boxed-nested-10k", "--iterations", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode b = r.lines().get(0);
        assertEquals("boxed-nested-10k", b.get("worstCase").get("name").asText());
        assertTrue(b.get("worstCase").get("ms").asDouble() > 0, b.toString());
        assertEquals(1, b.get("cases").size());
        assertEquals(2, run("bench-grading", "", "--hostile", "--case", "no-such-case").code());
    }

    @Test
    void badArgumentsAndUnknownCommand() throws Exception {
        assertEquals(2, run("bench-grading", "", "--iterations", "zero").code());
        assertEquals(2, run("nope", "").code());
    }
}
