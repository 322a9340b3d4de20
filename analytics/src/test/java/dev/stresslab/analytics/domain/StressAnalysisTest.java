package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Hand-computed analyses on a small run: three questions alone (level 1) and three level-3 outputs in REST's cyclic
 * grouping. o3 was truncated and omitted q0.
 */
class StressAnalysisTest {
    static Slot slot(String q, String out, int level, int pos, boolean right, boolean omitted, boolean truncated,
                     boolean omittedInPrompt, Integer tokens, String category, String flags) {
        return new Slot(q, out, level, pos, 0, right, omitted, truncated, omittedInPrompt, tokens, category, flags);
    }

    static final List<Slot> RUN = List.of(
            slot("q0", "a0", 1, 1, true, false, false, false, 1000, "CORRECT", null),
            slot("q1", "a1", 1, 1, false, false, false, false, 800, "REASONING_ERROR", null),
            slot("q2", "a2", 1, 1, true, false, false, false, 600, "CORRECT", null),
            slot("q0", "o1", 3, 1, true, false, false, false, 700, "CORRECT", null),
            slot("q1", "o1", 3, 2, false, false, false, false, 300, "REASONING_ERROR", "label-aware-correct,positional-differs"),
            slot("q2", "o1", 3, 3, true, false, false, false, 200, "CORRECT", null),
            slot("q1", "o2", 3, 1, true, false, false, false, 600, "CORRECT", null),
            slot("q2", "o2", 3, 2, false, false, false, false, 100, "SUMMARY_ERROR", "reference-grader-differs"),
            slot("q0", "o2", 3, 3, false, false, false, false, null, null, null),
            slot("q2", "o3", 3, 1, true, false, true, true, 400, "CORRECT", null),
            slot("q0", "o3", 3, 2, false, true, true, true, 0, "QUESTION_OMISSION", "omitted"),
            slot("q1", "o3", 3, 3, false, false, true, true, 50, "OUTPUT_TRUNCATION", null));

    @Test
    void adaptiveEffortPairsEachQuestionFirstUnderStressWithItselfAlone() {
        // Position 1 at level 3: q0 700 (alone 1000), q1 600 (alone 800): differences −300 and −200, mean −250,
        // sd 70.71, se 50, t(0.975, 1) = 12.7062 -> ±635.31. q2 sits first in o3, which was truncated: excluded.
        StressAnalysis.AdaptiveEffort e = StressAnalysis.adaptiveEffort(RUN).get(0);
        assertEquals(3, e.level());
        assertEquals(2, e.questions());
        assertEquals(900.0, e.meanAlone());
        assertEquals(650.0, e.meanFirst());
        assertEquals(-250.0, e.difference());
        assertEquals(-885.31, e.ciLow(), 0.01);
        assertEquals(385.31, e.ciHigh(), 0.01);
        assertEquals(72.2222, e.ratio());
        assertEquals(1, e.excludedTruncated());
        assertEquals(0, e.excludedUnknownTokens());
        assertEquals(0, e.excludedOmission());
        assertEquals(1, e.unpairedQuestions(), "q2 has no usable first-position slot");
    }

    @Test
    void adaptiveEffortSaysWhyItExcludedSlots() {
        List<Slot> run = List.of(
                slot("q0", "a0", 1, 1, true, false, false, false, 1000, null, null),
                slot("q0", "o1", 3, 1, true, false, false, false, null, null, null),
                slot("q1", "o2", 3, 1, true, false, false, true, 500, null, null));
        StressAnalysis.AdaptiveEffort e = StressAnalysis.adaptiveEffort(run).get(0);
        assertEquals(0, e.questions());
        assertNull(e.difference());
        assertEquals(1, e.excludedUnknownTokens());
        assertEquals(1, e.excludedOmission());
    }

    @Test
    void overthinkingComparesWrongAndRightWithinTheSameQuestion() {
        // Level 3, usable slots (tokens known, not omitted, output not truncated): q1 wrong 300 / right 600 -> −300;
        // q2 wrong 100 / right 200 -> −100; q0 has only a right one. Mean −200, sd 141.42, se 100, ±1270.62.
        List<StressAnalysis.Overthinking> o = StressAnalysis.overthinking(RUN);
        assertEquals(0, o.get(0).questions(), "level 1: one slot per question");
        assertNull(o.get(0).difference());
        assertEquals(2, o.get(1).questions());
        assertEquals(-200.0, o.get(1).difference());
        assertEquals(-1470.62, o.get(1).ciLow(), 0.01);
        assertEquals(1070.62, o.get(1).ciHigh(), 0.01);
    }

