package dev.stresslab.analytics.service;

import dev.stresslab.contracts.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PromptViewerQuestionTextTest {
    private static final List<ChatMessage> PROMPT = List.of(ChatMessage.system("Be brief."),
            new ChatMessage("user", "Q1: What is 2+2?\n\nQ2: What is 3+3?\n\n\nAnswer the above questions one by one."));

    @Test
    void theLastUserMessageSplitsIntoOneTextPerPosition() {
        assertEquals(List.of("What is 2+2?\n\n", "What is 3+3?\n\n\n"), PromptViewerService.questionTexts(PROMPT, 2));
    }

    @Test
    void noTextIsGuessedWhenTheSplitDoesNotMatchThePositions() {
        assertEquals(List.of(), PromptViewerService.questionTexts(PROMPT, 3), "a template the split does not know");
        assertEquals(List.of(), PromptViewerService.questionTexts(null, 2), "prompt text not stored");
        assertEquals(List.of(), PromptViewerService.questionTexts(List.of(ChatMessage.system("x")), 1));
    }
}
