package dev.stresslab.contracts.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PromptQuestionsTest {

    @Test
    void mathTemplateGivesEachQuestionInOrder() {
        String prompt = "Q1: What is 2+2?\n\nQ2: What is 3+3?\n\nQ3: Name Q4: a trick\n\n\n"
                + "Answer the above questions one by one. Remember to put your final answer within \\boxed{}.";
        List<String> qs = PromptQuestions.questions(prompt);
        assertEquals(3, qs.size());
        assertEquals("What is 2+2?\n\n", qs.get(0));
        assertEquals("What is 3+3?\n\n", qs.get(1));
        assertEquals("Name Q4: a trick\n\n\n", qs.get(2));
    }

    @Test
    void chatTemplateAroundTheQuestionsIsTolerated() {
        String prompt = "<|im_start|>user\nQ1: What is 2+2?\n\n\nAnswer the above questions one by one.<|im_end|>\n"
                + "<|im_start|>assistant\n<think>\n";
        assertEquals(List.of("What is 2+2?\n\n\n"), PromptQuestions.questions(prompt));
    }

    @Test
    void promptWithoutMarkersIsOneQuestion() {
        assertEquals(List.of("What is 2+2?\n"), PromptQuestions.questions("What is 2+2?\nAnswer the above question."));
        assertEquals(List.of("Hello"), PromptQuestions.questions("Hello"));
    }
}
