package dev.stresslab.scorer.code;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.CodeJob;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.PythonText;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Transcript;
import dev.stresslab.contracts.TranscriptSpan;
import dev.stresslab.contracts.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A code completion becomes a job: REST's slots, the programs, label-aware flags, the transcript; nothing passed yet. */
class CodeJobBuilderTest {
    static final PromptEvent PROMPT = new PromptEvent(1, "run-1", "run-1/livecodebench/L3/G0/S0", "sim", "livecodebench",
            3, 0, 0, List.of("a", "b", "c"), List.of("a", "b", "c"), AnswerKind.CODE, List.of(ChatMessage.user("...")),
            GenerationSettings.PAPER_DEFAULTS);

    @Test
    void slotsProgramsAndFlags() {
        CompletionEvent c = CompletionEvent.success(PROMPT, "Q2:\n```python\nprint(2)\n```\nQ3:\n```python\nprint(3)\n```",
                "I skip Q1.", "stop", new Usage(10, 30, 20), 100, 1);
        assertTrue(CodeJobBuilder.buildable(c));
        CodeJob job = CodeJobBuilder.build(c);
        assertEquals(List.of("print(2)", "print(3)", ""), job.programs());
        assertEquals("run-1", job.runId());
        List<QuestionVerdict> q = job.partial().questions();
        assertEquals(List.of("a", "b", "c"), q.stream().map(QuestionVerdict::questionId).toList());
        q.forEach(v -> assertFalse(v.correct()));
        assertTrue(q.get(0).flags().contains("label-mismatch"));
        assertTrue(q.get(2).omitted());
        assertNull(q.get(2).extracted());
        assertEquals("print(2)", q.get(0).extracted());
    }

    @Test
    void aCompletionBreakingTheSchemaIsNotAJob() {
        CompletionEvent broken = new CompletionEvent(1, "run-1", "p", "sim", "livecodebench", 3, 0, 0, List.of("a"),
                List.of("a"), AnswerKind.CODE, "x", null, "stop", Usage.UNKNOWN, 1, null, 1, null);
        assertFalse(CodeJobBuilder.buildable(broken));
    }

    private static String text(Transcript t, TranscriptSpan s) {
        return (s.source() == TranscriptSpan.Source.CONTENT ? t.content() : t.reasoning()).substring(s.start(), s.end());
    }

    private static List<TranscriptSpan> of(Transcript t, TranscriptSpan.Kind kind) {
        return t.spans().stream().filter(s -> s.kind() == kind).toList();
    }

    /** Each REST_BOX marks the fenced block whose code is exactly the program the job runs for its position. */
    private static void assertBoxesHoldThePrograms(CodeJob job) {
        Transcript t = job.partial().transcript();
        for (TranscriptSpan box : of(t, TranscriptSpan.Kind.REST_BOX)) {
            String block = text(t, box);
            assertTrue(block.startsWith("```python") && block.endsWith("```"), block);
            assertEquals(job.programs().get(box.position() - 1),
                    PythonText.strip(block.substring("```python".length(), block.length() - "```".length())));
        }
    }

    @Test
    void thePartialCarriesTheOutputWithRestsBlocksAndTheAttributionCuts() {
        // REST drops the <think> span and trims before splitting: its offsets are not the content's
        String content = "  <think>Q1: try\n```python\nprint(0)\n```\nQ2: loop. Q3: no idea.</think>\n"
                + "Q1:\n```python\nprint(1)\n```\nQ2:\n```python\nfor i in range(2):\n    print(i)\n```\nQ3: skipped.";
        CodeJob job = CodeJobBuilder.build(CompletionEvent.success(PROMPT, content, null, "stop",
                new Usage(10, 300, 200), 100, 1));
        assertEquals(List.of("print(1)", "for i in range(2):\n    print(i)", ""), job.programs());
        Transcript t = job.partial().transcript();
        assertNotNull(t, "a code prompt's output is kept like a math prompt's");
        assertEquals(content, t.content());
        assertNull(t.reasoning());
        List<TranscriptSpan> boxes = of(t, TranscriptSpan.Kind.REST_BOX);
        assertEquals(List.of(1, 2), boxes.stream().map(TranscriptSpan::position).toList(),
                "the omitted position 3 has no block");
        assertTrue(boxes.stream().allMatch(b -> b.source() == TranscriptSpan.Source.CONTENT));
        assertEquals("```python\nprint(1)\n```", text(t, boxes.get(0)));
        assertBoxesHoldThePrograms(job);
        List<TranscriptSpan> reasoningCuts = of(t, TranscriptSpan.Kind.REASONING_CUT);
        assertEquals(List.of(1, 2, 3), reasoningCuts.stream().map(TranscriptSpan::position).toList());
        assertTrue(text(t, reasoningCuts.get(0)).startsWith("Q1: try"), text(t, reasoningCuts.get(0)));
        assertFalse(of(t, TranscriptSpan.Kind.ANSWER_CUT).isEmpty());
        assertFalse(t.spansCut() || t.textCut());
    }

