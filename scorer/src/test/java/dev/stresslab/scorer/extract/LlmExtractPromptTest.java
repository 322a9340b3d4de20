package dev.stresslab.scorer.extract;

import dev.stresslab.contracts.text.RestChoicePrompt;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmExtractPromptTest {
    /** REST's config file as fetched (opendatalab/REST@12c6bf31f243854d23c544e6916b86e425b2a78a), committed unchanged. */
    static final String REST_CONFIG = "/rest/stress_test_gpqa_llmextract_gen.py";

    @Test
    void theTemplateIsRestsPromptByteForByte() throws IOException {
        String source;
        try (InputStream in = getClass().getResourceAsStream(REST_CONFIG)) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String open = "PROMPT_TEMPLATE=\"\"\"";
        int start = source.indexOf(open) + open.length();
        int end = source.indexOf("\"\"\".strip()", start);
        assertTrue(start > open.length() && end > start, "PROMPT_TEMPLATE literal not found");
        byte[] expected = pythonStrip(pythonLiteral(source.substring(start, end))).getBytes(StandardCharsets.UTF_8);
        byte[] ours = LlmExtractPrompt.template().getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, ours.length);
        assertArrayEquals(expected, ours);
    }

    @Test
    void itIsFilledAsOpenCompassSafeFormatFillsIt() {
        String filled = LlmExtractPrompt.build("Q1: a {prediction}?\n\n", "ANSWER: \\boxed{B}");
        // question first, then prediction (a placeholder inside the question is filled too, as safe_format does)
        assertTrue(filled.endsWith("<Questions Begin>: \nQ1: a ANSWER: \\boxed{B}?\n\n\n<Questions End>\n\n\n"
                + "<Predictions Begin>: \nANSWER: \\boxed{B}\n<Predictions End>\n\n\n\n"
                + "Extract the final answers from the given predictions."), filled);
        // the few-shot example's doubled braces stay doubled, as REST's extractor saw them
        assertTrue(filled.contains("Answer to Q1: \\boxed{{B}}\nAnswer to Q2: \\boxed{{A}}"));
        assertTrue(filled.contains("\\boxed{{None}}"));
    }

    @Test
    void theQuestionsBlockIsTheStressPromptWithoutItsInstructions() {
        String block = "Q1: a?\n\nA) 1\nB) 2\n\nQ2: b?\n\n";
        String user = RestChoicePrompt.message(block);
        assertEquals(block, LlmExtractPrompt.questionsBlock(user));
        assertEquals("free text", LlmExtractPrompt.questionsBlock("free text"));
    }

    /** A Python non-raw string literal's value; only the escapes the file uses are accepted. */
    static String pythonLiteral(String literal) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char n = literal.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                case '\'' -> out.append('\'');
                default -> throw new IllegalArgumentException("escape \\" + n + " not handled at " + i);
            }
        }
        return out.toString();
    }

    /** Python's str.strip() for the characters this text can hold. */
    static String pythonStrip(String s) {
        char[] ws = {' ', '\n', '\t', '\r'};
        int a = 0;
        int b = s.length();
        while (a < b && contains(ws, s.charAt(a))) {
            a++;
        }
        while (b > a && contains(ws, s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean contains(char[] set, char c) {
        for (char x : set) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    @Test
    void restsSettingsAreKept() {
        assertEquals(0.001, LlmExtractPrompt.TEMPERATURE);
        assertEquals(128, LlmExtractPrompt.MAX_TOKENS);
        assertTrue(Arrays.asList(LlmExtractPrompt.template().split("\n")).contains("<Predictions Begin>: "));
    }
}
