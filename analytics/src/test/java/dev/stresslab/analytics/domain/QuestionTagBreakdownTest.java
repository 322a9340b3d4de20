package dev.stresslab.analytics.domain;

import dev.stresslab.analytics.domain.QuestionTagBreakdown.Group;
import dev.stresslab.analytics.domain.QuestionTagBreakdown.QuestionTags;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QuestionTagBreakdownTest {
    /** q0 Algebra level 1, q1 Algebra level 5, q2 Geometry level 5, q3 untagged. */
    private static final Map<String, QuestionTags> TAGS = Map.of("q0", new QuestionTags("Algebra", 1),
            "q1", new QuestionTags("Algebra", 5), "q2", new QuestionTags("Geometry", 5));
    /** Level 1: q0 right, q1 right, q2 wrong, q3 right. Level 3: output b = q1 wrong, q2 wrong, q0 right; c = q2 right, q0 right, q1 wrong. */
    private static final List<Slot> RUN = List.of(Slot.of("q0", "a0", 1, 1, 0, true), Slot.of("q1", "a1", 1, 1, 0, true),
            Slot.of("q2", "a2", 1, 1, 0, false), Slot.of("q3", "a3", 1, 1, 0, true),
            Slot.of("q1", "b", 3, 1, 0, false), Slot.of("q2", "b", 3, 2, 0, false), Slot.of("q0", "b", 3, 3, 0, true),
            Slot.of("q2", "c", 3, 1, 0, true), Slot.of("q0", "c", 3, 2, 0, true), Slot.of("q1", "c", 3, 3, 0, false));

    @Test
    void accuracyBySubjectPerStressLevelWithClusteredIntervals() {
        QuestionTagBreakdown b = QuestionTagBreakdown.of(RUN, TAGS);
        assertEquals(1, b.untaggedSlots(), "q3's slot");
        assertEquals(List.of("Algebra", "Geometry"), b.subjects().stream().map(Group::tag).toList());
        Group algebra = b.subjects().get(0);
        assertEquals(2, algebra.questions());
        // level 1: q0, q1 both right -> 100 %, no variation: the interval is the point
        assertEquals(100.0, algebra.levels().get(0).accuracy().value());
        assertEquals(100.0, algebra.levels().get(0).accuracy().ciLow());
        // level 3: q0 right twice, q1 wrong twice -> 2 / 4 = 50 %; ψ = ±1/8. Questions: ±0.25 -> V_q = 2 · 0.125 = 0.25;
        // outputs b and c each hold one right and one wrong Algebra slot -> V_o = 0; V_slot = 4/3 · 4/64 = 1/12.
        // V = 1/6 -> se 40.82 points; G = 2 -> t(0.975, 1) = 12.71: the interval covers [0, 100] after the cut.
        QuestionTagBreakdown.LevelAccuracy l3 = algebra.levels().get(1);
        assertEquals(3, l3.level());
        assertEquals(4, l3.slots());
        assertEquals(2, l3.correct());
        assertEquals(50.0, l3.accuracy().value());
        assertEquals(40.82, l3.accuracy().standardError());
        assertEquals(0.0, l3.accuracy().ciLow());
        assertEquals(100.0, l3.accuracy().ciHigh());
        assertEquals(l3.accuracy(), algebra.stress(), "Stress = the mean over the levels above 1, here only 3");
        Group geometry = b.subjects().get(1);
        assertEquals(0.0, geometry.levels().get(0).accuracy().value());
        // level 3: q2 wrong in b, right in c -> 50 %; one question (V_q = 0), outputs ±0.25 -> V_o = 0.25 = V_slot, so
        // V = 0 and the largest one-way term is used: se 50
        assertEquals(50.0, geometry.levels().get(1).accuracy().value());
        assertEquals(50.0, geometry.levels().get(1).accuracy().standardError());
    }

    @Test
    void accuracyByDifficultyLevelInNumericOrder() {
        QuestionTagBreakdown b = QuestionTagBreakdown.of(RUN, TAGS);
        assertEquals(List.of("1", "5"), b.difficultyLevels().stream().map(Group::tag).toList());
        Group hard = b.difficultyLevels().get(1);
        assertEquals(2, hard.questions());
        // level 1: q1 right, q2 wrong -> 50 %, ψ = ±1/4 in separate questions and outputs: V = 2 · 1/8 -> se 50
        assertEquals(50.0, hard.levels().get(0).accuracy().value());
        assertEquals(50.0, hard.levels().get(0).accuracy().standardError());
        // level 3: 1 / 4 = 25 %; ψ = +3/16 (right), −1/16 (wrong). Questions: q1 −1/8, q2 +1/8 -> V_q = 2 · 2/64 = 1/16;
        // outputs b −1/8, c +1/8 -> V_o = 1/16; V_slot = 4/3 · (9 + 3) / 256 = 1/16 -> V = 1/16, se 25 points
        assertEquals(25.0, hard.levels().get(1).accuracy().value());
        assertEquals(25.0, hard.levels().get(1).accuracy().standardError());
        assertEquals(100.0, b.difficultyLevels().get(0).stress().value(), "q0 right in both level-3 outputs");
    }

    @Test
    void nothingWhereTheBenchmarkHasNoTags() {
        assertNull(QuestionTagBreakdown.of(RUN, Map.of()));
        assertNull(QuestionTagBreakdown.of(RUN, Map.of("q0", new QuestionTags(null, null))));
        QuestionTagBreakdown levelsOnly = QuestionTagBreakdown.of(RUN, Map.of("q0", new QuestionTags(null, 2)));
        assertEquals(List.of(), levelsOnly.subjects());
        assertEquals(7, levelsOnly.untaggedSlots());
    }
}
