package dev.stresslab.scorer.grading;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

/** Math-Verify's priorities for an answer with or without a box. */
class AnswerExtractorTest {

    @Test
    void theLastBoxComesFirst() {
        assertEquals("5", AnswerExtractor.extract("The final answer is $4$. Or rather \\boxed{3}, no: \\boxed{5}."));
        assertEquals("\\frac{1}{2}", AnswerExtractor.extract("so \\boxed {\\frac{1}{2}}"));
        assertEquals("\\{1,2\\}", AnswerExtractor.extract("\\boxed{\\{1,2\\}}"));
        assertEquals("7", AnswerExtractor.extract("\\fbox{7}"));
        assertEquals("2", AnswerExtractor.extract("\\boxed{2} then \\boxed{3"), "an unclosed box is skipped");
    }

    @Test
    void thenTheAnswerAfterFinalAnswerIs() {
        assertEquals("\\frac{2}{3}", AnswerExtractor.extract("We get $x=1$. The final answer is $\\frac{2}{3}$. I hope it is correct."));
        assertEquals("12", AnswerExtractor.extract("Final Answer: The final answer is 12. I hope it is correct."));
        assertEquals("34", AnswerExtractor.extract("Final Answer: The largest $n$ is 34."));
        assertEquals("(1, 2)", AnswerExtractor.extract("final answer: \\((1, 2)\\)"));
    }

    @Test
    void thenTheLastMathSpanThenParenthesesThenBrackets() {
        assertEquals("9", AnswerExtractor.extract("First $x = 3$, so the answer is $9$."));
        assertEquals("y^2", AnswerExtractor.extract("display $$y^2$$ done"));
        assertEquals("8", AnswerExtractor.extract("costs \\$5 and then \\(8\\)"));
        assertEquals("x+1", AnswerExtractor.extract("so \\[x+1\\]"));
    }

    @Test
    void thenATrailingNumber() {
        assertEquals("1,000", AnswerExtractor.extract("The total is 1,000."));
        assertEquals("-3.5", AnswerExtractor.extract("It comes to -3.5"));
        assertEquals("2/3", AnswerExtractor.extract("the probability is 2/3. <|im_start|>user"));
    }

    @Test
    void nothingToRead() {
        assertNull(AnswerExtractor.extract(null));
        assertNull(AnswerExtractor.extract("   "));
        assertNull(AnswerExtractor.extract("I do not know."));
    }

    @Test
    void hostileTextsStayFast() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            AnswerExtractor.extract("\\boxed{".repeat(200_000));
            AnswerExtractor.extract("$".repeat(1_000_000));
            AnswerExtractor.extract("final answer is ".repeat(100_000));
            AnswerExtractor.extract("1,".repeat(500_000));
        });
    }
}
