package dev.stresslab.scorer.domain;

import dev.stresslab.scorer.grading.AnswerGrader;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Usage;
import dev.stresslab.scorer.cli.ScorerCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the per-output path the service runs ({@link PromptScorer#score}) and the {@code split} / {@code grade}
 * commands with the named hostile corpus ({@link HostileOutputs}) and thousands of seeded random outputs.
 *
 * <p>Properties: nothing throws; every output finishes within {@link #HANG_BOUND} (ten times the documented
 * per-output bound, so only a hang or a super-linear blow-up fails it; the bound itself is measured by
 * {@code bench-grading --hostile}); the score event has one verdict per position, in order, with the completion's
 * question ids and gold; it serialises to JSON below Kafka's default 1 MB record limit; and no answer is graded
 * correct against a gold the output cannot spell (sentinel golds: the generators never emit {@code 8}, {@code J} or
 * {@code j}), while the right answers hidden in hostile text still grade as right.
 *
 * <p>Reproduce a random failure with the seed and case printed in its message:
 * {@code -Dfuzz.seed=S -Dfuzz.cases=N}; more cases: {@code -Dfuzz.cases=100000}.
 */
class ScorerFuzzTest {
    /** docs/grading.md "Hostile outputs": a 10 MB output is split and graded in under 3 s on the 2-core machine. */
    static final Duration DOCUMENTED_BOUND = Duration.ofSeconds(3);
    static final Duration HANG_BOUND = DOCUMENTED_BOUND.multipliedBy(10);
    /**
     * The platform's record limit (every producer's max.request.size; MessageSizeLimitsTest): a larger score event
     * would fail its whole batch on send. Score events carry the output since transcripts (TranscriptBuilder cuts
     * it to the gateway's cap).
     */
    static final int KAFKA_RECORD_LIMIT = dev.stresslab.contracts.Topics.MAX_RECORD_BYTES;
    static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    static final int RANDOM_CASES = Integer.getInteger("fuzz.cases", 3000);

    /** Serialises like the service's Kafka serializer (Jackson, UTF-8 bytes). */
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes command input with every non-ASCII character escaped, so lone surrogates reach the command intact. */
    private static final ObjectMapper ASCII_JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final PromptScorer scorer = PromptScorer.createDefault();
    private final AnswerGrader grader = new AnswerGrader();

    static List<String> hostileNames() {
        return HostileOutputs.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileNames")
    void hostileOutputIsScoredWithinTheBoundWithOneVerdictPerPosition(String name) {
        HostileOutputs.Case c = HostileOutputs.build(name);
        ScoreEvent e = scoreWithinBound(c.completion(), () -> "hostile case " + name);
        assertAccountedFor(c.completion(), e, "hostile case " + name);
        for (int i = 0; i < c.expectedCorrect().size(); i++) {
            Boolean expected = c.expectedCorrect().get(i);
            if (expected != null) {
                assertEquals(expected, e.questions().get(i).correct(), name + ": position " + (i + 1) + " "
                        + e.questions().get(i).flags());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileNames")
    void splitAndGradeCommandsAnswerEveryHostileLine(String name) throws Exception {
        HostileOutputs.Case c = HostileOutputs.build(name);
        CompletionEvent completion = c.completion();
        AnswerKind kind = completion.answerKind();
        ObjectNode line = ASCII_JSON.createObjectNode();
        line.put("output", completion.content());
        line.put("reasoning", completion.reasoning());
        line.put("level", completion.level());
        line.put("kind", kind.name().toLowerCase());
        JsonNode split = assertTimeoutPreemptively(HANG_BOUND, () -> runCommand("split", ASCII_JSON.writeValueAsString(line)),
                () -> name + ": split hung");
        assertEquals(completion.level(), split.path("rest").size(), name + ": " + split);
        assertEquals(completion.level(), split.path("flags").size());

        StringBuilder grades = new StringBuilder();
        for (JsonNode extracted : split.path("restExtracted")) {
            if (!extracted.isNull()) {
                ObjectNode g = ASCII_JSON.createObjectNode();
                g.put("prediction", extracted.asText());
                g.put("gold", completion.goldAnswers().get(0));
                g.put("kind", kind.name().toLowerCase());
                grades.append(ASCII_JSON.writeValueAsString(g)).append('\n');
            }
        }
        if (grades.length() > 0 && !c.expectedCorrect().contains(true)) {
            String input = grades.toString();
            List<JsonNode> graded = assertTimeoutPreemptively(HANG_BOUND, () -> runCommandLines("grade", input),
                    () -> name + ": grade hung");
            for (JsonNode g : graded) {
                assertFalse(g.path("equal").asBoolean(true), name + ": a sentinel gold graded equal: " + g.path("path"));
            }
        }
    }

    @Test
    void thousandsOfRandomOutputsAreScoredWithinTheBound() {
        for (int n = 0; n < RANDOM_CASES; n++) {
            long caseSeed = new SplittableRandom(SEED + n).nextLong();
            CompletionEvent c = RandomOutputs.completion(new SplittableRandom(caseSeed));
            String where = "random case " + n + " (rerun: -Dfuzz.seed=" + SEED + ", case seed " + caseSeed + ")";
            ScoreEvent e = scoreWithinBound(c, () -> where);
            assertAccountedFor(c, e, where);
            for (QuestionVerdict v : e.questions()) {
                assertFalse(v.correct(), where + ": position " + v.position() + " graded correct against a sentinel");
            }
            // the grade command's entry point, on REST's raw answers (the scorer grades their content)
            for (String answer : RestAnswerSplitter.split(c.content(), c.level())) {
                assertFalse(grader.equal(answer, c.goldAnswers().get(0), c.answerKind()), where + ": raw answer equal");
            }
        }
    }

    @Test
    void randomGenerationIsReproducibleFromTheSeed() {
        CompletionEvent a = RandomOutputs.completion(new SplittableRandom(7));
        CompletionEvent b = RandomOutputs.completion(new SplittableRandom(7));
        assertEquals(a, b);
    }

    @Test
    void anOutputWhoseGradingBudgetIsSpentKeepsEveryPositionWrongAndFlagged() {
        // a zero budget: every slot is abandoned, none may come out correct even though every answer is right
        PromptScorer broke = new PromptScorer(new AnswerGrader(), Duration.ZERO);
        CompletionEvent c = HostileOutputs.completion(3, AnswerKind.MATH, "\\boxed{x^2+2x+1}\\boxed{(x+1)^2}\\boxed{2x}",
                null, List.of("(x+1)^2", "x^2+2x+1", "x+x"));
        ScoreEvent e = broke.score(c);
        assertAccountedFor(c, e, "zero budget");
        for (QuestionVerdict v : e.questions()) {
            assertFalse(v.correct());
            assertTrue(v.flags().contains("grading-budget-exceeded"), v.flags().toString());
        }
        ScoreEvent normal = scorer.score(c);
        normal.questions().forEach(v -> assertTrue(v.correct(), v.toString()));
    }

    @Test
    void cutAndCappedWorkIsFlagged() {
        ScoreEvent cut = scorer.score(HostileOutputs.build("digits-10MB-in-box").completion());
        QuestionVerdict first = cut.questions().get(0);
        assertTrue(first.flags().containsAll(List.of("grading-input-too-long", "extracted-cut")), first.flags().toString());
        assertEquals(PromptScorer.MAX_ECHO_CHARS + 1, first.extracted().length());

        ScoreEvent capped = scorer.score(HostileOutputs.build("boxes-50k").completion());
        capped.questions().forEach(v -> assertTrue(v.flags().contains("output-scan-capped"), v.flags().toString()));
        ScoreEvent small = scorer.score(HostileOutputs.completion(1, AnswerKind.MATH, "\\boxed{1}", null, List.of("1")));
        assertEquals(List.of(), small.questions().get(0).flags());
    }

    @Test
    void loneSurrogatesNeverReachTheScoreEvent() {
        ScoreEvent e = scorer.score(HostileOutputs.build("lone-surrogates").completion());
        for (QuestionVerdict v : e.questions()) {
            String x = v.extracted();
            for (int i = 0; i < x.length(); i++) {
                char ch = x.charAt(i);
                if (Character.isHighSurrogate(ch)) {
                    assertTrue(i + 1 < x.length() && Character.isLowSurrogate(x.charAt(++i)), "lone high surrogate in " + v);
                } else {
                    assertFalse(Character.isLowSurrogate(ch), "lone low surrogate in " + v);
                }
            }
        }
        assertEquals("\ufffd", e.questions().get(0).extracted());
        assertEquals("x\ud83d\ude00\ufffd", e.questions().get(2).extracted(), "a valid pair is kept");
    }

    @Test
    void anInvalidCompletionIsRefusedWithAMessageWithoutOutputText() {
        CompletionEvent c = new CompletionEvent(1, "run", "p", "m", "b", 2, 0, 0, List.of("q1"), List.of("1", "2"),
                AnswerKind.MATH, "secret \\boxed{1}", null, "stop", Usage.UNKNOWN, 1, null, 1, null);
        PromptScorer.InvalidCompletion e = org.junit.jupiter.api.Assertions.assertThrows(PromptScorer.InvalidCompletion.class,
                () -> scorer.score(c));
        assertEquals("questionIds holds 1 entries for level 2", e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private ScoreEvent scoreWithinBound(CompletionEvent c, Supplier<String> where) {
        return assertTimeoutPreemptively(HANG_BOUND, () -> scorer.score(c), () -> where.get() + ": no score within " + HANG_BOUND);
    }

    /** One verdict per position, in order, for this completion's questions; publishable as a Kafka record. */
    static void assertAccountedFor(CompletionEvent c, ScoreEvent e, String where) {
        assertEquals(ScoreEvent.Outcome.SCORED, e.outcome(), where);
        assertEquals(c.promptId(), e.promptId(), where);
        assertEquals(c.level(), e.questions().size(), where + ": one verdict per position");
        for (int i = 0; i < c.level(); i++) {
            QuestionVerdict v = e.questions().get(i);
            assertEquals(i + 1, v.position(), where);
            assertEquals(c.questionIds().get(i), v.questionId(), where);
            assertEquals(c.goldAnswers().get(i), v.gold(), where);
            assertEquals(v.extracted() == null, v.omitted(), where + ": omitted exactly when nothing was extracted");
            assertFalse(v.omitted() && v.correct(), where + ": an omitted answer is never correct");
            assertNotNull(v.flags(), where);
            assertFalse(v.flags().stream().anyMatch(java.util.Objects::isNull), where);
            assertTrue(v.extracted() == null || v.extracted().length() <= PromptScorer.MAX_ECHO_CHARS + 1, where);
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(e);
        } catch (Exception ex) {
            throw new AssertionError(where + ": the score event does not serialise: " + ex, ex);
        }
        assertTrue(json.length < KAFKA_RECORD_LIMIT, where + ": score event of " + json.length + " bytes");
    }

    private static JsonNode runCommand(String name, String line) throws Exception {
        List<JsonNode> out = runCommandLines(name, line + "\n");
        assertEquals(1, out.size());
        return out.get(0);
    }

    private static List<JsonNode> runCommandLines(String name, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScorerCommands.run(name, new String[0], new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, name + " exit code; stderr: " + err + "; stdout head: " + text.substring(0, Math.min(300, text.length())));
        List<JsonNode> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }

    /**
     * Random outputs built from fragments the scorer treats specially (boxes, braces, think tags, labels, summaries,
     * LaTeX, numbers, whitespace runs, random UTF-16 with lone surrogates), now and then at hostile sizes. Never
     * emits {@code 8}, {@code J} or {@code j}, so the sentinel golds cannot be spelled.
     */
    static final class RandomOutputs {
        private static final String DIGITS = "012345679";
        private static final String[] LATEX = {"\\frac", "\\dfrac", "\\sqrt", "\\sqrt[3]", "^", "_", "\\left(", "\\right)",
                "\\text{", "\\begin{pmatrix}", "\\end{pmatrix}", "\\\\", "&", "\\pm", "\\cup", "\\infty", "!", "|", "\\pi",
                "\\cdot", "\\times", "\\{", "\\}", "\\le", "=", ",", "(", ")", "[", "]", "\\binom", "\\log_", "\\sin", "e^",
                "x", "y", "\\circ", "\\%", "$", "\\,", ".", "-", "+", "/", "\\fbox", "\\lfloor", "\\rfloor", "\\mathrm{",
                "\\over", "\\choose", "\\lvert", "\\emptyset"};

        static CompletionEvent completion(SplittableRandom r) {
            int level = 1 + r.nextInt(12);
            AnswerKind kind = r.nextInt(5) == 0 ? AnswerKind.CHOICE : AnswerKind.MATH;
            String content = switch (r.nextInt(30)) {
                case 0 -> null;
                case 1 -> "";
                default -> text(r, level);
            };
            String reasoning = r.nextInt(4) == 0 ? text(r, level) : r.nextInt(10) == 0 ? "" : null;
            String finish = switch (r.nextInt(4)) {
                case 0 -> "length";
                case 1 -> null;
                default -> "stop";
            };
            Usage usage = switch (r.nextInt(5)) {
                case 0 -> Usage.UNKNOWN;
                case 1 -> new Usage(null, r.nextInt(40_000), null);
                case 2 -> new Usage(null, null, r.nextInt(40_000));
                case 3 -> new Usage(r.nextInt(100) - 50, r.nextInt(100) - 50, r.nextInt(200) - 50); // nonsense counts
                default -> new Usage(100, 32_768, r.nextInt(32_768));
            };
            List<String> ids = new ArrayList<>(level);
            for (int i = 0; i < level; i++) {
                ids.add("q" + i);
            }
            String gold = kind == AnswerKind.CHOICE ? HostileOutputs.SENTINEL_CHOICE : HostileOutputs.SENTINEL_MATH;
            return new CompletionEvent(CompletionEvent.SCHEMA_VERSION, "fuzz", "fuzz/p", "m", "math500", level, 0, 0, ids,
                    Collections.nCopies(level, gold), kind, content, reasoning, finish, usage, 1, null, 1, null);
        }

        static String text(SplittableRandom r, int level) {
            int fragments = 1 + (int) Math.min(400, -Math.log(1 - r.nextDouble()) * 40);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < fragments; i++) {
                fragment(r, level, b);
            }
            return b.toString();
        }

        private static void fragment(SplittableRandom r, int level, StringBuilder b) {
            // about one fragment in 400 is repeated thousands of times: deep nesting, long runs, many boxes
            int repeat = r.nextInt(400) == 0 ? 1_000 + r.nextInt(20_000) : 1;
            String f = switch (r.nextInt(16)) {
                case 0 -> "\\boxed{";
                case 1 -> "}";
                case 2 -> "\\boxed{" + number(r) + "}";
                case 3 -> "{";
                case 4 -> r.nextBoolean() ? "<think>" : "</think>";
                case 5 -> label(r, level);
                case 6 -> r.nextBoolean() ? "\nFinal answers\n" : "\n**Summary**\n";
                case 7 -> "ANSWER: " + "ABCDEFGHI".charAt(r.nextInt(9)) + "\n";
                case 8 -> LATEX[r.nextInt(LATEX.length)];
                case 9 -> number(r);
                case 10 -> " ".repeat(1 + r.nextInt(r.nextInt(50) == 0 ? 5_000 : 5)) + (r.nextBoolean() ? "\n" : "");
                case 11 -> HostileOutputs.randomUnicode(r, 1 + r.nextInt(40));
                case 12 -> "\\boxed{" + LATEX[r.nextInt(LATEX.length)] + "{" + number(r) + "}{" + number(r) + "}}";
                case 13 -> "\\boxed " + number(r) + " ";
                case 14 -> "2^{".repeat(1 + r.nextInt(8)) + number(r) + "}".repeat(1 + r.nextInt(8));
                default -> "the answer is ";
            };
            b.append(repeat == 1 ? f : f.repeat(repeat));
        }

        private static String label(SplittableRandom r, int level) {
            int k = r.nextInt(10) == 0 ? r.nextInt(1000) : 1 + r.nextInt(level);
            String n = Integer.toString(k).replace('8', '7');
            return switch (r.nextInt(5)) {
                case 0 -> "\nQ" + n + ": ";
                case 1 -> "Answer to Q" + n + " ";
                case 2 -> "**Q" + n + "** ";
                case 3 -> "\n### Question " + n + "\n";
                default -> "Problem #" + n + " ";
            };
        }

        private static String number(SplittableRandom r) {
            int length = r.nextInt(100) == 0 ? 1 + r.nextInt(30_000) : 1 + r.nextInt(6);
            StringBuilder b = new StringBuilder(length + 2);
            if (r.nextInt(5) == 0) {
                b.append('-');
            }
            for (int i = 0; i < length; i++) {
                b.append(DIGITS.charAt(r.nextInt(DIGITS.length())));
            }
            if (r.nextInt(4) == 0) {
                b.append('.').append(DIGITS.charAt(r.nextInt(DIGITS.length())));
            }
            return b.toString();
        }
    }
}
