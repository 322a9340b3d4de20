package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSummaryTest {
    static ModelSummary.RunInfo run(String id, String settings, boolean complete, int minute) {
        return new ModelSummary.RunInfo(id, "m1", "gsm8k", List.of(1, 3), 10, settings, complete,
                Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * minute));
    }

    @Test
    void comparableCompleteRunsAreAveragedNotPooled() {
        // r1: Single 9/10 = 90, L3 21/30 = 70 -> Stress 70. r2: Single 7/10 = 70, L3 15/30 = 50 -> Stress 50.
        // Mean: Single 80, Stress 60, drop 20; retention mean(70/90, 50/70) = mean(77.78, 71.43) = 74.60;
        // Stress sd = √((10² + 10²) / 1) = 14.14. r3 is still running (left out); r4 ran other settings earlier.
        List<ModelSummary.Group> groups = ModelSummary.groups(List.of(run("r1", "k", true, 2), run("r2", "k", true, 3),
                run("r3", "k", false, 4), run("r4", "k2", true, 1)));
        assertEquals(2, groups.size());
        ModelSummary.Table t = ModelSummary.table(groups, Map.of(
                "r1", List.of(new ModelSummary.LevelCount("r1", 1, 10, 10, 9, 0, 0), new ModelSummary.LevelCount("r1", 3, 10, 30, 21, 3, 2)),
                "r2", List.of(new ModelSummary.LevelCount("r2", 1, 10, 10, 7, 0, 0), new ModelSummary.LevelCount("r2", 3, 10, 30, 15, 0, 1)),
                "r4", List.of(new ModelSummary.LevelCount("r4", 1, 10, 10, 10, 0, 0))), null);
        ModelSummary.Row row = t.rows().get(0);
        assertEquals("k", row.settingsKey());
        assertTrue(row.current(), "the group with the newest run is the current one");
        assertEquals(List.of("r2", "r1"), row.runIds());
        assertEquals(80.0, row.single().value());
        assertEquals(60.0, row.stress().value());
        assertEquals(20.0, row.drop().value());
        assertEquals(74.6, row.retention().value());
        assertNull(row.stress().ciLow(), "point values only without slots");
        assertEquals(14.14, row.spread().stressSd());
        assertEquals(50.0, row.spread().stressMin());
        ModelSummary.Cell l3 = row.levels().get(1);
        assertEquals(60.0, l3.accuracy(), "mean of 70 and 50; pooling would give the same here, but not with unequal runs");
        assertEquals(20.0, l3.dropFromLevel1());
        assertEquals(5.0, l3.omissionRate());
        assertEquals(15.0, l3.truncationRate(), "3 of the 20 level-3 prompts hit the token limit");
        assertEquals(0.0, row.levels().get(0).truncationRate());
        ModelSummary.Row older = t.rows().get(1);
        assertFalse(older.current());
        assertNull(older.stress(), "no stressed level");
        assertEquals(1, t.meanOverBenchmarks().size());
        assertEquals(60.0, t.meanOverBenchmarks().get(0).stress());
    }

    @Test
    void unequalRunsAreAveragedPerRun() {
        // r1: 9 of 10 at level 1; r2: 1 of 2 -> mean 70 %, where pooling would give 10 / 12 = 83.33 %.
        List<ModelSummary.Group> groups = ModelSummary.groups(List.of(run("r1", null, true, 1), run("r2", null, true, 2)));
        ModelSummary.Table t = ModelSummary.table(groups, Map.of(
                "r1", List.of(new ModelSummary.LevelCount("r1", 1, 10, 10, 9, 0, 0)),
                "r2", List.of(new ModelSummary.LevelCount("r2", 1, 2, 2, 1, 0, 0))), null);
        assertEquals(70.0, t.rows().get(0).single().value());
    }
}