    @Test
    void errorTaxonomyFlagsAndTheLabelAwareReadingPerLevel() {
        StressAnalysis.LevelBreakdown l3 = StressAnalysis.breakdown(RUN).get(1);
        assertEquals(9, l3.slots());
        assertEquals(4L, l3.errorCategories().get("CORRECT"));
        assertEquals(1L, l3.errorCategories().get("OUTPUT_TRUNCATION"));
        assertEquals(1L, l3.errorCategories().get("QUESTION_OMISSION"));
        assertEquals(1L, l3.errorCategories().get("SUMMARY_ERROR"));
        assertEquals(1L, l3.errorCategories().get("REASONING_ERROR"));
        assertEquals(0L, l3.errorCategories().get("ENDLESS_REPETITION"));
        assertEquals(1L, l3.errorCategories().get(StressAnalysis.UNCLASSIFIED));
        assertEquals(List.of("OUTPUT_TRUNCATION", "ENDLESS_REPETITION", "FORMAT_VIOLATION", "QUESTION_OMISSION",
                "SUMMARY_ERROR", "REASONING_ERROR", "CORRECT", "UNCLASSIFIED"), List.copyOf(l3.errorCategories().keySet()));
        // every flag counted by name, including ones no code here knows
        assertEquals(1L, l3.flags().get("reference-grader-differs"));
        assertEquals(1L, l3.flags().get("omitted"));
        assertEquals(1L, l3.flags().get("positional-differs"));
        // positional 4 / 9; the label-aware reading gets o1's q1 right too: 5 / 9
        assertEquals(44.4444, l3.accuracy());
        assertEquals(55.5556, l3.labelAwareAccuracy());
        assertEquals(1, l3.labelAwareChanged());
    }

    @Test
    void positionsComeFromTheSlots() {
        List<StressAnalysis.PositionReport> p = StressAnalysis.positions(RUN);
        StressAnalysis.PositionReport first = p.get(1);
        assertEquals(3, first.level());
        assertEquals(1, first.position());
        assertEquals(100.0, first.accuracy());
        assertEquals(566.6667, first.meanTokens());
        StressAnalysis.PositionReport third = p.get(3);
        assertEquals(33.3333, third.accuracy());
        assertEquals(2, third.tokenSlots(), "o2's q0 has no token count");
    }

    @Test
    void tokenBoxesHaveTukeyWhiskers() {
        // 1, 2, 3, 4, 100: quartiles 2 / 3 / 4, IQR 2, upper fence 4 + 3 = 7 -> 100 is an outlier, whisker at 4.
        TokenBox b = TokenBox.of(3, 1, new double[]{100, 3, 1, 4, 2});
        assertEquals(2.0, b.q1());
        assertEquals(3.0, b.median());
        assertEquals(4.0, b.q3());
        assertEquals(1.0, b.whiskerLow());
        assertEquals(4.0, b.whiskerHigh());
        assertEquals(100.0, b.max());
        assertEquals(1, b.outliers());
        // level 3, position 1 of the run: 400, 600, 700 -> q1 500, median 600, q3 650
        TokenBox first = StressAnalysis.tokenBoxes(RUN).stream().filter(x -> x.level() == 3 && x.position() == 1)
                .findFirst().orElseThrow();
        assertEquals(500.0, first.q1());
        assertEquals(650.0, first.q3());
        assertEquals(0, first.outliers());
    }

    @Test
    void llmExtractionAgreementComesFromTheScorersFlags() {
        List<Slot> run = List.of(
                slot("q0", "o0", 2, 1, true, false, false, false, null, null, "llm-extracted"),
                slot("q1", "o0", 2, 2, true, false, false, false, null, null, "llm-extracted,llm-reading-differs"),
                slot("q2", "o1", 2, 1, false, false, false, false, null, null, "llm-extracted"),
                slot("q3", "o1", 2, 2, false, true, false, false, null, null, "llm-extracted,llm-reading-differs"),
                slot("q4", "o2", 2, 1, true, false, false, false, null, null, "llm-extract-failed"));
        StressAnalysis.LlmExtraction e = StressAnalysis.llmExtraction(run);
        assertEquals(4, e.slots());
        assertEquals(2, e.agree());
        assertEquals(50.0, e.agreement());
        assertEquals(50.0, e.llmAccuracy()); // q0, q1
        assertEquals(50.0, e.ruleAccuracy()); // q0 (same), q3 (the rules were right where the LLM was not)
        assertEquals(1, e.failed());
        assertNull(StressAnalysis.llmExtraction(List.of(slot("q0", "o0", 1, 1, true, false, false, false, null, null, null))));
    }
}
