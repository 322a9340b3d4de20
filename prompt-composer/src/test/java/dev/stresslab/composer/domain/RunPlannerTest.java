package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.RunSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunPlannerTest {
    private final Benchmark bench = new Benchmark("gsm8k", AnswerKind.MATH, List.of(
            new Question("q0", "a?", "1", AnswerKind.MATH), new Question("q1", "b?", "2", AnswerKind.MATH),
            new Question("q2", "c?", "3", AnswerKind.MATH)), List.of(1, 3, 6));
    /** q1 is the easiest, q0 the hardest; q2 in between. */
    private final QuestionDifficulty difficulty = new QuestionDifficulty("run-ref", Map.of("q0", 0.1, "q1", 0.9, "q2", 0.5));

    private static RunOptions options(List<Integer> levels, Integer limit, Integer samples) {
        return new RunOptions("m", levels, limit, null, samples, null, null, null, null);
    }

    private static RunOptions ordered(String order, String from) {
        return new RunOptions("m", List.of(3), null, null, 1, null, null, order, from);
    }

    private StressPlan plan(RunOptions options) {
        return RunPlanner.plan(options, bench, SystemPromptPolicy.none(), 1000, difficulty);
    }

    private static String message(Runnable r) {
        return assertThrows(InvalidRunException.class, r::run).getMessage();
    }

    @Test
    void expandsLevelsPromptsAndSamplesWithDeterministicIds() {
        StressPlan plan = RunPlanner.plan(new RunOptions("m", null, null, null, 2, "be brief", null, null, null),
                bench, SystemPromptPolicy.none(), 1000, null);
        ComposedRun run = ComposedRun.of("run-1", "m", plan, null);
        assertEquals(List.of(1, 3), plan.levels(), "default levels that fit 3 questions");
        assertEquals((3 + 3) * 2, run.prompts().size());
        PromptEvent p = run.prompts().get(7); // level 3, index 0, sample 1
        assertEquals("run-1/gsm8k/L3/G0/S1", p.promptId());
        assertEquals(List.of("q1", "q2", "q0"), p.questionIds());
        assertEquals(List.of("2", "3", "1"), p.goldAnswers());
        assertEquals("system", p.messages().get(0).role());
        assertEquals("be brief", p.messages().get(0).content());
        assertEquals(0.6, p.generation().temperature());
        assertNull(p.subjects(), "gsm8k has no subjects");
        assertNull(p.difficultyLevels());
    }

    @Test
    void eachPromptCarriesItsQuestionsSubjectsAndLevelsInPromptOrder() {
        Benchmark math = new Benchmark("math500", AnswerKind.MATH, List.of(
                new Question("m0", "a?", "1", AnswerKind.MATH, "Algebra", 1),
                new Question("m1", "b?", "2", AnswerKind.MATH, "Geometry", 5),
                new Question("m2", "c?", "3", AnswerKind.MATH, null, 3)), List.of(1, 3));
        StressPlan plan = RunPlanner.plan(options(List.of(3), null, 1), math, SystemPromptPolicy.none(), 1000, null);
        PromptEvent p = ComposedRun.of("r", "m", plan, null).prompts().get(0);
        assertEquals(List.of("m1", "m2", "m0"), p.questionIds());
        assertEquals(java.util.Arrays.asList("Geometry", null, "Algebra"), p.subjects());
        assertEquals(List.of(5, 3, 1), p.difficultyLevels());
    }

    @Test
    void refusesWhatCannotBeComposedNamingTheOption() {
        assertTrue(message(() -> plan(options(List.of(4), null, 1))).contains("larger than the 3 questions"));
        assertEquals("limit", assertThrows(InvalidRunException.class, () -> plan(options(List.of(1), 4, 1))).field());
        assertEquals("samples", assertThrows(InvalidRunException.class, () -> plan(options(List.of(1), null, 0))).field());
        assertEquals("levels", assertThrows(InvalidRunException.class, () -> plan(options(List.of(0), null, 1))).field());
        assertTrue(message(() -> RunPlanner.plan(options(List.of(1, 3), null, 1), bench, SystemPromptPolicy.none(), 5, null))
                .contains("more than the limit of 5"));
        assertTrue(message(() -> plan(new RunOptions("m", List.of(1), null, List.of("q9"), 1, null, null, null, null))).contains("q9"));
        assertTrue(message(() -> plan(new RunOptions("m", List.of(1), 2, List.of("q0"), 1, null, null, null, null)))
                .contains("either limit or questionIds"));
        assertTrue(message(() -> plan(ordered("sideways", null))).contains("dataset, easy-first, hard-first"));
        assertEquals("difficultyFrom", assertThrows(InvalidRunException.class, () -> plan(ordered("easy-first", null))).field());
        assertEquals("difficultyFrom", assertThrows(InvalidRunException.class, () -> plan(ordered("dataset", "run-ref"))).field());
    }

    @Test
    void theRunsOwnSystemPromptWinsOverTheRulesAndEmptyMeansNone() {
        SystemPromptPolicy rules = SystemPromptPolicy.restDefaults().withModel("m", "model rule").withDefault("fallback");
        assertEquals("model rule", RunPlanner.plan(options(List.of(1), null, 1), bench, rules, 1000, null).system());
        assertEquals("fallback", RunPlanner.plan(new RunOptions("other", List.of(1), null, null, 1, null, null, null, null),
                bench, rules, 1000, null).system());
        assertEquals("asked for", RunPlanner.plan(new RunOptions("m", List.of(1), null, null, 1, "asked for", null, null, null),
                bench, rules, 1000, null).system());
        StressPlan none = RunPlanner.plan(new RunOptions("m", List.of(1), null, null, 1, "", null, null, null), bench, rules, 1000, null);
        assertNull(none.system());
        assertEquals("user", ComposedRun.of("r", "m", none, null).prompts().get(0).messages().get(0).role());
    }

    @Test
    void easyFirstAndHardFirstReorderEachPromptsOwnQuestionsKeepingIds() {
        // REST's prompt 0 of level 3 holds q1, q2, q0; prompt 1 holds q2, q0, q1
        StressPlan easy = plan(ordered("easy-first", "run-ref"));
        StressPlan hard = plan(ordered("hard-first", "run-ref"));
        StressPlan rest = plan(ordered(null, null));
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("q1", "q2", "q0"), ids(easy.prompts().get(i)));
            assertEquals(List.of("q0", "q2", "q1"), ids(hard.prompts().get(i)));
        }
        assertEquals(List.of("q2", "q0", "q1"), ids(rest.prompts().get(1)));
        assertEquals("Q1: a?\n\nQ2: c?\n\nQ3: b?\n\n\nAnswer the above questions one by one. Remember to put your final answer within \\boxed{}.",
                hard.prompts().get(0).user());
        // ids stay the plan's (level, index, sample): the same whatever the order
        List<String> easyIds = ComposedRun.of("r", "m", easy, null).prompts().stream().map(PromptEvent::promptId).toList();
        List<String> restIds = ComposedRun.of("r", "m", rest, null).prompts().stream().map(PromptEvent::promptId).toList();
        assertEquals(restIds, easyIds);
    }

    @Test
    void equalAccuracyKeepsRestsCyclicOrderAndMissingQuestionsAreRefused() {
        QuestionDifficulty ties = new QuestionDifficulty("run-ref", Map.of("q0", 0.5, "q1", 0.5, "q2", 1.0));
        StressPlan easy = RunPlanner.plan(ordered("easy-first", "run-ref"), bench, SystemPromptPolicy.none(), 1000, ties);
        assertEquals(List.of("q2", "q1", "q0"), ids(easy.prompts().get(0)), "q1 before q0 as in REST's prompt 0");
        assertEquals(List.of("q2", "q0", "q1"), ids(easy.prompts().get(1)), "q0 before q1 as in REST's prompt 1");
        QuestionDifficulty partial = new QuestionDifficulty("run-ref", Map.of("q0", 0.5));
        String m = message(() -> RunPlanner.plan(ordered("hard-first", "run-ref"), bench, SystemPromptPolicy.none(), 1000, partial));
        assertTrue(m.contains("no scored result for 2 of the run's questions (q1, q2)"), m);
    }

    @Test
    void aRecordedSpecPlansTheSamePromptsWithoutRulesOrAnalytics() {
        RunOptions asked = new RunOptions("nemotron-x", List.of(3), 3, null, 2, null, null, "hard-first", "run-ref");
        SystemPromptPolicy rules = SystemPromptPolicy.none().withDefault("from config");
        StressPlan first = RunPlanner.plan(asked, bench, rules, 1000, difficulty);
        RunSpec spec = asked.toSpec("gsm8k", first);
        assertEquals("hard-first", spec.questionOrder());
        assertEquals(Map.of("q0", 0.1, "q1", 0.9, "q2", 0.5), spec.questionAccuracy());
        StressPlan again = RunPlanner.plan(RunOptions.replanning(spec), bench, SystemPromptPolicy.none(), 1000,
                RunOptions.recordedDifficulty(spec));
        assertEquals(ComposedRun.of("r", "m", first, null).prompts(), ComposedRun.of("r", "m", again, null).prompts());

        StressPlan noSystem = RunPlanner.plan(options(List.of(1), null, 1), bench, SystemPromptPolicy.none(), 1000, null);
        RunSpec plain = options(List.of(1), null, 1).toSpec("gsm8k", noSystem);
        assertEquals("dataset", plain.questionOrder());
        assertNull(RunPlanner.plan(RunOptions.replanning(plain), bench, rules, 1000, null).system(),
                "a run recorded without a system prompt gets none, whatever the rules say now");
    }

    private static List<String> ids(StressPrompt p) {
        return p.questions().stream().map(Question::id).toList();
    }
}
