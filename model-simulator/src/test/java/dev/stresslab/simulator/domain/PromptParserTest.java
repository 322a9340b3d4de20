package dev.stresslab.simulator.domain;

import dev.stresslab.benchmarks.Question;
import dev.stresslab.simulator.RestPrompts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PromptParserTest {

    @Test
    void mathTemplateGivesEachQuestionInOrder() {
        String prompt = "Q1: What is 2+2?\n\nQ2: What is 3+3?\n\nQ3: Name Q4: a trick\n\n\n"
                + "Answer the above questions one by one. Remember to put your final answer within \\boxed{}.";
        List<String> qs = PromptParser.questions(prompt);
        assertEquals(3, qs.size());
        assertEquals("What is 2+2?\n\n", qs.get(0));
        assertEquals("What is 3+3?\n\n", qs.get(1));
        assertEquals("Name Q4: a trick\n\n\n", qs.get(2));
    }

    @Test
    void everyBenchmarkPromptResolvesToItsQuestions() {
        for (String name : List.of("gsm8k", "math500", "aime2024", "aime2025", "amc23", "gpqa-diamond")) {
            var b = RestPrompts.benchmark(name);
            QuestionBank bank = QuestionBank.of(b.questions().stream()
                    .map(q -> new KnownQuestion(name, q.id(), q.text(), q.gold(), q.kind())).toList());
            for (int i = 0; i < b.size(); i += Math.max(1, b.size() / 25)) {
                List<Question> group = RestPrompts.group(b.questions(), 5, i);
                String prompt = name.equals("gpqa-diamond") ? RestPrompts.choice(group) : RestPrompts.math(group);
                List<String> parsed = PromptParser.questions(prompt);
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
        assertEquals(List.of("What is 2+2?\n\n\n"), PromptParser.questions(prompt));
        QuestionBank bank = QuestionBank.of(List.of(new KnownQuestion("t", "t-0", "What is 2+2?", "4", dev.stresslab.contracts.AnswerKind.MATH)));
        assertEquals("4", bank.find("What is 2+2? <|im_end|>").orElseThrow().gold());
    }

    @Test
    void promptWithoutMarkersIsOneQuestion() {
        assertEquals(List.of("What is 2+2?\n"), PromptParser.questions("What is 2+2?\nAnswer the above question."));
        assertEquals(List.of("Hello"), PromptParser.questions("Hello"));
    }
}
