package dev.stresslab.coderunner.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.benchmarks.CodeTest;
import dev.stresslab.benchmarks.LiveCodeBench;
import dev.stresslab.benchmarks.LiveCodeBenchProblem;
import dev.stresslab.coderunner.domain.CodeTests;
import dev.stresslab.coderunner.domain.ExecOutcome;
import dev.stresslab.coderunner.domain.ExecResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** REST's grading rules (rest-livecodebench.md section 5) through the real sandbox, on the fixture and on quirks. */
class RestGradingTest {
    static final Path FIXTURE = Path.of("../../shared/datasets/livecodebench");
    private static Sandbox sandbox;

    @BeforeAll
    static void open() {
        String reason = Sandbox.unavailableReason(SandboxLimits.defaults());
        assumeTrue(reason == null, () -> "skipped: " + reason);
        sandbox = Sandbox.open(SandboxLimits.defaults(), 2);
    }

    @AfterAll
    static void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static CodeTests tests(LiveCodeBenchProblem p) {
        return new CodeTests(p.questionId(), p.tests().stream().map(CodeTest::input).toList(),
                p.tests().stream().map(CodeTest::output).toList(), p.fnName());
    }

    @Test
    void everyReferenceSolutionPassesAllItsTests() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<LiveCodeBenchProblem> problems = LiveCodeBench.load(FIXTURE, LiveCodeBench.DateWindow.of("2000-01-01", "2100-01-01"));
        int passed = 0;
        for (String line : Files.readAllLines(FIXTURE.resolve("reference-solutions.jsonl"))) {
            JsonNode ref = json.readTree(line);
            LiveCodeBenchProblem p = problems.stream().filter(x -> x.questionId().equals(ref.get("question_id").asText()))
                    .findFirst().orElseThrow();
            ExecResult r = sandbox.run(ref.get("code").asText(), tests(p));
            assertEquals(ExecOutcome.PASSED, r.outcome(), p.questionId() + ": " + r);
            assertEquals(5, r.testsRun());
            passed++;
        }
        assertEquals(12, passed);
    }

    private static ExecOutcome stdin(String code, String input, String expected) {
        return sandbox.run(code, new CodeTests("t", List.of(input), List.of(expected), null)).outcome();
    }

    private static ExecOutcome call(String code, String fn, String args, String expected) {
        return sandbox.run(code, new CodeTests("t", List.of(args), List.of(expected), fn)).outcome();
    }

    @Test
    void stdinComparisonRules() {
        assertEquals(ExecOutcome.PASSED, stdin("print('1 2  ')\nprint()", "", "1 2\n"));      // per-line strip
        assertEquals(ExecOutcome.WRONG_ANSWER, stdin("print('1  2')", "", "1 2\n"));           // internal spacing exact
        assertEquals(ExecOutcome.PASSED, stdin("print(6.0)", "", "6\n"));                      // float fallback
        assertEquals(ExecOutcome.WRONG_ANSWER, stdin("print('006')", "", "6\n"));              // all digits: no fallback
        assertEquals(ExecOutcome.PASSED, stdin("print(0.1 + 0.2)", "", "0.3\n"));             // allclose
        assertEquals(ExecOutcome.RUNTIME_ERROR, stdin("print(1)\nexit()", "", "1\n"));         // exit is None
        assertEquals(ExecOutcome.PASSED, stdin("import sys\nprint(1)\nsys.exit()", "", "1\n"));
        assertEquals(ExecOutcome.PASSED, stdin("def main():\n    print(input())\nif __name__ == '__main__':\n    main()",
                "x\n", "x\n"));                                                                  // last-statement guard unwrapped
    }

    @Test
    void callBasedComparisonRules() {
        String cls = "class Solution:\n    def f(self, a):\n        return ";
        assertEquals(ExecOutcome.PASSED, call(cls + "(a, 1)", "f", "2", "[2, 1]"));            // tuple -> list
        assertEquals(ExecOutcome.WRONG_ANSWER, call(cls + "[(1, 4)]", "f", "2", "[[1, 4]]")); // nested tuple fails
        assertEquals(ExecOutcome.PASSED, call(cls + "6.0", "f", "2", "6"));                    // 6.0 == 6
        assertEquals(ExecOutcome.PASSED, call(cls + "min(a)", "f", "[3, 5]", "[3, 9]"));      // out == expected[0]
        assertEquals(ExecOutcome.RUNTIME_ERROR, call(cls + "set(a)", "f", "[1]", "[1]"));     // json.dumps first
        assertEquals(ExecOutcome.RUNTIME_ERROR, call("def g(a):\n    return a", "f", "1", "1")); // no such method
        assertEquals(ExecOutcome.PASSED, call("def f(a):\n    return a", "f", "1", "1"));     // top-level function
    }
}
