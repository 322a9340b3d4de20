package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReportCalculatorTest {

    @Test
    void accuracyIsCorrectOverSlotsAndTheDropIsMeasuredFromLevelOne() {
        // Level 1: 10 prompts, 9 of 10 slots right. Level 3: 10 prompts (1 failed), 21 of 30 slots right.
        RunReport r = ReportCalculator.report("run", "m", "gsm8k", 20, List.of(1, 3), 10, List.of(
                new LevelTally(1, 10, 0, 0, 10, 9, 0),
                new LevelTally(3, 10, 1, 2, 30, 21, 4)));
        assertEquals("COMPLETE", r.status());
        assertEquals(20, r.completed());
        assertEquals(19, r.scored());
        assertEquals(1, r.failed());
        assertEquals(90.0, r.levels().get(0).accuracy());
        assertNull(r.levels().get(0).dropFromLevel1());
        assertEquals(70.0, r.levels().get(1).accuracy());
        assertEquals(20.0, r.levels().get(1).dropFromLevel1());
        assertEquals(2, r.levels().get(1).truncatedPrompts());
    }

    @Test
    void aRunWithPromptsStillOutstandingIsRunning() {
        RunReport r = ReportCalculator.report("run", "m", "gsm8k", 20, List.of(1, 3), 10,
                List.of(new LevelTally(1, 10, 0, 0, 10, 9, 0)));
        assertEquals("RUNNING", r.status());
        assertEquals(0, r.levels().get(1).prompts());
    }

    @Test
    void omissionTruncationTokensAndCostByHand() {
        // Level 1: 10 prompts, 500 prompt + 10,000 completion tokens (8,000 reasoning) reported by all 10.
        // Level 3: 10 prompts, 2 truncated (20 %), 30 slots, 4 omitted (13.33 %); usage reported by 8 prompts:
        // 1,000 prompt + 50,000 completion (40,000 reasoning) -> 6,250 completion tokens a prompt.
        // Price 0.55 / 2.19 per 1M: L1 (500·0.55 + 10,000·2.19)/1e6 = 0.022175; L3 (550 + 109,500)/1e6 = 0.11005;
        // run (825 + 131,400)/1e6 = 0.132225.
        RunReport r = ReportCalculator.report("run", "m", "gsm8k", 20, List.of(1, 3), 10, List.of(
                new LevelTally(1, 10, 0, 0, 10, 9, 0, 500, 10_000, 8_000, 10),
                new LevelTally(3, 10, 1, 2, 30, 21, 4, 1_000, 50_000, 40_000, 8)), new Price(0.55, 2.19));
        RunReport.LevelReport l1 = r.levels().get(0);
        RunReport.LevelReport l3 = r.levels().get(1);
        assertEquals(0.0, l1.omissionRate());
        assertEquals(0.0, l1.truncationRate());
        assertEquals(13.33, l3.omissionRate());
        assertEquals(20.0, l3.truncationRate());
        assertEquals(1000.0, l1.meanCompletionTokens());
        assertEquals(6250.0, l3.meanCompletionTokens());
        assertEquals(0.022175, l1.cost(), 1e-9);
        assertEquals(0.11005, l3.cost(), 1e-9);
        assertEquals(1500, r.usage().promptTokens());
        assertEquals(60_000, r.usage().completionTokens());
        assertEquals(48_000, r.usage().reasoningTokens());
        assertEquals(18, r.usage().usagePrompts());
        assertEquals(0.132225, r.usage().cost(), 1e-9);
        assertEquals(2.19, r.usage().priceCompletionPerMillion());
    }

    @Test
    void withoutAPriceOrDataTheRatesAndCostsAreNull() {
        RunReport r = ReportCalculator.report("run", "m", "gsm8k", 20, List.of(1, 3), 10,
                List.of(new LevelTally(1, 10, 0, 0, 10, 9, 0)));
        assertNull(r.usage().cost());
        assertNull(r.levels().get(0).cost());
        assertNull(r.levels().get(0).meanCompletionTokens(), "no prompt reported usage");
        assertNull(r.levels().get(1).omissionRate(), "no slots at level 3 yet");
        assertNull(r.levels().get(1).truncationRate());
    }
}