    @Test
    void outputOnlyInTheReasoningFieldIsWhereRestReadsTheBlocks() {
        String reasoning = "Q1 first.\n```python\nprint(1)\n```\nQ2 next.\n```python\nprint(2)\n```";
        CodeJob job = CodeJobBuilder.build(CompletionEvent.success(PROMPT, "", reasoning, "stop",
                new Usage(10, 30, 20), 100, 1));
        Transcript t = job.partial().transcript();
        assertEquals("", t.content());
        assertEquals(reasoning, t.reasoning());
        List<TranscriptSpan> boxes = of(t, TranscriptSpan.Kind.REST_BOX);
        assertEquals(2, boxes.size());
        assertTrue(boxes.stream().allMatch(b -> b.source() == TranscriptSpan.Source.REASONING));
        assertBoxesHoldThePrograms(job);
        assertEquals(List.of("print(1)", "print(2)", ""), job.programs());
    }

    @Test
    void aHugeOutputIsCutWithinTheBudgetAndItsSpansWithIt() throws Exception {
        // 2.5 million control characters: 15 MB as JSON escapes, so the second block lies beyond the kept content
        String content = "Q1:\n```python\nprint(1)\n```\n" + "\u0001".repeat(2_500_000)
                + "\nQ2:\n```python\nprint(2)\n```";
        CodeJob job = CodeJobBuilder.build(CompletionEvent.success(PROMPT, content, "thinking", "length",
                new Usage(10, 30, 20), 100, 1));
        assertEquals(List.of("print(1)", "print(2)", ""), job.programs(), "the job still runs every program");
        Transcript t = job.partial().transcript();
        assertTrue(t.textCut());
        assertTrue(t.content().length() < content.length() && content.startsWith(t.content()));
        assertTrue(t.reasoning().length() < "thinking".length() && "thinking".startsWith(t.reasoning()),
                "the content takes nearly all of the budget: " + t.reasoning());
        assertTrue(t.spans().stream().allMatch(s -> s.start() < s.end() && s.end() <= (s.source()
                == TranscriptSpan.Source.CONTENT ? t.content().length() : t.reasoning().length())));
        assertEquals(List.of(1), of(t, TranscriptSpan.Kind.REST_BOX).stream().map(TranscriptSpan::position).toList());
        assertBoxesHoldThePrograms(job);
        assertTrue(new ObjectMapper().writeValueAsBytes(job).length < Topics.MAX_RECORD_BYTES);
    }

    @Test
    void theJobStaysBelowTheRecordLimitWhenItsProgramIsAsLargeAsTheOutput() throws Exception {
        // one block near the gateway's cap (11.9 MB as JSON): the program travels whole beside the transcript, so the
        // transcript gives up the program's share of its budget instead of the job outgrowing the record limit
        String program = "x = 1\n".repeat(1_700_000);
        String content = "Q1:\n```python\n" + program + "```";
        CodeJob job = CodeJobBuilder.build(CompletionEvent.success(PROMPT, content, null, "stop",
                new Usage(10, 30, 20), 100, 1));
        assertEquals(PythonText.strip(program), job.programs().get(0));
        Transcript t = job.partial().transcript();
        assertTrue(t.textCut());
        assertTrue(content.startsWith(t.content()) && t.content().length() > 0);
        assertTrue(t.spans().stream().allMatch(s -> s.end() <= t.content().length()));
        assertEquals(1, of(t, TranscriptSpan.Kind.REST_BOX).size(), "the block's start is kept, so is its span");
        assertTrue(new ObjectMapper().writeValueAsBytes(job).length < Topics.MAX_RECORD_BYTES);
    }
}
