package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ModelSummaryTest {

    @Test
    void rowsAreModelsAndColumnsAreLevelsPooledOverRuns() {
        // m1/gsm8k: L1 90 of 100 (2 runs), L3 240 of 300 -> 80 %, drop 10 points, 15 omitted -> 5 %.
        // m2/gsm8k: only L3, 150 of 300 -> 50 %, no drop without level 1.
        ModelSummary.Table t = ModelSummary.table(List.of(
                new ModelSummary.Tally("m2", "gsm8k", 3, 1, 100, 300, 150, 0),
                new ModelSummary.Tally("m1", "gsm8k", 3, 2, 100, 300, 240, 15),
                new ModelSummary.Tally("m1", "gsm8k", 1, 2, 100, 100, 90, 0)));
        assertEquals(List.of(1, 3), t.levels());
        assertEquals("m1", t.rows().get(0).modelId());
        assertEquals(2, t.rows().get(0).runs());
        ModelSummary.Cell l1 = t.rows().get(0).levels().get(0);
        ModelSummary.Cell l3 = t.rows().get(0).levels().get(1);
        assertEquals(90.0, l1.accuracy());
        assertNull(l1.dropFromLevel1());
        assertEquals(80.0, l3.accuracy());
        assertEquals(10.0, l3.dropFromLevel1());
        assertEquals(5.0, l3.omissionRate());
        assertEquals(50.0, t.rows().get(1).levels().get(0).accuracy());
        assertNull(t.rows().get(1).levels().get(0).dropFromLevel1());
    }
}
