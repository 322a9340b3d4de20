package dev.stresslab.simulator.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractorAnswersTest {
    /** REST's prompt shape: the few-shot example first, then the task (the last blocks are read). */
    private static String prompt(String questions, String prediction) {
        return "Here is an example:\n<Questions Begin>:\nQ1: example?\nQ2: example?\n<Questions End>\n\n"
                + "<Predictions Begin>: \n**ANSWER: B**\n<Predictions End>\n\n<Extraction Begin>:\n"
                + "Answer to Q1: \\boxed{{B}}\n<Extraction End>\n\nHere is your task.\n\n"
                + "<Questions Begin>: \n" + questions + "\n<Questions End>\n\n\n"
                + "<Predictions Begin>: \n" + prediction + "\n<Predictions End>\n\n\n\nExtract the final answers.";
    }

    @Test
    void readsLabelledAnswersAndSaysNoneForAMissingOne() {
        String p = prompt("Q1: a?\n\nA) x\n\nQ2: b?\n\nQ3: c?\n\n",
                "Answer to Q2: ANSWER: \\boxed{C}\nAnswer to Q1: I think ANSWER: A, no, ANSWER: \\boxed{D}");
        assertTrue(ExtractorAnswers.isExtractionPrompt(p));
        assertEquals("Answer to Q1: \\boxed{D}\nAnswer to Q2: \\boxed{C}\nAnswer to Q3: \\boxed{None}",
                ExtractorAnswers.reply(p));
    }

    @Test
    void withoutLabelsAnswersAreTakenInOrder() {
        String p = prompt("Q1: a?\n\nQ2: b?\n\n", "First \\boxed{b}. Then ANSWER: (A)");
        assertEquals("Answer to Q1: \\boxed{B}\nAnswer to Q2: \\boxed{A}", ExtractorAnswers.reply(p));
    }

    @Test
    void anOrdinaryPromptIsNotAnExtractionPrompt() {
        assertFalse(ExtractorAnswers.isExtractionPrompt("Q1: what is 2+2?"));
    }
}
