package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.contracts.AnswerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StressPromptBuilderTest {
    static final String MATH_TAIL = "Answer the above questions one by one. Remember to put your final answer within \\boxed{}.";
    static final String HEAD = "Answer the following multiple choice question one by one. Remember to give each answer in "
            + "the following format: 'ANSWER: \\boxed{{$LETTER}}' (without quotes) where LETTER is one of ABCD.";
    static final String TAIL = "Answer the above multiple choice question one by one. Remember to give each answer in "
            + "the following format: 'ANSWER: \\boxed{{$LETTER}}' (without quotes) where LETTER is one of ABCD.";

    static Benchmark math4() {
        return new Benchmark("toy", AnswerKind.MATH, List.of(
                new Question("toy-0", "What is $1+1$?", "2", AnswerKind.MATH),
                new Question("toy-1", "\nWhat is $2+2$?\n", "4", AnswerKind.MATH),
                new Question("toy-2", "Compute {A} + {B} for A=1, B=2.", "3", AnswerKind.MATH),
                new Question("toy-3", "  What is $4+4$?", "8", AnswerKind.MATH)), List.of(1, 2, 3));
    }

    static List<List<String>> ids(List<StressPrompt> prompts) {
        return prompts.stream().map(p -> p.questions().stream().map(Question::id).toList()).toList();
    }

    @Test
    void groupingPutsTheIndexedQuestionLast() {
        assertArrayEquals(new int[]{0}, StressPromptBuilder.group(4, 1, 0));
        assertArrayEquals(new int[]{0, 3}, StressPromptBuilder.group(4, 2, 3));
        assertArrayEquals(new int[]{3, 0, 2}, StressPromptBuilder.group(4, 3, 2));
        assertArrayEquals(new int[]{1, 2, 3, 4, 0}, StressPromptBuilder.group(5, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> StressPromptBuilder.group(4, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> StressPromptBuilder.group(4, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> StressPromptBuilder.group(4, 2, 4));
    }

    @Test
    void everyQuestionOnceAtEveryPosition() {
        int n = 7;
        for (int s = 1; s <= n; s++) {
            int[][] seen = new int[s][n];
            for (int i = 0; i < n; i++) {
                int[] g = StressPromptBuilder.group(n, s, i);
                for (int pos = 0; pos < s; pos++) {
                    seen[pos][g[pos]]++;
                }
            }
            for (int[] row : seen) {
                assertEquals(n, Arrays.stream(row).filter(c -> c == 1).count());
            }
        }
    }

    @Test
    void mathLevelOneTwoThreeFullText() {
        Benchmark b = math4();
        List<StressPrompt> l1 = StressPromptBuilder.build(b, b.questions(), 1, null);
        assertEquals(List.of(List.of("toy-0"), List.of("toy-1"), List.of("toy-2"), List.of("toy-3")), ids(l1));
        assertEquals("Q1: What is $1+1$?\n\n\n" + MATH_TAIL, l1.get(0).user());
        assertEquals("Q1: \nWhat is $2+2$?\n\n\n\n" + MATH_TAIL, l1.get(1).user());
        assertNull(l1.get(0).system());

        List<StressPrompt> l2 = StressPromptBuilder.build(b, b.questions(), 2, null);
        assertEquals(List.of(List.of("toy-1", "toy-0"), List.of("toy-2", "toy-1"), List.of("toy-3", "toy-2"),
                List.of("toy-0", "toy-3")), ids(l2));
        assertEquals("Q1: What is $1+1$?\n\nQ2:   What is $4+4$?\n\n\n" + MATH_TAIL, l2.get(3).user());

        List<StressPrompt> l3 = StressPromptBuilder.build(b, b.questions(), 3, "detailed thinking on");
        assertEquals(List.of(List.of("toy-1", "toy-2", "toy-0"), List.of("toy-2", "toy-3", "toy-1"),
                List.of("toy-3", "toy-0", "toy-2"), List.of("toy-0", "toy-1", "toy-3")), ids(l3));
        assertEquals("Q1: \nWhat is $2+2$?\n\n\nQ2: Compute {A} + {B} for A=1, B=2.\n\nQ3: What is $1+1$?\n\n\n" + MATH_TAIL,
                l3.get(0).user());
        StressPrompt p = l3.get(2);
        assertEquals("toy", p.benchmark());
        assertEquals(3, p.level());
        assertEquals(2, p.index());
        assertEquals("detailed thinking on", p.system());
        assertEquals(List.of("8", "2", "3"), p.questions().stream().map(Question::gold).toList());
    }

    @Test
    void gpqaRotationAndTemplateFromACsv(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("gpqa.csv");
        StringBuilder text = new StringBuilder(",,,,,,,Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3\n");
        for (int k = 1; k <= 4; k++) {
            text.append(",,,,,,,Q").append(k).append(" with $\\vec{A}$,right").append(k).append(",w").append(k)
                    .append("a,w").append(k).append("b,w").append(k).append("c\n");
        }
        Files.writeString(csv, text);
        Benchmark b = BenchmarkCatalog.load(BenchmarkCatalog.entry("gpqa-diamond").orElseThrow(), csv);
        // k % 4: 1 -> BCDA, 2 -> CDAB, 3 -> DABC, 0 -> ABCD
        assertEquals(List.of("D", "C", "B", "A"), b.questions().stream().map(Question::gold).toList());
        List<String> items = b.questions().stream().map(Question::text).toList();
        assertEquals(List.of(
                "Q1 with $\\vec{A}$\n\nA) w1a\nB) w1b\nC) w1c\nD) right1",
                "Q2 with $\\vec{A}$\n\nA) w2b\nB) w2c\nC) right2\nD) w2a",
                "Q3 with $\\vec{A}$\n\nA) w3c\nB) right3\nC) w3a\nD) w3b",
                "Q4 with $\\vec{A}$\n\nA) right4\nB) w4a\nC) w4b\nD) w4c"), items);

        StressPrompt p = StressPromptBuilder.build(b, b.questions(), 2, null).get(3);
        assertEquals(HEAD + "\n\n"
                + "Q1: Q1 with $\\vec{A}$\n\nA) w1a\nB) w1b\nC) w1c\nD) right1\n\n"
                + "Q2: Q4 with $\\vec{A}$\n\nA) right4\nB) w4a\nC) w4b\nD) w4c\n\n"
                + "\n\n" + TAIL, p.user());
        assertEquals(List.of("D", "A"), p.questions().stream().map(Question::gold).toList());

        String single = StressPromptBuilder.build(b, b.questions(), 1, null).get(0).user();
        assertEquals(HEAD + "\n\nQ1: Q1 with $\\vec{A}$\n\nA) w1a\nB) w1b\nC) w1c\nD) right1\n\n\n\n" + TAIL, single);
    }

    @Test
    void levelAboveQuestionCountIsRejected() {
        Benchmark b = math4();
        assertThrows(IllegalArgumentException.class, () -> StressPromptBuilder.build(b, b.questions(), 5, null));
    }

    static List<String> itemKeys(StressPlan plan) {
        List<String> out = new ArrayList<>();
        for (StressPlan.Item it : plan.items()) {
            out.add(it.level() + "/" + it.index() + "/" + it.sample());
        }
        return out;
    }

    @Test
    void planEnumeratesLevelIndexSample() {
        StressPlan plan = StressPlan.of(math4(), QuestionSubset.first(3), List.of(3, 1), 2, null);
        assertEquals(12, plan.size());
        assertEquals(List.of("3/0/0", "3/0/1", "3/1/0", "3/1/1", "3/2/0", "3/2/1",
                "1/0/0", "1/0/1", "1/1/0", "1/1/1", "1/2/0", "1/2/1"), itemKeys(plan));
        StressPlan.Item first = plan.items().get(0);
        // grouping runs over the 3 selected questions only
        assertEquals(List.of("toy-1", "toy-2", "toy-0"), first.prompt().questions().stream().map(Question::id).toList());
        assertEquals(plan.items().get(0).prompt(), plan.items().get(1).prompt());
    }

    @Test
    void planDefaultsToTheBenchmarksLevelsThatFit() {
        StressPlan plan = StressPlan.of(math4(), QuestionSubset.first(2), null, 1, null);
        assertEquals(List.of(1, 2), plan.levels());
        assertThrows(IllegalArgumentException.class, () -> StressPlan.of(math4(), QuestionSubset.first(2), List.of(3), 1, null));
        assertThrows(IllegalArgumentException.class, () -> StressPlan.of(math4(), QuestionSubset.all(), List.of(1), 0, null));
    }

    @Test
    void subsetsByIdKeepTheGivenOrder() {
        List<Question> qs = QuestionSubset.ids(List.of("toy-3", "toy-1", "toy-3")).select(math4());
        assertEquals(List.of("toy-3", "toy-1"), qs.stream().map(Question::id).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuestionSubset.ids(List.of("toy-9")).select(math4()));
        assertEquals("unknown question ids in toy: [toy-9]", e.getMessage());
        assertEquals(4, QuestionSubset.first(10).select(math4()).size());
        assertThrows(IllegalArgumentException.class, () -> QuestionSubset.first(0));
    }

    @Test
    void systemPromptPerModel() {
        SystemPromptPolicy rest = SystemPromptPolicy.restDefaults();
        assertEquals("detailed thinking on", rest.systemFor("nvidia/Llama-3.1-Nemotron-Nano-8B-v1", "aime2024"));
        assertEquals("detailed thinking on", rest.systemFor("nemotron-nano", "amc23"));
        assertNull(rest.systemFor("nemotron-nano", "math500"));
        assertNull(rest.systemFor("deepseek-r1", "aime2024"));
        SystemPromptPolicy custom = rest.withModel("my-model", "Be brief.").withModel("nemotron-nano", null);
        assertEquals("Be brief.", custom.systemFor("my-model", "gsm8k"));
        assertNull(custom.systemFor("nemotron-nano", "aime2025"));
        assertNull(SystemPromptPolicy.none().systemFor("nemotron-nano", "aime2025"));
    }
}
