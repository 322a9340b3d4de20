package dev.stresslab.scorer.parse;

import dev.stresslab.contracts.AnswerKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputParserTest {
    private static List<String> owners(String content, int level) {
        ParsedOutput p = OutputParser.parse(content, null, "stop", level, AnswerKind.MATH);
        return p.cuts().stream().filter(AttributionCut::reasoning)
                .map(c -> c.position() + ":" + p.text(c).strip()).toList();
    }

    @Test
    void labelsOnlyWhereALabelCanStand() {
        assertEquals(List.of("0:Okay.", "1:Q1. let q2 = 3 and Q2 mid-sentence.", "2:Question 2: done."),
                owners("<think>Okay. Q1. let q2 = 3 and Q2 mid-sentence. Question 2: done.</think>", 2));
        // the prompt's case: "q1" and "QUESTION 1" are not labels
        assertEquals(List.of("0:q1 first. QUESTION 1 now."), owners("<think>q1 first. QUESTION 1 now.</think>", 2));
        assertEquals(List.of("0:Hm.", "2:Now, the second question is easy.", "1:Back to Q1 then."),
                owners("<think>Hm. Now, the second question is easy. Back to Q1 then.</think>", 2));
    }

    @Test
    void aBoxInTheReasoningDoesNotMoveOn() {
        assertEquals(List.of("1:Q1. maybe \\boxed{3}, check: yes it holds and goes on.", "2:Q2. x"),
                owners("<think>Q1. maybe \\boxed{3}, check: yes it holds and goes on. Q2. x</think>", 2));
    }

    @Test
    void recapsBelongToNoQuestionButGoingBackToWorkDoes() {
        String work = "long work. ".repeat(40);
        List<String> recap = owners("<think>Q1. " + work + "Q2. " + work + "To summarize: Q1 is 3. Q2 is 4.</think>", 2);
        assertEquals("0:To summarize: Q1 is 3. Q2 is 4.", recap.get(recap.size() - 1));
        List<String> back = owners("<think>Q1. " + work + "Q2. " + work + "Q1 again: " + work + "</think>", 2);
        assertTrue(back.get(back.size() - 1).startsWith("1:Q1 again"), back.toString());
    }

    @Test
    void cutsCoverTheWholeOutputInSourceCoordinates() {
        String reasoning = "Preamble. Q1. a. Q2. b.";
        String content = "Q1: \\boxed{1}\nQ2: \\boxed{2}";
        ParsedOutput p = OutputParser.parse(content, reasoning, "stop", 2, AnswerKind.MATH);
        int r = 0;
        int c = 0;
        for (AttributionCut cut : p.cuts()) {
            if (cut.source() == AttributionCut.Source.REASONING_FIELD) {
                assertEquals(r, cut.start());
                r = cut.end();
            } else {
                assertEquals(c, cut.start());
                c = cut.end();
            }
        }
        assertEquals(reasoning.length(), r);
        assertEquals(content.length(), c);
    }

    @Test
    void statedAnswersAreTheLastOnesInReadingOrder() {
        assertEquals("5", OutputParser.statedAnswer("maybe \\boxed{4}. No wait, the answer is 5."));
        assertEquals("4", OutputParser.statedAnswer("the answer is 5? no: \\boxed{4}"));
    }

    @Test
    void repetitionIsSeenOnlyInLoops() {
        assertTrue(OutputParser.endsInRepetition("intro. " + "Wait, let me check the sum again. ".repeat(60)));
        StringBuilder prose = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            prose.append("step ").append(i).append(" adds ").append(i * 7 % 13).append(". ");
        }
        assertFalse(OutputParser.endsInRepetition(prose.toString()));
    }
}
