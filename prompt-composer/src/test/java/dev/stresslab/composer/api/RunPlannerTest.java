package dev.stresslab.composer.api;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.PromptEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunPlannerTest {
    private final Benchmark bench = new Benchmark("gsm8k", AnswerKind.MATH, List.of(
            new Question("q0", "a?", "1", AnswerKind.MATH), new Question("q1", "b?", "2", AnswerKind.MATH),
            new Question("q2", "c?", "3", AnswerKind.MATH)), List.of(1, 3, 6));

    private static RunRequest request(List<Integer> levels, Integer limit, Integer samples) {
        return new RunRequest("gsm8k", "m", levels, limit, null, samples, null, null);
    }

    @Test
    void expandsLevelsPromptsAndSamplesWithDeterministicIds() {
        RunPlanner.Plan plan = RunPlanner.plan("run-1", request(null, null, 2), bench, "be brief", 1000);
        assertEquals(List.of(1, 3), plan.levels(), "default levels that fit 3 questions");
        assertEquals((3 + 3) * 2, plan.prompts().size());
        PromptEvent p = plan.prompts().get(7); // level 3, index 0, sample 1
        assertEquals("run-1/gsm8k/L3/G0/S1", p.promptId());
        assertEquals(List.of("q1", "q2", "q0"), p.questionIds());
        assertEquals(List.of("2", "3", "1"), p.goldAnswers());
        assertEquals("system", p.messages().get(0).role());
        assertEquals(0.6, p.generation().temperature());
    }

    @Test
    void refusesWhatCannotBeComposed() {
        assertTrue(assertThrows(BadRunRequestException.class, () -> RunPlanner.plan("r", request(List.of(4), null, 1), bench, null, 1000))
                .getMessage().contains("larger than the 3 questions"));
        assertThrows(BadRunRequestException.class, () -> RunPlanner.plan("r", request(List.of(1), 4, 1), bench, null, 1000));
        assertThrows(BadRunRequestException.class, () -> RunPlanner.plan("r", request(List.of(1), null, 0), bench, null, 1000));
        assertTrue(assertThrows(BadRunRequestException.class, () -> RunPlanner.plan("r", request(List.of(1, 3), null, 1), bench, null, 5))
                .getMessage().contains("more than the limit of 5"));
        assertTrue(assertThrows(BadRunRequestException.class, () -> RunPlanner.plan("r",
                new RunRequest("gsm8k", "m", List.of(1), null, List.of("q9"), 1, null, null), bench, null, 100))
                .getMessage().contains("q9"));
    }
}
