package dev.stresslab.simulator.domain;

import dev.stresslab.benchmarks.Question;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.simulator.RestPrompts;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReasoningSimulatorTest {
    static final ModelProfile PERFECT = new ModelProfile("perfect", "t", OutputStyle.REASONING_CONTENT,
            1.0, 0, 0, 0, 1.0, 1000, 0, 0, 0, 1, 0, 0, 32768, 131072);
    static final KnownQuestion Q1 = new KnownQuestion("t", "t-0", "What is 2+2?", "4", AnswerKind.MATH);
    static final KnownQuestion Q2 = new KnownQuestion("t", "t-1", "Pick one.\n\nA) x\nB) y\nC) z\nD) w", "C", AnswerKind.CHOICE);
    static final String PROMPT = "Q1: What is 2+2?\n\nQ2: Pick one.\n\nA) x\nB) y\nC) z\nD) w\n\n\nAnswer the above questions.";

    final ReasoningSimulator sim = new ReasoningSimulator(QuestionBank.of(List.of(Q1, Q2)), 10);

    @Test
    void perfectModelAnswersEveryQuestionInOrder() {
        SimulatedCompletion c = sim.simulate(PERFECT, OutputStyle.REASONING_CONTENT, PROMPT, 1, 0, 32768);
        assertEquals(FinishReason.STOP, c.finishReason());
        assertEquals(List.of("4", "C"), RestPrompts.boxed(c.content()));
        assertTrue(c.content().contains("Answer to Q2: ANSWER: \\boxed{C}"));
        assertEquals(2000, c.reasoningTokens());
        assertEquals(c.reasoningTokens() + TokenEstimate.of(c.content()), c.completionTokens());
        assertEquals(1000, RestPrompts.reasoningTokensByPosition(c.reasoning(), 2)[1]);
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherDraws() {
        ModelProfile coin = new ModelProfile("coin", "t", OutputStyle.THINK_TAGS, 0.5, 0, 0, 0, 1, 1000, 0, 0, 0.3, 1, 0, 0, 32768, 131072);
        assertEquals(sim.simulate(coin, OutputStyle.THINK_TAGS, PROMPT, 42, 0, 9999),
                sim.simulate(coin, OutputStyle.THINK_TAGS, PROMPT, 42, 0, 9999));
        long distinct = java.util.stream.LongStream.range(0, 40)
                .mapToObj(s -> sim.simulate(coin, OutputStyle.THINK_TAGS, PROMPT, s, 0, 9999).content()).distinct().count();
        assertTrue(distinct > 10, "seeds must change the output, got " + distinct);
    }

    @Test
    void styles() {
        SimulatedCompletion think = sim.simulate(PERFECT, OutputStyle.THINK_TAGS, PROMPT, 1, 0, 32768);
        assertNull(think.reasoning());
        assertTrue(think.content().startsWith("<think>\nQ1. "));
        assertTrue(think.content().contains("</think>\n\nAnswer to Q1"));
        SimulatedCompletion close = sim.simulate(PERFECT, OutputStyle.THINK_CLOSE_ONLY, PROMPT, 1, 0, 32768);
        assertFalse(close.content().contains("<think>"));
        assertTrue(close.content().contains("</think>"));
        SimulatedCompletion hidden = sim.simulate(PERFECT, OutputStyle.HIDDEN, PROMPT, 1, 0, 32768);
        assertTrue(hidden.content().startsWith("Answer to Q1"));
        assertEquals(2000, hidden.reasoningTokens());
    }

    @Test
    void cutInsideReasoningLeavesNoAnswer() {
        SimulatedCompletion c = sim.simulate(PERFECT, OutputStyle.REASONING_CONTENT, PROMPT, 1, 0, 1500);
        assertEquals(FinishReason.LENGTH, c.finishReason());
        assertNull(c.content());
        assertEquals(1500, c.reasoningTokens());
        assertEquals(1500, c.completionTokens());
        assertTrue(c.reasoning().endsWith("let me reconsider"));
        assertFalse(c.questions().get(0).answered());
        SimulatedCompletion think = sim.simulate(PERFECT, OutputStyle.THINK_TAGS, PROMPT, 1, 0, 1500);
        assertFalse(think.content().contains("</think>"), "truncated inside the thinking: no closing tag");
    }

    @Test
    void cutInsideTheAnswersKeepsTheFirstOnes() {
        int answerTokens = TokenEstimate.of("Answer to Q1: The final answer is \\boxed{4}.");
        SimulatedCompletion c = sim.simulate(PERFECT, OutputStyle.REASONING_CONTENT, PROMPT, 1, 0, 2000 + answerTokens + 2);
        assertEquals(FinishReason.LENGTH, c.finishReason());
        assertEquals(List.of("4"), RestPrompts.boxed(c.content()));
        assertTrue(c.questions().get(0).answered());
        assertFalse(c.questions().get(1).answered());
        assertEquals(2000 + answerTokens + 2, c.completionTokens());
    }

    @Test
    void unknownQuestionsGetAWrongNumber() {
        SimulatedCompletion c = sim.simulate(PERFECT, OutputStyle.HIDDEN, "Q1: Something never seen\n\n\nAnswer the above", 3, 0, 32768);
        assertFalse(c.questions().get(0).known());
        assertFalse(c.questions().get(0).correct());
        assertTrue(RestPrompts.boxed(c.content()).get(0).matches("\\d+"));
    }

    @Test
    void wrongAnswersArePlausible() {
        SplittableRandom rnd = new SplittableRandom(1);
        assertEquals("19", AnswerPolicy.wrongAnswer("18", AnswerKind.MATH, rnd));
        assertEquals("28.0", AnswerPolicy.wrongAnswer("27.0", AnswerKind.MATH, rnd));
        assertEquals("\\frac{1}{2}+1", AnswerPolicy.wrongAnswer("\\frac{1}{2}", AnswerKind.MATH, rnd));
        for (int i = 0; i < 20; i++) {
            String w = AnswerPolicy.wrongAnswer("B", AnswerKind.CHOICE, rnd);
            assertTrue(w.matches("[ACD]"), w);
        }
    }

    @Test
    void omissionSkipsLaterQuestionsOnly() {
        ModelProfile forgetful = new ModelProfile("f", "t", OutputStyle.HIDDEN, 1, 0, 0, 0, 1, 100, 0, 0, 0, 1, 1.0, 1.0, 32768, 131072);
        SimulatedCompletion c = sim.simulate(forgetful, OutputStyle.HIDDEN, PROMPT, 1, 0, 32768);
        assertFalse(c.questions().get(0).omitted());
        assertTrue(c.questions().get(1).omitted());
        assertEquals(List.of("4"), RestPrompts.boxed(c.content()));
        assertNotEquals(0, c.reasoningTokens());
    }

    @Test
    void faultRatesAndHeader() {
        FaultRates rates = new FaultRates(0.1, 0.1, 0.1, 0.1, 0.1);
        assertEquals(Fault.RATE_LIMITED, rates.decide(null, 0.05));
        assertEquals(Fault.SERVER_ERROR, rates.decide(null, 0.15));
        assertEquals(Fault.MALFORMED, rates.decide(null, 0.25));
        assertEquals(Fault.HANG, rates.decide(null, 0.35));
        assertEquals(Fault.DROP, rates.decide(null, 0.45));
        assertEquals(Fault.NONE, rates.decide(null, 0.55));
        assertEquals(Fault.NONE, rates.decide(Fault.NONE, 0.05), "the header wins over the rates");
        assertEquals(Fault.RATE_LIMITED, Fault.parseHeader("429").orElseThrow());
        assertTrue(Fault.parseHeader("teapot").isEmpty());
    }

    @Test
    void accuracyFallsWithLevelOnGsm8k() {
        List<Question> qs = RestPrompts.benchmark("gsm8k").questions();
        QuestionBank bank = QuestionBank.of(qs.stream().map(q -> new KnownQuestion("gsm8k", q.id(), q.text(), q.gold(), q.kind())).toList());
        ReasoningSimulator s = new ReasoningSimulator(bank, 4);
        ModelProfile p = new ModelProfile("p", "t", OutputStyle.HIDDEN, 0.9, 0.04, 0.02, 0.02, 0.99, 500, 0.5, 0, 0.2, 1.3, 0, 0, 32768, 131072);
        double a1 = accuracy(s, p, qs, 1);
        double a6 = accuracy(s, p, qs, 6);
        assertEquals(0.9, a1, 0.05);
        assertTrue(a1 - a6 > 0.15, "level 1 " + a1 + " vs level 6 " + a6);
    }

    private static double accuracy(ReasoningSimulator s, ModelProfile p, List<Question> qs, int level) {
        int right = 0;
        int total = 0;
        for (int i = 0; i < 300; i++) {
            List<Question> group = RestPrompts.group(qs, level, i);
            SimulatedCompletion c = s.simulate(p, OutputStyle.HIDDEN, RestPrompts.math(group), Seeds.requestSeed(7L, "" + i, "p", 0.6), 0, 32768);
            List<String> boxes = RestPrompts.boxed(c.content());
            for (int j = 0; j < level; j++) {
                total++;
                if (j < boxes.size() && boxes.get(j).equals(group.get(j).gold())) {
                    right++;
                }
            }
        }
        return (double) right / total;
    }

    @Test
    void realisticTextCarriesConfoundersAndItsGroundTruthAddsUp() {
        ReasoningSimulator real = new ReasoningSimulator(QuestionBank.of(List.of(Q1, Q2)), 10, TextOptions.REALISTIC);
        boolean swapped = false;
        for (long seed = 0; seed < 40; seed++) {
            SimulatedCompletion c = real.simulate(PERFECT, OutputStyle.REASONING_CONTENT, PROMPT, seed, 0, 32768);
            int perQuestion = c.questions().stream().mapToInt(QuestionOutcome::reasoningTokens).sum();
            assertEquals(c.reasoningTokens(), perQuestion + c.unattributedReasoningTokens());
            assertTrue(c.unattributedReasoningTokens() > 0, "preamble and recap");
            assertTrue(c.reasoning().startsWith("Okay, there are 2 questions"));
            assertTrue(c.reasoning().contains("To summarize: Q"));
            assertTrue(c.reasoning().contains("Let q2 denote") && c.reasoning().contains("Tentatively \\boxed{"));
            // about one word per reported token
            int words = c.reasoning().split("\\s+").length;
            assertTrue(Math.abs(words - c.reasoningTokens()) < 0.15 * c.reasoningTokens(), words + " words");
            swapped |= c.content().startsWith("Answer to Q2");
        }
        assertTrue(swapped, "some outputs answer out of order");
        // the compact default is unchanged: no preamble, nothing unattributed
        SimulatedCompletion compact = sim.simulate(PERFECT, OutputStyle.REASONING_CONTENT, PROMPT, 1, 0, 32768);
        assertEquals(0, compact.unattributedReasoningTokens());
        assertTrue(compact.reasoning().startsWith("Q1. "));
    }

    @Test
    void groundTruthFollowsTheCut() {
        ReasoningSimulator real = new ReasoningSimulator(QuestionBank.of(List.of(Q1, Q2)), 10, TextOptions.REALISTIC);
        SimulatedCompletion c = real.simulate(PERFECT, OutputStyle.THINK_TAGS, PROMPT, 3, 0, 1200);
        assertEquals(FinishReason.LENGTH, c.finishReason());
        int perQuestion = c.questions().stream().mapToInt(QuestionOutcome::reasoningTokens).sum();
        assertEquals(1200, perQuestion + c.unattributedReasoningTokens());
        // the preamble, the first question worked whole, the second cut; no recap
        List<Integer> spent = c.questions().stream().map(QuestionOutcome::reasoningTokens).sorted().toList();
        assertEquals(List.of(1200 - 1000 - c.unattributedReasoningTokens(), 1000), spent);
    }
}
