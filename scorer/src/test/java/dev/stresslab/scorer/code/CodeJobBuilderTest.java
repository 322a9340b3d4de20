package dev.stresslab.scorer.code;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.CodeJob;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A code completion becomes a job: REST's slots, the programs, label-aware flags; nothing passed yet. */
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
}
