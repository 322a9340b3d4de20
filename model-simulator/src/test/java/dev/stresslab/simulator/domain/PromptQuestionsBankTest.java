package dev.stresslab.simulator.domain;

import dev.stresslab.benchmarks.Question;
import dev.stresslab.contracts.text.PromptQuestions;
import dev.stresslab.simulator.RestPrompts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The simulator finds each question of a real REST prompt in its bank through {@link PromptQuestions}. */
class PromptQuestionsBankTest {

    @Test
    void everyBenchmarkPromptResolvesToItsQuestions() {
        for (String name : List.of("gsm8k", "math500", "aime2024", "aime2025", "amc23", "gpqa-diamond")) {
            var b = RestPrompts.benchmark(name);
            QuestionBank bank = QuestionBank.of(b.questions().stream()
                    .map(q -> new KnownQuestion(name, q.id(), q.text(), q.gold(), q.kind())).toList());
            for (int i = 0; i < b.size(); i += Math.max(1, b.size() / 25)) {
                List<Question> group = RestPrompts.group(b.questions(), 5, i);
                String prompt = name.equals("gpqa-diamond") ? RestPrompts.choice(group) : RestPrompts.math(group);
                List<String> parsed = PromptQuestions.questions(prompt);
                assertEquals(5, parsed.size(), name + " prompt " + i);
                for (int j = 0; j < 5; j++) {
                    assertEquals(group.get(j).gold(), bank.find(parsed.get(j)).orElseThrow().gold(), name + " " + i + " Q" + (j + 1));
                }
            }
        }
    }

    @Test
    void chatTemplateAroundTheQuestionsIsTolerated() {
        String prompt = "<|im_start|>user\nQ1: What is 2+2?\n\n\nAnswer the above questions one by one.<|im_end|>\n"
                + "<|im_start|>assistant\n<think>\n";
        assertEquals(List.of("What is 2+2?\n\n\n"), PromptQuestions.questions(prompt));
        QuestionBank bank = QuestionBank.of(List.of(new KnownQuestion("t", "t-0", "What is 2+2?", "4", dev.stresslab.contracts.AnswerKind.MATH)));
        assertEquals("4", bank.find("What is 2+2? <|im_end|>").orElseThrow().gold());
    }
}
